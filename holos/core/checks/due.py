"""When an activity is due, as columns of the plan's grid (months or quarters).

This is the reading the load table and the calendar checks share. It is deliberately
coarse: an activity counts once in each column it is due in, however many times it
happens there (a weekly activity is due in every month, once).
"""

from __future__ import annotations

import re

from holos.core.document import Period
from holos.core.periods import months_between, quarter_of
from holos.core.schedule import Schedule

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def months_of(key: str) -> list[str]:
    """The months a slot key stands for: itself, or the three of a quarter; [] if unreadable."""
    if _MONTH.match(key):
        return [key]
    match = _QUARTER.match(key)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        first = (quarter - 1) * 3 + 1
        return [f"{year:04d}-{month:02d}" for month in range(first, first + 3)]
    return []


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _window(schedule: Schedule, period: Period) -> list[str]:
    """The months a recurring or continuous schedule runs in: its own bounds within the period."""
    start = schedule.start or period.start
    end = schedule.end or period.end
    if period.start and start and start < period.start:
        start = period.start
    if period.end and end and end > period.end:
        end = period.end
    return months_between(start, end)


def _spread(months: list[str], count: int) -> list[str]:
    """``count`` events spread evenly over ``months``, each in the middle of its share."""
    if count >= len(months):
        return months
    return _unique([months[int((i + 0.5) * len(months) / count)] for i in range(count)])


def _first_of_each(months: list[str], every: str) -> list[str]:
    """The first month of each quarter or year the months touch."""
    seen: set[str] = set()
    firsts: list[str] = []
    for month in months:
        bucket = (quarter_of(month) or month) if every == "quarter" else month[:4]
        if bucket not in seen:
            seen.add(bucket)
            firsts.append(month)
    return firsts


def due_months(schedule: Schedule, period: Period) -> list[str]:
    """The months an activity is due in, in order, without repeats.

    slots: the marked months (a quarter slot: its three months); once: its month; range:
    every month in it, or ``count`` events spread evenly; recurring: each month of its
    window (within the plan's period), or the first month of each quarter or year for a
    quarterly or yearly rhythm; continuous: every month of its window; relative, as needed
    and unknown: none, since they have no date of their own.
    """
    kind = schedule.kind
    if schedule.slots and kind in ("slots", "unknown"):
        return _unique([month for slot in schedule.slots for month in months_of(slot)])
    if kind == "once":
        return months_of(schedule.start or "")
    if kind == "range":
        months = months_between(schedule.start, schedule.end or schedule.start)
        if schedule.count and months:
            return _spread(months, schedule.count)
        return months
    if kind == "recurring":
        months = _window(schedule, period)
        if schedule.every in ("quarter", "year"):
            return _first_of_each(months, schedule.every)
        return months
    if kind == "continuous":
        return _window(schedule, period)
    return []


def due_columns(schedule: Schedule, period: Period) -> list[str]:
    """The grid columns an activity is due in: months, or quarters in a quarterly plan."""
    if period.granularity == "quarter":
        quarters = [quarter_of(month) for month in due_months(schedule, period)]
        return _unique([quarter for quarter in quarters if quarter])
    return due_months(schedule, period)


def outside_period(schedule: Schedule, period: Period) -> list[str]:
    """The dates of a slots, once or range schedule that fall outside the plan's period.

    A quarter slot is outside only when none of its months is inside. Recurring and
    continuous schedules are bounded by the period already, and relative ones have no date.
    """
    if not period.start or not period.end:
        return []
    start, end = period.start, period.end

    def outside(key: str) -> bool:
        months = months_of(key)
        return bool(months) and all(month < start or month > end for month in months)

    if schedule.kind in ("slots", "unknown"):
        keys = list(schedule.slots)
    elif schedule.kind == "once":
        keys = [schedule.start or ""]
    elif schedule.kind == "range":
        keys = [key for key in (schedule.start, schedule.end) if key]
    else:
        return []
    return _unique([key for key in keys if outside(key)])
