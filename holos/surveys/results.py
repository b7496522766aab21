"""Results of a survey: counts and percentages per question, computed by the database.

Whatever the number of responses, the results take a fixed number of queries: the
questions with their options, the number of responses, counts per option, and counts
with averages per question. Nothing loops over responses in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from holos.charts import Share, share_chart
from holos.surveys.models import (
    COUNTED_KINDS,
    SCALE_POINTS,
    TEXT_KINDS,
    Answer,
    IndicatorLink,
    LocalText,
    Metric,
    Question,
    QuestionKind,
    Response,
    Survey,
    current_language,
)


@dataclass(frozen=True)
class Period:
    """Days from ``since`` to ``until``, both included, in the current time zone."""

    since: date | None = None
    until: date | None = None

    def _bounds(self) -> tuple[datetime | None, datetime | None]:
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.since, time.min, tzinfo=zone) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=zone) if self.until else None
        return start, end

    def responses(self, survey: Survey) -> QuerySet[Response]:
        start, end = self._bounds()
        queryset = Response.objects.counted().filter(survey=survey)
        if start:
            queryset = queryset.filter(submitted_at__gte=start)
        if end:
            queryset = queryset.filter(submitted_at__lt=end)
        return queryset

    def answers(self, questions) -> QuerySet[Answer]:
        start, end = self._bounds()
        queryset = Answer.objects.filter(question__in=questions, response__discounted_at__isnull=True)
        if start:
            queryset = queryset.filter(response__submitted_at__gte=start)
        if end:
            queryset = queryset.filter(response__submitted_at__lt=end)
        return queryset


@dataclass
class OptionRow:
    label: LocalText | str
    count: int
    percent: float | None

    @property
    def percent_text(self) -> str:
        return format_percent(self.percent)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[OptionRow] = field(default_factory=list)
    average: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    chart: SafeString | str = ""

    @property
    def is_text(self) -> bool:
        return self.question.kind in TEXT_KINDS


@dataclass
class SurveyResults:
    survey: Survey
    period: Period
    responses: int
    questions: list[QuestionResult]


def _percent(count: int, total: int) -> float | None:
    return 100.0 * count / total if total else None


def format_percent(value: float | None) -> str:
    if value is None:
        return "—"
    return _("%(percent)s%%") % {"percent": formats.number_format(value, 1)}


def compute_results(survey: Survey, *, period: Period | None = None, include_text: bool = True) -> SurveyResults:
    """Counts per option and per question for the responses of the period."""
    period = period or Period()
    questions = list(survey.questions.prefetch_related("choices").order_by("position", "id"))
    if not include_text:
        questions = [q for q in questions if q.kind not in TEXT_KINDS]
    responses = period.responses(survey).count()
    by_id = {q.pk: q for q in questions}
    results = {q.pk: QuestionResult(question=q) for q in questions}
    if questions and responses:
        answers = period.answers(questions).order_by()
        counted = [q.pk for q in questions if q.kind in COUNTED_KINDS]
        option_counts: dict[tuple[int, object], int] = {}
        if counted:
            for row in (answers.filter(question_id__in=counted).values("question_id", "choice_id", "number")
                        .annotate(n=Count("id"))):
                key = row["choice_id"] if row["choice_id"] is not None else row["number"]
                option_counts[(row["question_id"], key)] = row["n"]
        multiple = [q.pk for q in questions if q.kind == QuestionKind.MULTIPLE]
        for row in (answers.values("question_id")
                    .annotate(n=Count("id"), average=Avg("number"), low=Min("number"), high=Max("number"))):
            result = results[row["question_id"]]
            result.answered = row["n"]
            if by_id[row["question_id"]].kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
                result.average, result.minimum, result.maximum = row["average"], row["low"], row["high"]
        if multiple:
            # A person who ticks three options answered once.
            for row in (answers.filter(question_id__in=multiple).values("question_id")
                        .annotate(n=Count("response_id", distinct=True))):
                results[row["question_id"]].answered = row["n"]
        for question in questions:
            _fill_rows(results[question.pk], option_counts)
    else:
        for question in questions:
            _fill_rows(results[question.pk], {})
    return SurveyResults(survey=survey, period=period, responses=responses,
                         questions=[results[q.pk] for q in questions])


def _fill_rows(result: QuestionResult, option_counts: dict[tuple[int, object], int]) -> None:
    question = result.question
    options: list[tuple[str | LocalText, float | int]]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = [(c.text_shown, c.pk) for c in question.choices.all()]
    elif question.kind == QuestionKind.SCALE:
        options = [(str(n), float(n)) for n in SCALE_POINTS]
    elif question.kind == QuestionKind.YES_NO:
        options = [(_("Yes"), 1.0), (_("No"), 0.0)]
    else:
        return
    result.rows = [
        OptionRow(label=label, count=option_counts.get((question.pk, key), 0),
                  percent=_percent(option_counts.get((question.pk, key), 0), result.answered))
        for label, key in options
    ]
    result.chart = bar_chart(question, result.rows)


# Charts


def bar_chart(question: Question, rows: list[OptionRow]) -> SafeString:
    """The question's options as bars of their shares, drawn by the charts of every page."""
    summary = "; ".join(
        _("%(option)s: %(count)s (%(percent)s)") % {
            "option": row.label, "count": formats.number_format(row.count), "percent": format_percent(row.percent)}
        for row in rows
    )
    language = current_language()
    shares = [Share(label=str(row.label), lang=getattr(row.label, "lang", language),
                    value=f"{formats.number_format(row.count)} ({format_percent(row.percent)})", percent=row.percent)
              for row in rows]
    return share_chart(shares, chart_id=f"chart-{question.pk}", title=str(question.text_shown), description=summary)


# Indicators


def indicator_value(link: IndicatorLink, *, responses: int | None = None) -> float | None:
    """The value a linked indicator gets from all responses, or None while there is none."""
    if link.metric == Metric.RESPONDENTS:
        return float(responses if responses is not None else link.survey.responses.counted().count())
    if link.question_id is None:
        return None
    answers = Answer.objects.filter(question_id=link.question_id, number__isnull=False,
                                    response__discounted_at__isnull=True)
    if link.metric == Metric.AVERAGE:
        return answers.aggregate(value=Avg("number"))["value"]
    wanted = Q(number__gte=4) if link.metric == Metric.TOP_TWO else Q(number=1)
    row = answers.aggregate(total=Count("id"), chosen=Count("id", filter=wanted))
    if not row["total"]:
        return None
    return round(100.0 * row["chosen"] / row["total"], 1)
