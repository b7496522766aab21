"""Occurrences: a schedule turned into dated pieces of work.

``generate`` reads one activity's ``Schedule`` against the plan's period and returns the
occurrences it stands for, each with a window of work (``starts`` … ``ends``) and a date it
is due. The web layer stores them and matches them by ``key`` when a plan is regenerated,
so that work recorded against an occurrence survives an edit that does not touch it.

Keys (stable for the same schedule and period; nothing else goes into them):

- ``m2023-05``: a month (a marked month, a month of a range, a monthly or continuous one);
- ``q2024-Q1``: a quarter; ``y2024``: a year; ``w2025-03-03``: the ISO week starting that
  Monday; ``d2025-03-03``: a day;
- ``m2023-05.2``: the second of several in one month (``times`` > 1), likewise for the others;
- ``e3-of-4``: the third of four events spread over a range;
- ``once``: the one occurrence of a ``once`` schedule; ``rel``: the one of a relative schedule.

So moving a ``once`` to another month or an event to another date keeps its key (and the
work recorded on it), and marking one more month adds one key and changes no other.
Labels are short and language-neutral ("2023-05", "2024-Q1", "2025-W10", "2018-06 (1/4)",
"захід -14"); the web layer words them in the reader's language.

The rules, including those the issue left open:

- Everything is generated within the plan's period: marked months, ranges and recurring
  windows outside it are cut off, and a window crossing its edge is clipped to it (a
  quarterly activity in a plan starting in February has a first window of February-March).
  A plan without a period uses the schedule's own bounds; recurring and continuous schedules
  with neither have no occurrences. A period given backwards is read forwards.
- ``slots``: one per marked month or quarter (a quarter partly inside the period counts,
  clipped), whatever the plan's granularity: a marked month stays a month. Slots on an
  ``unknown`` schedule count too, as in ``checks.due``; a slot written twice is one.
- ``once``: one, in its month; ``due`` is the last day of the month. A full date
  (``2025-05-20``) in a slot or a ``once`` is that day.
- ``range``: one per month (one per quarter in a plan planned by quarter), or, with
  ``count``, that many events placed as points: the first in the first month, the last in
  the last, the others evenly between, each with its month as the window. More events than
  months are placed on days instead. A single event (``count`` 1) has the whole range as its
  window. The range is clipped to the period first, so the plan's events all fall in it.
- ``recurring``: every day, ISO week, month, quarter or year of the window (the schedule's
  own bounds, else the plan's period, clipped to the period). A week is whole, Monday to
  Sunday, and is generated when its Monday falls in the window; it is due on its Sunday,
  which may fall after the window. ``times`` > 1 splits each window into that many equal
  parts, each due at its end: by whole months when the window holds at least that many
  months (six a year are two-month windows), else by days (twice a month: the 1st-15th and
  the 16th-end).
- ``continuous``: one per month of its window (one per quarter in a plan planned by
  quarter), ``ongoing=True``.
- ``relative``: due ``offset_days`` from the date of its anchor event in ``events``; the
  names are compared case-insensitively, with spaces and quotes trimmed and the first word
  in its nominative form ("заходу" is "захід"). The window is that day. No such event, or a
  due date outside the period, gives none.
- ``as_needed`` and ``unknown``: none.

``generate`` never raises: a surprise in a stored schedule gives no occurrences rather than
a broken page. It never returns more than ``limit`` occurrences: the earliest ones. The
common occurrences (a month, a quarter, a week) are immutable and cached, so a server
regenerating thousands of plans makes each of them once (see ``bench/occurrences.py``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from holos.core.schedule import _ANCHOR_NOMINATIVE, Schedule

__all__ = ["Occurrence", "generate", "event_key"]


@dataclass(frozen=True, slots=True)
class Occurrence:
    key: str
    due: datetime.date
    starts: datetime.date
    ends: datetime.date
    ongoing: bool = False
    label: str = ""


# ---------------------------------------------------------------------------------------------
# Months as numbers: index = year * 12 + month - 1
# ---------------------------------------------------------------------------------------------

_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*")
_QUARTER = re.compile(r"\s*(\d{4})-[Qq]([1-4])\s*")
_YEAR = re.compile(r"\s*(\d{4})\s*")
_FIRST_YEAR, _LAST_YEAR = 1000, 9998  # the last year still has a next month for ``date``


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _valid_year(year: int) -> bool:
    return _FIRST_YEAR <= year <= _LAST_YEAR


def _span(value: object) -> tuple[int, int] | None:
    """The months ``"2023-05"``, ``"2023-Q2"``, ``"2023"`` or ``"2023-05-20"`` covers, as indexes."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    return _span_of(text) if len(text) <= 10 else None  # "2023-05-20" is the longest


@lru_cache(maxsize=4096)
def _span_of(value: str) -> tuple[int, int] | None:
    match = _MONTH.fullmatch(value)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if not (_valid_year(year) and 1 <= month <= 12):
            return None
        return _index(year, month), _index(year, month)
    match = _QUARTER.fullmatch(value)
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        if not _valid_year(year):
            return None
        first = _index(year, quarter * 3 - 2)
        return first, first + 2
    match = _YEAR.fullmatch(value)
    if match:
        year = int(match.group(1))
        if not _valid_year(year):
            return None
        return _index(year, 1), _index(year, 12)
    return None


def _day(value: object) -> datetime.date | None:
    """A full date written in a slot or bound (``"2023-05-20"``), else ``None``."""
    if not isinstance(value, str):
        return None
    match = _MONTH.fullmatch(value)
    if not match or match.group(3) is None:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _first_day(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


@lru_cache(maxsize=4096)
def _last_day(index: int) -> datetime.date:
    return _first_day(index + 1) - datetime.timedelta(days=1)


@lru_cache(maxsize=4096)
def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@lru_cache(maxsize=4096)
def _quarter_name(index: int) -> str:
    return f"{index // 12:04d}-Q{index % 12 // 3 + 1}"


def _positive_int(value: object) -> int | None:
    """``count`` and ``times`` as stored: a whole number above zero, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and value > 0:
        return value
    return None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------------------------------------
# The window everything is generated in
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Bounds:
    """The plan's period as month indexes; either end may be open (``None``)."""

    first: int | None
    last: int | None

    @classmethod
    def of(cls, start: str | None, end: str | None) -> _Bounds:
        first, last = _span(start), _span(end)
        if first is not None and last is not None and first[0] > last[1]:
            first, last = last, first
        return cls(first[0] if first else None, last[1] if last else None)

    def clip(self, first: int, last: int) -> tuple[int, int] | None:
        if self.first is not None and first < self.first:
            first = self.first
        if self.last is not None and last > self.last:
            last = self.last
        return (first, last) if first <= last else None

    def holds(self, day: datetime.date) -> bool:
        index = _index(day.year, day.month)
        return (self.first is None or index >= self.first) and (self.last is None or index <= self.last)


def _own_window(schedule: Schedule, bounds: _Bounds) -> tuple[int, int] | None:
    """A recurring or continuous schedule's months: its bounds, else the period's, clipped."""
    start, end = _span(schedule.start), _span(schedule.end)
    first = start[0] if start else bounds.first
    last = end[1] if end else bounds.last
    if first is None or last is None:
        return None
    if first > last:
        first, last = last, first
    return bounds.clip(first, last)


# ---------------------------------------------------------------------------------------------
# Generators, one per kind; each yields in date order (slots in the order written)
# ---------------------------------------------------------------------------------------------


# Occurrences are immutable, so the common ones (a month, a quarter, a week) are made once and shared.
@lru_cache(maxsize=8192)
def _month(index: int, *, ongoing: bool = False) -> Occurrence:
    last = _last_day(index)
    name = _month_name(index)
    return Occurrence(key="m" + name, due=last, starts=_first_day(index), ends=last, ongoing=ongoing,
                      label=name)


def _columns(first: int, last: int, by_quarter: bool, *, ongoing: bool = False) -> Iterator[Occurrence]:
    """One per month of ``first``…``last``, or one per quarter (clipped to them)."""
    if not by_quarter:
        for index in range(first, last + 1):
            yield _month(index, ongoing=ongoing)
        return
    index = first
    while index <= last:
        end = min(index - index % 3 + 2, last)
        yield _window("q" + _quarter_name(index), _quarter_name(index), index, end, ongoing=ongoing)
        index = end + 1


@lru_cache(maxsize=8192)
def _window(key: str, label: str, first: int, last: int, *, ongoing: bool = False) -> Occurrence:
    ends = _last_day(last)
    return Occurrence(key=key, due=ends, starts=_first_day(first), ends=ends, ongoing=ongoing, label=label)


def _slots(schedule: Schedule, bounds: _Bounds) -> Iterator[Occurrence]:
    for slot in schedule.slots:
        day = _day(slot)
        if day is not None:
            if bounds.holds(day):
                yield Occurrence(key="d" + day.isoformat(), due=day, starts=day, ends=day, label=day.isoformat())
            continue
        found = _span(slot)
        if found is None:
            continue
        clipped = bounds.clip(*found)
        if clipped is None:
            continue
        first, last = found
        if first == last:
            yield _month(first)
        elif last - first == 2:
            yield _window("q" + _quarter_name(first), _quarter_name(first), *clipped)
        else:
            yield _window("y" + str(first // 12), str(first // 12), *clipped)


def _once(schedule: Schedule, bounds: _Bounds) -> Iterator[Occurrence]:
    day = _day(schedule.start)
    if day is not None:
        if bounds.holds(day):
            yield Occurrence(key="once", due=day, starts=day, ends=day, label=day.isoformat())
        return
    found = _span(schedule.start)
    if found is None:
        return
    clipped = bounds.clip(*found)
    if clipped is None:
        return
    first, last = clipped
    label = _month_name(first) if first == last else f"{_month_name(first)}…{_month_name(last)}"
    yield _window("once", label, first, last)


def _range(schedule: Schedule, bounds: _Bounds, by_quarter: bool, limit: int) -> Iterator[Occurrence]:
    start = _span(schedule.start)
    end = _span(schedule.end) or start
    if start is None or end is None:
        return
    first, last = start[0], end[1]
    if first > last:
        first, last = end[0], start[1]
    clipped = bounds.clip(first, last)
    if clipped is None:
        return
    first, last = clipped
    count = _positive_int(schedule.count)
    if count is None:
        yield from _columns(first, last, by_quarter)
        return
    if count == 1:
        label = f"{_month_name(first)}…{_month_name(last)} (1/1)"
        yield _window("e1-of-1", label, first, last)
        return
    months = last - first + 1
    if count <= months:
        # Points on the months: i * (months - 1) / (count - 1), rounded half up, so that they are distinct.
        for i in range(min(count, limit)):
            index = first + (2 * i * (months - 1) + count - 1) // (2 * (count - 1))
            ends = _last_day(index)
            yield Occurrence(key=f"e{i + 1}-of-{count}", due=ends, starts=_first_day(index), ends=ends,
                             label=f"{_month_name(index)} ({i + 1}/{count})")
        return
    first_day = _first_day(first)
    days = (_last_day(last) - first_day).days + 1
    for i in range(min(count, limit)):
        day = first_day + datetime.timedelta(days=(2 * i * (days - 1) + count - 1) // (2 * (count - 1)))
        yield Occurrence(key=f"e{i + 1}-of-{count}", due=day, starts=day, ends=day,
                         label=f"{day.isoformat()} ({i + 1}/{count})")


def _split(key: str, label: str, starts: datetime.date, ends: datetime.date, times: int,
           months: tuple[int, int] | None, cap: int) -> tuple[Occurrence, ...]:
    """``times`` equal parts of a window, each due at its end: by months when it holds enough.

    Only the first ``cap`` parts are made.
    """
    if times == 1:
        return (Occurrence(key=key, due=ends, starts=starts, ends=ends, label=label),)
    parts: list[Occurrence] = []
    if months is not None and months[1] - months[0] + 1 >= times:
        first, count = months[0], months[1] - months[0] + 1
        for j in range(min(times, cap)):
            part_first = first + j * count // times
            part_last = first + (j + 1) * count // times - 1
            part_ends = _last_day(part_last)
            parts.append(Occurrence(key=f"{key}.{j + 1}", due=part_ends, starts=_first_day(part_first),
                                    ends=part_ends, label=f"{label} ({j + 1}/{times})"))
        return tuple(parts)
    days = (ends - starts).days + 1
    for j in range(min(times, cap)):
        part_starts = starts + datetime.timedelta(days=j * days // times)
        part_ends = max(part_starts, starts + datetime.timedelta(days=(j + 1) * days // times - 1))
        parts.append(Occurrence(key=f"{key}.{j + 1}", due=part_ends, starts=part_starts, ends=part_ends,
                                label=f"{label} ({j + 1}/{times})"))
    return tuple(parts)


@lru_cache(maxsize=8192)
def _week(monday: datetime.date, times: int, cap: int) -> tuple[Occurrence, ...]:
    iso = monday.isocalendar()
    return _split(f"w{monday.isoformat()}", f"{iso.year}-W{iso.week:02d}", monday, monday + _SIX_DAYS, times,
                  None, cap)


def _a_day(day: datetime.date, times: int, cap: int) -> tuple[Occurrence, ...]:
    return _split(f"d{day.isoformat()}", day.isoformat(), day, day, times, None, cap)


@lru_cache(maxsize=8192)
def _unit(every: str, first: int, last: int, times: int, cap: int) -> tuple[Occurrence, ...]:
    """A month, quarter or year (``first``…``last``, clipped), in ``times`` parts."""
    if every == "quarter":
        name = _quarter_name(first)
    elif every == "year":
        name = f"{first // 12:04d}"
    else:
        name = _month_name(first)
    return _split(_UNITS[every][0] + name, name, _first_day(first), _last_day(last), times, (first, last), cap)


# Weeks and months of up to this many parts are cached; more would let one odd schedule fill memory.
_CACHED_TIMES = 31
_SIX_DAYS = datetime.timedelta(days=6)
_WEEK = datetime.timedelta(days=7)
_DAY = datetime.timedelta(days=1)


def _recurring(schedule: Schedule, bounds: _Bounds, limit: int) -> Iterator[Occurrence]:
    window = _own_window(schedule, bounds)
    if window is None:
        return
    first, last = window
    times = _positive_int(schedule.times) or 1
    every = schedule.every
    made = 0
    if every == "week" or every == "day":
        day = _first_day(first)
        stop = _last_day(last)
        if every == "week":
            day += datetime.timedelta(days=-day.weekday() % 7)  # the first Monday in the window
        if every == "week":
            step, make = _WEEK, (_week if times <= _CACHED_TIMES else _week.__wrapped__)
        else:
            step, make = _DAY, _a_day
        while day <= stop and made < limit:
            parts = make(day, times, min(times, limit - made))
            made += len(parts)
            yield from parts
            day += step
        return
    if not isinstance(every, str) or every not in _UNITS:
        return
    size = _UNITS[every][1]
    index = first
    while index <= last and made < limit:
        end = min(index - index % size + size - 1, last)
        parts = (_unit if times <= _CACHED_TIMES else _unit.__wrapped__)(every, index, end, times,
                                                                         min(times, limit - made))
        made += len(parts)
        yield from parts
        index = end + 1


# every → (key prefix, months in one unit); a unit starts at a month index divisible by its size.
_UNITS = {"month": ("m", 1), "quarter": ("q", 3), "year": ("y", 12)}


def _continuous(schedule: Schedule, bounds: _Bounds, by_quarter: bool) -> Iterator[Occurrence]:
    window = _own_window(schedule, bounds)
    if window is None:
        return
    yield from _columns(*window, by_quarter, ongoing=True)


_TRIM = " \t\r\n.,;:-–—'\"«»„“”‘’()"


def event_key(name: str) -> str:
    """How an event's name is compared: "  Заходу " and "захід" are the same event."""
    text = " ".join(name.casefold().split()).strip(_TRIM)
    first, _, rest = text.partition(" ")
    first = _ANCHOR_NOMINATIVE.get(first, first)
    return f"{first} {rest}".strip()


def _event_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _relative(schedule: Schedule, bounds: _Bounds, events: Mapping[str, datetime.date] | None) -> Iterator[Occurrence]:
    if not events or not isinstance(schedule.anchor, str):
        return
    wanted = event_key(schedule.anchor)
    if not wanted:
        return
    found: datetime.date | None = None
    for name, value in events.items():
        if isinstance(name, str) and event_key(name) == wanted:
            found = _event_date(value)
            if found is not None:
                break
    if found is None:
        return
    offset = _int(schedule.offset_days) or 0
    try:
        due = found + datetime.timedelta(days=offset)
    except OverflowError:
        return
    if bounds.holds(due):
        yield Occurrence(key="rel", due=due, starts=due, ends=due, label=f"{schedule.anchor.strip()} {offset:+d}")


# ---------------------------------------------------------------------------------------------
# The public entry point
# ---------------------------------------------------------------------------------------------


_SORT_KEY = attrgetter("due", "starts", "key")


def generate(
    schedule: Schedule,
    *,
    period_start: str | None,
    period_end: str | None,
    granularity: str = "month",
    events: Mapping[str, datetime.date] | None = None,
    limit: int = 1000,
) -> list[Occurrence]:
    """The occurrences of ``schedule`` within the plan's period, sorted by due date.

    ``period_start``/``period_end``: the plan's period as ``YYYY-MM`` (either may be
    ``None``); ``granularity``: ``"quarter"`` for a plan planned by quarter, which makes
    ranges and continuous work one occurrence per quarter instead of per month; ``events``:
    the dates of the events relative schedules count from, by name. See the module's
    docstring for the rules. Never raises; never returns more than ``limit``.
    """
    try:
        if limit <= 0:
            return []
        return _generate(schedule, _Bounds.of(period_start, period_end), granularity == "quarter", events, limit)
    except Exception:  # a safety net: a stored schedule must not break a page
        return []


def _generate(schedule: Schedule, bounds: _Bounds, by_quarter: bool,
              events: Mapping[str, datetime.date] | None, limit: int) -> list[Occurrence]:
    kind = schedule.kind
    found: Iterator[Occurrence]
    if kind == "slots" or (kind == "unknown" and schedule.slots):
        found = _slots(schedule, bounds)
    elif kind == "once":
        found = _once(schedule, bounds)
    elif kind == "range":
        found = _range(schedule, bounds, by_quarter, limit)
    elif kind == "recurring":
        found = _recurring(schedule, bounds, limit)
    elif kind == "continuous":
        found = _continuous(schedule, bounds, by_quarter)
    elif kind == "relative":
        found = _relative(schedule, bounds, events)
    else:
        return []
    if kind == "recurring" or kind == "continuous" or kind == "range":
        result = list(found)  # made in date order, each key once
    else:
        result = list({o.key: o for o in found}.values())  # a slot written twice is one occurrence
        result.sort(key=_SORT_KEY)
    return result[:limit]
