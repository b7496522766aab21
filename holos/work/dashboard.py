"""How far a plan, or a whole organisation, has got: counted by the database.

Every figure comes from an aggregate query (``values(...).annotate(Count(..., filter=Q(...)))``
grouped by month, unit, channel, audience or plan), never from a loop over occurrences,
so a page asks the same number of queries whatever the size of its plan. Work across many
plans (an organisation's totals, a programme's) is read by ``WorkCounter`` from the rows the
database keeps per plan and month, so it stays quick at a million occurrences. Python only
lays the aggregated rows side by side (empty months of the period, the totals of a few dozen rows).

``today`` is always an argument: it is the organisation's local date (an occurrence still
open on its due date is not yet overdue), and tests fix it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from holos.plans.models import Indicator, Plan
from holos.work.actions import NUMBERS
from holos.work.models import OPEN_STATUSES, Measurement, Occurrence, OccurrenceMonth, OccurrenceTally, Status

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# A plan's period longer than this is shown by the months that have work, not every month.
MAX_PERIOD_MONTHS = 120


@dataclass(frozen=True)
class Counts:
    """Occurrences by how they stand.

    ``planned`` is every occurrence scheduled; it splits into ``done``, ``skipped``,
    ``overdue`` (open and due before today) and ``coming`` (open, due today or later).
    """

    planned: int = 0
    done: int = 0
    skipped: int = 0
    overdue: int = 0
    coming: int = 0

    @property
    def done_percent(self) -> int | None:
        return round(100 * self.done / self.planned) if self.planned else None

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.planned + other.planned, self.done + other.done, self.skipped + other.skipped,
                      self.overdue + other.overdue, self.coming + other.coming)


@dataclass(frozen=True)
class MonthCounts(Counts):
    month: date = date.min


@dataclass(frozen=True)
class GroupCounts(Counts):
    """The occurrences of the activities linked to one unit, channel or audience (``pk`` None: to none)."""

    pk: int | None = None
    name: str = ""


@dataclass(frozen=True)
class PlanCounts(Counts):
    pk: int = 0
    title: str = ""

    @property
    def name(self) -> str:
        return self.title


@dataclass
class IndicatorProgress:
    """An indicator with its current value and how far that is towards its target.

    The value is the latest measurement; without one, it is summed from evidence when the
    indicator says so (``source_metric``: the people reached, participants or publications
    recorded on the done occurrences of the chosen activities), as progress reports read it
    (``holos.reports.progress``), so a report and the dashboard show the same number.
    """

    indicator: Indicator
    value: float | None
    value_date: date | None
    summed: bool

    @property
    def target(self) -> float | None:
        """The target, or None while the plan leaves it to be filled in."""
        if self.indicator.placeholder or self.indicator.target is None:
            return None
        return self.indicator.target

    @property
    def percent(self) -> int | None:
        target = self.target
        if target is None or target <= 0 or self.value is None:
            return None
        return round(100 * self.value / target)


@dataclass
class PlanProgress:
    plan: Plan
    today: date
    months: list[MonthCounts]
    totals: Counts
    units: list[GroupCounts]
    channels: list[GroupCounts]
    audiences: list[GroupCounts]
    indicators: list[IndicatorProgress] = field(default_factory=list)


@dataclass
class OrganizationSummary:
    today: date
    months: list[MonthCounts]
    plans: list[PlanCounts]
    totals: Counts


def count_columns(today: date) -> dict[str, Count]:
    """The five counts of a group of occurrences, as aggregate expressions."""
    return {
        "planned": Count("id"),
        "done": Count("id", filter=Q(status=Status.DONE)),
        "skipped": Count("id", filter=Q(status=Status.SKIPPED)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, due__lt=today)),
        "coming": Count("id", filter=Q(status__in=OPEN_STATUSES, due__gte=today)),
    }


COUNTED = ("planned", "done", "skipped", "overdue", "coming")


def _counts(row: dict) -> dict[str, int]:
    return {name: row[name] for name in COUNTED}


def _named(numbers: list[int]) -> dict[str, Any]:
    """Five numbers in the order of ``Counts``, by their names."""
    return dict(zip(COUNTED, numbers, strict=True))


def _sum(rows: Iterable[Counts]) -> Counts:
    total = Counts()
    for row in rows:
        total = total + row
    return total


def _month(text: str) -> date | None:
    try:
        year, month = text.split("-")[:2]
        return date(int(year), int(month), 1)
    except (ValueError, AttributeError):
        return None


def parse_month_start(text: str) -> date | None:
    """ "2025-03" → 1 March 2025; anything else → None."""
    month = _month(text or "")
    return month if month and 1990 <= month.year <= 2100 else None


def overdue_count(organization, today: date) -> int:
    """Open work of all the organisation's plans due before today, whenever it was due."""
    counted = WorkCounter(plans=Plan.objects.filter(organization=organization).values("pk"), today=today).totals()
    return sum(counts.overdue for _all, counts in counted)


def period_months(start: str, end: str) -> list[date]:
    """The first days of the months of a plan's period ("2025-01" … "2025-12"), in order."""
    first, last = _month(start), _month(end)
    if first is None or last is None:
        return []
    return months_between(min(first, last), max(first, last))


def months_between(first: date, last: date) -> list[date]:
    months: list[date] = []
    current = first
    while current <= last and len(months) < MAX_PERIOD_MONTHS:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def months_of(occurrences: QuerySet, today: date, *, period: Iterable[date] = ()) -> list[MonthCounts]:
    """Counts per month of the due date, with the period's months that have no work as zeros."""
    rows = (
        occurrences.annotate(month=TruncMonth("due"))
        .values("month")
        .annotate(**count_columns(today))
        .order_by("month")
    )
    found = {row["month"]: MonthCounts(month=row["month"], **_counts(row)) for row in rows}
    for month in period:
        found.setdefault(month, MonthCounts(month=month))
    return [found[month] for month in sorted(found)]


def groups_of(occurrences: QuerySet, link: str, today: date) -> list[GroupCounts]:
    """Counts per catalogue entry the occurrences' activities are linked to through ``link``.

    An occurrence of an activity with two units counts for each of them; the row with
    ``pk`` None holds the occurrences of activities linked to none.
    """
    rows = (
        occurrences.values(entry_pk=F(f"activity__{link}"), entry_name=F(f"activity__{link}__name"))
        .annotate(**count_columns(today))
        .order_by(F("entry_name").asc(nulls_last=True), "entry_pk")
    )
    return [GroupCounts(pk=row["entry_pk"], name=row["entry_name"] or "", **_counts(row)) for row in rows]


def with_values(indicators: QuerySet) -> QuerySet:
    """Indicators annotated with their latest measurement (``latest_value``, ``latest_date``) and,
    for those summed from evidence, the sum of the chosen activities' done work (``evidence``)."""
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-id")
    done_links = (
        Indicator.source_activities.through.objects.filter(
            indicator=OuterRef("pk"), activity__occurrences__status=Status.DONE
        )
        .order_by()
        .values("indicator")
    )
    evidence = Case(
        *(
            When(source_metric=metric, then=Coalesce(
                Subquery(done_links.annotate(total=Sum(f"activity__occurrences__{metric}")).values("total")),
                Value(0),
                output_field=IntegerField(),
            ))
            for metric in NUMBERS
        ),
        default=None,
        output_field=IntegerField(),
    )
    return indicators.annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_date=Subquery(latest.values("date")[:1]),
        evidence=evidence,
    )


class IndicatorValues(TypedDict):
    """What ``with_values`` adds to each indicator."""

    latest_value: float | None
    latest_date: date | None
    evidence: int | None


def progress_of(indicator: WithAnnotations[Indicator, IndicatorValues]) -> IndicatorProgress:
    """An indicator annotated by ``with_values``, with its value: the latest measurement, else its evidence."""
    if indicator.latest_value is not None:
        return IndicatorProgress(indicator=indicator, value=indicator.latest_value,
                                 value_date=indicator.latest_date, summed=False)
    return IndicatorProgress(indicator=indicator, value=indicator.evidence, value_date=None,
                             summed=indicator.evidence is not None)


def indicators_of(plan: Plan) -> list[IndicatorProgress]:
    """The plan's indicators in plan order, each with its value, in one query.

    The plan's own indicators come first, then goal by goal: the goal's own, then its
    activities'. ``activity_title`` and ``goal_title`` say where each one sits.
    """
    from holos.plans.models import Activity, Goal

    indicators = with_values(
        Indicator.objects.filter(
            Q(activity__in=Activity.objects.filter(plan=plan).values("pk"))
            | Q(goal__in=Goal.objects.filter(plan=plan).values("pk"))
            | Q(plan=plan)
        ).annotate(
            activity_title=F("activity__title"),
            goal_title=Coalesce(F("goal__title"), F("activity__task__goal__title")),
            goal_position=Coalesce(F("goal__position"), F("activity__task__goal__position")),
            goal_key=Coalesce(F("goal_id"), F("activity__task__goal_id")),
        )
    ).order_by(F("goal_position").asc(nulls_first=True), F("goal_key").asc(nulls_first=True),
               F("activity_id").asc(nulls_first=True), "activity__task__position", "activity__task_id",
               "activity__position", "position", "id")
    return [progress_of(indicator) for indicator in indicators]


def month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def within(occurrences: QuerySet, first: date | None, last: date | None) -> QuerySet:
    """The occurrences due in the months ``first`` … ``last`` (first days of months; either may be None)."""
    if first is not None:
        occurrences = occurrences.filter(due__gte=first)
    if last is not None:
        occurrences = occurrences.filter(due__lt=month_after(last))
    return occurrences


def plan_progress(plan: Plan, today: date, *, first: date | None = None, last: date | None = None) -> PlanProgress:
    """Everything the plan's dashboard shows, in five queries whatever the plan's size.

    With ``first`` and ``last`` (months), only the work due in those months is counted.
    """
    occurrences = within(Occurrence.objects.filter(plan=plan), first, last)
    period = (months_between(first, last) if first and last
              else period_months(plan.period_start, plan.period_end))
    months = months_of(occurrences, today, period=period)
    return PlanProgress(
        plan=plan,
        today=today,
        months=months,
        totals=_sum(months),
        units=groups_of(occurrences, "units", today),
        channels=groups_of(occurrences, "channels", today),
        audiences=groups_of(occurrences, "audiences", today),
        indicators=indicators_of(plan),
    )


def organization_summary(organization, today: date, *, first: date | None = None,
                         last: date | None = None) -> OrganizationSummary:
    """Totals by month and by plan over all the organisation's work, in three queries at most.

    The organisation's plans, then its work by plan and month from the rows the database
    keeps per plan and month (``WorkCounter``: one query, and one more for the days of the
    month in progress before today); the totals by month and by plan are the sums of those
    few rows (plans × months), so no occurrence is read. Plans without occurrences are
    listed with zeros, and so are the months between the first and the last month with
    work. With ``first`` and ``last`` (months), only the work due in those months is
    counted, and each of those months is listed.
    """
    plans = list(Plan.objects.filter(organization=organization).values_list("pk", "title"))
    counter = WorkCounter(plans=[pk for pk, _title in plans], today=today, first=first, last=last)
    # Summed as lists of five numbers: a Counts made for each of some hundreds of sums costs as much as the query.
    by_month: dict[date, list[int]] = {}
    by_plan: dict[int, list[int]] = {}
    for plan, month, numbers in counter.numbers(F("plan_id"), monthly=True):
        if month is None:  # never, as the rows are monthly; the type checker cannot know it
            continue
        for total in (by_month.setdefault(month, [0] * 5), by_plan.setdefault(plan, [0] * 5)):
            for column, number in enumerate(numbers):
                total[column] += number
    if first and last:
        for month in months_between(first, last):
            by_month.setdefault(month, [0] * 5)
    elif by_month:
        for month in months_between(min(by_month), max(by_month)):
            by_month.setdefault(month, [0] * 5)
    months = [MonthCounts(month=month, **_named(by_month[month])) for month in sorted(by_month)]
    plan_rows = [PlanCounts(pk=pk, title=title, **_named(by_plan.get(pk, [0] * 5))) for pk, title in plans]
    return OrganizationSummary(today=today, months=months, plans=plan_rows, totals=_sum(months))


@dataclass
class WorkCounter:
    """Work of many plans, counted from the rows the database keeps per plan and month (``OccurrenceMonth``).

    Open work of a month before today's is overdue, of a month after it coming; the month
    in progress is split at today by the day tally (``OccurrenceTally``), of which only
    this month's days before today are read. So the figures equal a count of every
    occurrence, while the queries read a row per plan and month. ``plans`` is a subquery
    of plan ids or a list of them; ``first`` and ``last`` (first days of months) keep only
    the work due in those months.
    """

    plans: Any
    today: date
    first: date | None = None
    last: date | None = None
    _overdue_now: dict[str, dict[Any, int]] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def this_month(self) -> date:
        return self.today.replace(day=1)

    def month_rows(self) -> QuerySet[OccurrenceMonth]:
        rows = OccurrenceMonth.objects.filter(plan__in=self.plans)
        if self.first is not None:
            rows = rows.filter(month__gte=self.first)
        if self.last is not None:
            rows = rows.filter(month__lte=self.last)
        return rows

    def _today_counted(self) -> bool:
        """Whether the month in progress is among the months counted and has days before today."""
        return (self.today > self.this_month and (self.first is None or self.first <= self.this_month)
                and (self.last is None or self.this_month <= self.last))

    def overdue_now(self, key: Any = None) -> dict[Any, int]:
        """Open work due this month before today, by the value of ``key`` (all of it under None), read once."""
        name = repr(key)
        if name not in self._overdue_now:
            if not self._today_counted():
                found: dict[Any, int] = {}
            elif key is None and self._overdue_now:
                # Every grouping of the same days adds up to the same whole: no query for it.
                found = {None: sum(next(iter(self._overdue_now.values())).values())}
            else:
                days = OccurrenceTally.objects.filter(plan__in=self.plans, status__in=OPEN_STATUSES,
                                                      due__gte=self.this_month, due__lt=self.today)
                if key is None:
                    found = {None: days.aggregate(overdue=Sum("count"))["overdue"] or 0}
                else:
                    found = dict(days.values(key=key).annotate(overdue=Sum("count")).order_by()
                                 .values_list(*("key", "overdue")))
            self._overdue_now[name] = found
        return self._overdue_now[name]

    def totals(self, key: Any = None, *, only: Q | None = None) -> list[tuple[Any, Counts]]:
        """(value of ``key``, counts) of the work of all the months counted; see ``numbers``."""
        return [(value, Counts(*numbers)) for value, _month, numbers in self.numbers(key, only=only)]

    def months(self, key: Any = None, *, only: Q | None = None) -> list[tuple[Any, date, Counts]]:
        """(value of ``key``, month, counts) of the work, month by month; see ``numbers``."""
        return [(value, month, Counts(*numbers)) for value, month, numbers in self.numbers(key, monthly=True,
                                                                                         only=only) if month]

    def numbers(self, key: Any = None, *, monthly: bool = False, only: Q | None = None
                ) -> list[tuple[Any, date | None, tuple[int, int, int, int, int]]]:
        """(value of ``key``, month, (planned, done, skipped, overdue, coming)) of the work, in one query.

        ``key`` is an expression over the plan, such as ``F("plan__organization_id")``;
        without it, all the work is one group (its value None). ``monthly`` groups by month
        too (month None otherwise). ``only`` keeps some of the groups (the organisations of
        a page): it must pick whole groups of ``key``, as the days of this month are looked
        up by it (one more query, once for the counter, when today's month is counted).
        """
        months = ["month"] if monthly else []
        group = {} if key is None else {"key": key}
        sums = {"all": Sum("planned"), "done_work": Sum("done"), "skipped_work": Sum("skipped"),
                "open": Sum("open_work"), "past_open": Sum("open_work", filter=Q(month__lt=self.this_month))}
        selected = self.month_rows().filter(only or Q())
        rows: Iterable[tuple]
        if months or group:
            rows = selected.values(*months, **group).annotate(**sums).order_by().values_list(*months, *group, *sums)
        else:
            whole = selected.aggregate(**sums)
            rows = [tuple(whole[name] for name in sums)] if whole["all"] is not None else []
        overdue_now = self.overdue_now(key)
        this_month = self.this_month
        found = []
        for row in rows:
            month = row[0] if monthly else None
            value = row[len(months)] if key is not None else None
            planned, done, skipped, open_work, past_open = (n or 0 for n in row[-5:])
            overdue = past_open
            if month is None or month == this_month:
                overdue += overdue_now.get(value, 0)
            found.append((value, month, (planned, done, skipped, overdue, open_work - overdue)))
        return found
