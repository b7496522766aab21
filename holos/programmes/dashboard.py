"""A programme's figures across its organisations, counted by the database in a fixed number of queries.

Organisations × months (planned, done, overdue) come from one aggregate query over the
occurrences of the shared plans, grouped by organisation and month; the gaps of each
organisation's plans (activities without a responsible unit or an indicator, plans
without a feedback loop) from two more; the programme's indicators from one. Python only
lays these rows side by side, so the page asks the same number of queries for three
organisations and for a thousand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth

from holos.plans.models import Activity, ActivityUnit, EngagementLevel, Indicator
from holos.programmes.models import Aggregate, IndicatorDefinition, Programme
from holos.programmes.sharing import active_participations, shared_plans
from holos.work.dashboard import Counts, count_columns, months_between, progress_of, with_values
from holos.work.models import Occurrence

# Levels of involvement that ask residents something back: a plan with one of them, or
# with a survey on one of its activities, has a feedback loop.
LISTENING_LEVELS = (EngagementLevel.CONSULT, EngagementLevel.INVOLVE, EngagementLevel.COLLABORATE,
                    EngagementLevel.EMPOWER)


@dataclass
class OrganizationRow:
    pk: int
    name: str
    plans: int = 0
    totals: Counts = field(default_factory=Counts)
    months: dict[date, Counts] = field(default_factory=dict)
    activities: int = 0
    without_owner: int = 0
    without_measure: int = 0
    without_feedback: int = 0
    month_cells: list[Counts] = field(default_factory=list)

    @property
    def done_percent(self) -> int | None:
        return self.totals.done_percent

    @property
    def planned(self) -> int:
        return self.totals.planned

    @property
    def done(self) -> int:
        return self.totals.done

    @property
    def overdue(self) -> int:
        return self.totals.overdue

    @property
    def has_gaps(self) -> bool:
        return bool(self.without_owner or self.without_measure or self.without_feedback)

    def cells(self, months: list[date]) -> list[Counts]:
        return [self.months.get(month, Counts()) for month in months]


@dataclass
class DefinitionFigure:
    """A programme indicator across organisations: summed or averaged over the indicators that use it."""

    definition: IndicatorDefinition
    value: float | None
    indicators: int
    organizations: int


@dataclass
class ProgrammeSummary:
    today: date
    months: list[date]
    rows: list[OrganizationRow]
    totals: Counts
    month_totals: list[Counts]
    indicators: list[DefinitionFigure]

    @property
    def with_gaps(self) -> list[OrganizationRow]:
        return [row for row in self.rows if row.has_gaps]


# The columns of the comparison table a person may sort by, and how each is read from a row.
SORTS = {
    "name": lambda row: row.name.casefold(),
    "plans": lambda row: row.plans,
    "planned": lambda row: row.planned,
    "done": lambda row: row.done,
    "overdue": lambda row: row.overdue,
    "percent": lambda row: -1 if row.done_percent is None else row.done_percent,
    "owners": lambda row: row.without_owner,
    "measures": lambda row: row.without_measure,
    "feedback": lambda row: row.without_feedback,
}


def sort_rows(rows: list[OrganizationRow], sort: str) -> tuple[list[OrganizationRow], str, bool]:
    """Rows sorted by ``sort`` ("overdue", or "-overdue" for the largest first); unknown sorts sort by name."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, descending = "name", False
    ordered = sorted(rows, key=lambda row: (SORTS[key](row), row.name.casefold(), row.pk), reverse=descending)
    return ordered, key, descending


def programme_summary(programme: Programme, today: date) -> ProgrammeSummary:
    """Everything the programme's dashboard shows, in six queries whatever the number of organisations."""
    rows = {pk: OrganizationRow(pk=pk, name=name) for pk, name in
            active_participations(programme).order_by("organization__name").values_list(
                "organization_id", "organization__name")}
    plans = shared_plans(programme)
    plan_ids = plans.values("pk")
    for row in plans.values("organization_id").annotate(count=Count("pk")).order_by():
        if row["organization_id"] in rows:
            rows[row["organization_id"]].plans = row["count"]
    by_month: dict[date, Counts] = {}
    for row in (Occurrence.objects.filter(plan_id__in=plan_ids)
                .annotate(month=TruncMonth("due"))
                .values("month", organization=F("plan__organization_id"))
                .annotate(**count_columns(today))
                .order_by()):
        counts = Counts(**{k: row[k] for k in ("planned", "done", "skipped", "overdue", "coming")})
        org_row = rows.get(row["organization"])
        if org_row is None:
            continue
        org_row.months[row["month"]] = counts
        org_row.totals = org_row.totals + counts
        by_month[row["month"]] = by_month.get(row["month"], Counts()) + counts
    _count_gaps(rows, plan_ids)
    months = months_between(min(by_month), max(by_month)) if by_month else []
    month_totals = [by_month.get(month, Counts()) for month in months]
    total = Counts()
    for counts in month_totals:
        total = total + counts
    return ProgrammeSummary(today=today, months=months, rows=list(rows.values()), totals=total,
                            month_totals=month_totals, indicators=definition_figures(programme, plan_ids))


def _count_gaps(rows: dict[int, OrganizationRow], plan_ids) -> None:
    """Activities without an owner or a measure, and plans without a feedback loop, per organisation."""
    activities = (
        Activity.objects.filter(plan_id__in=plan_ids)
        .annotate(has_owner=Exists(ActivityUnit.objects.filter(activity=OuterRef("pk"))),
                  has_measure=Exists(Indicator.objects.filter(activity=OuterRef("pk"))))
        .values(organization=F("plan__organization_id"))
        .annotate(activities=Count("pk"),
                  without_owner=Count("pk", filter=Q(has_owner=False)),
                  without_measure=Count("pk", filter=Q(has_measure=False)))
        .order_by()
    )
    for row in activities:
        org_row = rows.get(row["organization"])
        if org_row is not None:
            org_row.activities = row["activities"]
            org_row.without_owner = row["without_owner"]
            org_row.without_measure = row["without_measure"]
    listening = (
        Activity.objects.filter(plan_id__in=plan_ids)
        .filter(Q(level__in=LISTENING_LEVELS) | Q(surveys__isnull=False))
        .values("plan_id")
    )
    from holos.plans.models import Plan

    for row in (Plan.objects.filter(pk__in=plan_ids).exclude(pk__in=listening)
                .values("organization_id").annotate(count=Count("pk")).order_by()):
        org_row = rows.get(row["organization_id"])
        if org_row is not None:
            org_row.without_feedback = row["count"]


def definition_figures(programme: Programme, plan_ids) -> list[DefinitionFigure]:
    """Each programme indicator with the sum or the average of the shared indicators that use it, in two queries."""
    definitions = list(programme.indicator_definitions.all())
    indicators = with_values(
        Indicator.objects.filter(definition__programme=programme)
        .filter(Q(activity__plan_id__in=plan_ids) | Q(goal__plan_id__in=plan_ids) | Q(plan_id__in=plan_ids))
        .annotate(organization=_organization_of_indicator())
    )
    values: dict[int, list[float]] = defaultdict(list)
    organizations: dict[int, set[int]] = defaultdict(set)
    counted: dict[int, int] = defaultdict(int)
    for indicator in indicators:
        counted[indicator.definition_id] += 1
        value = progress_of(indicator).value
        if value is not None:
            values[indicator.definition_id].append(value)
            organizations[indicator.definition_id].add(indicator.organization)
    figures = []
    for definition in definitions:
        found = values.get(definition.pk, [])
        if not found:
            value = None
        elif definition.aggregate == Aggregate.AVERAGE:
            value = sum(found) / len(found)
        else:
            value = sum(found)
        figures.append(DefinitionFigure(definition=definition, value=value, indicators=counted.get(definition.pk, 0),
                                        organizations=len(organizations.get(definition.pk, ()))))
    return figures


def _organization_of_indicator():
    from django.db.models.functions import Coalesce

    return Coalesce(F("activity__plan__organization_id"), F("goal__plan__organization_id"),
                    F("plan__organization_id"))
