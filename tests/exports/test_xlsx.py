"""The XLSX export reopened by openpyxl and by Holos's own importer."""

from __future__ import annotations

import io
import re

import openpyxl

from holos.core.document import Activity, Goal, Period, Plan, Task
from holos.core.importers.headers import role_of
from holos.core.schedule import Schedule
from holos.exports import Labels, export_plan, export_plans
from tests.exports import assert_imports_back, outline, seed_plan, seed_plans
from tests.exports.test_docx import slot_of

UK = Labels.for_language("uk")


def header_row(sheet) -> int:
    for row in sheet.iter_rows(min_row=1, max_row=10):
        if sum(1 for cell in row if isinstance(cell.value, str) and role_of(cell.value)) >= 3:
            return row[0].row
    raise AssertionError("no header row")


def read_sheet(sheet, labels: Labels = UK):
    """The outline of one exported sheet: headings are rows with text in the first cell only."""
    goal_line = re.compile(rf"^{re.escape(labels.goal)}(?: \d+)?: (.*)$", re.S)
    message_line = re.compile(rf"^{re.escape(labels.key_message)}: (.*)$", re.S)
    task_line = re.compile(rf"^{re.escape(labels.task)} \d+(?:: (.*))?$", re.S)
    indicators_line = re.compile(rf"^{re.escape(labels.indicators)}: (.*)$", re.S)
    header = header_row(sheet)
    labels_row = [cell.value or "" for cell in sheet[header]]
    activity_column = next(i for i, label in enumerate(labels_row) if role_of(label) == "activity")
    slots = {i: slot for i, label in enumerate(labels_row) if (slot := slot_of(label))}
    goals: list = []
    for values in sheet.iter_rows(min_row=header + 1, values_only=True):
        filled = [value for value in values if value not in (None, "")]
        if not filled:
            continue
        if len(filled) == 1 and values[0] == filled[0] and not str(filled[0])[:1].isdigit():
            text = filled[0]
            if match := goal_line.match(text):
                goals.append((match.group(1), "", []))
            elif match := message_line.match(text):
                goals[-1] = (goals[-1][0], match.group(1), goals[-1][2])
            elif indicators_line.match(text):
                # The goal's own indicators: compared by the round trip through the importer.
                pass
            elif match := task_line.match(text):
                if not goals:
                    goals.append(("", "", []))
                goals[-1][2].append((match.group(1) or "", []))
            else:
                raise AssertionError(f"a heading row that is none of goal, key message, task: {text!r}")
            continue
        if not goals:
            goals.append(("", "", []))
        if not goals[-1][2]:
            goals[-1][2].append(("", []))
        marked = tuple(sorted(slot for i, slot in slots.items() if values[i] == "x"))
        goals[-1][2][-1][1].append((values[activity_column], marked))
    return goals


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def drop_empty_goals(goals):
    return [goal for goal in goals if goal[0] or goal[1] or goal[2]]


@seed_plans
def test_a_seed_plan_reads_back_with_openpyxl(number, index):
    plan = seed_plan(number, index)
    book = workbook(export_plan(plan, "xlsx"))
    assert len(book.worksheets) == 1
    assert read_sheet(book.active) == drop_empty_goals(outline(plan))


@seed_plans
def test_a_seed_plan_imports_back_through_read_path(number, index, tmp_path):
    assert_imports_back(seed_plan(number, index), "xlsx", tmp_path)


def test_the_header_is_frozen_and_filtered_and_months_are_filled():
    plan = seed_plan("000", 0)
    sheet = workbook(export_plan(plan, "xlsx")).active
    header = header_row(sheet)
    assert sheet.freeze_panes == f"C{header + 1}"
    last_column = openpyxl.utils.get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A{header}:{last_column}{sheet.max_row}"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "landscape"
    hotline = next(row for row in sheet.iter_rows(min_row=header + 1) if row[1].value == 'Робота "Гарячої лінії"')
    months = hotline[-6:]
    assert [cell.value for cell in months] == ["x"] * 6
    assert {cell.fill.fgColor.rgb for cell in months} == {"009BC2E6"}
    first = next(row for row in sheet.iter_rows(min_row=header + 1) if row[0].value == "1.1")
    assert first[-5].value is None and first[-5].fill.fill_type is None


def test_columns_are_sized_and_headings_span_the_grid():
    sheet = workbook(export_plan(seed_plan("000", 0), "xlsx")).active
    header = header_row(sheet)
    widths = {letter: sheet.column_dimensions[letter].width for letter in ("A", "B", "I")}
    assert widths["B"] > widths["A"] > 0 and widths["I"] > 0
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    last_column = openpyxl.utils.get_column_letter(sheet.max_column)
    assert f"A{header + 1}:{last_column}{header + 1}" in merged


def test_the_title_block_is_above_the_grid():
    plan = seed_plan("001", 0)
    sheet = workbook(export_plan(plan, "xlsx", organization_name="ЦНАП")).active
    texts = [value for row in sheet.iter_rows(max_row=3, values_only=True) for value in row if value]
    assert texts == ["Додаток до розпорядження від 27.11.2020 № 211", "ЦНАП", plan.title]


def test_text_that_looks_like_a_formula_stays_text():
    plan = Plan(title="=1+1", goals=[Goal(title="Ціль", tasks=[Task(title="Т", activities=[
        Activity(title='=HYPERLINK("http://example.org","click")', channels=["@канал", "+380"]),
    ])])])
    sheet = workbook(export_plan(plan, "xlsx")).active
    cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row if cell.value}
    assert cells["=1+1"] == "s"
    assert cells['=HYPERLINK("http://example.org","click")'] == "s"
    assert "@канал\n+380" in cells


def test_several_plans_make_one_sheet_each_with_names_excel_accepts():
    plans = [seed_plan("004", 0), seed_plan("004", 1), seed_plan("000", 0), seed_plan("000", 1)]
    book = workbook(export_plans(plans, "xlsx"))
    names = book.sheetnames
    assert len(names) == 4 and len({name.lower() for name in names}) == 4
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)
    assert names[3].endswith("(2)")
    for sheet, plan in zip(book.worksheets, plans, strict=True):
        assert read_sheet(sheet) == drop_empty_goals(outline(plan))


def test_marks_outside_the_period_get_their_own_column_in_order():
    plan = Plan(title="План", period=Period(start="2025-03", end="2025-05"), goals=[Goal(title="Ціль", tasks=[
        Task(title="Т", activities=[Activity(title="Раніше", schedule=Schedule(
            text="x", kind="slots", slots=["2025-01", "2025-04"]))]),
    ])])
    sheet = workbook(export_plan(plan, "xlsx")).active
    labels = [cell.value for cell in sheet[header_row(sheet)]]
    assert labels[-4:] == ["січень 2025", "березень 2025", "квітень 2025", "травень 2025"]
    assert read_sheet(sheet) == [("Ціль", "", [("Т", [("Раніше", ("2025-01", "2025-04"))])])]
