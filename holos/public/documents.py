"""A published plan as the public may read it: the plan without what is internal."""

from __future__ import annotations

import dataclasses

from holos.core import document as doc
from holos.plans.actions import tree_to_document


def public_document(tree) -> doc.Plan:
    """The plan without what is internal: notes of the plan and of its activities."""
    plan = tree_to_document(tree)
    plan = dataclasses.replace(plan, notes=[])
    for goal in plan.goals:
        for task in goal.tasks:
            task.activities = [dataclasses.replace(a, notes="") for a in task.activities]
    return plan
