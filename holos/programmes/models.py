"""Programmes across organisations: members, participating organisations, indicator definitions, templates.

A programme (a donor programme, an oblast administration, a ministry's network of centres)
sees only what a participating organisation shares with it: the plans it chose, their
progress, indicators, check summaries and survey aggregates. Contacts, evidence files,
inbox messages and internal notes never leave the organisation; the reads that a
programme's pages make are in ``holos.programmes.sharing`` and nowhere else.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProgrammeRole(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    ANALYST = "analyst", _("analyst")
    VIEWER = "viewer", _("viewer")


class ProgrammeQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(members__user=user)


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class ProgrammeMember(models.Model):
    """A person of the programme's own team: coordinators run it, analysts read and export, viewers read."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_memberships")
    role = models.CharField(_("role"), max_length=16, choices=ProgrammeRole.choices, default=ProgrammeRole.VIEWER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="one_programme_membership")]
        ordering = ["programme__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.programme} ({self.role})"

    @property
    def is_coordinator(self) -> bool:
        return self.role == ProgrammeRole.COORDINATOR

    @property
    def can_analyse(self) -> bool:
        """Export the figures and define the programme's indicators."""
        return self.role in (ProgrammeRole.COORDINATOR, ProgrammeRole.ANALYST)


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    ACTIVE = "active", _("taking part")
    DECLINED = "declined", _("declined")
    LEFT = "left", _("left")


class ParticipationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ParticipationStatus.ACTIVE)


class Participation(models.Model):
    """An organisation in a programme: invited by the programme, accepted (or declined) by its administrator.

    ``plans`` are the plans the organisation shares; the programme sees nothing else of it,
    and nothing at all once the organisation has left.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE,
                                     related_name="participations")
    status = models.CharField(_("status"), max_length=12, choices=ParticipationStatus.choices,
                              default=ParticipationStatus.INVITED)
    plans = models.ManyToManyField("plans.Plan", blank=True, related_name="participations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "organization"], name="one_participation")]
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return f"{self.organization_id} in {self.programme_id} ({self.status})"


class Aggregate(models.TextChoices):
    SUM = "sum", _("summed")
    AVERAGE = "average", _("averaged")


class IndicatorDefinition(models.Model):
    """An indicator the programme counts across organisations, e.g. "people reached by the hotline".

    An organisation's indicator that names this definition is added into the programme's
    figure: summed (people, events) or averaged (a percentage of satisfied residents).
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicator_definitions")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit of measure"), max_length=100, blank=True)
    aggregate = models.CharField(_("across organisations"), max_length=8, choices=Aggregate.choices,
                                 default=Aggregate.SUM)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="unique_definition_name")]
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")

    def __str__(self) -> str:
        return self.name


class PlanTemplate(models.Model):
    """A plan the programme offers its organisations to start from, as a ``holos.plan/1`` plan.

    Goals, tasks, typical activities and indicators; an indicator may name one of the
    programme's definitions (``definition``: its id) so that plans started from the
    template feed the programme's figures. Organisations see a template once it is published.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="templates")
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    document = models.JSONField(_("plan"), default=dict)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")

    def __str__(self) -> str:
        return self.title
