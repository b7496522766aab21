"""Plans that carry out other plans: what each goal of a parent plan is carried by, and how far.

An operational plan names a strategic plan as its parent; its goals (or single tasks)
name the strategic direction they carry out. A parent's goal then shows the work linked
to it, counted in the children's occurrences, and the directions nothing carries stand
out. Every figure is one aggregate query for the whole plan, whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from holos.plans.models import Activity, Goal, Indicator, Plan, normalize_name
from holos.work.models import OPEN_STATUSES, Occurrence, Status


@dataclass
class CarriedBy:
    """The work of a child plan linked to one goal of the parent."""

    plan_id: int
    plan_title: str
    activities: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class GoalRollup:
    goal: Goal
    carried_by: list[CarriedBy] = field(default_factory=list)
    planned: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def activity_count(self) -> int:
        return sum(len(c.activities) for c in self.carried_by)

    @property
    def carried(self) -> bool:
        return self.activity_count > 0

    @property
    def done_percent(self) -> int | None:
        return round(100 * self.done / self.planned) if self.planned else None


def linked_activities(goal_ids: list[int]):
    """Activities of other plans that carry out these goals: through their goal or their task.

    A task linked on its own wins over its goal's link, so each activity counts for one goal.
    """
    return (
        Activity.objects.filter(
            Q(task__parent_goal_id__in=goal_ids)
            | Q(task__parent_goal__isnull=True, task__goal__parent_goal_id__in=goal_ids)
        )
        .annotate(carried_goal=carried_goal())
    )


def carried_goal(path: str = ""):
    """The goal an activity (reached through ``path``) carries out: its task's link, else its goal's."""
    return Coalesce(F(f"{path}task__parent_goal_id"), F(f"{path}task__goal__parent_goal_id"))


def goal_rollups(plan: Plan, today: date) -> list[GoalRollup]:
    """Each goal of the plan with the child plans' activities that carry it and their work, in three queries."""
    goals = list(Goal.objects.filter(plan=plan))
    ids = [g.pk for g in goals]
    rollups = {g.pk: GoalRollup(goal=g) for g in goals}
    rows = (
        linked_activities(ids)
        .order_by("plan_id", "task__goal__position", "task__position", "position", "id")
        .values_list("carried_goal", "plan_id", "plan__title", "id", "title")
    )
    by_goal_plan: dict[tuple[int, int], CarriedBy] = {}
    for goal_id, plan_id, plan_title, activity_id, title in rows:
        key = (goal_id, plan_id)
        if key not in by_goal_plan:
            by_goal_plan[key] = CarriedBy(plan_id=plan_id, plan_title=plan_title)
            rollups[goal_id].carried_by.append(by_goal_plan[key])
        by_goal_plan[key].activities.append((activity_id, title))
    counts = (
        Occurrence.objects.filter(activity__in=linked_activities(ids).values("pk"))
        .annotate(carried_goal=carried_goal("activity__"))
        .values("carried_goal")
        .annotate(planned=Count("id"), done=Count("id", filter=Q(status=Status.DONE)),
                  overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due__lt=today)))
        .order_by()
    )
    for row in counts:
        rollup = rollups[row["carried_goal"]]
        rollup.planned, rollup.done, rollup.overdue = row["planned"], row["done"], row["overdue"]
    return [rollups[g.pk] for g in goals]


def match_directions(parent: Plan, child: Plan) -> dict[int, int]:
    """Goals of ``child`` whose title is a goal's of ``parent``: child goal id → parent goal id."""
    parents: dict[str, int] = {}
    for pk, title in Goal.objects.filter(plan=parent).values_list("pk", "title"):
        parents.setdefault(normalize_name(title), pk)
    matched = {}
    for pk, title in Goal.objects.filter(plan=child).values_list("pk", "title"):
        if normalize_name(title) in parents:
            matched[pk] = parents[normalize_name(title)]
    return matched


def indicators_in_document_order(plan: Plan) -> list[Indicator]:
    """The plan's indicators as a ``holos.plan/1`` document lists them: the plan's, then goal by goal."""
    own = list(Indicator.objects.filter(plan=plan).order_by("position", "id"))
    by_goal: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(goal__plan=plan).order_by("position", "id"):
        assert indicator.goal_id is not None
        by_goal[indicator.goal_id].append(indicator)
    by_activity: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(activity__plan=plan).order_by("position", "id"):
        assert indicator.activity_id is not None
        by_activity[indicator.activity_id].append(indicator)
    activities_by_goal: dict[int, list[int]] = defaultdict(list)
    for activity_id, goal_id in (Activity.objects.filter(plan=plan)
                                 .order_by("task__goal__position", "task__goal_id", "task__position", "task_id",
                                           "position", "id")
                                 .values_list("pk", "task__goal_id")):
        activities_by_goal[goal_id].append(activity_id)
    ordered = own
    for goal_id in Goal.objects.filter(plan=plan).values_list("pk", flat=True):
        ordered.extend(by_goal.get(goal_id, []))
        for activity_id in activities_by_goal.get(goal_id, []):
            ordered.extend(by_activity.get(activity_id, []))
    return ordered


def parent_choices(plan: Plan) -> list[Plan]:
    """Plans of the same organisation this plan may carry out: any but itself and its own descendants."""
    descendants = {plan.pk}
    frontier = [plan.pk]
    while frontier:
        frontier = list(Plan.objects.filter(parent_id__in=frontier).exclude(pk__in=descendants)
                        .values_list("pk", flat=True))
        descendants.update(frontier)
    return list(Plan.objects.filter(organization_id=plan.organization_id).exclude(pk__in=descendants)
                .order_by("title"))

