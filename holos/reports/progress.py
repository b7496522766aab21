"""What a progress report says, computed with aggregate queries over a period's occurrences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum

from holos.plans.models import ActivityUnit, Indicator
from holos.work.models import OPEN_STATUSES, Attachment, Occurrence

NUMBERS = ("people_reached", "participants", "publications")


def period_bounds(kind: str, year: int, index: int) -> tuple[date, date]:
    """The first and last day of a quarter (1–4), half-year (1–2) or year."""
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    months = 3 if kind == "quarter" else 6
    first_month = (index - 1) * months + 1
    starts = date(year, first_month, 1)
    last_month = first_month + months - 1
    following = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    return starts, following - timedelta(days=1)


@dataclass
class Row:
    name: str
    planned: int
    done: int
    skipped: int
    open: int

    @property
    def share(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


@dataclass
class IndicatorProgress:
    text: str
    target: float | None
    unit: str
    placeholder: bool
    value: float | None

    @property
    def share(self) -> int | None:
        if self.value is None or not self.target:
            return None
        return round(100 * self.value / self.target)


@dataclass
class Progress:
    starts: date
    ends: date
    totals: Row
    by_task: list[Row] = field(default_factory=list)
    by_unit: list[Row] = field(default_factory=list)
    indicators: list[IndicatorProgress] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)


def _counts():
    return {
        "planned": Count("id"),
        "done": Count("id", filter=Q(status="done")),
        "skipped": Count("id", filter=Q(status="skipped")),
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
    }


def progress(plan, starts: date, ends: date) -> Progress:
    window = Occurrence.objects.filter(plan=plan, due__gte=starts, due__lte=ends)
    totals = window.aggregate(**_counts())
    by_task = [
        Row(name=row["activity__task__title"], planned=row["planned"], done=row["done"], skipped=row["skipped"],
            open=row["open"])
        for row in window.values("activity__task_id", "activity__task__title", "activity__task__position")
        .annotate(**_counts()).order_by("activity__task__goal__position", "activity__task__position")
    ]
    unit_names = dict(ActivityUnit.objects.filter(activity__plan=plan).values_list("unit_id", "unit__name"))
    by_unit = [
        Row(name=unit_names.get(row["activity__units"], ""), planned=row["planned"], done=row["done"],
            skipped=row["skipped"], open=row["open"])
        for row in window.filter(activity__units__isnull=False).values("activity__units")
        .annotate(**_counts()).order_by("activity__units")
    ]
    by_unit.sort(key=lambda r: r.name)
    numbers = window.filter(status="done").aggregate(**{n: Sum(n) for n in NUMBERS})
    indicators = []
    for indicator in Indicator.objects.filter(activity__plan=plan).order_by("activity__position", "position"):
        value = None
        measurement = indicator.measurements.filter(date__lte=ends).order_by("-date", "-id").first()
        if measurement is not None:
            value = measurement.value
        elif indicator.source_metric in NUMBERS:
            value = Occurrence.objects.filter(
                activity__in=indicator.source_activities.all(), status="done", due__lte=ends
            ).aggregate(total=Sum(indicator.source_metric))["total"]
        indicators.append(IndicatorProgress(text=indicator.text, target=indicator.target, unit=indicator.unit,
                                            placeholder=indicator.placeholder, value=value))
    links = list(
        Attachment.objects.filter(occurrence__in=window, occurrence__status="done")
        .exclude(url="").order_by("created_at").values_list("occurrence__activity__title", "url")[:20]
    )
    return Progress(
        starts=starts, ends=ends,
        totals=Row(name="", planned=totals["planned"], done=totals["done"], skipped=totals["skipped"],
                   open=totals["open"]),
        by_task=by_task, by_unit=by_unit, indicators=indicators,
        numbers={n: numbers[n] or 0 for n in NUMBERS}, links=links,
    )
