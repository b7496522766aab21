"""What a person decides in the import preview, applied to the document before it is saved.

The importer guesses which rows are activities; the preview lets a person say otherwise
for each row: keep it as an activity, make it a heading (a new task that the rows after
it belong to), or leave it out. Plans can be left out whole.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from holos.core.document import Plan, PlanDocument, Task, Warning

ROLES = ("activity", "heading", "ignore")


def row_key(plan: int, goal: int, task: int, activity: int) -> str:
    """The stable name of an activity row in the preview: ``p0.g1.t0.a3``."""
    return f"p{plan}.g{goal}.t{task}.a{activity}"


def apply_review(document: PlanDocument, roles: Mapping[str, str], *, skip_plans: Collection[int] = ()) -> PlanDocument:
    """A new document with the row roles and left-out plans applied; the input is not changed.

    The new document shares the activities of the input (neither changes them) and has
    its own plans, goals and task lists: a plan of thousands of rows is not copied whole.
    """
    result = replace(document, plans=[], warnings=list(document.warnings))
    plans: list[Plan] = []
    for p, original in enumerate(document.plans):
        if p in skip_plans:
            result.warnings.append(Warning(where=f"plan {p + 1}", message="Left out in the preview."))
            continue
        plan = replace(original, goals=[replace(goal) for goal in original.goals])
        for g, goal in enumerate(plan.goals):
            tasks: list[Task] = []
            for t, task in enumerate(goal.tasks):
                current = Task(title=task.title)
                tasks.append(current)
                for a, activity in enumerate(task.activities):
                    role = roles.get(row_key(p, g, t, a), "activity")
                    if role == "ignore":
                        result.warnings.append(
                            Warning(
                                where=activity.origin or row_key(p, g, t, a),
                                message=f"Row left out in the preview: {activity.title}",
                            )
                        )
                    elif role == "heading":
                        current = Task(title=activity.title)
                        tasks.append(current)
                    else:
                        current.activities.append(activity)
            goal.tasks = [task for task in tasks if task.activities or task.title]
        plans.append(plan)
    result.plans = plans
    return result
