"""A plan as open data: CSV, one row per activity, UTF-8 with a byte order mark for Excel.

Columns: goal, key message, task, activity, audiences, channels, responsible, result,
resources, schedule text, schedule kind, slots and indicators (lists joined with "; "), and
the plan's title first when the file holds several plans. Headers come from the labels;
the schedule kind is the ``holos.plan/1`` code ("slots", "recurring"…), as open data should
be.

A spreadsheet opening a CSV runs any cell that begins with "=", "+", "-" or "@" (or a tab
or carriage return) as a formula; such a cell gets an apostrophe in front, so that a plan
cannot carry a formula to whoever opens its export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from holos.core.document import Plan
from holos.exports import Labels, clean_text, labels_for, resources_text

SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """The cell as text a spreadsheet will not run: an apostrophe before a formula's first character."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def export(plans: Sequence[Plan], *, labels: Labels | None = None, organization_name: str = "") -> bytes:
    several = len(plans) > 1
    header_labels = labels_for(plans[0], labels) if plans else Labels.for_language("uk")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(clean_text(cell)) for cell in _header(header_labels, several)])
    for plan in plans:
        plan_labels = labels_for(plan, labels)
        for goal in plan.goals:
            for task in goal.tasks:
                for activity in task.activities:
                    row = [
                        goal.title,
                        goal.key_message,
                        task.title,
                        activity.title,
                        SEPARATOR.join(activity.audiences),
                        SEPARATOR.join(activity.channels),
                        SEPARATOR.join(activity.responsible),
                        activity.result,
                        resources_text(activity, plan_labels),
                        activity.schedule.text,
                        activity.schedule.kind,
                        SEPARATOR.join(activity.schedule.slots),
                        SEPARATOR.join(indicator.text for indicator in activity.indicators),
                    ]
                    if several:
                        row.insert(0, plan.title)
                    writer.writerow([neutralise(clean_text(cell)) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _header(labels: Labels, several: bool) -> list[str]:
    header = [
        labels.goal, labels.key_message, labels.task, labels.activity, labels.audiences, labels.channels,
        labels.responsible, labels.result, labels.resources, labels.schedule, labels.schedule_kind,
        labels.slots, labels.indicators,
    ]
    return [labels.plan, *header] if several else header
