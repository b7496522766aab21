"""Months and quarters of a plan's period, as the columns of its grid."""

from __future__ import annotations

import re

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def parse_month(value: str | None) -> tuple[int, int] | None:
    """``"2023-05"`` → ``(2023, 5)``; anything else → ``None``."""
    if not value:
        return None
    match = _MONTH.match(value.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None
    return year, month


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_of(value: str) -> str | None:
    """The quarter a month or quarter key belongs to: ``"2023-05"`` → ``"2023-Q2"``."""
    if _QUARTER.match(value):
        return value
    parsed = parse_month(value)
    if parsed is None:
        return None
    year, month = parsed
    return f"{year:04d}-Q{(month - 1) // 3 + 1}"


def months_between(start: str | None, end: str | None, *, limit: int = 120) -> list[str]:
    """Every month from ``start`` to ``end`` inclusive, at most ``limit`` of them."""
    first, last = parse_month(start), parse_month(end)
    if first is None or last is None or first > last:
        return []
    year, month = first
    months: list[str] = []
    while (year, month) <= last and len(months) < limit:
        months.append(month_key(year, month))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return months


def period_columns(start: str | None, end: str | None, granularity: str) -> list[str]:
    """The grid's columns: months, or quarters when the plan is planned by quarter."""
    months = months_between(start, end)
    if granularity != "quarter":
        return months
    quarters: list[str] = []
    for month in months:
        quarter = quarter_of(month)
        if quarter and quarter not in quarters:
            quarters.append(quarter)
    return quarters


def slot_matches(slot: str, column: str) -> bool:
    """Whether a schedule slot (month or quarter) falls in a grid column."""
    if slot == column:
        return True
    if _QUARTER.match(column):
        return quarter_of(slot) == column
    return False
