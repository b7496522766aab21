"""Every write to plans and catalogues, one function per change.

Each function owns its transaction and its audit row, so that views, the command line
and tests change plans the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max, Model, QuerySet, Value
from django.utils import timezone

from holos.audit.actions import record
from holos.bulk_insert import insert_rows
from holos.core import document as doc
from holos.core.schedule import Schedule
from holos.locks import lock
from holos.plans.models import (
    Activity,
    ActivityAudience,
    ActivityChannel,
    ActivityUnit,
    Audience,
    Channel,
    Goal,
    Indicator,
    Plan,
    PlanAudience,
    Task,
    Unit,
    normalize_name,
)
from holos.work.actions import (
    OCCURRENCE_COLUMNS,
    occurrence_row,
    organization_events,
    schedule_dates,
    sync_occurrences,
    sync_plan,
)
from holos.work.models import Occurrence

CATALOGUES: dict[str, type[Audience] | type[Channel] | type[Unit]] = {
    "audiences": Audience,
    "channels": Channel,
    "units": Unit,
}
# The keys of form and document data that name catalogue entries, and their catalogue.
LINK_KEYS = (("audiences", Audience), ("channels", Channel), ("responsible", Unit))
_LINK_FIELDS = {ActivityAudience: "audience", ActivityChannel: "channel", ActivityUnit: "unit"}
_LINKS: dict[type[Model], tuple[type[Model], str]] = {
    Audience: (ActivityAudience, "audience"),
    Channel: (ActivityChannel, "channel"),
    Unit: (ActivityUnit, "unit"),
}
PLAN_FIELDS = (
    "title",
    "organization_name",
    "kind",
    "language",
    "period_start",
    "period_end",
    "granularity",
    "approval",
)


# Snapshots: what the audit log keeps of each object before and after a change.


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


def goal_snapshot(goal: Goal) -> dict[str, Any]:
    return {"title": goal.title, "key_message": goal.key_message, "position": goal.position}


def task_snapshot(task: Task) -> dict[str, Any]:
    return {"title": task.title, "goal": task.goal_id, "position": task.position}


def activity_snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "title": activity.title,
        "task": activity.task_id,
        "audiences": [a.name for a in _ordered(activity, Audience)],
        "channels": [c.name for c in _ordered(activity, Channel)],
        "responsible": [u.name for u in _ordered(activity, Unit)],
        "result": activity.result,
        "resources_needed": activity.resources_needed,
        "resources_text": activity.resources_text,
        "schedule": activity.schedule,
        "indicators": [
            {"text": i.text, "target": i.target, "unit": i.unit, "placeholder": i.placeholder}
            for i in activity.indicators.all()
        ],
        "level": activity.level,
        "position": activity.position,
    }


def _ordered(activity: Activity, model: type[Model]) -> list[Any]:
    link, field = _LINKS[model]
    return [getattr(row, field) for row in link._default_manager.filter(activity=activity).select_related(field)]


# Catalogues


def _clean_names(names: Iterable[str]) -> list[tuple[str, str]]:
    """The names of a cell without blanks and repeats, each with its normalised form."""
    wanted: list[tuple[str, str]] = []
    keys: set[str] = set()
    for name in names:
        name = " ".join(str(name).split())
        key = normalize_name(name)
        if name and key not in keys:
            keys.add(key)
            wanted.append((name, key))
    return wanted


def resolve_entries(organization, model, names: Iterable[str], *, create: bool = True) -> dict[str, Any]:
    """The catalogue entry of each name by its normalised form, creating the missing ones.

    Existing entries are matched by their normalised form, then by their exact name; the
    rest are created with the first spelling met. However many names there are, this
    takes two reads and one INSERT, so an import resolves its catalogues once. With
    ``create`` false, the missing entries are made but not saved.
    """
    wanted = _wanted(names)
    if not wanted:
        return {}
    found = _entries_by_key(organization, model, list(wanted))
    if create and len(found) < len(wanted):
        # A name is new: take the organisation's lock and look again, so that two edits
        # naming the same new audience at once make one entry, not two (or an error).
        lock(organization)
        found = _entries_by_key(organization, model, list(wanted))
    return _complete(organization, model, wanted, found, create=create)


def _wanted(names: Iterable[str]) -> dict[str, str]:
    """The first spelling of each normalised name."""
    wanted: dict[str, str] = {}
    for name, key in _clean_names(names):
        wanted.setdefault(key, name)
    return wanted


def _complete(organization, model, wanted: dict[str, str], found: dict[str, Any], *, create: bool) -> dict[str, Any]:
    """``found`` (the entries matched by their normalised names) with the rest of ``wanted``:
    matched by their exact name, or made (and saved when ``create``)."""
    missing = {key: name for key, name in wanted.items() if key not in found}
    if missing:
        by_name: dict[str, Any] = {}
        for entry in model.objects.filter(organization=organization, name__in=list(missing.values())).order_by("id"):
            by_name.setdefault(entry.name, entry)
        created = []
        for key, name in missing.items():
            if name in by_name:
                found[key] = by_name[name]
            else:
                found[key] = model(organization=organization, name=name, normalized=key)
                created.append(found[key])
        if create:
            model.objects.bulk_create(created)
    return found


def find_or_create_entries(organization, model, names: Iterable[str]) -> list[Any]:
    """Catalogue entries for the names, in their order, matching existing ones by their normalised form."""
    names = list(names)
    entries = resolve_entries(organization, model, names)
    return [entries[key] for _name, key in _clean_names(names)]


def _entries_by_key(organization, model, keys: list[str]) -> dict[str, Any]:
    existing: dict[str, Any] = {}
    for entry in model.objects.filter(organization=organization, normalized__in=keys).order_by("id"):
        existing.setdefault(entry.normalized, entry)
    return existing


def _set_links(activity: Activity, model, entries: Sequence[Any]) -> None:
    link, field = _LINKS[model]
    link._default_manager.filter(activity=activity).delete()
    link._default_manager.bulk_create(
        [link(activity=activity, position=i, **{field: entry}) for i, entry in enumerate(entries)]
    )


@transaction.atomic
def create_catalogue_entry(*, actor, organization, kind: str, name: str):
    """A new entry; one of the same name made meanwhile (by a second click) is returned as it is."""
    model = CATALOGUES[kind]
    lock(organization)
    name = " ".join(name.split())
    existing = model.objects.filter(organization=organization, name=name).first()
    if existing is not None:
        return existing
    entry = model(organization=organization, name=name)
    entry.save()
    record(actor=actor, organization=organization, action="catalogue.create", obj=entry, after={"name": entry.name})
    return entry


@transaction.atomic
def rename_catalogue_entry(*, actor, entry, name: str):
    lock(entry.organization)
    lock(entry)
    before = {"name": entry.name}
    entry.name = " ".join(name.split())
    entry.save()
    Plan.objects.filter(organization=entry.organization).count_change()
    record(
        actor=actor, organization=entry.organization, action="catalogue.rename", obj=entry,
        before=before, after={"name": entry.name},
    )
    return entry


@transaction.atomic
def delete_catalogue_entry(*, actor, entry) -> None:
    before = {"name": entry.name, "activities": entry.activities.count()}
    organization = entry.organization
    record(actor=actor, organization=organization, action="catalogue.delete", obj=entry, before=before)
    entry.delete()
    Plan.objects.filter(organization=organization).count_change()


@transaction.atomic
def merge_catalogue_entries(*, actor, keep, duplicates: Iterable[Any]):
    """Fold duplicates into ``keep``: every activity that named a duplicate names ``keep``.

    An activity that named both keeps one link, at the earlier position.
    """
    model = type(keep)
    link, field = _LINKS[model]
    lock(keep.organization)
    lock(keep)
    duplicates = [d for d in duplicates if d.pk != keep.pk and d.organization_id == keep.organization_id]
    if not duplicates:
        return keep
    dup_ids = [d.pk for d in duplicates]
    # Link rows of one of three kinds, read by their shared columns.
    rows: QuerySet[Any] = link._default_manager.filter(**{f"{field}_id__in": [keep.pk, *dup_ids]}).order_by(
        "activity_id", "position", "id")
    seen: set[int] = set()
    for row in rows:
        if row.activity_id in seen:
            row.delete()
            continue
        seen.add(row.activity_id)
        if getattr(row, f"{field}_id") != keep.pk:
            setattr(row, field, keep)
            row.save(update_fields=[field])
    if model is Audience:
        plan_rows = PlanAudience.objects.filter(audience_id__in=[keep.pk, *dup_ids]).order_by("plan_id", "position")
        seen_plans: set[int] = set()
        for plan_row in plan_rows:
            if plan_row.plan_id in seen_plans:
                plan_row.delete()
                continue
            seen_plans.add(plan_row.plan_id)
            if plan_row.audience_id != keep.pk:
                plan_row.audience = keep
                plan_row.save(update_fields=["audience"])
    if model is Unit:
        for duplicate in duplicates:
            keep.members.add(*duplicate.members.all())
    names = [d.name for d in duplicates]
    model.objects.filter(pk__in=dup_ids).delete()
    Plan.objects.filter(organization=keep.organization).count_change()
    record(
        actor=actor, organization=keep.organization, action="catalogue.merge", obj=keep,
        before={"names": [keep.name, *names]}, after={"name": keep.name},
    )
    return keep


# Plans


def _lock_in_plan(obj: Goal | Task | Activity) -> None:
    """Take the lock of the item's plan, then of the item, and read the item as it is now.

    Every change to a plan's goals, tasks and activities takes the plan's lock first, so
    changes to one plan take turns (positions, schedules, links) and never deadlock.
    """
    lock(obj.plan)
    lock(obj)


def _touch(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).count_change()


@transaction.atomic
def create_plan(*, actor, organization, **fields) -> Plan:
    plan = Plan(organization=organization, **{k: v for k, v in fields.items() if k in PLAN_FIELDS})
    plan.save()
    record(actor=actor, organization=organization, action="plan.create", obj=plan, plan_id=plan.pk,
           after=plan_snapshot(plan))
    return plan


@transaction.atomic
def update_plan(*, actor, plan: Plan, **fields) -> Plan:
    lock(plan)
    before = plan_snapshot(plan)
    for name, value in fields.items():
        if name in PLAN_FIELDS:
            setattr(plan, name, value)
    plan.save(update_fields=list(PLAN_FIELDS))
    _touch(plan)
    if any(before[k] != getattr(plan, k) for k in ("period_start", "period_end", "granularity")):
        sync_plan(plan)
    record(actor=actor, organization=plan.organization, action="plan.update", obj=plan, plan_id=plan.pk,
           before=before, after=plan_snapshot(plan))
    return plan


@transaction.atomic
def delete_plan(*, actor, plan: Plan) -> None:
    before = plan_snapshot(plan)
    before["document"] = plan_to_document(plan).to_dict()
    record(actor=actor, organization=plan.organization, action="plan.delete", obj=plan, plan_id=plan.pk,
           before=before)
    plan.delete()


def _next_position(queryset) -> int:
    top = queryset.aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def create_goal(*, actor, plan: Plan, title: str, key_message: str = "") -> Goal:
    lock(plan)
    goal = Goal.objects.create(plan=plan, title=title, key_message=key_message,
                               position=_next_position(plan.goals.all()))
    _touch(plan)
    record(actor=actor, organization=plan.organization, action="goal.create", obj=goal, plan_id=plan.pk,
           after=goal_snapshot(goal))
    return goal


@transaction.atomic
def update_goal(*, actor, goal: Goal, title: str, key_message: str) -> Goal:
    _lock_in_plan(goal)
    before = goal_snapshot(goal)
    goal.title, goal.key_message = title, key_message
    goal.save()
    _touch(goal.plan)
    record(actor=actor, organization=goal.plan.organization, action="goal.update", obj=goal,
           plan_id=goal.plan_id, before=before, after=goal_snapshot(goal))
    return goal


@transaction.atomic
def delete_goal(*, actor, goal: Goal) -> None:
    _lock_in_plan(goal)
    plan = goal.plan
    record(actor=actor, organization=plan.organization, action="goal.delete", obj=goal, plan_id=plan.pk,
           before={**goal_snapshot(goal), "tasks": [t.title for t in goal.tasks.all()]})
    goal.delete()
    _touch(plan)


@transaction.atomic
def create_task(*, actor, goal: Goal, title: str) -> Task:
    _lock_in_plan(goal)
    task = Task.objects.create(plan=goal.plan, goal=goal, title=title, position=_next_position(goal.tasks.all()))
    _touch(goal.plan)
    record(actor=actor, organization=goal.plan.organization, action="task.create", obj=task,
           plan_id=goal.plan_id, after=task_snapshot(task))
    return task


@transaction.atomic
def update_task(*, actor, task: Task, title: str, goal: Goal | None = None) -> Task:
    _lock_in_plan(task)
    before = task_snapshot(task)
    task.title = title
    if goal is not None and goal.pk != task.goal_id and goal.plan_id == task.plan_id:
        task.goal = goal
        task.position = _next_position(goal.tasks.all())
    task.save()
    _touch(task.plan)
    record(actor=actor, organization=task.plan.organization, action="task.update", obj=task,
           plan_id=task.plan_id, before=before, after=task_snapshot(task))
    return task


@transaction.atomic
def delete_task(*, actor, task: Task) -> None:
    _lock_in_plan(task)
    plan = task.plan
    record(actor=actor, organization=plan.organization, action="task.delete", obj=task, plan_id=plan.pk,
           before={**task_snapshot(task), "activities": [a.title for a in task.activities.all()]})
    task.delete()
    _touch(plan)


def _field_values(data: dict[str, Any]) -> dict[str, Any]:
    """The plain fields of an activity that form or document data give, as stored."""
    values: dict[str, Any] = {}
    for name in ("title", "result", "resources_text", "notes", "level"):
        if name in data:
            values[name] = data[name] or ""
    if "resources_needed" in data:
        values["resources_needed"] = data["resources_needed"]
    if "schedule" in data:
        schedule = data["schedule"]
        values["schedule"] = schedule.to_dict() if isinstance(schedule, Schedule) else dict(schedule or {})
    return values


def _set_fields(activity: Activity, data: dict[str, Any]) -> None:
    """Put the plain fields of form or document data on an activity, without saving it."""
    for name, value in _field_values(data).items():
        setattr(activity, name, value)
    activity.updated_at = timezone.now()


def _indicator_rows(activity: Activity, indicators: Iterable[Any]) -> list[Indicator]:
    return [
        Indicator(activity=activity, text=i.text, target=i.target, unit=i.unit, placeholder=i.placeholder, position=n)
        for n, i in enumerate(indicators)
    ]


def _apply_activity(activity: Activity, data: dict[str, Any]) -> None:
    """Write the fields of an activity from form data, and date its work."""
    organization = activity.plan.organization
    _set_fields(activity, data)
    activity.save()
    for key, model in LINK_KEYS:
        if key in data:
            _set_links(activity, model, find_or_create_entries(organization, model, data[key]))
    if "schedule" in data:
        sync_occurrences([activity])
    if "indicators" in data:
        activity.indicators.all().delete()
        Indicator.objects.bulk_create(_indicator_rows(activity, data["indicators"]))


@transaction.atomic
def create_activity(*, actor, task: Task, data: dict[str, Any]) -> Activity:
    _lock_in_plan(task)
    activity = Activity(plan=task.plan, task=task, title=data.get("title", ""),
                        position=_next_position(task.activities.all()))
    _apply_activity(activity, data)
    _touch(task.plan)
    record(actor=actor, organization=task.plan.organization, action="activity.create", obj=activity,
           plan_id=task.plan_id, after=activity_snapshot(activity))
    return activity


@transaction.atomic
def update_activity(*, actor, activity: Activity, data: dict[str, Any]) -> Activity:
    _lock_in_plan(activity)
    before = activity_snapshot(activity)
    task = data.get("task")
    if task is not None and task.pk != activity.task_id and task.plan_id == activity.plan_id:
        activity.task = task
        activity.position = _next_position(task.activities.all())
    _apply_activity(activity, data)
    _touch(activity.plan)
    record(actor=actor, organization=activity.plan.organization, action="activity.update", obj=activity,
           plan_id=activity.plan_id, before=before, after=activity_snapshot(activity))
    return activity


@transaction.atomic
def set_activity_slots(*, actor, activity: Activity, slots: Sequence[str]) -> Activity:
    """Mark the months (or quarters) of an activity, as ticking cells in the grid."""
    marks = " ".join("x" for _ in slots)
    schedule = Schedule(text=marks, kind="slots", slots=list(slots)) if slots else Schedule(text="", kind="unknown")
    return update_activity(actor=actor, activity=activity, data={"schedule": schedule})


@transaction.atomic
def toggle_activity_slot(*, actor, activity: Activity, slot: str, columns: Sequence[str]) -> Activity:
    """Mark one month (or quarter) of an activity, or unmark it if it was marked: a click on a grid cell.

    The schedule is read under the lock, so clicks on several months at once each add their own.
    """
    _lock_in_plan(activity)
    schedule = activity.get_schedule()
    slots = list(schedule.slots) if schedule.kind == "slots" else []
    if slot in slots:
        slots.remove(slot)
    else:
        slots.append(slot)
    slots.sort(key=lambda s: columns.index(s) if s in columns else -1)
    return set_activity_slots(actor=actor, activity=activity, slots=slots)


@transaction.atomic
def delete_activity(*, actor, activity: Activity) -> None:
    _lock_in_plan(activity)
    plan = activity.plan
    record(actor=actor, organization=plan.organization, action="activity.delete", obj=activity,
           plan_id=plan.pk, before=activity_snapshot(activity))
    activity.delete()
    _touch(plan)


@transaction.atomic
def move(*, actor, obj: Goal | Task | Activity, direction: int) -> None:
    """Swap an item with its neighbour above (``-1``) or below (``+1``)."""
    _lock_in_plan(obj)
    siblings: list[Goal] | list[Task] | list[Activity]
    if isinstance(obj, Goal):
        siblings = list(obj.plan.goals.all())
    elif isinstance(obj, Task):
        siblings = list(obj.goal.tasks.all())
    else:
        siblings = list(obj.task.activities.all())
    order: list[Goal | Task | Activity] = list(siblings)
    index = next(i for i, s in enumerate(order) if s.pk == obj.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(order):
        return
    order[index], order[other] = order[other], order[index]
    for position, sibling in enumerate(order):
        if sibling.position != position:
            type(sibling)._default_manager.filter(pk=sibling.pk).update(position=position)
    plan = obj.plan
    _touch(plan)
    record(actor=actor, organization=plan.organization, action=f"{obj._meta.model_name}.move", obj=obj,
           plan_id=plan.pk, before={"position": index}, after={"position": other})


@transaction.atomic
def set_plan_audiences(*, actor, plan: Plan, names: Sequence[str]) -> None:
    """The audiences a plan names beside those of its activities (its stakeholder groups), in order."""
    before = list(PlanAudience.objects.filter(plan=plan).values_list("audience__name", flat=True))
    audiences = find_or_create_entries(plan.organization, Audience, names)
    PlanAudience.objects.filter(plan=plan).delete()
    PlanAudience.objects.bulk_create([PlanAudience(plan=plan, audience=a, position=i) for i, a in enumerate(audiences)])
    _touch(plan)
    record(actor=actor, organization=plan.organization, action="plan.update", obj=plan, plan_id=plan.pk,
           before={"audiences": before}, after={"audiences": [a.name for a in audiences]})


# Plan documents (holos.plan/1)


@transaction.atomic
def save_document(*, actor, organization, document: doc.PlanDocument, source: str = "",
                  source_import=None) -> list[Plan]:
    """Save every plan of a document, all or nothing; ``source_import``: the import it came from, if any.

    A plan of ten thousand activities takes the same statements as one of ten: the
    catalogue names of the whole document are looked up once and every row is built
    before the first write; each kind of row (goals, tasks, activities, each kind of
    link, indicators, occurrences) is written by one bulk INSERT (on PostgreSQL a COPY
    unless they are a handful), split only where the database limits the parameters of a
    statement. The activities' dated work is worked out as it is written, so the database
    stores the first occurrences while the next are made.
    """
    return write_document(actor=actor, organization=organization, document=document, source=source,
                          source_import=source_import)


def write_document(*, actor, organization, document: doc.PlanDocument, source: str = "",
                   source_import=None) -> list[Plan]:
    """``save_document`` in the caller's transaction, without a savepoint of its own.

    For an action that is all or nothing itself (confirming an import) and lets a failure
    end its whole transaction: a savepoint would cost two more round trips to the server.
    """
    events = _document_events(organization, document)
    entries = _lookups(organization, document)
    prepared = [_prepare_plan(organization, plan_data, entries, events) for plan_data in document.plans]
    for rows in prepared:
        rows.plan.source_import = source_import
    for model, lookup in entries.items():
        model.objects.bulk_create(lookup.created)
    plans = []
    for rows in prepared:
        rows.write()
        record(actor=actor, organization=organization, action="plan.import", obj=rows.plan, plan_id=rows.plan.pk,
               after={**plan_snapshot(rows.plan), "source": source, "activities": len(rows.activities)})
        plans.append(rows.plan)
    _link_cascade(plans)
    return plans


@transaction.atomic
def replace_plan(*, actor, plan: Plan, plan_data: doc.Plan, source: str = "") -> Plan:
    """Put a document's plan in the place of the plan's content, keeping the plan (its id, publication, links).

    Its goals, tasks, activities, indicators and their dated work are removed and the
    document's written as an import writes them; the audit log keeps the plan as it was,
    as a document, so nothing is lost for good.
    """
    lock(plan)
    organization = plan.organization
    before = {**plan_snapshot(plan), "document": plan_to_document(plan).to_dict()}
    events = _document_events(organization, doc.PlanDocument(plans=[plan_data]))
    entries = _lookups(organization, doc.PlanDocument(plans=[plan_data]))
    rows = _prepare_plan(organization, plan_data, entries, events, plan=plan)
    for model, lookup in entries.items():
        model.objects.bulk_create(lookup.created)
    plan.goals.all().delete()
    plan.own_indicators.all().delete()
    PlanAudience.objects.filter(plan=plan).delete()
    rows.write()
    _touch(plan)
    plan.refresh_from_db()
    record(actor=actor, organization=organization, action="plan.replace", obj=plan, plan_id=plan.pk,
           before=before, after={**plan_snapshot(plan), "source": source, "activities": len(rows.activities)})
    return plan


def _link_cascade(plans: list[Plan]) -> None:
    """A document holding a strategic plan and the operational plan that carries it out links them.

    The operational plan names the strategic plan as its parent, and each of its goals
    the strategic direction of the same title (as seed documents write them: the same
    six directions in both tables). Nothing is linked where no direction matches.
    """
    from holos.plans.cascade import match_directions

    strategic = [p for p in plans if p.kind == "strategic"]
    if not strategic:
        return
    for plan in plans:
        if plan.kind != "operational":
            continue
        for parent in strategic:
            matched = match_directions(parent, plan)
            if matched:
                Plan.objects.filter(pk=plan.pk).update(parent=parent)
                plan.parent = parent
                goals = [Goal(pk=child, parent_goal_id=goal) for child, goal in matched.items()]
                Goal.objects.bulk_update(goals, ["parent_goal"])
                break


def _document_events(organization, document: doc.PlanDocument) -> dict[str, Any]:
    """The organisation's events, read only when a schedule of the document counts from one.

    Only relative schedules ("two weeks before the forum") are dated from events; a plan
    of months and quarters needs no read of them.
    """
    if any(activity.schedule.kind == "relative" for plan_data in document.plans for activity in plan_data.activities()):
        return organization_events(organization)
    return {}


def _document_names(document: doc.PlanDocument, key: str) -> list[str]:
    """Every name of one catalogue in a document: its activities' and, for audiences, its plans' own."""
    names: list[str] = []
    for plan_data in document.plans:
        if key == "audiences":
            names.extend(plan_data.audiences)
        for activity in plan_data.activities():
            names.extend(getattr(activity, key))
    return names


@dataclass
class _Lookup:
    """The catalogue entries an import names, by normalised name; ``created`` are not saved yet.

    An import names the same few audiences, channels and units on row after row: each
    spelling is cleaned and normalised once (``keys``), not once per activity.
    """

    found: dict[str, Any]
    created: list[Any]
    keys: dict[str, str | None] = field(default_factory=dict)  # a name as written → its normalised form (None: blank)

    def entries(self, names: Iterable[str]) -> list[Any]:
        """The entries of the names, in their order, without blanks and repeats (as ``_clean_names``)."""
        keys = self.keys
        named: list[Any] = []
        seen: set[str] = set()
        for name in names:
            if name in keys:
                key = keys[name]
            else:
                cleaned = _clean_names([name])
                key = keys[name] = cleaned[0][1] if cleaned else None
            if key is not None and key not in seen:
                seen.add(key)
                named.append(self.found[key])
        return named


def _lookups(organization, document: doc.PlanDocument) -> dict[Any, _Lookup]:
    """The catalogue entries a document names, of every catalogue; the new ones made but not saved.

    The three catalogues are read in one statement; a name not found by its normalised
    form is then looked for by its exact name, in its catalogue alone.
    """
    wanted = {model: _wanted(_document_names(document, key)) for key, model in LINK_KEYS}
    found = _catalogue_entries(organization, {model: list(names) for model, names in wanted.items()})
    lookups = {}
    for model, names in wanted.items():
        entries = _complete(organization, model, names, found[model], create=False)
        lookups[model] = _Lookup(found=entries, created=[entry for entry in entries.values() if entry.pk is None])
    return lookups


_ENTRY_FIELDS = ("id", "organization_id", "name", "normalized", "created_at")


def _catalogue_entries(organization, keys: dict[Any, list[str]]) -> dict[Any, dict[str, Any]]:
    """The entries of several catalogues by their normalised names, read by one UNION of their tables.

    As ``_entries_by_key``, the first entry of a normalised name (by id) is the one kept.
    """
    models = list(keys)
    found: dict[Any, dict[str, Any]] = {model: {} for model in models}
    querysets = [model.objects.filter(organization=organization, normalized__in=keys[model])
                 .annotate(catalogue=Value(place)).values_list("catalogue", *_ENTRY_FIELDS).order_by()
                 for place, model in enumerate(models) if keys[model]]
    if not querysets:
        return found
    rows = querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]
    for place, *values in sorted(rows, key=lambda row: (row[0], row[1])):
        model = models[place]
        entry = model.from_db(organization._state.db, _ENTRY_FIELDS, values)
        found[model].setdefault(entry.normalized, entry)
    return found


# The columns an import writes of each kind of row; the rest get their defaults.
GOAL_COLUMNS = ("plan_id", "title", "key_message", "position")
TASK_COLUMNS = ("plan_id", "goal_id", "title", "position")
ACTIVITY_COLUMNS = ("plan_id", "task_id", "position", "title", "result", "resources_needed", "resources_text",
                    "notes", "level", "schedule")
INDICATOR_COLUMNS = ("activity_id", "text", "target", "unit", "placeholder", "position")


@dataclass
class _PlanRows:
    """A plan of a document as rows to write, each kind by one bulk INSERT.

    Rows name their parent by its index among the rows of its kind (a task's goal is the
    goal at ``goal`` in ``goals``); ``write`` puts in the ids the database gives.
    """

    plan: Plan
    plan_audiences: list[Any]
    goals: list[tuple[str, str, int]]
    tasks: list[tuple[int, str, int]]
    activities: list[tuple[int, dict[str, Any]]]
    links: dict[type[Model], list[tuple[int, Any, int]]]
    indicators: list[tuple[int, Any, int]]
    events: dict[str, Any]  # the organisation's events, by name, that schedules count from
    plan_data: doc.Plan

    def write(self) -> None:
        plan = self.plan
        plan.save()
        PlanAudience.objects.bulk_create(
            [PlanAudience(plan=plan, audience=a, position=i) for i, a in enumerate(self.plan_audiences)])
        goal_ids = insert_rows(Goal, GOAL_COLUMNS, [(plan.pk, *goal) for goal in self.goals], returning=True)
        task_ids = insert_rows(Task, TASK_COLUMNS, [(plan.pk, goal_ids[goal], title, position)
                                                    for goal, title, position in self.tasks], returning=True)
        activity_ids = insert_rows(Activity, (*ACTIVITY_COLUMNS, "created_at", "updated_at"), [
            (plan.pk, task_ids[task], *(values[name] for name in ACTIVITY_COLUMNS[2:]), plan.created_at,
             plan.created_at)
            for task, values in self.activities
        ], returning=True)
        # The rows below go to the database as they are made, none of them gathered first.
        for link, rows in self.links.items():
            field = _LINK_FIELDS[link]
            insert_rows(link, ("activity_id", f"{field}_id", "position"),
                        ((activity_ids[activity], entry.pk, position) for activity, entry, position in rows))
        insert_rows(Indicator, INDICATOR_COLUMNS, (
            (activity_ids[activity], i.text, i.target, i.unit, i.placeholder, position)
            for activity, i, position in self.indicators
        ))
        # Each activity's dated work is worked out as it is written, while the database stores the rows before.
        insert_rows(Occurrence, OCCURRENCE_COLUMNS, (
            occurrence_row(plan.pk, activity_ids[activity], item)
            for activity, (_task, values) in enumerate(self.activities)
            for item in schedule_dates(values["schedule"], plan, self.events)
        ))
        # A plan's and its goals' own indicators are few: no bulk statement of their own.
        Indicator.objects.bulk_create(
            [_indicator(i, position, plan=plan) for position, i in enumerate(self.plan_data.indicators)]
            + [_indicator(i, position, goal_id=goal_ids[g])
               for g, goal_data in enumerate(self.plan_data.goals) for position, i in enumerate(goal_data.indicators)]
        )


def _indicator(data: doc.Indicator, position: int, **owner: Any) -> Indicator:
    return Indicator(text=data.text, target=data.target, unit=data.unit, placeholder=data.placeholder,
                     position=position, **owner)


def _prepare_plan(organization, plan_data: doc.Plan, entries: dict[Any, _Lookup], events,
                  plan: Plan | None = None) -> _PlanRows:
    """The rows of a document's plan: a new plan, or ``plan`` given the document's fields."""
    plan = plan or Plan(organization=organization)
    plan.title = plan_data.title[:500]
    plan.organization_name = plan_data.organization[:300]
    plan.kind = plan_data.kind
    plan.language = plan_data.language
    plan.period_start = plan_data.period.start or ""
    plan.period_end = plan_data.period.end or ""
    plan.granularity = plan_data.period.granularity
    plan.approval = plan_data.approval or ""
    plan.notes = list(plan_data.notes)
    rows = _PlanRows(plan=plan, plan_audiences=entries[Audience].entries(plan_data.audiences), goals=[], tasks=[],
                     activities=[], links={link: [] for link, _field in _LINKS.values()}, indicators=[], events=events,
                     plan_data=plan_data)
    for g, goal_data in enumerate(plan_data.goals):
        rows.goals.append((goal_data.title, goal_data.key_message, g))
        for t, task_data in enumerate(goal_data.tasks):
            task = len(rows.tasks)
            rows.tasks.append((g, task_data.title, t))
            for a, activity_data in enumerate(task_data.activities):
                data = activity_fields(activity_data)
                values = _field_values(data)
                activity = len(rows.activities)
                rows.activities.append((task, {"position": a, "level": "", **values}))
                for key, model in LINK_KEYS:
                    link, _field = _LINKS[model]
                    named = entries[model].entries(data[key])
                    rows.links[link].extend((activity, entry, i) for i, entry in enumerate(named))
                rows.indicators.extend((activity, i, n) for n, i in enumerate(data["indicators"]))
    return rows


def activity_fields(activity: doc.Activity) -> dict[str, Any]:
    """The data ``create_activity`` and ``update_activity`` take, from an activity of a plan document."""
    return {
        "title": activity.title,
        "result": activity.result,
        "resources_needed": activity.resources.needed if activity.resources else None,
        "resources_text": activity.resources.text if activity.resources else "",
        "notes": activity.notes,
        "schedule": activity.schedule,
        "audiences": activity.audiences,
        "channels": activity.channels,
        "responsible": activity.responsible,
        "indicators": activity.indicators,
    }


def plan_to_document(plan: Plan) -> doc.Plan:
    """The plan as a ``holos.plan/1`` plan, read with a fixed number of queries."""
    from holos.plans.grid import load_plan_tree

    return tree_to_document(load_plan_tree(plan))


def tree_to_document(tree) -> doc.Plan:
    """The ``holos.plan/1`` form of a plan already loaded by ``load_plan_tree``."""
    plan = tree.plan
    goals = []
    for goal in tree.goals:
        tasks = []
        for task in goal.task_list:
            activities = []
            for a in task.activity_list:
                resources = None
                if a.resources_needed is not None or a.resources_text:
                    resources = doc.Resources(needed=a.resources_needed, text=a.resources_text)
                activities.append(
                    doc.Activity(
                        title=a.title,
                        audiences=[x.name for x in a.audience_list],
                        channels=[x.name for x in a.channel_list],
                        responsible=[x.name for x in a.unit_list],
                        result=a.result,
                        resources=resources,
                        schedule=a.get_schedule(),
                        indicators=_document_indicators(a.indicator_list),
                        notes=a.notes,
                    )
                )
            tasks.append(doc.Task(title=task.title, activities=activities))
        goals.append(doc.Goal(title=goal.title, key_message=goal.key_message, tasks=tasks,
                              indicators=_document_indicators(getattr(goal, "indicator_list", []))))
    return doc.Plan(
        title=plan.title,
        organization=plan.organization_name,
        kind=plan.kind,
        language=plan.language,
        period=doc.Period(start=plan.period_start or None, end=plan.period_end or None,
                          granularity=plan.granularity),
        approval=plan.approval or None,
        goals=goals,
        audiences=list(tree.plan_audiences),
        notes=list(plan.notes or []),
        indicators=_document_indicators(tree.indicator_list),
    )


def _document_indicators(rows) -> list[doc.Indicator]:
    return [doc.Indicator(text=i.text, target=doc._number(i.target), unit=i.unit, placeholder=i.placeholder)
            for i in rows]


@transaction.atomic
def set_published(*, actor, plan: Plan, published: bool) -> Plan:
    """Publish a plan on its public page, or take it down at once."""
    before = {"published_at": plan.published_at.isoformat() if plan.published_at else None}
    plan.published_at = timezone.now() if published else None
    plan.save(update_fields=["published_at"])
    _touch(plan)
    record(actor=actor, organization=plan.organization, action="plan.publish" if published else "plan.unpublish",
           obj=plan, plan_id=plan.pk, before=before,
           after={"published_at": plan.published_at.isoformat() if plan.published_at else None})
    return plan


# The cascade: plans carrying out plans, goals carrying out goals.


class CascadeError(ValueError):
    """A link the cascade refuses: to another organisation's plan, to itself, or round in a circle."""


@transaction.atomic
def set_plan_parent(*, actor, plan: Plan, parent: Plan | None) -> Plan:
    """Name the plan this one carries out (or none). Links of goals and tasks to the old parent's goals go."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if parent is not None:
        from holos.plans.cascade import parent_choices

        if parent.organization_id != plan.organization_id or parent.pk not in {p.pk for p in parent_choices(plan)}:
            raise CascadeError("parent")
    before = {"parent": plan.parent.title if plan.parent is not None else None}
    if plan.parent_id != (parent.pk if parent else None):
        Goal.objects.filter(plan=plan).update(parent_goal=None)
        Task.objects.filter(plan=plan).update(parent_goal=None)
    plan.parent = parent
    plan.save(update_fields=["parent"])
    _touch(plan)
    record(actor=actor, organization=plan.organization, action="plan.parent", obj=plan, plan_id=plan.pk,
           before=before, after={"parent": parent.title if parent else None})
    return plan


def _parent_goal_allowed(plan: Plan, parent_goal: Goal | None) -> None:
    if parent_goal is not None and (plan.parent_id is None or parent_goal.plan_id != plan.parent_id):
        raise CascadeError("goal")


@transaction.atomic
def link_goal(*, actor, goal: Goal, parent_goal: Goal | None) -> Goal:
    """Say which goal of the parent plan this goal carries out (or none)."""
    goal = (Goal.objects.select_for_update(of=("self",)).select_related("plan__organization", "parent_goal")
            .get(pk=goal.pk))
    _parent_goal_allowed(goal.plan, parent_goal)
    before = {"parent_goal": goal.parent_goal.title if goal.parent_goal is not None else None}
    goal.parent_goal = parent_goal
    goal.save(update_fields=["parent_goal"])
    _touch(goal.plan)
    record(actor=actor, organization=goal.plan.organization, action="goal.link", obj=goal, plan_id=goal.plan_id,
           before=before, after={"parent_goal": parent_goal.title if parent_goal else None})
    return goal


@transaction.atomic
def link_task(*, actor, task: Task, parent_goal: Goal | None) -> Task:
    """Say which goal of the parent plan this task carries out, apart from its own goal's link (or none)."""
    task = (Task.objects.select_for_update(of=("self",)).select_related("plan__organization", "parent_goal")
            .get(pk=task.pk))
    _parent_goal_allowed(task.plan, parent_goal)
    before = {"parent_goal": task.parent_goal.title if task.parent_goal is not None else None}
    task.parent_goal = parent_goal
    task.save(update_fields=["parent_goal"])
    _touch(task.plan)
    record(actor=actor, organization=task.plan.organization, action="task.link", obj=task, plan_id=task.plan_id,
           before=before, after={"parent_goal": parent_goal.title if parent_goal else None})
    return task


@transaction.atomic
def add_indicator(*, actor, plan: Plan, goal: Goal | None = None, text: str, target: float | None = None,
                  unit: str = "") -> Indicator:
    """An indicator of a goal, or of the whole plan when no goal is given."""
    if goal is not None and goal.plan_id != plan.pk:
        raise CascadeError("goal")
    owner = {"goal": goal} if goal is not None else {"plan": plan}
    indicator = Indicator.objects.create(text=text, target=target, unit=unit, placeholder=target is None,
                                         position=_next_position(Indicator.objects.filter(**owner)), **owner)
    _touch(plan)
    record(actor=actor, organization=plan.organization, action="indicator.create", obj=indicator, plan_id=plan.pk,
           after={"text": text, "target": target, "unit": unit, "goal": goal.title if goal else None})
    return indicator


@transaction.atomic
def set_indicator_target(*, actor, indicator: Indicator, period: str, value: float | None) -> None:
    """The value an indicator should reach by the end of a period ("2024", "2024-Q1", "2024-03"); None removes it."""
    from holos.plans.models import IndicatorTarget

    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    plan = indicator.owning_plan
    existing = IndicatorTarget.objects.filter(indicator=indicator, period=period).first()
    before = {"period": period, "target": existing.value if existing else None}
    if value is None:
        IndicatorTarget.objects.filter(indicator=indicator, period=period).delete()
    else:
        IndicatorTarget.objects.update_or_create(indicator=indicator, period=period, defaults={"value": value})
    record(actor=actor, organization=plan.organization, action="indicator.target", obj=indicator, plan_id=plan.pk,
           before=before, after={"period": period, "target": value})
