"""Responses as rows for CSV and XLSX, read from the database in constant memory.

Responses and answers are read by two ordered cursors side by side (a merge on the
response id), so a survey of any size is exported with one chunk of each in memory.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from holos.surveys.models import CHOICE_KINDS, TEXT_KINDS, Question, QuestionKind, Survey
from holos.surveys.results import Period

CHUNK = 2000
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """Text that a spreadsheet would run as a formula, made plain text with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _number(value: float | None):
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def header(questions: list[Question]) -> list[str]:
    return [_("Response"), _("Submitted"), _("Language"), *[str(q.text_shown) for q in questions]]


def response_rows(survey: Survey, period: Period | None = None) -> Iterator[list]:
    """The header, then one row per response: its number, time, language and one cell per question."""
    period = period or Period()
    questions = list(survey.questions.prefetch_related("choices").order_by("position", "id"))
    yield header(questions)
    columns = {q.pk: i for i, q in enumerate(questions)}
    kinds = {q.pk: q.kind for q in questions}
    choice_labels = {c.pk: str(c.text_shown) for q in questions if q.kind in CHOICE_KINDS for c in q.choices.all()}
    yes_no: dict[float | None, str] = {1.0: _("Yes"), 0.0: _("No")}
    zone = timezone.get_current_timezone()

    responses = (period.responses(survey).order_by("id").values_list("id", "submitted_at", "language")
                 .iterator(chunk_size=CHUNK))
    answers = (period.answers(questions).order_by("response_id", "id")
               .values_list("response_id", "question_id", "choice_id", "number", "text")
               .iterator(chunk_size=CHUNK))
    pending = next(answers, None)
    for response_id, submitted_at, language in responses:
        cells: list = [""] * len(questions)
        while pending is not None and pending[0] < response_id:
            pending = next(answers, None)
        while pending is not None and pending[0] == response_id:
            _rid, question_id, choice_id, number, text = pending
            column = columns[question_id]
            kind = kinds[question_id]
            if kind == QuestionKind.MULTIPLE:
                label = choice_labels.get(choice_id, "")
                cells[column] = f"{cells[column]}; {label}" if cells[column] else label
            elif kind == QuestionKind.SINGLE:
                cells[column] = choice_labels.get(choice_id, "")
            elif kind == QuestionKind.YES_NO:
                cells[column] = yes_no.get(number, "")
            elif kind in TEXT_KINDS:
                cells[column] = text
            else:
                cells[column] = _number(number)
            pending = next(answers, None)
        yield [response_id, timezone.localtime(submitted_at, zone).replace(tzinfo=None, microsecond=0),
               language, *cells]


class _Echo:
    """A file-like object whose ``write`` returns what it is given, for a streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(survey: Survey, period: Period | None = None) -> Iterator[str]:
    """CSV text, a row at a time, starting with a byte-order mark so spreadsheets read UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in response_rows(survey, period):
        yield writer.writerow([neutralize(cell.isoformat(sep=" ") if hasattr(cell, "isoformat") else cell)
                               for cell in row])


def xlsx_file(survey: Survey, period: Period | None = None):
    """An XLSX workbook written row by row (openpyxl's write-only mode) into a temporary file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Responses")[:31])
    for row in response_rows(survey, period):
        sheet.append([neutralize(cell) for cell in row])
    target = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(target)
    target.seek(0)
    return target
