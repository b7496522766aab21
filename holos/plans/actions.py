"""Every write to plans and catalogues, one function per change.

Each function owns its transaction and its audit row, so that views, the command line
and tests change plans the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from holos.audit.actions import record
from holos.core import document as doc
from holos.core.schedule import Schedule
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
from holos.work.actions import organization_events, sync_occurrences, sync_plan

CATALOGUES: dict[str, type[Audience] | type[Channel] | type[Unit]] = {
    "audiences": Audience,
    "channels": Channel,
    "units": Unit,
}
_LINKS = {
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
    return [getattr(row, field) for row in link.objects.filter(activity=activity).select_related(field)]


# Catalogues


def find_or_create_entries(organization, model, names: Iterable[str]) -> list[Any]:
    """Catalogue entries for the names, matching existing ones by their normalised form."""
    wanted: list[str] = []
    for name in names:
        name = " ".join(str(name).split())
        if name and normalize_name(name) not in [normalize_name(w) for w in wanted]:
            wanted.append(name)
    if not wanted:
        return []
    keys = [normalize_name(n) for n in wanted]
    existing: dict[str, Any] = {}
    for entry in model.objects.filter(organization=organization, normalized__in=keys).order_by("id"):
        existing.setdefault(entry.normalized, entry)
    entries = []
    for name, key in zip(wanted, keys, strict=True):
        entry = existing.get(key)
        if entry is None:
            entry = model.objects.filter(organization=organization, name=name).first()
        if entry is None:
            entry = model(organization=organization, name=name)
            entry.save()
            existing[key] = entry
        entries.append(entry)
    return entries


def _set_links(activity: Activity, model, entries: Sequence[Any]) -> None:
    link, field = _LINKS[model]
    link.objects.filter(activity=activity).delete()
    link.objects.bulk_create(
        [link(activity=activity, position=i, **{field: entry}) for i, entry in enumerate(entries)]
    )


@transaction.atomic
def create_catalogue_entry(*, actor, organization, kind: str, name: str):
    model = CATALOGUES[kind]
    entry = model(organization=organization, name=" ".join(name.split()))
    entry.save()
    record(actor=actor, organization=organization, action="catalogue.create", obj=entry, after={"name": entry.name})
    return entry


@transaction.atomic
def rename_catalogue_entry(*, actor, entry, name: str):
    before = {"name": entry.name}
    entry.name = " ".join(name.split())
    entry.save()
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


@transaction.atomic
def merge_catalogue_entries(*, actor, keep, duplicates: Iterable[Any]):
    """Fold duplicates into ``keep``: every activity that named a duplicate names ``keep``.

    An activity that named both keeps one link, at the earlier position.
    """
    model = type(keep)
    link, field = _LINKS[model]
    duplicates = [d for d in duplicates if d.pk != keep.pk and d.organization_id == keep.organization_id]
    if not duplicates:
        return keep
    dup_ids = [d.pk for d in duplicates]
    rows = link.objects.filter(**{f"{field}_id__in": [keep.pk, *dup_ids]}).order_by("activity_id", "position", "id")
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
        for row in plan_rows:
            if row.plan_id in seen_plans:
                row.delete()
                continue
            seen_plans.add(row.plan_id)
            if row.audience_id != keep.pk:
                row.audience = keep
                row.save(update_fields=["audience"])
    if model is Unit:
        for duplicate in duplicates:
            keep.members.add(*duplicate.members.all())
    names = [d.name for d in duplicates]
    model.objects.filter(pk__in=dup_ids).delete()
    record(
        actor=actor, organization=keep.organization, action="catalogue.merge", obj=keep,
        before={"names": [keep.name, *names]}, after={"name": keep.name},
    )
    return keep


# Plans


def _touch(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())


@transaction.atomic
def create_plan(*, actor, organization, **fields) -> Plan:
    plan = Plan(organization=organization, **{k: v for k, v in fields.items() if k in PLAN_FIELDS})
    plan.save()
    record(actor=actor, organization=organization, action="plan.create", obj=plan, plan_id=plan.pk,
           after=plan_snapshot(plan))
    return plan


@transaction.atomic
def update_plan(*, actor, plan: Plan, **fields) -> Plan:
    before = plan_snapshot(plan)
    for name, value in fields.items():
        if name in PLAN_FIELDS:
            setattr(plan, name, value)
    plan.updated_at = timezone.now()
    plan.save()
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
    goal = Goal.objects.create(plan=plan, title=title, key_message=key_message,
                               position=_next_position(plan.goals.all()))
    _touch(plan)
    record(actor=actor, organization=plan.organization, action="goal.create", obj=goal, plan_id=plan.pk,
           after=goal_snapshot(goal))
    return goal


@transaction.atomic
def update_goal(*, actor, goal: Goal, title: str, key_message: str) -> Goal:
    before = goal_snapshot(goal)
    goal.title, goal.key_message = title, key_message
    goal.save()
    _touch(goal.plan)
    record(actor=actor, organization=goal.plan.organization, action="goal.update", obj=goal,
           plan_id=goal.plan_id, before=before, after=goal_snapshot(goal))
    return goal


@transaction.atomic
def delete_goal(*, actor, goal: Goal) -> None:
    plan = goal.plan
    record(actor=actor, organization=plan.organization, action="goal.delete", obj=goal, plan_id=plan.pk,
           before={**goal_snapshot(goal), "tasks": [t.title for t in goal.tasks.all()]})
    goal.delete()
    _touch(plan)


@transaction.atomic
def create_task(*, actor, goal: Goal, title: str) -> Task:
    task = Task.objects.create(plan=goal.plan, goal=goal, title=title, position=_next_position(goal.tasks.all()))
    _touch(goal.plan)
    record(actor=actor, organization=goal.plan.organization, action="task.create", obj=task,
           plan_id=goal.plan_id, after=task_snapshot(task))
    return task


@transaction.atomic
def update_task(*, actor, task: Task, title: str, goal: Goal | None = None) -> Task:
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
    plan = task.plan
    record(actor=actor, organization=plan.organization, action="task.delete", obj=task, plan_id=plan.pk,
           before={**task_snapshot(task), "activities": [a.title for a in task.activities.all()]})
    task.delete()
    _touch(plan)


def _apply_activity(activity: Activity, data: dict[str, Any], *, events=None) -> None:
    """Write the fields of an activity from form or document data, and date its work."""
    organization = activity.plan.organization
    for name in ("title", "result", "resources_text", "notes"):
        if name in data:
            setattr(activity, name, data[name] or "")
    if "resources_needed" in data:
        activity.resources_needed = data["resources_needed"]
    if "level" in data:
        activity.level = data["level"] or ""
    if "schedule" in data:
        schedule = data["schedule"]
        activity.schedule = schedule.to_dict() if isinstance(schedule, Schedule) else dict(schedule or {})
    activity.updated_at = timezone.now()
    activity.save()
    for key, model in (("audiences", Audience), ("channels", Channel), ("responsible", Unit)):
        if key in data:
            _set_links(activity, model, find_or_create_entries(organization, model, data[key]))
    if "schedule" in data:
        sync_occurrences(activity, events=events)
    if "indicators" in data:
        activity.indicators.all().delete()
        Indicator.objects.bulk_create(
            [
                Indicator(activity=activity, text=i.text, target=i.target, unit=i.unit,
                          placeholder=i.placeholder, position=n)
                for n, i in enumerate(data["indicators"])
            ]
        )


@transaction.atomic
def create_activity(*, actor, task: Task, data: dict[str, Any]) -> Activity:
    activity = Activity(plan=task.plan, task=task, title=data.get("title", ""),
                        position=_next_position(task.activities.all()))
    _apply_activity(activity, data)
    _touch(task.plan)
    record(actor=actor, organization=task.plan.organization, action="activity.create", obj=activity,
           plan_id=task.plan_id, after=activity_snapshot(activity))
    return activity


@transaction.atomic
def update_activity(*, actor, activity: Activity, data: dict[str, Any]) -> Activity:
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
def delete_activity(*, actor, activity: Activity) -> None:
    plan = activity.plan
    record(actor=actor, organization=plan.organization, action="activity.delete", obj=activity,
           plan_id=plan.pk, before=activity_snapshot(activity))
    activity.delete()
    _touch(plan)


@transaction.atomic
def move(*, actor, obj: Goal | Task | Activity, direction: int) -> None:
    """Swap an item with its neighbour above (``-1``) or below (``+1``)."""
    if isinstance(obj, Goal):
        siblings = list(obj.plan.goals.all())
    elif isinstance(obj, Task):
        siblings = list(obj.goal.tasks.all())
    else:
        siblings = list(obj.task.activities.all())
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            type(sibling).objects.filter(pk=sibling.pk).update(position=position)
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
def save_document(*, actor, organization, document: doc.PlanDocument, source: str = "") -> list[Plan]:
    """Save every plan of a document, all or nothing."""
    plans = []
    events = organization_events(organization)
    for plan_data in document.plans:
        plan = Plan(
            organization=organization,
            title=plan_data.title[:500],
            organization_name=plan_data.organization[:300],
            kind=plan_data.kind,
            language=plan_data.language,
            period_start=plan_data.period.start or "",
            period_end=plan_data.period.end or "",
            granularity=plan_data.period.granularity,
            approval=plan_data.approval or "",
            notes=list(plan_data.notes),
        )
        plan.save()
        audiences = find_or_create_entries(organization, Audience, plan_data.audiences)
        PlanAudience.objects.bulk_create(
            [PlanAudience(plan=plan, audience=a, position=i) for i, a in enumerate(audiences)]
        )
        for g, goal_data in enumerate(plan_data.goals):
            goal = Goal.objects.create(plan=plan, title=goal_data.title, key_message=goal_data.key_message, position=g)
            for t, task_data in enumerate(goal_data.tasks):
                task = Task.objects.create(plan=plan, goal=goal, title=task_data.title, position=t)
                for a, activity_data in enumerate(task_data.activities):
                    activity = Activity(plan=plan, task=task, position=a)
                    _apply_activity(activity, activity_fields(activity_data), events=events)
        record(actor=actor, organization=organization, action="plan.import", obj=plan, plan_id=plan.pk,
               after={**plan_snapshot(plan), "source": source, "activities": len(plan_data.activities())})
        plans.append(plan)
    return plans


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
                        indicators=[
                            doc.Indicator(text=i.text, target=doc._number(i.target), unit=i.unit,
                                          placeholder=i.placeholder)
                            for i in a.indicator_list
                        ],
                        notes=a.notes,
                    )
                )
            tasks.append(doc.Task(title=task.title, activities=activities))
        goals.append(doc.Goal(title=goal.title, key_message=goal.key_message, tasks=tasks))
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
    )


@transaction.atomic
def set_published(*, actor, plan: Plan, published: bool) -> Plan:
    """Publish a plan on its public page, or take it down at once."""
    before = {"published_at": plan.published_at.isoformat() if plan.published_at else None}
    plan.published_at = timezone.now() if published else None
    plan.save(update_fields=["published_at"])
    record(actor=actor, organization=plan.organization, action="plan.publish" if published else "plan.unpublish",
           obj=plan, plan_id=plan.pk, before=before,
           after={"published_at": plan.published_at.isoformat() if plan.published_at else None})
    return plan
