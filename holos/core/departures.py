"""How a plan departs from the template it was started from: what it dropped, added or renamed.

Goals are matched by their place in the template when the plan remembers it (a goal keeps
its template key however it is renamed), otherwise by title; tasks and activities by
title within their goal. Titles are compared as people read them: case, spaces and
punctuation between words do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from holos.core.document import Goal, Plan

_SEPARATORS = re.compile(r"[\s\-_./,;:]+")


def _same(text: str) -> str:
    return _SEPARATORS.sub(" ", text.casefold().replace("’", "'").replace("ʼ", "'")).strip()


@dataclass
class GoalDeparture:
    """One goal of the template as the plan has it (``present`` false: the plan dropped it)."""

    template_title: str
    plan_title: str = ""
    present: bool = True
    missing_tasks: list[str] = field(default_factory=list)
    added_tasks: list[str] = field(default_factory=list)
    missing_activities: list[str] = field(default_factory=list)
    added_activities: list[str] = field(default_factory=list)

    @property
    def dropped(self) -> bool:
        return not self.present

    @property
    def renamed(self) -> bool:
        return self.present and _same(self.plan_title) != _same(self.template_title)

    @property
    def changed(self) -> bool:
        return (self.dropped or self.renamed or bool(self.missing_tasks or self.added_tasks
                                                      or self.missing_activities or self.added_activities))


@dataclass
class Departure:
    goals: list[GoalDeparture] = field(default_factory=list)
    added_goals: list[str] = field(default_factory=list)
    template_indicators: int = 0
    plan_indicators: int = 0

    @property
    def changes(self) -> int:
        """How many things differ: goals dropped, renamed or added, tasks and activities dropped or added."""
        count = len(self.added_goals)
        for goal in self.goals:
            count += int(goal.dropped) + int(goal.renamed)
            count += len(goal.missing_tasks) + len(goal.added_tasks)
            count += len(goal.missing_activities) + len(goal.added_activities)
        return count

    @property
    def follows(self) -> bool:
        return self.changes == 0


def _titles(items: list[Any]) -> list[str]:
    return [item.title for item in items]


def _difference(left: list[str], right: list[str]) -> list[str]:
    present = {_same(title) for title in right}
    return [title for title in left if _same(title) not in present]


def _compare_goal(template_goal: Goal, plan_goal: Goal | None) -> GoalDeparture:
    if plan_goal is None:
        return GoalDeparture(template_title=template_goal.title, present=False)
    template_activities = [a.title for t in template_goal.tasks for a in t.activities]
    plan_activities = [a.title for t in plan_goal.tasks for a in t.activities]
    return GoalDeparture(
        template_title=template_goal.title,
        plan_title=plan_goal.title,
        missing_tasks=_difference(_titles(template_goal.tasks), _titles(plan_goal.tasks)),
        added_tasks=_difference(_titles(plan_goal.tasks), _titles(template_goal.tasks)),
        missing_activities=_difference(template_activities, plan_activities),
        added_activities=_difference(plan_activities, template_activities),
    )


def _indicator_count(plan: Plan) -> int:
    return (len(plan.indicators) + sum(len(g.indicators) for g in plan.goals)
            + sum(len(a.indicators) for a in plan.activities()))


def compare(template: Plan, plan: Plan, keys: list[str] | None = None) -> Departure:
    """The departure of ``plan`` from ``template``.

    ``keys`` gives, for each goal of the plan in order, the place ("1", "2"…) of the
    template goal it was started from, or "" for a goal the plan added.
    """
    keys = keys if keys is not None and len(keys) == len(plan.goals) else [""] * len(plan.goals)
    matched: dict[int, Goal] = {}
    unmatched: list[Goal] = []
    for goal, key in zip(plan.goals, keys, strict=True):
        if key.isdigit() and 0 < int(key) <= len(template.goals) and int(key) - 1 not in matched:
            matched[int(key) - 1] = goal
        else:
            unmatched.append(goal)
    by_title = {_same(g.title): i for i, g in enumerate(template.goals)}
    added = []
    for goal in unmatched:
        index = by_title.get(_same(goal.title))
        if index is not None and index not in matched:
            matched[index] = goal
        else:
            added.append(goal.title)
    return Departure(
        goals=[_compare_goal(goal, matched.get(i)) for i, goal in enumerate(template.goals)],
        added_goals=added,
        template_indicators=_indicator_count(template),
        plan_indicators=_indicator_count(plan),
    )
