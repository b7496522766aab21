"""The community profile, the builder's drafts and an organisation's own activity templates.

The profile is built on the catalogues of audiences, channels and units: a group of the
population is an audience with its size, a channel the community has is a channel with
its reach figures, each dated so that it can be updated and its history read.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from holos.plans.models import EngagementLevel


class Measure(models.TextChoices):
    VISITS_MONTH = "visits_month", _("site visits a month")
    FOLLOWERS = "followers", _("followers")
    MEMBERS = "members", _("members")
    SUBSCRIBERS = "subscribers", _("subscribers")
    CIRCULATION = "circulation", _("copies in circulation")
    LISTENERS = "listeners", _("listeners")
    VISITORS_MONTH = "visitors_month", _("visitors a month")
    STANDS = "stands", _("stands")
    OFFICES = "offices", _("offices")
    PEOPLE = "people", _("people")


class CommunityProfile(models.Model):
    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE,
                                        related_name="community_profile")
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_as_of = models.DateField(_("as of"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.organization_id)


class ProfileAudience(models.Model):
    """A group of the population: an audience of the catalogue with its size."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    audience = models.OneToOneField("plans.Audience", on_delete=models.CASCADE, related_name="profile")
    size = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    size_as_of = models.DateField(_("as of"), null=True, blank=True)
    note = models.TextField(_("what to know about them"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["audience__name", "id"]

    def __str__(self) -> str:
        return str(self.audience_id)

    # Set by the profile page: the audience's groups and the channels that reach it.
    groups: list[str]
    reached_by: "list[ProfileChannel]"


class ProfileChannel(models.Model):
    """A channel the community has, counted by ``measure``; its reach is its latest figure."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    channel = models.OneToOneField("plans.Channel", on_delete=models.CASCADE, related_name="profile")
    measure = models.CharField(_("counted as"), max_length=20, choices=Measure.choices, default=Measure.PEOPLE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["channel__name", "id"]

    def __str__(self) -> str:
        return str(self.channel_id)

    # Set by the profile page: the latest figure and the kinds of channel.
    latest: "ReachFigure | None"
    kinds: list[str]


class ReachFigure(models.Model):
    """How many people a channel reached on a date; the newest is its reach."""

    channel = models.ForeignKey(ProfileChannel, on_delete=models.CASCADE, related_name="figures")
    figure = models.PositiveIntegerField(_("reach"))
    as_of = models.DateField(_("as of"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return f"{self.figure} @ {self.as_of}"


class ActivityTemplate(models.Model):
    """An organisation's own activity template, offered by the builder beside the library's."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE,
                                     related_name="activity_templates")
    language = models.CharField(_("language"), max_length=8, default="uk")
    title = models.CharField(_("activity"), max_length=300)
    level = models.CharField(_("level of involvement"), max_length=12, choices=EngagementLevel.choices,
                             default=EngagementLevel.INFORM)
    groups = models.JSONField(_("audience groups it suits"), default=list)
    audience = models.CharField(_("audience"), max_length=300)
    channels = models.JSONField(_("channels"), default=list)
    responsible = models.CharField(_("responsible unit"), max_length=300)
    result = models.TextField(_("planned result"))
    indicator = models.CharField(_("indicator"), max_length=300)
    target = models.FloatField(_("target"))
    unit = models.CharField(_("unit of measure"), max_length=100, blank=True)
    schedule = models.CharField(_("schedule in words"), max_length=300)
    why = models.TextField(_("why it works"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("activity template")

    def __str__(self) -> str:
        return self.title


class DraftQuerySet(models.QuerySet):
    def open(self):
        return self.filter(finished_at__isnull=True)


class PlanDraft(models.Model):
    """A plan being written in the builder; ``data`` is a ``holos.core.draft.Draft``."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="plan_drafts")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts",
                             help_text=_("The plan the draft fills, or the plan it became."))
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return str(self.data.get("title") or self.pk)
