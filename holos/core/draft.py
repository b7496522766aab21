"""A plan being written with the method, step by step: the builder's draft.

The draft keeps what the steps ask for (purpose, period and kind; the audiences with what
each needs to know; goals with key messages and the audiences they address; the
activities taken) in a shape that can be saved after every step and read back. It
becomes a ``holos.plan/1`` plan with ``to_plan``: each goal gets a task per audience,
titled with the audience and what it needs to know, holding the activities aimed at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from holos.core import document as doc
from holos.core.checks import LEVELS
from holos.core.schedule import Schedule

STEPS = 7


def _names(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [" ".join(str(v).split()) for v in values if str(v).strip()]


@dataclass
class DraftAudience:
    name: str
    needs: str = ""

    def task_title(self) -> str:
        return f"{self.name}: {self.needs}" if self.needs else self.name


@dataclass
class DraftActivity:
    title: str
    audiences: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    result: str = ""
    indicator: doc.Indicator | None = None
    schedule: Schedule = field(default_factory=Schedule)
    level: str = ""
    template: str = ""

    def to_activity(self) -> doc.Activity:
        return doc.Activity(title=self.title, audiences=list(self.audiences), channels=list(self.channels),
                            responsible=list(self.responsible), result=self.result, schedule=self.schedule,
                            indicators=[self.indicator] if self.indicator else [])

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "audiences": self.audiences, "channels": self.channels,
            "responsible": self.responsible, "result": self.result,
            "indicator": self.indicator.to_dict() if self.indicator else None,
            "schedule": self.schedule.to_dict(), "level": self.level, "template": self.template,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DraftActivity:
        indicator = data.get("indicator")
        level = str(data.get("level") or "")
        return cls(
            title=str(data.get("title") or ""), audiences=_names(data.get("audiences")),
            channels=_names(data.get("channels")), responsible=_names(data.get("responsible")),
            result=str(data.get("result") or ""),
            indicator=doc.Indicator.from_dict(indicator) if isinstance(indicator, dict) else None,
            schedule=Schedule.from_dict(data.get("schedule")), level=level if level in LEVELS else "",
            template=str(data.get("template") or ""),
        )


@dataclass
class DraftGoal:
    title: str
    key_message: str = ""
    audiences: list[str] = field(default_factory=list)
    activities: list[DraftActivity] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "key_message": self.key_message, "audiences": self.audiences,
                "activities": [a.to_dict() for a in self.activities]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DraftGoal:
        return cls(title=str(data.get("title") or ""), key_message=str(data.get("key_message") or ""),
                   audiences=_names(data.get("audiences")),
                   activities=[DraftActivity.from_dict(a) for a in data.get("activities") or [] if isinstance(a, dict)])


@dataclass
class Draft:
    title: str = ""
    purpose: str = ""
    kind: str = "calendar"
    language: str = "uk"
    start: str = ""
    end: str = ""
    granularity: str = "month"
    audiences: list[DraftAudience] = field(default_factory=list)
    goals: list[DraftGoal] = field(default_factory=list)
    reached: int = 1

    @property
    def period(self) -> doc.Period:
        return doc.Period(start=self.start or None, end=self.end or None, granularity=self.granularity)

    def audience(self, name: str) -> DraftAudience | None:
        return next((a for a in self.audiences if a.name == name), None)

    def goal_audiences(self, goal: DraftGoal) -> list[str]:
        """The audiences a goal addresses: those ticked for it, or every audience of the plan when none is."""
        chosen = [a for a in goal.audiences if self.audience(a) is not None]
        return chosen or [a.name for a in self.audiences]

    def activities(self) -> list[DraftActivity]:
        """Every activity in the order of the plan ``to_plan`` makes."""
        return [activity for _goal, _task, activity in self._placed()]

    def _placed(self) -> list[tuple[int, str, DraftActivity]]:
        placed: list[tuple[int, str, DraftActivity]] = []
        order = [a.name for a in self.audiences]
        for gi, goal in enumerate(self.goals):
            by_task: dict[str, list[DraftActivity]] = {}
            for activity in goal.activities:
                first = activity.audiences[0] if activity.audiences else ""
                by_task.setdefault(first, []).append(activity)
            names = sorted(by_task, key=lambda n: (order.index(n) if n in order else len(order), n))
            for name in names:
                placed.extend((gi, name, activity) for activity in by_task[name])
        return placed

    def to_plan(self, organization: str = "") -> doc.Plan:
        goals = []
        placed = self._placed()
        for gi, goal in enumerate(self.goals):
            tasks: list[doc.Task] = []
            for g, name, activity in placed:
                if g != gi:
                    continue
                audience = self.audience(name)
                title = audience.task_title() if audience else (name or goal.title)
                if not tasks or tasks[-1].title != title:
                    tasks.append(doc.Task(title=title))
                tasks[-1].activities.append(activity.to_activity())
            goals.append(doc.Goal(title=goal.title, key_message=goal.key_message, tasks=tasks))
        return doc.Plan(title=self.title, organization=organization, kind=self.kind, language=self.language,
                        period=self.period, goals=goals, audiences=[a.name for a in self.audiences],
                        notes=[self.purpose] if self.purpose.strip() else [])

    def levels(self) -> list[str | None]:
        return [activity.level or None for activity in self.activities()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "purpose": self.purpose, "kind": self.kind, "language": self.language,
            "start": self.start, "end": self.end, "granularity": self.granularity,
            "audiences": [{"name": a.name, "needs": a.needs} for a in self.audiences],
            "goals": [g.to_dict() for g in self.goals], "reached": self.reached,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Draft:
        if not isinstance(data, dict):
            return cls()
        kind = str(data.get("kind") or "calendar")
        granularity = str(data.get("granularity") or "month")
        return cls(
            title=str(data.get("title") or ""), purpose=str(data.get("purpose") or ""),
            kind=kind if kind in doc.PLAN_KINDS else "calendar", language=str(data.get("language") or "uk"),
            start=str(data.get("start") or ""), end=str(data.get("end") or ""),
            granularity=granularity if granularity in doc.GRANULARITIES else "month",
            audiences=[DraftAudience(name=" ".join(str(a.get("name") or "").split()), needs=str(a.get("needs") or ""))
                       for a in data.get("audiences") or []
                       if isinstance(a, dict) and str(a.get("name") or "").strip()],
            goals=[DraftGoal.from_dict(g) for g in data.get("goals") or [] if isinstance(g, dict)],
            reached=max(1, min(STEPS, int(data.get("reached") or 1))),
        )

    def locate(self, where: str) -> DraftActivity | DraftGoal | None:
        """The draft's row at a place the checks name ("g1" or "g1.t2.a3")."""
        parts = where.split(".")
        try:
            gi = int(parts[0][1:]) - 1
            if len(parts) == 1:
                return self.goals[gi]
            ti, ai = int(parts[1][1:]) - 1, int(parts[2][1:]) - 1
        except (IndexError, ValueError):
            return None
        plan = self.to_plan()
        if not 0 <= gi < len(plan.goals) or not 0 <= ti < len(plan.goals[gi].tasks):
            return None
        index = sum(len(t.activities) for g in plan.goals[:gi] for t in g.tasks)
        index += sum(len(t.activities) for t in plan.goals[gi].tasks[:ti]) + ai
        activities = self.activities()
        return activities[index] if 0 <= index < len(activities) else None
