"""Users, organisations and memberships with roles."""

import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. A user may belong to several organisations."""

    language = models.CharField(_("language"), max_length=8, blank=True, default="")
    email_reminders = models.BooleanField(
        _("email reminders"), default=True, help_text=_("Reminders of work due and a daily list of overdue work.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    EDITOR = "editor", _("editor")
    EXECUTOR = "executor", _("executor")
    VIEWER = "viewer", _("viewer")


# The roles that write plans (and do everything an editor does).
EDITING_ROLES = frozenset({Role.ADMIN, Role.EDITOR})


DEFAULT_TIME_ZONE = "Europe/Kyiv"


def zone_named(name: str) -> ZoneInfo:
    """The time zone of that name; an unknown name reads as Kyiv."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


class Organization(models.Model):
    """A territorial community, a service centre, a council or a project team."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=60, default=DEFAULT_TIME_ZONE)
    # How the plan checks run here: thresholds, checks turned off, and the table of which
    # channels reach whom ("fit"). Empty means the method's defaults.
    check_settings = models.JSONField(_("check settings"), default=dict, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before work is due"), default=3
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.time_zone)

    def local_time(self, now: datetime | None = None) -> datetime:
        """The organisation's wall-clock time."""
        return (now or timezone.now()).astimezone(self.zone)

    def today(self, now: datetime | None = None) -> date:
        """Today's date where the organisation is, which is not the server's date near midnight."""
        return self.local_time(now).date()


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_organization")
        ]
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    # Templates ask these; ``holos.accounts.policy`` answers every other question from the same roles.
    @property
    def can_edit_plans(self) -> bool:
        return self.role in EDITING_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    # Set by the members page: the units the person belongs to.
    unit_names: list[str]


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        cutoff = timezone.now() - timedelta(days=settings.HOLOS_INVITATION_DAYS)
        return self.filter(accepted_at__isnull=True, created_at__gte=cutoff)


class Invitation(models.Model):
    """An email invitation to join an organisation with a role."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email
