"""Reading a whole plan at once, in a fixed number of queries, for its page and exports.

The plan page shows every goal, task and activity with their catalogue names and the
months marked; loading each kind of row in one query and joining them here keeps the
number of queries the same for 10 activities and for 500.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connection

from holos.core.periods import period_columns, quarter_of
from holos.core.schedule import Schedule
from holos.plans.models import Goal, Plan, PlanAudience, Task


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

    def activities(self) -> list[ActivityRow]:
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


class ActivityRow:
    """An activity as the plan's pages, exports and checks read it: its values, not a model instance.

    Building 500 model instances was a third of reading a plan for its page; these rows
    carry the same values (all but the two timestamps) and what ``load_plan_tree`` adds.
    Changes go through ``Activity`` and the actions, never through a row.
    """

    __slots__ = ("pk", "plan_id", "task_id", "title", "result", "resources_needed", "resources_text", "schedule",
                 "notes", "level", "position", "audience_list", "channel_list", "unit_list", "indicator_list",
                 "cells", "schedule_kind", "schedule_text", "marks", "row_html")

    pk: int
    plan_id: int
    task_id: int
    title: str
    result: str
    resources_needed: bool | None
    resources_text: str
    schedule: dict[str, Any]
    notes: str
    level: str
    position: int
    audience_list: list[Entry]
    channel_list: list[Entry]
    unit_list: list[Entry]
    indicator_list: list[IndicatorRow]
    cells: list[bool]
    schedule_kind: str
    schedule_text: str
    # Set by the public plan page (its marked months) and the grid (its rendered row).
    marks: list[tuple[tuple[str, str, str], bool]]
    row_html: str

    @property
    def id(self) -> int:
        return self.pk

    def get_schedule(self) -> Schedule:
        return Schedule.from_dict(self.schedule)

    def __str__(self) -> str:
        return self.title

    def __repr__(self) -> str:
        return f"<ActivityRow {self.pk}: {self.title[:40]!r}>"


def _cells(slots: list[str], columns: list[str], granularity: str) -> list[bool]:
    if granularity == "quarter":
        marked = {quarter_of(s) for s in slots}
    else:
        marked = set(slots)
    return [c in marked for c in columns]


# The catalogue links an activity lists, by the attribute the grid reads them from: (link table, its
# column naming the entry, the catalogue table).
LINKS = {
    "audience_list": ("plans_activityaudience", "audience_id", "plans_audience"),
    "channel_list": ("plans_activitychannel", "channel_id", "plans_channel"),
    "unit_list": ("plans_activityunit", "unit_id", "plans_unit"),
}

# The three bulk reads of a plan are written out rather than built by the ORM for each page:
# compiling them and turning their thousands of rows into instances cost more than running
# them. They are plain SQL that SQLite and PostgreSQL read alike; the values come back as
# the database gives them (booleans as 0/1 on SQLite, JSON as text), and ``_bool`` and
# ``json.loads`` make them what the ORM would.
ACTIVITIES_SQL = (
    'SELECT "id", "plan_id", "task_id", "title", "result", "resources_needed", "resources_text", "schedule", '
    '"notes", "level", "position" FROM "plans_activity" WHERE "plan_id" = %s ORDER BY "position", "id"'
)
# Which of a plan's activities a link or indicator belongs to. PostgreSQL is given the
# activities' ids, already read: joining the activities by plan instead, it plans 500 index
# probes when the tables have not been analysed yet (right after a first import), four times
# slower than one scan of the ids. SQLite joins: its statements take a limited number of values.
IN_PLAN = {
    "postgresql": ('WHERE {alias}."activity_id" = ANY(%s)', lambda plan, ids: ids),
    "sqlite": ('INNER JOIN "plans_activity" a ON a."id" = {alias}."activity_id" WHERE a."plan_id" = %s',
               lambda plan, ids: plan),
}
# (kind, activity, entry, name) of every catalogue link of the plan's activities, in order; ``kind``
# is the index of the link table in ``LINKS``. One statement for the three tables: each is small
# to read, and a statement's fixed cost is most of it.
LINKS_SQL = " UNION ALL ".join(
    f'SELECT {kind}, l."activity_id", l."{entry}", e."name", l."position", l."id" '  # noqa: S608 - names from LINKS
    f'FROM "{table}" l INNER JOIN "{catalogue}" e ON e."id" = l."{entry}" {{in_plan_l}}'
    for kind, (table, entry, catalogue) in enumerate(LINKS.values())
) + " ORDER BY 5, 6"
# (activity, goal, text, target, unit, placeholder, position, id) of every indicator of the plan, in
# order: the activities', the goals' and the plan's own (activity and goal both empty).
INDICATORS_SQL = (
    'SELECT i."activity_id", i."goal_id", i."text", i."target", i."unit", i."placeholder", i."position", i."id" '
    'FROM "plans_indicator" i {in_plan_i} '
    'UNION ALL '
    'SELECT i."activity_id", i."goal_id", i."text", i."target", i."unit", i."placeholder", i."position", i."id" '
    'FROM "plans_indicator" i INNER JOIN "plans_goal" g ON g."id" = i."goal_id" WHERE g."plan_id" = %s '
    'UNION ALL '
    'SELECT i."activity_id", i."goal_id", i."text", i."target", i."unit", i."placeholder", i."position", i."id" '
    'FROM "plans_indicator" i WHERE i."plan_id" = %s ORDER BY 7, 8'
)


def _in_plan(sql: str, plan: Plan, ids: list[int]) -> tuple[str, Any]:
    """``sql`` with its activities narrowed to the plan's, and the value that narrows them."""
    vendor = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    return _narrowed(sql, vendor), IN_PLAN[vendor][1](plan.pk, ids)


@lru_cache(maxsize=8)
def _narrowed(sql: str, vendor: str) -> str:
    """``sql`` with the database's clause narrowing it to a plan, written once per statement and database."""
    clause = IN_PLAN[vendor][0]
    return sql.format(in_plan_l=clause.format(alias="l"), in_plan_i=clause.format(alias="i"))


def _fetch(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def _activity_rows(plan: Plan) -> list[ActivityRow]:
    rows = []
    for pk, plan_id, task_id, title, result, needed, resources, schedule, notes, level, position in _fetch(
            ACTIVITIES_SQL, [plan.pk]):
        row = ActivityRow()
        row.pk, row.plan_id, row.task_id, row.title, row.result = pk, plan_id, task_id, title, result
        row.resources_needed, row.resources_text = _bool(needed), resources
        row.schedule = json.loads(schedule) if isinstance(schedule, (str, bytes)) else schedule
        row.notes, row.level, row.position = notes, level, position
        rows.append(row)
    return rows


def load_plan_tree(plan: Plan) -> PlanTree:
    goals = list(Goal.objects.filter(plan=plan))
    tasks = list(Task.objects.filter(plan=plan))
    activities = _activity_rows(plan)
    by_activity: dict[str, dict[int, list[Any]]] = {attr: defaultdict(list) for attr in (*LINKS, "indicator_list")}
    link_lists = [by_activity[attr] for attr in LINKS]
    ids = [activity.pk for activity in activities]
    links_sql, in_plan = _in_plan(LINKS_SQL, plan, ids)
    for kind, activity_id, entry_id, entry_name, _position, _id in _fetch(links_sql, [in_plan] * len(LINKS)):
        link_lists[kind][activity_id].append(Entry(entry_id, entry_name))
    own: dict[int | None, list[IndicatorRow]] = defaultdict(list)
    indicators_sql, in_plan = _in_plan(INDICATORS_SQL, plan, ids)
    for activity_id, goal_id, text, number, unit, placeholder, _position, _id in _fetch(indicators_sql,
                                                                                         [in_plan, plan.pk, plan.pk]):
        target = by_activity["indicator_list"][activity_id] if activity_id is not None else own[goal_id]
        target.append(IndicatorRow(text, number, unit, bool(placeholder)))

    columns = period_columns(plan.period_start, plan.period_end, plan.granularity)
    activities_by_task: dict[int, list[ActivityRow]] = defaultdict(list)
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

    def keeps(self, activity: ActivityRow, columns: list[str]) -> bool:
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
