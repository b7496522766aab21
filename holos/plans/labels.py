"""Names of months and quarters in the reader's language."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from holos.core.periods import parse_month

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def column_label(column: str, *, long: bool = False) -> str:
    """``"2023-05"`` → "трав." / "травень 2023"; ``"2024-Q3"`` → "III кв. 2024"."""
    if "-Q" in column:
        year, quarter = column.split("-Q")
        return _("Q%(quarter)s %(year)s") % {"quarter": ROMAN.get(int(quarter), quarter), "year": year}
    parsed = parse_month(column)
    if parsed is None:
        return column
    day = date(parsed[0], parsed[1], 1)
    if long:
        return date_format(day, "YEAR_MONTH_FORMAT")
    return date_format(day, "b")


def column_labels(columns: list[str], *, long: bool = False) -> dict[str, str]:
    return {c: column_label(c, long=long) for c in columns}


def told_apart(plans) -> dict[int, str]:
    """For plans that share a title, what tells each from the others; "" for a plan whose title is its own.

    Kind, period and when the plan came in, and the first goal where even those are the
    same (two plans imported from one document): "календарний план · травень – жовтень 2023 ·
    імпортовано 3 грудня 2026 · перша ціль: Залучення жителів…". One query, for the twins' goals.
    """
    from holos import describe
    from holos.plans.models import Goal
    from holos.plans.rows import shorten

    plans = list(plans)
    titles: dict[str, int] = {}
    for plan in plans:
        titles[plan.title] = titles.get(plan.title, 0) + 1
    twins = [plan for plan in plans if titles[plan.title] > 1]
    if not twins:
        return {plan.pk: "" for plan in plans}
    facts = {plan.pk: describe.plan_facts(plan) for plan in twins}
    same = {(plan.title, facts[plan.pk]) for plan in twins
            if sum(1 for other in twins if (other.title, facts[other.pk]) == (plan.title, facts[plan.pk])) > 1}
    firsts: dict[int, str] = {}
    needing = [plan.pk for plan in twins if (plan.title, facts[plan.pk]) in same]
    if needing:
        for plan_id, title in (Goal.objects.filter(plan_id__in=needing).order_by("plan_id", "position", "id")
                               .values_list("plan_id", "title")):
            firsts.setdefault(plan_id, title)
    result = {plan.pk: "" for plan in plans}
    for plan in twins:
        text = facts[plan.pk]
        if firsts.get(plan.pk):
            text = _("%(facts)s · first goal: %(goal)s") % {"facts": text, "goal": shorten(firsts[plan.pk], 70)}
        result[plan.pk] = text
    return result


def plan_label(plan, apart: dict[int, str]) -> str:
    """The plan's title, with what tells it apart when another plan has the same title."""
    detail = apart.get(plan.pk, "")
    return _("%(title)s (%(facts)s)") % {"title": plan.title, "facts": detail} if detail else plan.title
