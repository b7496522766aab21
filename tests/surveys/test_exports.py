"""Responses downloaded as CSV (streamed) and XLSX, with formulas made harmless."""

import csv
import io
from datetime import datetime

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from holos.surveys.models import QuestionKind
from tests.surveys.test_results import add_response


def _csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_csv_has_a_row_per_response_and_a_column_per_question(survey, as_user, world):
    zone = timezone.get_current_timezone()
    first = add_response(survey, scale=5, yes=1, single=1, multiple=(0, 2), number=12.5, text="Дякую",
                         when=datetime(2025, 3, 1, 10, 15, tzinfo=zone))
    second = add_response(survey, scale=2, yes=0, when=datetime(2025, 3, 2, 9, 0, tzinfo=zone))
    empty = add_response(survey, when=datetime(2025, 3, 3, 9, 0, tzinfo=zone))
    client = as_user(world.officer)
    response = client.get(reverse("survey_export", args=[world.community.slug, survey.pk, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="survey-' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][3] == "Наскільки ви задоволені?"
    assert len(rows[0]) == 3 + survey.questions.count()
    assert rows[1] == [str(first.pk), "2025-03-01 10:15:00", "uk", "5", "Так", "Телеграм", "Паспорт; Реєстрація",
                       "12.5", "", "Дякую"]
    assert rows[2][:5] == [str(second.pk), "2025-03-02 09:00:00", "uk", "2", "Ні"]
    assert rows[3] == [str(empty.pk), "2025-03-03 09:00:00", "uk", "", "", "", "", "", "", ""]
    filtered = _csv(client.get(reverse("survey_export", args=[world.community.slug, survey.pk, "csv"]),
                               {"since": "2025-03-02", "until": "2025-03-02"}))
    assert [row[0] for row in filtered[1:]] == [str(second.pk)]


def test_cells_that_a_spreadsheet_would_run_are_neutralised(survey, as_user, world):
    for text in ("=HYPERLINK(\"http://evil\")", "+1+2", "-3", "@SUM(A1)", "звичайний текст"):
        add_response(survey, scale=3, text=text)
    client = as_user(world.officer)
    rows = _csv(client.get(reverse("survey_export", args=[world.community.slug, survey.pk, "csv"])))
    texts = [row[-1] for row in rows[1:]]
    assert texts == ["'=HYPERLINK(\"http://evil\")", "'+1+2", "'-3", "'@SUM(A1)", "звичайний текст"]

    xlsx = client.get(reverse("survey_export", args=[world.community.slug, survey.pk, "xlsx"]))
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    sheet = workbook.active
    values = [row[-1].value for row in sheet.iter_rows(min_row=2)]
    assert values == texts
    assert all(row[-1].data_type == "s" for row in sheet.iter_rows(min_row=2))


def test_xlsx_holds_the_same_rows(survey, as_user, world):
    zone = timezone.get_current_timezone()
    add_response(survey, scale=4, yes=1, single=0, multiple=(1,), number=3,
                 when=datetime(2025, 5, 1, 12, 0, tzinfo=zone))
    client = as_user(world.admin)
    xlsx = client.get(reverse("survey_export", args=[world.community.slug, survey.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == 2
    assert rows[1][1] == datetime(2025, 5, 1, 12, 0, tzinfo=zone).replace(tzinfo=None)
    assert rows[1][3:8] == [4, "Так", "Сайт", "Субсидія", 3]
    assert survey.questions.filter(kind=QuestionKind.SCALE).get().text["uk"] == rows[0][3]


def test_unknown_formats_are_not_found(survey, as_user, world):
    client = as_user(world.officer)
    assert client.get(reverse("survey_export", args=[world.community.slug, survey.pk, "pdf"])).status_code == 404
