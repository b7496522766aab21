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

