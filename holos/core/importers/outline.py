"""A plan as it is being read: the goal and task that rows and paragraphs add to.

Tables and the paragraphs between them arrive in order; a goal stated above a table,
a task row inside it and the activities under that row all land in the goal and task that
are current at that moment. Headings that a copy tore away from their rows are kept
aside and given to the goals left without a title when the plan is finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from holos.core.document import Activity, Goal, Plan, Task, Warning, gettext_noop
from holos.core.importers.blocks import Paragraph
from holos.core.importers.vocabulary import AUDIENCE_BLOCK_WORDS
from holos.core.indicators import parse_indicator


@dataclass
class Findings:
    """The warnings of one import, in the order the text was read.

    A warning is an English sentence marked with ``gettext_noop`` so that the web layer can
    translate it, with ``%(name)s`` placeholders filled from keyword arguments. The sentence
    is written literally inside the call, where Django's makemessages can find it::

        findings.warn(row.where, gettext_noop("… “%(text)s”."), text=shorten(cell))
    """

    warnings: list[Warning] = field(default_factory=list)

    def warn(self, where: str, template: str, **params: Any) -> None:
        self.warnings.append(Warning.of(where, template, **params))


def shorten(text: str, limit: int = 80) -> str:
    """A text quoted in a warning: one line, cut short."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def is_audience_heading(title: str) -> bool:
    """A block of the plan that lists groups of people ("ГРУПИ НАСЕЛЕННЯ")."""
    lower = " ".join(title.lower().split())
    return lower.startswith(AUDIENCE_BLOCK_WORDS)


@dataclass
class PlanOutline:
    plan: Plan
    findings: Findings
    where: str = ""
    goal: Goal | None = None
    task: Task | None = None
    audience_block: bool = False
    aim_expected: bool = False
    loose_headings: list[Paragraph] = field(default_factory=list)
    headless_blocks: list[Goal] = field(default_factory=list)
    note_lines: list[str] = field(default_factory=list)
    header_labels: list[str] = field(default_factory=list)
    kind_stated: bool = False
    grid_seen: bool = False

    def start_goal(self, title: str) -> Goal:
        self.close_note()
        self.goal = Goal(title=title)
        self.plan.goals.append(self.goal)
        self.task = None
        self.audience_block = is_audience_heading(title)
        self.aim_expected = False
        return self.goal

    def add_goal_indicators(self, written: str) -> bool:
        """A line of the current goal's own indicators, separated by semicolons; False when no goal is open."""
        if self.goal is None:
            return False
        self.goal.indicators.extend(parse_indicator(entry.strip()) for entry in written.split(";") if entry.strip())
        return True

    def current_goal(self) -> Goal:
        return self.goal if self.goal is not None else self.start_goal("")

    def start_task(self, title: str) -> Task:
        self.close_note()
        goal = self.current_goal()
        self.task = Task(title=title)
        goal.tasks.append(self.task)
        return self.task

    def current_task(self) -> Task:
        return self.task if self.task is not None else self.start_task("")

    def add_activity(self, activity: Activity) -> None:
        self.current_task().activities.append(activity)

    def add_audiences(self, names: list[str]) -> None:
        for name in names:
            if name and name not in self.plan.audiences:
                self.plan.audiences.append(name)

    def add_note(self, text: str) -> None:
        self.close_note()
        if text.strip():
            self.plan.notes.append(text.strip())

    def add_note_line(self, text: str) -> None:
        """Paragraphs that follow each other make one note, as they made one passage."""
        self.note_lines.append(text)

    def close_note(self) -> None:
        lines, self.note_lines = self.note_lines, []
        if lines:
            self.plan.notes.append("\n".join(lines))

    def finish(self) -> Plan:
        """Give torn-away headings to untitled goals, in order; keep the rest as notes."""
        self.close_note()
        untitled = [goal for goal in self.headless_blocks if not goal.title]
        for goal, heading in zip(untitled, self.loose_headings, strict=False):
            goal.title = heading.text
            self.findings.warn(heading.where, gettext_noop(
                "The heading “%(heading)s” stood apart from the table; it was given to a block that lost its heading."
            ), heading=shorten(heading.text))
        for heading in self.loose_headings[len(untitled):]:
            self.add_note(heading.text)
        if any(not goal.title for goal in self.plan.goals):
            self.findings.warn(self.where, gettext_noop(
                "Some activities come under no stated goal; they were put under a goal without a title, to be named."
            ))
        return self.plan
