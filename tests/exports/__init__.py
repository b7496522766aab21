"""Tests of the exports: real readers (python-docx, openpyxl, pdfplumber, LibreOffice, csv) reopen them.

The seed plans are the proof: each is exported and read back, and what was read is
compared with the plan document the seed imports as. ``outline`` is the part compared:
goals, key messages, tasks, activity titles and the months or quarters marked.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from holos.core.document import Plan
from holos.core.importers import read_path

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"
# (seed, plan index): both plans of 000 and of 004.
SEED_PLANS = [("000", 0), ("000", 1), ("001", 0), ("002", 0), ("004", 0), ("004", 1)]
SEED_IDS = [f"{number}-{index}" for number, index in SEED_PLANS]
seed_plans = pytest.mark.parametrize(("number", "index"), SEED_PLANS, ids=SEED_IDS)

Outline = list[tuple[str, str, list[tuple[str, list[tuple[str, tuple[str, ...]]]]]]]


@functools.cache
def seed_plan(number: str, index: int) -> Plan:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return read_path(path).plans[index]


def outline(plan: Plan) -> Outline:
    """Goals (title, key message), their tasks, and each activity's title and marked slots."""
    return [
        (goal.title, goal.key_message, [
            (task.title, [(activity.title, tuple(sorted(activity.schedule.slots))) for activity in task.activities])
            for task in goal.tasks
        ])
        for goal in plan.goals
    ]


def assert_imports_back(plan: Plan, fmt: str, folder: Path) -> None:
    """Export ``plan`` to a file, import the file, and find the same plan: outline, title, period, organisation."""
    from holos.exports import export_plan

    path = folder / f"plan.{fmt}"
    path.write_bytes(export_plan(plan, fmt))
    document = read_path(path)
    assert len(document.plans) == 1
    read = document.plans[0]
    assert outline(read) == outline(plan)
    # A goal's own indicators (a strategic direction's) come back under it.
    assert [[i.text for i in g.indicators] for g in read.goals] == [[i.text for i in g.indicators] for g in plan.goals]
    assert (read.title, read.period, read.organization) == (plan.title, plan.period, plan.organization)
