"""Carrying a plan out: dated occurrences of activities, events, evidence, calendars.

A schedule becomes occurrences (``holos.core.occurrences``); each unit sees what is due,
records what was done with evidence, and subscribes to its calendar.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """A dated event of the organisation that relative schedules hang on."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("name"), max_length=200)
    normalized = models.CharField(max_length=200, editable=False, db_index=True)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_event_name")]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = " ".join(self.name.casefold().split())
        super().save(*args, **kwargs)


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


# Work still to do: planned or in progress.
OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)


class OccurrenceQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today):
        return self.open().filter(due__lt=today)

    def for_units(self, units):
        return self.filter(activity__units__in=units).distinct()


class Occurrence(models.Model):
    """One dated piece of work of an activity: "the hotline in May 2023"."""

    organization_path = "plan__organization"  # how access finds its organisation

    # Imports write thousands of occurrences at once, and each index costs every one of
    # them a write: a plan's and an activity's are found through the indexes below that
    # begin with them, and only done work names who did it. On PostgreSQL the activity
    # and plan are not checked row by row by foreign keys but by triggers, all the rows
    # of a statement at once: the activity is there and in the occurrence's plan
    # (migration work 0006); SQLite keeps its key on the activity.
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="occurrences", db_index=False,
                             db_constraint=False)
    activity = models.ForeignKey("plans.Activity", on_delete=models.CASCADE, related_name="occurrences",
                                 db_index=False, db_constraint=False)
    key = models.CharField(max_length=40)
    due = models.DateField(_("due"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    ongoing = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", db_index=False)
    done_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("what was done"), blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    publications = models.PositiveIntegerField(_("publications"), null=True, blank=True)
    # Kept after its schedule changed because work was recorded on it.
    detached = models.BooleanField(default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "key"], name="one_occurrence_per_key")]
        indexes = [
            models.Index(fields=["plan", "due"]),
            # Open work by when it is due, then by plan: reminders, digests, my work, dashboards.
            models.Index(fields=["status", "due", "plan"], name="work_occurrence_open_work"),
            models.Index(fields=["done_by"], condition=models.Q(done_by__isnull=False), name="work_occurrence_done_by"),
        ]
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.key}"

    @property
    def has_work(self) -> bool:
        return (
            self.status != Status.PLANNED
            or bool(self.note)
            or any(v is not None for v in (self.people_reached, self.participants, self.publications))
        )


class OccurrenceTally(models.Model):
    """How many occurrences of a plan are due on a day in each status, kept by the database itself.

    Triggers on ``work_occurrence`` (migration ``0002``) add and subtract as rows are
    inserted, changed or deleted, whatever writes them (bulk inserts, status changes,
    deleted plans), so a programme's dashboard counts a few rows per plan and day instead
    of every occurrence. The link to the plan has no constraint and deletes nothing: the
    tally of a deleted plan goes to zero with its occurrences, and rows at zero are removed.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    due = models.DateField()
    status = models.CharField(max_length=12)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "due", "status"], name="one_tally_per_day")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.due} {self.status} {self.count}"


class OccurrenceMonth(models.Model):
    """How many occurrences of a plan are due in a month, by how they stand, kept by the database itself.

    The same triggers that keep ``OccurrenceTally`` keep these rows (migration ``0003``):
    one per plan and month, the statuses side by side, so a programme's dashboard sums
    twelve rows a plan for a year instead of every day of work. ``open_work`` is planned or in
    progress; whether open work is overdue depends on the day it is read, so the month in
    progress is resolved from the day tally. Rows at zero are removed.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                             related_name="+")
    month = models.DateField()  # the first day of the month the work is due in
    planned = models.BigIntegerField(default=0)  # every occurrence, whatever its status
    done = models.BigIntegerField(default=0)
    skipped = models.BigIntegerField(default=0)
    open_work = models.BigIntegerField(default=0)  # planned or in progress

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "month"], name="one_tally_per_month")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.month:%Y-%m} {self.planned}/{self.done}/{self.skipped}/{self.open_work}"


class Attachment(models.Model):
    """Evidence of work: a link or a file."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="attachments")
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", max_length=300, blank=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name or self.url


class Measurement(models.Model):
    """A value of an indicator on a date, typed in or summed from evidence."""

    indicator = models.ForeignKey("plans.Indicator", on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.date} {self.value}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class FeedScope(models.TextChoices):
    USER = "user", _("my work")
    UNIT = "unit", _("a unit")
    PLAN = "plan", _("a plan")
    ORGANIZATION = "organization", _("the whole organisation")


class CalendarFeed(models.Model):
    """A secret link a calendar app subscribes to; revoking it stops it at once."""

    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    organization = models.ForeignKey("accounts.Organization", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")
    scope = models.CharField(max_length=16, choices=FeedScope.choices)
    unit = models.ForeignKey("plans.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # What the calendar covers, in the words of its rows: the audit log shows it to people.
        covered = self.plan or self.unit or self.organization
        return str(covered) if covered is not None else str(self.owner)


class DailyRun(models.Model):
    """That a daily job ran for a day, so several processes never send it twice."""

    name = models.CharField(max_length=60)
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="one_daily_run")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
