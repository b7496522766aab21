"""Every write of carrying a plan out: occurrences, their status and evidence, events, feeds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from holos.accounts.policy import Do, require
from holos.audit.actions import record
from holos.core.occurrences import generate
from holos.core.schedule import Schedule
from holos.work.models import Attachment, CalendarFeed, Event, Measurement, Occurrence, Status

NUMBERS = ("people_reached", "participants", "publications")


def organization_events(organization) -> dict[str, date]:
    return {event.name: event.date for event in Event.objects.filter(organization=organization)}


def schedule_dates(schedule: dict[str, Any], plan, events: dict[str, date]) -> list[Any]:
    """The dated occurrences a stored schedule gives in the plan's period (``holos.core.occurrences``)."""
    return generate(
        Schedule.from_dict(schedule),
        period_start=plan.period_start or None,
        period_end=plan.period_end or None,
        granularity=plan.granularity,
        events=events,
    )


def _dates(activity, events: dict[str, date]) -> list[Any]:
    return schedule_dates(activity.schedule, activity.plan, events)


def _occurrence(activity, item) -> Occurrence:
    return Occurrence(plan=activity.plan, activity=activity, key=item.key, due=item.due, starts=item.starts,
                      ends=item.ends, ongoing=item.ongoing)


OCCURRENCE_COLUMNS = ("plan_id", "activity_id", "key", "due", "starts", "ends", "ongoing")


def occurrence_row(plan_id: int, activity_id: int, item) -> tuple[Any, ...]:
    """An occurrence of a new activity as a row of ``OCCURRENCE_COLUMNS``, to be written in bulk."""
    return (plan_id, activity_id, item.key, item.due, item.starts, item.ends, item.ongoing)


def sync_occurrences(activities: Iterable[Any], *, events: dict[str, date] | None = None) -> dict[str, int]:
    """Make the stored occurrences of the activities match their schedules.

    New dates are added and dates still in a schedule are updated in place (matched by
    their key), so recorded work stays where it was. A date the schedule no longer has is
    deleted, unless work was recorded on it: then it is kept and marked ``detached``.

    However many activities there are, their occurrences are read in one query and
    written in one statement per kind of change, so that a plan of thousands of
    activities is saved as quickly as one of ten. Each activity's ``plan`` should be
    loaded already (``select_related``), and ``events`` given when the activities belong
    to several organisations.
    """
    activities = [a for a in activities if a.pk is not None]
    counts = {"added": 0, "kept": 0, "removed": 0, "detached": 0}
    if not activities:
        return counts
    if events is None:
        events = organization_events(activities[0].plan.organization)
    existing: dict[int, dict[str, Occurrence]] = {a.pk: {} for a in activities}
    for stored in Occurrence.objects.filter(activity_id__in=list(existing)):
        existing[stored.activity_id][stored.key] = stored
    new: list[Occurrence] = []
    changed: list[Occurrence] = []
    gone: list[Occurrence] = []
    for activity in activities:
        wanted = {o.key: o for o in _dates(activity, events)}
        stored_here = existing[activity.pk]
        for key, item in wanted.items():
            stored = stored_here.get(key)
            if stored is None:
                new.append(_occurrence(activity, item))
                continue
            counts["kept"] += 1
            if (stored.due, stored.starts, stored.ends, stored.ongoing, stored.detached) != (
                    item.due, item.starts, item.ends, item.ongoing, False):
                if stored.due != item.due:
                    stored.reminded_at = None  # a new date deserves a new reminder
                stored.due, stored.starts, stored.ends = item.due, item.starts, item.ends
                stored.ongoing, stored.detached = item.ongoing, False
                changed.append(stored)
        gone.extend(o for key, o in stored_here.items() if key not in wanted)
    Occurrence.objects.bulk_create(new)
    if changed:
        Occurrence.objects.bulk_update(changed, ["due", "starts", "ends", "ongoing", "detached", "reminded_at"])
    detach = [o.pk for o in gone if o.has_work]
    remove = [o.pk for o in gone if not o.has_work]
    if detach:
        Occurrence.objects.filter(pk__in=detach).update(detached=True)
    if remove:
        Occurrence.objects.filter(pk__in=remove).delete()
    counts["added"], counts["detached"], counts["removed"] = len(new), len(detach), len(remove)
    return counts


def sync_plan(plan) -> None:
    activities = list(plan.activities.all())
    for activity in activities:
        activity.plan = plan
    sync_occurrences(activities, events=organization_events(plan.organization))


@transaction.atomic
def set_status(*, actor, occurrence: Occurrence, status: str, reason: str = "") -> Occurrence:
    before = {"status": occurrence.status, "skip_reason": occurrence.skip_reason}
    occurrence.status = status
    occurrence.skip_reason = reason if status == Status.SKIPPED else ""
    if status == Status.DONE:
        occurrence.done_by, occurrence.done_at = actor, timezone.now()
    else:
        occurrence.done_by, occurrence.done_at = None, None
    occurrence.updated_at = timezone.now()
    occurrence.save()
    record(actor=actor, organization=occurrence.plan.organization, action="occurrence.status", obj=occurrence,
           plan_id=occurrence.plan_id, before=before,
           after={"status": status, "skip_reason": occurrence.skip_reason})
    return occurrence


@transaction.atomic
def record_work(*, actor, occurrence: Occurrence, note: str, numbers: dict[str, Any]) -> Occurrence:
    before = {"note": occurrence.note, **{n: getattr(occurrence, n) for n in NUMBERS}}
    occurrence.note = note
    for name in NUMBERS:
        if name in numbers:
            setattr(occurrence, name, numbers[name])
    occurrence.updated_at = timezone.now()
    occurrence.save()
    record(actor=actor, organization=occurrence.plan.organization, action="occurrence.work", obj=occurrence,
           plan_id=occurrence.plan_id, before=before,
           after={"note": note, **{n: getattr(occurrence, n) for n in NUMBERS}})
    return occurrence


@transaction.atomic
def save_work_item(*, actor, occurrence: Occurrence, status: str, reason: str, note: str,
                   numbers: dict[str, Any], url: str = "", upload=None) -> Occurrence:
    """Save the work item's one form: what changed of the status, the work and the evidence, together.

    The row is locked while it is compared and changed, so two people saving the same
    item one after the other each change what they saw; only the parts that changed are
    recorded, so saving a note does not touch who marked the work done and when.
    """
    require(actor, Do.REPORT_WORK, occurrence)
    occurrence = Occurrence.objects.select_for_update().select_related("plan__organization").get(pk=occurrence.pk)
    reason = reason.strip() if status == Status.SKIPPED else ""
    if status != occurrence.status or reason != occurrence.skip_reason:
        set_status(actor=actor, occurrence=occurrence, status=status, reason=reason)
    note = note.strip()
    if note != occurrence.note or any(numbers.get(n) != getattr(occurrence, n) for n in NUMBERS):
        record_work(actor=actor, occurrence=occurrence, note=note, numbers={n: numbers.get(n) for n in NUMBERS})
    if url or upload is not None:
        add_attachment(actor=actor, occurrence=occurrence, url=url, upload=upload)
    return occurrence


@transaction.atomic
def add_attachment(*, actor, occurrence: Occurrence, url: str = "", upload=None) -> Attachment:
    attachment = Attachment(occurrence=occurrence, url=url, created_by=actor)
    if upload is not None:
        attachment.name = upload.name[-255:]
        attachment.file.save(upload.name, upload, save=False)
    else:
        attachment.name = url[:255]
    attachment.save()
    record(actor=actor, organization=occurrence.plan.organization, action="occurrence.attach", obj=occurrence,
           plan_id=occurrence.plan_id, after={"url": url, "file": attachment.name})
    return attachment


@transaction.atomic
def delete_attachment(*, actor, attachment: Attachment) -> None:
    occurrence = attachment.occurrence
    require(actor, Do.REPORT_WORK, occurrence)
    record(actor=actor, organization=occurrence.plan.organization, action="occurrence.detach", obj=occurrence,
           plan_id=occurrence.plan_id, before={"url": attachment.url, "file": attachment.name})
    if attachment.file:
        # The stored file goes once the row is gone for good: a rolled-back removal keeps both.
        storage, name = attachment.file.storage, attachment.file.name
        transaction.on_commit(lambda: storage.delete(name))
    attachment.delete()


def _resync_relative(organization) -> None:
    """Activities dated from events follow them when an event is added, moved or removed.

    The checks of every plan read the events, so each plan counts a change.
    """
    from holos.plans.models import Activity, Plan

    Plan.objects.filter(organization=organization).count_change()
    activities = Activity.objects.filter(plan__organization=organization, schedule__kind="relative")
    sync_occurrences(activities.select_related("plan"), events=organization_events(organization))


@transaction.atomic
def save_event(*, actor, organization, event: Event | None, name: str, day: date, description: str = "") -> Event:
    before = None
    if event is None:
        event = Event(organization=organization)
    else:
        before = {"name": event.name, "date": event.date.isoformat(), "description": event.description}
    event.name, event.date, event.description = name, day, description
    event.save()
    _resync_relative(organization)
    record(actor=actor, organization=organization, action="event.save", obj=event, before=before,
           after={"name": name, "date": day.isoformat(), "description": description})
    return event


@transaction.atomic
def delete_event(*, actor, event: Event) -> None:
    organization = event.organization
    record(actor=actor, organization=organization, action="event.delete", obj=event,
           before={"name": event.name, "date": event.date.isoformat()})
    event.delete()
    _resync_relative(organization)


@transaction.atomic
def add_measurement(*, actor, indicator, day: date, value: float, note: str = "") -> Measurement:
    measurement = Measurement.objects.create(indicator=indicator, date=day, value=value, note=note, created_by=actor)
    plan = indicator.owning_plan
    record(actor=actor, organization=plan.organization, action="indicator.measure", obj=indicator,
           plan_id=plan.pk, after={"date": day.isoformat(), "value": value, "note": note})
    return measurement


@transaction.atomic
def set_indicator_source(*, actor, indicator, baseline: float | None, target: float | None, metric: str,
                         activities: Iterable[Any]) -> None:
    indicator = type(indicator).objects.select_for_update().get(pk=indicator.pk)
    plan = indicator.owning_plan
    before = {"baseline": indicator.baseline, "target": indicator.target, "source_metric": indicator.source_metric}
    indicator.baseline = baseline
    if target is not None:
        indicator.target, indicator.placeholder = target, False
    indicator.source_metric = metric if metric in NUMBERS else ""
    indicator.save()
    indicator.source_activities.set([a for a in activities if a.plan_id == plan.pk])
    type(plan).objects.filter(pk=plan.pk).count_change()
    record(actor=actor, organization=plan.organization, action="indicator.update", obj=indicator,
           plan_id=plan.pk, before=before,
           after={"baseline": baseline, "target": indicator.target, "source_metric": indicator.source_metric})


@transaction.atomic
def create_feed(*, actor, scope: str, organization=None, unit=None, plan=None) -> CalendarFeed:
    feed = CalendarFeed.objects.create(owner=actor, scope=scope, organization=organization, unit=unit, plan=plan)
    record(actor=actor, organization=organization, action="feed.create", obj=feed, after={"scope": scope})
    return feed


@transaction.atomic
def revoke_feed(*, actor, feed: CalendarFeed) -> None:
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    record(actor=actor, organization=feed.organization, action="feed.revoke", obj=feed, before={"scope": feed.scope})
