"""Plans and what they are made of.

Goal → tasks → activities, each activity with audiences, channels and responsible
units drawn from the organisation's catalogues, a schedule and indicators. Every write
goes through ``holos.plans.actions``.
"""

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from holos.core.schedule import Schedule

if TYPE_CHECKING:
    from holos.plans.grid import ActivityRow, IndicatorRow

_SEPARATORS = re.compile(r"[\s\-_./,;:]+")


@lru_cache(maxsize=8192)
def normalize_name(name: str) -> str:
    """The form used to spot duplicates: "Вайбер-групи" and "вайбер групи" meet here.

    Kept for the names met lately: an import of thousands of rows names the same few
    audiences, channels and units again and again.
    """
    text = name.casefold().replace("’", "'").replace("ʼ", "'")
    return _SEPARATORS.sub(" ", text).strip()


class CatalogueQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)


class CatalogueEntry(models.Model):
    """An audience, channel or unit, named once per organisation and reused by plans."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=300)
    normalized = models.CharField(max_length=300, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class Audience(CatalogueEntry):
    class Meta(CatalogueEntry.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_audience_name")]


class Channel(CatalogueEntry):
    class Meta(CatalogueEntry.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_channel_name")]


class Unit(CatalogueEntry):
    """A department, office or person responsible for activities."""

    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="units")

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_unit_name")]


class PlanKind(models.TextChoices):
    CALENDAR = "calendar", _("calendar plan")
    THEMATIC = "thematic", _("thematic plan")
    CAMPAIGN = "campaign", _("campaign plan")
    STRATEGIC = "strategic", _("strategic plan")
    OPERATIONAL = "operational", _("operational plan")


class EngagementLevel(models.TextChoices):
    INFORM = "inform", _("inform")
    CONSULT = "consult", _("consult")
    INVOLVE = "involve", _("involve")
    COLLABORATE = "collaborate", _("collaborate")
    EMPOWER = "empower", _("decide together")


class Granularity(models.TextChoices):
    MONTH = "month", _("months")
    QUARTER = "quarter", _("quarters")


class PlanQuerySet(models.QuerySet):
    def count_change(self) -> int:
        """Add one to the revision of these plans, in the caller's transaction (one UPDATE)."""
        return self.update(revision=models.F("revision") + 1, updated_at=timezone.now())


class Plan(models.Model):
    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=500)
    organization_name = models.CharField(
        _("organisation named in the plan"), max_length=300, blank=True,
        help_text=_("As written in the plan document."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices, default=PlanKind.CALENDAR)
    language = models.CharField(_("language of the plan"), max_length=8, default="uk")
    period_start = models.CharField(_("period start"), max_length=7, blank=True, help_text=_("YYYY-MM"))
    period_end = models.CharField(_("period end"), max_length=7, blank=True, help_text=_("YYYY-MM"))
    granularity = models.CharField(
        _("granularity"), max_length=8, choices=Granularity.choices, default=Granularity.MONTH
    )
    approval = models.CharField(_("approval reference"), max_length=300, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    audiences: "models.ManyToManyField[Audience, PlanAudience]" = models.ManyToManyField(
        Audience, through="PlanAudience", blank=True, related_name="+")
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, help_text=_("When set, the plan has a public page.")
    )
    source_import = models.ForeignKey(
        "imports.ImportRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    # The cascade: an operational plan carries out a strategic one (a plan of the same
    # organisation); a plan started from a programme's template keeps it to be compared with.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        verbose_name=_("carries out the plan"),
    )
    template = models.ForeignKey(
        "programmes.PlanTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans",
        verbose_name=_("started from the template"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Counts the changes of the plan and of what its checks read (catalogue names, events,
    # the organisation's check settings, dismissals): every action that makes one adds one
    # in its own transaction, so the plan's check report is kept under this number.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.title


class PlanAudience(models.Model):
    """Stakeholder groups a plan names outside its activities."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE)
    audience = models.ForeignKey(Audience, on_delete=models.CASCADE)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.audience_id)


class Goal(models.Model):
    organization_path = "plan__organization"  # how access finds its organisation

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title = models.TextField(_("goal"))
    key_message = models.TextField(_("key message"), blank=True)
    position = models.PositiveIntegerField(default=0)
    # The goal of the parent plan this goal carries out (a strategic direction).
    parent_goal = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_by_goals",
        verbose_name=_("carries out the goal"),
    )
    # The goal of the programme's template this goal was started from: its position there.
    template_key = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title

    # Set by ``plans.grid.load_plan_tree``, which reads a plan's rows in a few queries.
    task_list: "list[Task]"
    indicator_list: "list[IndicatorRow]"


class Task(models.Model):
    organization_path = "plan__organization"  # how access finds its organisation

    # Checked on PostgreSQL by triggers, as an activity's links are (see ``ActivityAudience``).
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", db_constraint=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="tasks", db_constraint=False)
    title = models.TextField(_("task"))
    position = models.PositiveIntegerField(default=0)
    parent_goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_by_tasks",
        verbose_name=_("carries out the goal"), db_constraint=False,
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    # Set by ``plans.grid``: the task's activities, and those a filter keeps; by the plan
    # page: the rows of those it shows, as HTML.
    activity_list: "list[ActivityRow]"
    visible_activities: "list[ActivityRow]"


class Activity(models.Model):
    organization_path = "plan__organization"  # how access finds its organisation

    # Checked on PostgreSQL by triggers, as its links are (see ``ActivityAudience``).
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities", db_constraint=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="activities", db_constraint=False)
    title = models.TextField(_("activity"))
    result = models.TextField(_("planned result"), blank=True)
    resources_needed = models.BooleanField(_("resources needed"), null=True, blank=True)
    resources_text = models.CharField(_("resources"), max_length=500, blank=True)
    schedule = models.JSONField(_("schedule"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    level = models.CharField(
        _("level of involvement"), max_length=12, choices=EngagementLevel.choices, blank=True,
        help_text=_("Left empty, Holos guesses it from the activity's words."),
    )
    position = models.PositiveIntegerField(default=0)
    audiences: "models.ManyToManyField[Audience, ActivityAudience]" = models.ManyToManyField(
        Audience, through="ActivityAudience", blank=True, related_name="activities")
    channels: "models.ManyToManyField[Channel, ActivityChannel]" = models.ManyToManyField(
        Channel, through="ActivityChannel", blank=True, related_name="activities")
    units: "models.ManyToManyField[Unit, ActivityUnit]" = models.ManyToManyField(
        Unit, through="ActivityUnit", blank=True, related_name="activities")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def get_schedule(self) -> Schedule:
        return Schedule.from_dict(self.schedule)


class ActivityAudience(models.Model):
    # On PostgreSQL triggers check the ids of links (as of tasks, activities and indicators) all the
    # rows of a statement at once (migration 0006), not row by row by foreign keys; SQLite keeps its keys.
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, db_constraint=False)
    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, db_constraint=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.audience_id)


class ActivityChannel(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, db_constraint=False)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, db_constraint=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.channel_id)


class ActivityUnit(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, db_constraint=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, db_constraint=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.unit_id)


class Indicator(models.Model):
    """A measure of an activity, of a goal (a strategic direction's own indicators) or of a whole plan.

    Exactly one of ``activity``, ``goal`` and ``plan`` is set. ``definition`` names the
    programme's indicator this one is counted into across organisations.
    """

    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="indicators", db_constraint=False)
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators",
                             db_constraint=False)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="own_indicators",
                             db_constraint=False)
    definition = models.ForeignKey(
        "programmes.IndicatorDefinition", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicators", verbose_name=_("programme indicator"),
    )
    text = models.TextField(_("indicator"))
    target = models.FloatField(_("target"), null=True, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=100, blank=True)
    placeholder = models.BooleanField(
        _("target left blank"), default=False, help_text=_("The plan leaves the number to fill in later.")
    )
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    # When set, the indicator's value is summed from this number of the evidence recorded
    # on the chosen activities (people reached, participants, publications).
    source_metric = models.CharField(_("summed from"), max_length=20, blank=True)
    source_activities: "models.ManyToManyField[Activity, Any]" = models.ManyToManyField(
        "Activity", blank=True, related_name="fed_indicators")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(activity__isnull=False, goal__isnull=True, plan__isnull=True)
                    | models.Q(activity__isnull=True, goal__isnull=False, plan__isnull=True)
                    | models.Q(activity__isnull=True, goal__isnull=True, plan__isnull=False)
                ),
                name="indicator_of_one_level",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def owning_plan(self) -> Plan:
        """The plan the indicator belongs to, at whichever level it sits."""
        if self.plan is not None:
            return self.plan
        if self.goal is not None:
            return self.goal.plan
        assert self.activity is not None, "an indicator belongs to a plan, a goal or an activity"
        return self.activity.plan


class IndicatorTarget(models.Model):
    """What an indicator should reach by the end of a period: a year, a quarter or a month of the plan."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("period"), max_length=7, help_text=_("YYYY, YYYY-Qn or YYYY-MM"))
    value = models.FloatField(_("target"))

    class Meta:
        ordering = ["period", "id"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_period")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.value}"


class Dismissal(models.Model):
    """A check finding a person looked at and set aside, with the reason."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="dismissals")
    code = models.CharField(max_length=60)
    where = models.CharField(max_length=60)
    reason = models.TextField(_("reason"))
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "code", "where"], name="one_dismissal_per_finding")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} {self.where}"
