"""A person may overrule how the columns of a plan table were guessed, and read the file again.

``columns`` names a table by its id (its place, as ``source["tables"]`` lists it) and gives
roles by column index; those replace the guess for those columns and nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from holos.core.importers import COLUMN_ROLES, read_bytes, read_path, read_text
from holos.core.importers.headers import ROLES
from tests.core.test_import_formats import build_docx, build_xlsx

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"
SEED = SEEDS / "000_e607be4f092c3acc.txt"
CHANNELS = ["Телеграм канал", "фейсбук сторінка громади", "вайбер групи"]
PLAN = ("Communication plan of the city for 2024\n\n"
        "Activity\tChannels\tExpected result\tComment\tJan\tFeb\n"
        "Press release\twebsite\tpeople know\tcheck with mayor\tx\t\n"
        "Open day\tposters, radio\tvisitors come\t\t\tx\n")


def roles(document, table: int = 0) -> list[str]:
    return [column["role"] for column in document.source["tables"][table]["columns"]]


def test_without_choices_the_reading_is_as_before_and_lists_no_tables():
    assert read_path(SEED).source == {"file": SEED.name, "format": "text/tab-separated"}
    listed = read_path(SEED, columns={})
    plain = read_path(SEED)
    assert listed.plans == plain.plans and listed.warnings == plain.warnings
    assert set(listed.source) == {"file", "format", "tables"}


def test_the_document_lists_its_plan_tables_and_their_columns_as_guessed():
    tables = read_path(SEED, columns={}).source["tables"]
    assert [(t["id"], t["where"], t["plan"]) for t in tables] == [("line 9", "line 9", True),
                                                                  ("line 32", "line 32", True)]
    columns = tables[0]["columns"]
    assert [c["index"] for c in columns] == list(range(12))
    assert [c["role"] for c in columns] == ["activity", "audience", "channels", "responsible", "result",
                                            "resources", *["month"] * 6]
    assert columns[2]["header"] == "Канали комунікацій"
    assert columns[6]["header"] == "травень"
    assert all(c["guessed"] and c["guess"] == c["role"] for c in columns)
    assert all(c["role"] in COLUMN_ROLES for t in tables for c in t["columns"])


def test_a_column_guessed_as_result_can_be_made_the_channels():
    guessed = read_path(SEED).plans[0].activities()
    assert guessed[0].channels == CHANNELS and guessed[0].result == "Інформування населення"
    document = read_path(SEED, columns={"line 9": {4: "channels", 2: "result"}})
    first = document.plans[0].activities()[0]
    assert first.channels == ["Інформування населення"]
    assert first.result == "Телеграм канал, фейсбук сторінка громади, вайбер групи"
    assert all(a.channels != g.channels for a, g in zip(document.plans[0].activities(), guessed, strict=True))
    # The other table keeps its guess.
    assert document.plans[1].activities()[0].channels == ["Вайбер-групи", "фейсбук-сторінка", "сайт"]
    columns = document.source["tables"][0]["columns"]
    assert (columns[2]["role"], columns[2]["guessed"], columns[2]["guess"]) == ("result", False, "channels")
    assert (columns[4]["role"], columns[4]["guessed"], columns[4]["guess"]) == ("channels", False, "result")
    assert all(c["guessed"] for c in columns if c["index"] not in (2, 4))
    assert all(c["guessed"] for c in document.source["tables"][1]["columns"])


def test_a_role_taken_from_its_guessed_column_leaves_that_column_as_notes():
    document = read_path(SEED, columns={"line 9": {4: "channels"}})
    first = document.plans[0].activities()[0]
    assert first.channels == ["Інформування населення"]
    assert first.result == ""
    assert first.notes == "Канали комунікацій: " + ", ".join(CHANNELS)
    assert roles(document)[2] == "notes"
    assert any("Канали комунікацій" in w.message and "lost its role" in w.message for w in document.warnings)


def test_ignore_drops_a_column():
    document = read_text(PLAN, columns={"line 3": {1: "ignore", 3: "ignore"}})
    activities = document.plans[0].activities()
    assert [a.title for a in activities] == ["Press release", "Open day"]
    assert all(a.channels == [] and a.notes == "" for a in activities)
    assert [a.result for a in activities] == ["people know", "visitors come"]
    assert roles(document)[:4] == ["activity", "ignore", "result", "ignore"]
    guessed = read_text(PLAN)
    assert guessed.plans[0].activities()[0].notes == "Comment: check with mayor"
    assert guessed.plans[0].activities()[1].channels == ["posters", "radio"]
    # A column left out is not reported as a column that was not understood.
    assert not any("Comment" in w.message for w in document.warnings)


def test_a_month_column_left_out_is_no_longer_in_the_schedule():
    guessed = read_text(PLAN)
    assert [a.schedule.slots for a in guessed.plans[0].activities()] == [["2024-01"], ["2024-02"]]
    document = read_text(PLAN, columns={"line 3": {4: "ignore"}})
    assert [a.schedule.slots for a in document.plans[0].activities()] == [[], ["2024-02"]]
    assert roles(document)[4:] == ["ignore", "month"]


def test_a_column_can_be_kept_as_notes_or_made_a_role_the_guess_missed():
    document = read_text(PLAN, columns={"line 3": {2: "notes", 3: "responsible"}})
    first = document.plans[0].activities()[0]
    assert first.result == "" and first.notes == "Expected result: people know"
    assert first.responsible == ["check with mayor"]


def test_choices_that_cannot_be_given_are_warned_about_and_the_guess_stays():
    document = read_text(PLAN, columns={"line 3": {9: "channels", 2: "month", 0: "activity", 1: "activity"},
                                        "line 40": {0: "activity"}})
    messages = [w.message for w in document.warnings]
    assert "This table has no column 10; the role chosen for it was not used." in messages
    assert any("column 3 names no month or quarter" in m for m in messages)
    assert "Column 2 was given a role another column has; its cells were kept as notes." in messages
    assert any(m.startswith("No table with a header is at line 40") for m in messages)
    assert roles(document)[:3] == ["activity", "notes", "result"]
    assert [a.title for a in document.plans[0].activities()] == ["Press release", "Open day"]


def test_a_table_left_without_activities_is_a_note_and_stays_listed():
    document = read_text(PLAN, columns={"line 3": {0: "ignore"}})
    assert document.plans == []
    (table,) = document.source["tables"]
    assert table["plan"] is False and table["columns"][0]["role"] == "ignore"
    assert any("no activity column" in w.message for w in document.warnings)


def test_an_unknown_role_is_refused():
    with pytest.raises(ValueError, match="unknown column roles: colour"):
        read_text(PLAN, columns={"line 99": {1: "colour"}})


def test_every_role_the_headers_know_can_be_chosen():
    assert set(ROLES) <= set(COLUMN_ROLES)
    assert {"month", "quarter", "notes", "ignore"} <= set(COLUMN_ROLES)


def test_word_tables_are_named_by_their_place_and_take_choices_too(tmp_path):
    path = build_docx(tmp_path / "plan.docx")
    tables = read_path(path, columns={}).source["tables"]
    assert [t["id"] for t in tables] == ["table 1, row 1", "table 2, row 1"]
    document = read_bytes(path.read_bytes(), filename="plan.docx",
                          columns={"table 1, row 1": {4: "channels", 2: "result"}})
    first = document.plans[0].activities()[0]
    assert first.channels == ["Інформування населення"]
    assert roles(document)[2] == "result"


def test_spreadsheet_tables_are_named_by_their_sheet_and_row(tmp_path):
    tables = read_path(build_xlsx(tmp_path / "plan.xlsx"), columns={}).source["tables"]
    assert [t["id"] for t in tables] == ['sheet "План", row 4', 'sheet "План", row 25']
