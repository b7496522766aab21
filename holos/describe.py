"""Schedules, periods, plans and findings described in the reader's language.

What Holos stores as codes ("continuous", "2023-05", "activity-no-indicator") reaches a
person only through these functions: "постійно", "щомісяця, березень – червень 2025",
"Захід без показника". Pages, mail, exports and the import preview call them; codes stay
in JSON and in the command line's machine-readable output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from holos.core.periods import parse_month
from holos.core.schedule import Schedule

# Languages that write month names in lower case inside a sentence.
LOWERCASE_MONTHS = {"uk", "cs"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _month_name(year: int, month: int) -> str:
    return _month_name_in(get_language() or "uk", year, month)


@lru_cache(maxsize=1024)
def _month_name_in(language: str, year: int, month: int) -> str:
    """A month's name in a language: a long plan names the same few months in every row."""
    name = date_format(date(year, month, 1), "F")
    if language.split("-")[0] in LOWERCASE_MONTHS:
        name = name[:1].lower() + name[1:]
    return name


def _quarter_number(key: str) -> tuple[int, int] | None:
    if "-Q" not in key:
        return None
    year, _sep, quarter = key.partition("-Q")
    if not (year.isdigit() and quarter.isdigit()):
        return None
    return int(year), int(quarter)


def _quarter(year: int, quarter: int, *, with_year: bool = True) -> str:
    if with_year:
        return _("Q%(quarter)s %(year)s") % {"quarter": ROMAN.get(quarter, quarter), "year": year}
    return _("Q%(quarter)s") % {"quarter": ROMAN.get(quarter, quarter)}


def month(key: str | None) -> str:
    """``"2023-05"`` → "травень 2023"; a quarter key → "II кв. 2023"; anything else as it is."""
    if not key:
        return ""
    quarter = _quarter_number(key)
    if quarter:
        return _quarter(*quarter)
    parsed = parse_month(key)
    if parsed is None:
        return key
    return _with_year(_month_name(*parsed), parsed[0])


def _with_year(name: str, year: int) -> str:
    return pgettext("month and year", "%(month)s %(year)s") % {"month": name, "year": year}


def _between(first: str, last: str) -> str:
    return pgettext("from … to", "%(first)s – %(last)s") % {"first": first, "last": last}


def period(start: str | None, end: str | None) -> str:
    """A plan's period: "травень – жовтень 2023", "серпень 2023 – липень 2024", "I–IV кв. 2024"."""
    if not start and not end:
        return ""
    if not start or not end or start == end:
        return month(start or end)
    first_q, last_q = _quarter_number(start), _quarter_number(end)
    if first_q and last_q:
        if first_q[0] == last_q[0]:
            return _between(_quarter(*first_q, with_year=False), _quarter(*last_q))
        return _between(_quarter(*first_q), _quarter(*last_q))
    first, last = parse_month(start), parse_month(end)
    if first is None or last is None:
        return _between(month(start), month(end))
    if first[0] == last[0]:
        return _between(_month_name(*first), month(end))
    return _between(month(start), month(end))


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index in sorted(set(indices)):
        if runs and index == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return pgettext("list of the last two", "%(items)s and %(last)s") % {
        "items": ", ".join(parts[:-1]), "last": parts[-1]}


def slots(keys: Iterable[str]) -> str:
    """Marked months or quarters: "щомісяця, березень – червень 2025", "травень, липень і вересень 2023"."""
    keys = list(keys)
    months = [parse_month(k) for k in keys]
    if keys and all(m is not None for m in months):
        indices = [m[0] * 12 + m[1] - 1 for m in months if m is not None]
        runs = _runs(indices)
        years = {i // 12 for i in indices}
        if len(runs) == 1 and runs[0][0] != runs[0][1]:
            first, last = runs[0]
            span = period(f"{first // 12}-{first % 12 + 1:02d}", f"{last // 12}-{last % 12 + 1:02d}")
            return _("monthly, %(period)s") % {"period": span}
        if len(years) == 1:
            names = []
            for first, last in runs:
                if first == last:
                    names.append(_month_name(first // 12, first % 12 + 1))
                else:
                    names.append(_between(_month_name(first // 12, first % 12 + 1),
                                          _month_name(last // 12, last % 12 + 1)))
            return _with_year(_join(names), years.pop())
        names = [month(f"{f // 12}-{f % 12 + 1:02d}") if f == last else
                 period(f"{f // 12}-{f % 12 + 1:02d}", f"{last // 12}-{last % 12 + 1:02d}") for f, last in runs]
        return _join(names)
    quarters = [_quarter_number(k) for k in keys]
    if keys and all(q is not None for q in quarters):
        by_year: dict[int, list[int]] = {}
        for q in quarters:
            if q is not None:
                by_year.setdefault(q[0], []).append(q[1])
        parts = []
        for year, numbers in sorted(by_year.items()):
            if len(numbers) == 4:
                parts.append(pgettext("quarters", "every quarter of %(year)s") % {"year": year})
            else:
                names = [ROMAN.get(n, str(n)) for n in sorted(numbers)]
                parts.append(_("Q%(quarter)s %(year)s") % {"quarter": ", ".join(names), "year": year})
        return _join(parts)
    return ", ".join(month(k) for k in keys)


EVERY_WORDS = {
    "day": lambda: _("daily"),
    "week": lambda: _("weekly"),
    "month": lambda: _("monthly"),
    "quarter": lambda: _("quarterly"),
    "year": lambda: _("yearly"),
}


def _times(every: str, times: int) -> str:
    templates = {
        "day": lambda n: ngettext("%(n)s time a day", "%(n)s times a day", n),
        "week": lambda n: ngettext("%(n)s time a week", "%(n)s times a week", n),
        "month": lambda n: ngettext("%(n)s time a month", "%(n)s times a month", n),
        "quarter": lambda n: ngettext("%(n)s time a quarter", "%(n)s times a quarter", n),
        "year": lambda n: ngettext("%(n)s time a year", "%(n)s times a year", n),
    }
    return templates.get(every, templates["year"])(times) % {"n": times}


def _days(days: int) -> str:
    if days and days % 7 == 0:
        weeks = days // 7
        return ngettext("%(n)s week", "%(n)s weeks", weeks) % {"n": weeks}
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


def schedule(value: Schedule | dict[str, Any] | None) -> str:
    """When an activity happens, in words: "постійно", "щомісяця, березень – червень 2025",
    "за 2 тижні до «День громади»", "4 рази, червень 2018 – січень 2020"."""
    if value is None:
        return ""
    sched = value if isinstance(value, Schedule) else Schedule.from_dict(value)
    kind = sched.kind
    span = period(sched.start, sched.end) if (sched.start or sched.end) else ""
    if kind == "slots":
        return slots(sched.slots) if sched.slots else _("no month marked")
    if kind == "once":
        return month(sched.start) if sched.start else _("once")
    if kind == "range":
        if sched.count:
            text = ngettext("%(n)s time", "%(n)s times", sched.count) % {"n": sched.count}
            return _("%(how_often)s, %(period)s") % {"how_often": text, "period": span} if span else text
        return span or _("within a period")
    if kind == "recurring":
        how = _times(sched.every or "month", sched.times) if sched.times else EVERY_WORDS.get(
            sched.every or "", lambda: _("regularly"))()
        return _("%(how_often)s, %(period)s") % {"how_often": how, "period": span} if span else how
    if kind == "continuous":
        return _("all the time, %(period)s") % {"period": span} if span else _("all the time")
    if kind == "relative":
        anchor = sched.anchor or _("the event")
        days = sched.offset_days or 0
        if days < 0:
            return _("%(time)s before “%(event)s”") % {"time": _days(-days), "event": anchor}
        if days > 0:
            return _("%(time)s after “%(event)s”") % {"time": _days(days), "event": anchor}
        return _("on the day of “%(event)s”") % {"event": anchor}
    if kind == "as_needed":
        return _("when needed")
    return _("when: not understood") if sched.text.strip() else _("no date given")


def granularity(value: str) -> str:
    return {"month": _("by month"), "quarter": _("by quarter")}.get(value, value)


def language(code: str) -> str:
    from django.utils.translation import get_language_info

    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def plan_kind(code: str) -> str:
    """A plan's kind ("calendar") as its name ("календарний план")."""
    from holos.plans.models import PlanKind

    return str(dict(PlanKind.choices).get(code, code))


def rule(code: str) -> str:
    """A check's title in the reader's language ("Activity without an indicator")."""
    from holos.core.checks import CHECKS

    check = CHECKS.get(code)
    return _(check.title) if check else _("Other finding")


def rule_hint(code: str) -> str:
    from holos.core.checks import CHECKS

    check = CHECKS.get(code)
    return _(check.hint) if check else ""


def plan_facts(plan) -> str:
    """What tells a plan from another of the same title: kind, period, and when it came in.

    "календарний план · травень – жовтень 2023 · імпортовано 3 грудня 2026"
    """
    parts = [str(plan.get_kind_display())]
    span = period(plan.period_start, plan.period_end)
    if span:
        parts.append(span)
    if plan.created_at:
        day = date_format(plan.created_at.date() if hasattr(plan.created_at, "date") else plan.created_at,
                          "DATE_FORMAT")
        if plan.source_import_id:
            parts.append(_("imported %(day)s") % {"day": day})
        else:
            parts.append(_("created %(day)s") % {"day": day})
    return " · ".join(parts)


# Template filters: {{ plan|plan_facts }}, {{ activity.schedule|schedule_words }} …
from django import template  # noqa: E402 - the template side of this module

register = template.Library()
register.filter("period_words", lambda plan: period(plan.period_start, plan.period_end))
register.filter("plan_facts", plan_facts)
register.filter("schedule_words", schedule)
register.filter("month_words", month)
register.filter("rule_words", rule)
register.filter("plan_kind_words", plan_kind)
register.filter("granularity_words", granularity)
register.filter("language_words", language)


@register.simple_tag
def plan_downloads(plan) -> list[tuple[str, str]]:
    """The download menu of a saved plan: each file's address and its name in the reader's language."""
    from django.urls import reverse

    from holos.exports import FORMAT_NAMES, PLAN_FILES

    slug = plan.organization.slug
    return [(reverse("plan_export", args=[slug, plan.pk, fmt]), _(FORMAT_NAMES[fmt])) for fmt in PLAN_FILES]
