"""Reading a whole plan at once, in a fixed number of queries, for its page and exports.

The plan page shows every goal, task and activity with their catalogue names and the
months marked; loading each kind of row in one query and joining them here keeps the
number of queries the same for 10 activities and for 500.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Q, Value

from holos.core.periods import period_columns, quarter_of
from holos.plans.models import (
    Activity,
    ActivityAudience,
    ActivityChannel,
    ActivityUnit,
    Goal,
    Indicator,
    Plan,
    PlanAudience,
    Task,
)


@dataclass(frozen=True)
class IndicatorRow:
    text: str
    target: float | None
    unit: str
    placeholder: bool


@dataclass
class PlanTree:
    plan: Plan
    goals: list[Goal]
    columns: list[str]
    activity_count: int = 0
    plan_audiences: list[str] = field(default_factory=list)
    # The plan's own indicators, beside its activities' (each goal's are on ``goal.indicator_list``).
    indicator_list: list[IndicatorRow] = field(default_factory=list)

    def activities(self) -> list[Activity]:
        """Every activity in document order: goal by goal, task by task."""
        return [a for g in self.goals for t in g.task_list for a in t.activity_list]

    def used_entries(self, attr: str) -> list[Entry]:
        """The catalogue entries the plan's activities name under ``attr`` ("audience_list"…), by name."""
        found = {entry.pk: entry for activity in self.activities() for entry in getattr(activity, attr)}
        return sorted(found.values(), key=lambda entry: (entry.name.casefold(), entry.pk))


class Entry(NamedTuple):
    """A catalogue name as the grid shows it: lighter than a model instance (a plan names thousands)."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


def _cells(slots: list[str], columns: list[str], granularity: str) -> list[bool]:
    if granularity == "quarter":
        marked = {quarter_of(s) for s in slots}
    else:
        marked = set(slots)
    return [c in marked for c in columns]


# The catalogue links an activity lists, by the attribute the grid reads them from.
LINKS = {
    "audience_list": (ActivityAudience, "audience"),
    "channel_list": (ActivityChannel, "channel"),
    "unit_list": (ActivityUnit, "unit"),
}


def _links(plan: Plan):
    """(kind, activity, entry, name) of every catalogue link of the plan's activities, in order.

    ``kind`` is the index of the link table in ``LINKS``. One statement for the three
    tables: each is small to read, and a statement's fixed cost is most of it.
    """
    parts = [
        link._default_manager.filter(activity__plan=plan).order_by()
        .annotate(kind=Value(kind)).values_list("kind", "activity_id", f"{name}_id", f"{name}__name", "position", "id")
        for kind, (link, name) in enumerate(LINKS.values())
    ]
    return (row[:4] for row in parts[0].union(*parts[1:], all=True).order_by("position", "id"))


def _indicators(plan: Plan):
    """(activity, goal, text, target, unit, placeholder) of every indicator of the plan, in order.

    The activities' indicators, the goals' and the plan's own (activity and goal both
    empty), in one statement.
    """
    fields = ("activity_id", "goal_id", "text", "target", "unit", "placeholder", "position", "id")
    parts = [Indicator.objects.filter(condition).order_by().values_list(*fields)
             for condition in (Q(activity__plan=plan), Q(goal__plan=plan), Q(plan=plan))]
    return (row[:6] for row in parts[0].union(*parts[1:], all=True).order_by("position", "id"))


def load_plan_tree(plan: Plan) -> PlanTree:
    goals = list(Goal.objects.filter(plan=plan))
    tasks = list(Task.objects.filter(plan=plan))
    activities = list(Activity.objects.filter(plan=plan).defer("created_at", "updated_at"))
    by_activity: dict[str, dict[int, list[Any]]] = {attr: defaultdict(list) for attr in (*LINKS, "indicator_list")}
    link_lists = [by_activity[attr] for attr in LINKS]
    for kind, activity_id, entry_id, entry_name in _links(plan):
        link_lists[kind][activity_id].append(Entry(entry_id, entry_name))
    own: dict[int | None, list[IndicatorRow]] = defaultdict(list)
    for activity_id, goal_id, text, number, unit, placeholder in _indicators(plan):
        target = by_activity["indicator_list"][activity_id] if activity_id is not None else own[goal_id]
        target.append(IndicatorRow(text, number, unit, placeholder))

    columns = period_columns(plan.period_start, plan.period_end, plan.granularity)
    activities_by_task: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities:
        for attr, values in by_activity.items():
            setattr(activity, attr, values.get(activity.pk, []))
        schedule = activity.schedule or {}
        activity.cells = _cells(schedule.get("slots") or [], columns, plan.granularity)
        activity.schedule_kind = schedule.get("kind") or "unknown"
        activity.schedule_text = schedule.get("text") or ""
        activities_by_task[activity.task_id].append(activity)
    tasks_by_goal: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        task.activity_list = activities_by_task.get(task.pk, [])
        tasks_by_goal[task.goal_id].append(task)
    for goal in goals:
        goal.task_list = tasks_by_goal.get(goal.pk, [])
        goal.indicator_list = own.get(goal.pk, [])
    plan_audiences = list(
        PlanAudience.objects.filter(plan=plan).order_by("position", "id").values_list("audience__name", flat=True)
    )
    return PlanTree(plan=plan, goals=goals, columns=columns, activity_count=len(activities),
                    plan_audiences=plan_audiences, indicator_list=own.get(None, []))


@dataclass
class GridFilter:
    audience: int | None = None
    channel: int | None = None
    unit: int | None = None
    month: str | None = None
    active: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.active = any(v not in (None, "") for v in (self.audience, self.channel, self.unit, self.month))

    def keeps(self, activity: Activity, columns: list[str]) -> bool:
        if self.audience and self.audience not in [a.pk for a in activity.audience_list]:
            return False
        if self.channel and self.channel not in [c.pk for c in activity.channel_list]:
            return False
        if self.unit and self.unit not in [u.pk for u in activity.unit_list]:
            return False
        if self.month:
            if self.month not in columns:
                return False
            if not activity.cells[columns.index(self.month)]:
                return False
        return True


def apply_filter(tree: PlanTree, grid_filter: GridFilter) -> int:
    """Hide the rows the filter leaves out; return how many activities remain."""
    shown = 0
    for goal in tree.goals:
        for task in goal.task_list:
            task.visible_activities = [a for a in task.activity_list if grid_filter.keeps(a, tree.columns)]
            shown += len(task.visible_activities)
    return shown
