"""Reading the corpus of real plan tables and comparing each with what a person reads in it.

``expected.toml`` holds, for each document, what a person counts and reads there: the
number of activities, some titles, one schedule, one responsible; where the document
says so, the audiences it names, one activity's channel, and a task with its count of
activities. ``check`` reads a
document with the importer and lists every difference; ``main`` (``make corpus``)
prints ``corpus: N/M documents read as expected`` and every miss.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from holos.core.document import Activity, PlanDocument
from holos.core.importers import UnreadableSource, read_path

FOLDER = Path(__file__).resolve().parent
TARGET = 0.9


@dataclass
class Outcome:
    file: str
    misses: list[str] = field(default_factory=list)

    @property
    def read_as_expected(self) -> bool:
        return not self.misses


def expectations() -> list[dict[str, Any]]:
    with (FOLDER / "expected.toml").open("rb") as handle:
        return list(tomllib.load(handle)["document"])


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def _find(activities: list[Activity], start: str) -> Activity | None:
    wanted = _flat(start)
    exact = [a for a in activities if _flat(a.title) == wanted]
    if exact:
        return exact[0]
    return next((a for a in activities if _flat(a.title).startswith(wanted)), None)


def _check_schedule(activity: Activity, expected: dict[str, Any]) -> list[str]:
    schedule = activity.schedule
    misses = []
    if "text" in expected and _flat(schedule.text) != _flat(expected["text"]):
        misses.append(f"schedule of “{expected['title']}” keeps “{schedule.text}”, not “{expected['text']}”")
    kind = expected.get("kind")
    if kind == "once":
        same = schedule.kind == "once" or (schedule.kind == "range" and schedule.start == schedule.end)
        if not same or schedule.start != expected.get("start"):
            misses.append(f"schedule of “{expected['title']}” is {schedule.to_dict()}, "
                          f"not once in {expected.get('start')}")
    elif kind is not None:
        got = (schedule.kind, schedule.start, schedule.end)
        wanted = (kind, expected.get("start", schedule.start), expected.get("end", schedule.end))
        if got != wanted:
            misses.append(f"schedule of “{expected['title']}” is {schedule.to_dict()}, not {wanted}")
    return misses


def check(expected: dict[str, Any], document: PlanDocument) -> list[str]:
    """Every way the reading differs from what a person reads in the document."""
    activities = [activity for plan in document.plans for activity in plan.activities()]
    misses = []
    if "activities" in expected and len(activities) != expected["activities"]:
        misses.append(f"{len(activities)} activities, not {expected['activities']}")
    for title in expected.get("titles", []):
        if _find(activities, title) is None:
            misses.append(f"no activity “{title}”")
    if "language" in expected and document.plans and document.plans[0].language != expected["language"]:
        misses.append(f"language {document.plans[0].language}, not {expected['language']}")
    if "schedule" in expected:
        found = _find(activities, expected["schedule"]["title"])
        if found is None:
            misses.append(f"no activity “{expected['schedule']['title']}” to check the schedule of")
        else:
            misses.extend(_check_schedule(found, expected["schedule"]))
    if "responsible" in expected:
        wanted = expected["responsible"]
        found = _find(activities, wanted["title"])
        units = [_flat(unit) for unit in found.responsible] if found else []
        if found is None or not any(_flat(wanted["unit"]) in unit for unit in units):
            misses.append(f"“{wanted['title']}” is not given to “{wanted['unit']}” (read: {units})")
    misses.extend(_check_groups(expected, document, activities))
    return misses


def _check_groups(expected: dict[str, Any], document: PlanDocument, activities: list[Activity]) -> list[str]:
    """The audiences, a channel and a task, where the expectation names them."""
    misses = []
    audiences = {_flat(name) for plan in document.plans for name in plan.audiences}
    for name in expected.get("audiences", []):
        if _flat(name) not in audiences:
            misses.append(f"no audience “{name}”")
    if "channels" in expected:
        wanted = expected["channels"]
        found = _find(activities, wanted["title"])
        channels = [_flat(channel) for channel in found.channels] if found else []
        if _flat(wanted["channel"]) not in channels:
            misses.append(f"“{wanted['title']}” does not go through “{wanted['channel']}” (read: {channels})")
    if "task" in expected:
        wanted = expected["task"]
        tasks = [task for plan in document.plans for goal in plan.goals for task in goal.tasks
                 if _flat(task.title) == _flat(wanted["title"])]
        if not tasks or len(tasks[0].activities) != wanted["activities"]:
            count = len(tasks[0].activities) if tasks else None
            misses.append(f"task “{wanted['title']}” holds {count} activities, not {wanted['activities']}")
    return misses


def read_one(expected: dict[str, Any]) -> Outcome:
    outcome = Outcome(file=expected["file"])
    try:
        document = read_path(FOLDER / expected["file"])
    except UnreadableSource as exc:
        outcome.misses.append(f"cannot be read: {exc}")
        return outcome
    outcome.misses = check(expected, document)
    return outcome


def read_all() -> list[Outcome]:
    return [read_one(expected) for expected in expectations()]


def main() -> int:
    outcomes = read_all()
    good = sum(1 for outcome in outcomes if outcome.read_as_expected)
    print(f"corpus: {good}/{len(outcomes)} documents read as expected")
    for outcome in outcomes:
        for miss in outcome.misses:
            print(f"  {outcome.file}: {miss}")
    return 0 if outcomes and good >= TARGET * len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
