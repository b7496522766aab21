"""Dismissals name the row they are about ("activity-45") instead of its position ("g1.t2.a3").

A position moved to another row when rows were reordered; a row's key does not. Positions
stored before are turned into the keys of the rows that hold them now.
"""

import re

from django.db import migrations

POSITION = re.compile(r"^g(\d+)(?:\.t(\d+)(?:\.a(\d+))?)?$")


def _rows(plan_id, Goal, Task, Activity):
    keys = {}
    goals = Goal.objects.filter(plan_id=plan_id).order_by("position", "id")
    for gi, goal in enumerate(goals, start=1):
        keys[(gi, None, None)] = f"goal-{goal.pk}"
        for ti, task in enumerate(Task.objects.filter(goal=goal).order_by("position", "id"), start=1):
            keys[(gi, ti, None)] = f"task-{task.pk}"
            for ai, activity in enumerate(Activity.objects.filter(task=task).order_by("position", "id"), start=1):
                keys[(gi, ti, ai)] = f"activity-{activity.pk}"
    return keys


def forwards(apps, schema_editor):
    Dismissal = apps.get_model("plans", "Dismissal")
    Goal, Task, Activity = (apps.get_model("plans", name) for name in ("Goal", "Task", "Activity"))
    by_plan = {}
    for dismissal in Dismissal.objects.all():
        match = POSITION.match(dismissal.where)
        if not match:
            continue
        if dismissal.plan_id not in by_plan:
            by_plan[dismissal.plan_id] = _rows(dismissal.plan_id, Goal, Task, Activity)
        place = tuple(int(n) if n else None for n in match.groups())
        key = by_plan[dismissal.plan_id].get(place)
        if key is None or Dismissal.objects.filter(plan_id=dismissal.plan_id, code=dismissal.code, where=key).exists():
            dismissal.delete()
        else:
            dismissal.where = key
            dismissal.save(update_fields=["where"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
