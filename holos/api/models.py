"""Personal access tokens: how a program speaks to the API for a person.

A token acts for its owner in one organisation, never beyond what the owner's role there
allows: a read-write token of a viewer still only reads. Only a digest of the secret is
stored; the secret is shown once, when the token is made. A programme's token will name a
programme instead of an organisation: one more nullable foreign key beside
``organization``, with a check that exactly one of the two is set.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Every secret starts so, so that a leaked one is recognised by secret scanners and people.
PREFIX = "holos_"


class Scope(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("read and write")


def digest(secret: str) -> str:
    """The stored form of a secret. 32 random bytes need no slow hash: there is nothing to guess."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def by_secret(self, secret: str):
        """The token this secret belongs to, with its owner and organisation, if it still works."""
        if not secret.startswith(PREFIX) or len(secret) > 100:
            return None
        return self.active().select_related("user", "organization").filter(digest=digest(secret)).first()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, to recognise it later."))
    scope = models.CharField(_("access"), max_length=8, choices=Scope.choices, default=Scope.READ)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, shown in lists so a person can tell tokens apart.
    hint = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


def default_expiry(days: int = 90):
    return timezone.now() + timedelta(days=days)
