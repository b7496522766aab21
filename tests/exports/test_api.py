"""What the web layer and the CLI rely on: formats, labels in three languages, words importers know."""

from __future__ import annotations

import dataclasses
import gettext
import re

import pytest

from holos.core.document import Activity, Goal, Period, Plan, Task
from holos.core.importers.headers import role_of, time_label
from holos.core.schedule import Schedule
from holos.exports import (
    _WORDS,
    CALENDAR,
    CONTENT_TYPES,
    EXTENSIONS,
    FORMAT_NAMES,
    FORMATS,
    LOCALE_DIR,
    PLAN_FILES,
    PUBLIC_FILES,
    ExportError,
    Labels,
    export_plan,
    plan_columns,
)
from tests.exports import seed_plan

ROLES = {
    "number": "number", "activity": "activity", "audiences": "audience", "channels": "channels",
    "responsible": "responsible", "result": "result", "resources": "resources", "schedule": "period",
    "indicators": "indicators",
}


def test_every_format_has_a_content_type_an_extension_and_a_name():
    assert set(FORMATS) == {"docx", "xlsx", "pdf", "csv", "json"}
    assert set(PLAN_FILES) == set(CONTENT_TYPES) == set(EXTENSIONS) == set(FORMAT_NAMES) == {*FORMATS, CALENDAR}
    assert set(PUBLIC_FILES) < set(PLAN_FILES)
    assert EXTENSIONS["docx"] == ".docx"
    assert CONTENT_TYPES["pdf"] == "application/pdf"
    assert CONTENT_TYPES[CALENDAR].startswith("text/calendar")


@pytest.mark.parametrize("language", ["uk", "cs"])
def test_every_word_of_an_export_is_translated_in_the_message_catalogue(language):
    catalogue = gettext.translation("django", LOCALE_DIR, languages=[language])  # fails when not compiled
    for value in _WORDS.values():
        for context, message in value if isinstance(value[0], tuple) else (value,):
            words = re.sub(r"%\(\w+\)s", "", message)
            if re.search(r"[A-Za-z]{2}", words):
                assert catalogue.pgettext(context, message) != message, (context, message)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_bytes(fmt):
    data = export_plan(seed_plan("000", 1), fmt)
    assert isinstance(data, bytes) and data


def test_an_unknown_format_is_refused():
    with pytest.raises(ExportError, match="unknown export format 'odt'"):
        export_plan(seed_plan("000", 0), "odt")


def test_labels_default_to_ukrainian():
    assert Labels.for_language("uk").activity == "Назва активності"
    assert Labels.for_language("en").activity == "Activity"
    assert Labels.for_language("cs").activity == "Aktivita"
    assert Labels.for_language("pl") == Labels.for_language("uk")
    assert Labels.for_language(None) == Labels.for_language("uk")
    assert Labels.for_language("en-GB") == Labels.for_language("en")


def test_labels_can_be_replaced_by_translated_ones():
    labels = dataclasses.replace(Labels.for_language("en"), activity="Activities (translated)")
    columns = plan_columns(seed_plan("000", 0), labels)
    assert columns[1].label == "Activities (translated)"


@pytest.mark.parametrize("language", ["uk", "en", "cs"])
def test_column_headers_use_words_the_importers_recognise(language):
    labels = Labels.for_language(language)
    for field, role in ROLES.items():
        assert role_of(getattr(labels, field)) == role, getattr(labels, field)


@pytest.mark.parametrize("language", ["uk", "en", "cs"])
def test_month_and_quarter_headers_are_read_as_such(language):
    labels = Labels.for_language(language)
    for month in range(1, 13):
        column = time_label(labels.time_label(f"2024-{month:02d}"))
        assert (column.month, column.year) == (month, 2024), labels.time_label(f"2024-{month:02d}")
    for quarter in range(1, 5):
        column = time_label(labels.time_label(f"2024-Q{quarter}"))
        assert (column.quarter, column.year) == (quarter, 2024), labels.time_label(f"2024-Q{quarter}")


@pytest.mark.parametrize("language", ["uk", "en", "cs"])
def test_placeholders_are_named_and_filled(language):
    labels = Labels.for_language(language)
    assert "27.11.2020" in labels.appendix % {"approval": "розпорядження від 27.11.2020 № 211"}
    assert labels.page % {"n": 2, "total": 5} in ("Сторінка 2 з 5", "Page 2 of 5", "Strana 2 z 5")
    assert labels.goal_numbered % {"n": 3} != labels.goal


def test_the_grid_has_months_or_schedule_words_as_the_plan_does():
    calendar = [column.key for column in plan_columns(seed_plan("000", 0), Labels.for_language("uk"))]
    assert calendar.count("time") == 6 and "schedule" not in calendar
    thematic = [column.key for column in plan_columns(seed_plan("001", 0), Labels.for_language("uk"))]
    assert "time" not in thematic and "schedule" in thematic
    # Month marks were lost in seed 004's operational plan: an empty month grid to fill in.
    operational = [column.key for column in plan_columns(seed_plan("004", 1), Labels.for_language("uk"))]
    assert operational.count("time") == 12 and "indicators" in operational


def test_the_exports_do_not_need_django():
    import subprocess
    import sys

    code = ("import sys; from holos.exports import export_plan; from holos.core.document import Plan; "
            "[export_plan(Plan(title='П'), f) for f in ('docx', 'xlsx', 'pdf', 'csv', 'json')]; "
            "assert 'django' not in sys.modules, 'django was imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def long_plan(end: str) -> Plan:
    activity = Activity(title="Щомісячна зустріч", schedule=Schedule(text="x x", kind="slots",
                                                                     slots=["2024-03", "2026-11"]))
    return Plan(title="Довгий план", period=Period(start="2024-01", end=end),
                goals=[Goal(title="Ціль", tasks=[Task(title="Завдання", activities=[activity])])])


def test_a_page_shows_three_years_by_month_and_longer_periods_by_quarter():
    labels = Labels.for_language("uk")
    three_years = plan_columns(long_plan("2026-12"), labels)
    assert sum(column.is_time for column in three_years) == 36
    assert sum(column.width for column in three_years) <= 26.7 + 0.01
    four_years = plan_columns(long_plan("2027-12"), labels)
    quarters = [column.slot for column in four_years if column.is_time]
    assert quarters[0] == "2024-Q1" and quarters[-1] == "2027-Q4" and len(quarters) == 16
    assert sum(column.width for column in four_years) <= 26.7 + 0.01
    # A spreadsheet keeps every month however wide it grows.
    sheet = plan_columns(long_plan("2027-12"), labels, fit_page=False)
    assert sum(column.is_time for column in sheet) == 48


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_a_ten_year_plan_still_exports(fmt):
    assert export_plan(long_plan("2033-12"), fmt)
