"""A programme's figures across its organisations, counted by the database in a fixed number of queries.

Organisations × months (planned, done, overdue) come from the rows the database keeps per
plan and month (``OccurrenceMonth``): the database sums each organisation's totals and each
month's, and the months of the organisations a page shows, with the month in progress split
at today by the day tally (``holos.work.dashboard.WorkCounter``, four queries); the gaps of each
organisation's plans (activities without a responsible unit or an indicator, plans
without a feedback loop) from two more; the programme's indicators from one. Python only
lays these rows side by side, so the page asks the same number of queries for three
organisations and for a thousand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.core.cache import caches
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.safestring import SafeString, mark_safe

from holos.plans.models import Activity, ActivityUnit, EngagementLevel, Indicator
from holos.programmes.models import Aggregate, IndicatorDefinition, Programme
from holos.programmes.sharing import active_participations, shared_plans
from holos.work.dashboard import Counts, WorkCounter, months_between, progress_of, with_values

# Levels of involvement that ask residents something back: a plan with one of them, or
# with a survey on one of its activities, has a feedback loop.
LISTENING_LEVELS = (EngagementLevel.CONSULT, EngagementLevel.INVOLVE, EngagementLevel.COLLABORATE,
                    EngagementLevel.EMPOWER)
# The programme's work is counted by organisation.
ORGANIZATION = F("plan__organization_id")


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
    month_cells: list[SafeString] = field(default_factory=list)

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

    def cell_texts(self, months: list[date]) -> list[SafeString]:
        """Each month's "planned / done / overdue" as the page's table shows it (numbers only, so safe)."""
        return [month_cell(counts) for counts in self.cells(months)]


def month_cell(counts: Counts) -> SafeString:
    if not counts.planned:
        return mark_safe("—")
    overdue = f' / <strong class="error">{counts.overdue:d}</strong>' if counts.overdue else ""
    return mark_safe(f"{counts.planned:d} / {counts.done:d}{overdue}")  # noqa: S308 - whole numbers only


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
    counter: WorkCounter

    def fill_months(self, rows: list[OrganizationRow]) -> None:
        """Read the months of these organisations' work (one query), e.g. of the page shown."""
        by_pk = {row.pk: row for row in rows}
        for organization, month, counts in self.counter.months(ORGANIZATION,
                                                               only=Q(plan__organization_id__in=list(by_pk))):
            by_pk[organization].months[month] = counts

    @cached_property
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


def programme_summary(programme: Programme, today: date, *, with_months: bool = True) -> ProgrammeSummary:
    """Everything the programme's dashboard shows, in a fixed number of queries whatever the number of organisations.

    The work is counted by ``WorkCounter`` from the rows the database keeps per plan and
    month: the totals of every organisation (to compare and sort them) and of every month
    are summed by the database. The organisations' months are read for all of them with
    ``with_months`` (the XLSX export), else only for the rows a page shows
    (``ProgrammeSummary.fill_months``). The gaps of a plan are counted once per revision of
    it and kept (``plan_facts``).
    """
    rows = {pk: OrganizationRow(pk=pk, name=name) for pk, name in
            active_participations(programme).order_by("organization__name").values_list(
                "organization_id", "organization__name")}
    plans = list(shared_plans(programme).order_by().values_list("pk", "organization_id", "revision", "created_at"))
    for _pk, organization, _revision, _created in plans:
        if organization in rows:
            rows[organization].plans += 1
    counter = WorkCounter(plans=shared_plans(programme).values("pk"), today=today)
    for organization, counts in counter.totals(ORGANIZATION):
        if organization in rows:
            rows[organization].totals = counts
    by_month = {month: counts for _all, month, counts in counter.months()}
    _count_gaps(programme, rows, plans)
    months = months_between(min(by_month), max(by_month)) if by_month else []
    month_totals = [by_month.get(month, Counts()) for month in months]
    grand_total = Counts()
    for counts in month_totals:
        grand_total = grand_total + counts
    summary = ProgrammeSummary(today=today, months=months, rows=list(rows.values()), totals=grand_total,
                               month_totals=month_totals,
                               indicators=definition_figures(programme, [pk for pk, *_rest in plans]),
                               counter=counter)
    if with_months:
        summary.fill_months(summary.rows)
    return summary


@dataclass(frozen=True)
class PlanFacts:
    """What the gaps of one plan are made of, counted once per revision of the plan."""

    activities: int = 0
    without_owner: int = 0
    without_measure: int = 0
    listening: bool = False


FACTS_SECONDS = 7 * 24 * 3600


def plan_facts(programme: Programme, plans: list[tuple]) -> dict[int, PlanFacts]:
    """Each shared plan's facts, read from those kept for the programme; stale ones counted again in one query.

    A plan's activities, owners, indicators and levels change only with its revision
    (``Plan.revision``), so its facts are kept under it; the first view after a change
    counts the changed plans, the next ones count nothing. They are kept in the cache every
    server process shares (``HOLOS_SHARED_CACHE``), so a change is counted once, not once
    per process; as plain tuples (created, revision, activities, without an owner, without
    a measure, listening), which a thousand organisations' plans read back quickly.
    """
    key = f"holos:programme-facts:{programme.pk}"
    shared = caches["shared"]
    kept: dict[int, tuple] = shared.get(key) or {}
    stamps = {pk: (created.timestamp(), revision) for pk, _organization, revision, created in plans}
    stale = [pk for pk, stamp in stamps.items() if kept.get(pk, ())[:2] != stamp]
    if stale:
        counted = {pk: (0, 0, 0, False) for pk in stale}
        for plan_id, activities, without_owner, without_measure, listening in (
            Activity.objects.filter(plan_id__in=stale)
            .annotate(has_owner=Exists(ActivityUnit.objects.filter(activity=OuterRef("pk"))),
                      has_measure=Exists(Indicator.objects.filter(activity=OuterRef("pk"))))
            .values("plan_id")
            .annotate(activities=Count("pk"),
                      without_owner=Count("pk", filter=Q(has_owner=False)),
                      without_measure=Count("pk", filter=Q(has_measure=False)),
                      listening=Count("pk", filter=Q(level__in=LISTENING_LEVELS)))
            .order_by()
            .values_list(*("plan_id", "activities", "without_owner", "without_measure", "listening"))
        ):
            counted[plan_id] = (activities, without_owner, without_measure, listening > 0)
        kept = {pk: entry for pk, entry in kept.items() if pk in stamps}
        kept.update({pk: (*stamps[pk], *facts) for pk, facts in counted.items()})
        shared.set(key, kept, FACTS_SECONDS)
    return {pk: PlanFacts(*entry[2:]) for pk, entry in kept.items()}


def _count_gaps(programme: Programme, rows: dict[int, OrganizationRow], plans: list[tuple]) -> None:
    """Activities without an owner or a measure, and plans without a feedback loop, per organisation."""
    from holos.surveys.models import Survey

    facts = plan_facts(programme, plans)
    surveyed = set(Survey.objects.filter(activity__plan__in=shared_plans(programme).values("pk"))
                   .values_list("activity__plan_id", flat=True))
    nothing = PlanFacts()
    for pk, organization, _revision, _created in plans:
        org_row = rows.get(organization)
        if org_row is None:
            continue
        plan = facts.get(pk, nothing)
        org_row.activities += plan.activities
        org_row.without_owner += plan.without_owner
        org_row.without_measure += plan.without_measure
        org_row.without_feedback += 0 if plan.listening or pk in surveyed else 1


def definition_figures(programme: Programme, plan_ids) -> list[DefinitionFigure]:
    """Each programme indicator with the sum or the average of the shared indicators that use it, in two queries."""
    definitions = list(programme.indicator_definitions.all())
    if not definitions:
        return []
    # The indicators that name one of the programme's definitions are few: found through the
    # definitions, then kept when their plan is shared (a test of the plan's id, not a join
    # of every indicator with its plan).
    shared = set(plan_ids)
    indicators = with_values(
        # By the definitions' ids, which the planner weighs by the column's statistics
        # (few indicators name a definition), rather than through a join it cannot weigh.
        Indicator.objects.filter(definition_id__in=[definition.pk for definition in definitions])
        .annotate(plan_key=Coalesce(F("activity__plan_id"), F("goal__plan_id"), F("plan_id")),
                  organization=_organization_of_indicator())
    )
    values: dict[int, list[float]] = defaultdict(list)
    organizations: dict[int, set[int]] = defaultdict(set)
    counted: dict[int, int] = defaultdict(int)
    for indicator in indicators:
        if indicator.plan_key not in shared:
            continue
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
    return Coalesce(F("activity__plan__organization_id"), F("goal__plan__organization_id"),
                    F("plan__organization_id"))
