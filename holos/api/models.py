"""Personal access tokens: how a program speaks to the API for a person.

A token acts for its owner in one organisation, never beyond what the owner's role there
allows: a read-write token of a viewer still only reads. Or it acts for its owner in one
programme, and then reads only what the programme sees of its organisations. A token names
exactly one of the two (a check of the database says so). Only a digest of the secret is
stored; the secret is shown once, when the token is made.
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
        """The token this secret belongs to, with its owner and organisation or programme, if it still works."""
        if not secret.startswith(PREFIX) or len(secret) > 100:
            return None
        return (self.active().select_related("user", "organization", "programme")
                .filter(digest=digest(secret)).first())


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organization = models.ForeignKey("accounts.Organization", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="api_tokens")
    programme = models.ForeignKey("programmes.Programme", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="api_tokens")
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
        constraints = [models.CheckConstraint(
            condition=(models.Q(organization__isnull=False, programme__isnull=True)
                       | models.Q(organization__isnull=True, programme__isnull=False)),
            name="token_of_one_organization_or_programme",
        )]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    @property
    def owner_slug(self) -> str:
        """The short name of what the token names: its organisation or its programme."""
        holder = self.organization or self.programme
        return holder.slug if holder is not None else ""

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


def default_expiry(days: int = 90):
    return timezone.now() + timedelta(days=days)
