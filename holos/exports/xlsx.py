"""A plan as a spreadsheet: XLSX, one sheet per plan, the same grid as the DOCX table.

Above the grid: the approval reference, the organisation and the title. The header row is
frozen (with the number and activity columns) and carries an auto filter; goals, key
messages and tasks are rows merged across the grid; marked months or quarters hold "x" on
a filled cell. The sheet prints on A4 landscape, one page wide, with the header row
repeated.

Styles are set only where they show something (header, headings, wrapped text cells,
marks); openpyxl keeps one copy of each, and leaving empty cells alone keeps a
500-activity plan well under a second.

A text beginning with "=" is stored as text, never as a formula, whatever a plan holds.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from holos.core.document import Plan
from holos.exports import (
    Column,
    Labels,
    activity_cells,
    activity_number,
    appendix_line,
    clean_text,
    goal_heading,
    goal_indicators_line,
    labels_for,
    period_line,
    plan_columns,
    show_task_row,
    task_heading,
    with_organization,
)

# Excel's column width unit is about one character of the default font: ~0.19 cm.
CHARACTERS_PER_CM = 5.3
PAGE_WIDTH_CM = 26.7
MAX_SHEET_TITLE = 31

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", start_color="D9D9D9")
_TASK_FILL = PatternFill("solid", start_color="F2F2F2")
_MARK_FILL = PatternFill("solid", start_color="9BC2E6")
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER = Alignment(wrap_text=True, horizontal="center", vertical="center")
_HEADER_TIME = Alignment(horizontal="center", vertical="center", text_rotation=90)
_CENTER = Alignment(horizontal="center", vertical="center")
_RIGHT = Alignment(horizontal="right")


def export(plans: Sequence[Plan], *, labels: Labels | None = None, organization_name: str = "") -> bytes:
    workbook = Workbook()
    titles: set[str] = set()
    for index, plan in enumerate(plans or [Plan(title="")]):
        sheet = workbook.worksheets[0] if index == 0 else workbook.create_sheet()
        sheet.title = _sheet_title(plan.title, titles)
        write_sheet(sheet, with_organization(plan, organization_name), labels_for(plan, labels))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\']", " ", clean_text(title)).strip()[:MAX_SHEET_TITLE].strip() or "Plan"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: MAX_SHEET_TITLE - len(suffix)].rstrip() + suffix
        number += 1
    taken.add(name.lower())
    return name


def _text(sheet: Worksheet, row: int, column: int, value: str) -> Cell:
    """Write text as text: openpyxl would take "=…" for a formula."""
    cell = sheet.cell(row=row, column=column, value=clean_text(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def write_sheet(sheet: Worksheet, plan: Plan, labels: Labels) -> None:
    columns = plan_columns(plan, labels, page_width=PAGE_WIDTH_CM, fit_page=False)
    width = len(columns)
    last_letter = get_column_letter(width)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = round(column.width * CHARACTERS_PER_CM, 1)

    header = _write_title(sheet, plan, labels, width) + 1
    for index, column in enumerate(columns, start=1):
        cell = _text(sheet, header, index, column.label)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_TIME if column.is_time else _HEADER
    sheet.row_dimensions[header].height = 75 if any(c.is_time for c in columns) else 30

    row = header + 1
    for goal_number, goal in enumerate(plan.goals, start=1):
        if goal.title.strip():
            _heading(sheet, row, width, goal_heading(goal.title, goal_number, len(plan.goals), labels), None)
            row += 1
        if goal.key_message.strip():
            _heading(sheet, row, width, f"{labels.key_message}: {goal.key_message}", None)
            row += 1
        if indicators := goal_indicators_line(goal, labels):
            _heading(sheet, row, width, f"{labels.indicators}: {indicators}", None)
            row += 1
        for task_number, task in enumerate(goal.tasks, start=1):
            task_row = show_task_row(len(goal.tasks), task.title)
            if task_row:
                _heading(sheet, row, width, task_heading(task.title, task_number, labels), _TASK_FILL)
                row += 1
            for number, activity in enumerate(task.activities, start=1):
                cells = activity_cells(activity, activity_number(task_number, number, task_row), columns, labels)
                _write_activity(sheet, row, columns, cells)
                row += 1

    last_row = max(row - 1, header)
    sheet.freeze_panes = f"{get_column_letter(min(3, width))}{header + 1}"
    sheet.auto_filter.ref = f"A{header}:{last_letter}{last_row}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _write_title(sheet: Worksheet, plan: Plan, labels: Labels, width: int) -> int:
    """The lines above the grid (appendix, organisation, title, period); the last row they take."""
    row = 1
    appendix = appendix_line(plan, labels)
    if appendix:
        _text(sheet, row, width, appendix).alignment = _RIGHT
        row += 1
    if plan.organization:
        _text(sheet, row, 1, plan.organization).font = _BOLD
        row += 1
    _text(sheet, row, 1, plan.title).font = _TITLE
    row += 1
    period = period_line(plan, labels)
    if period:
        _text(sheet, row, 1, period)
        row += 1
    return row


def _write_activity(sheet: Worksheet, row: int, columns: Sequence[Column], cells: list[list[str]]) -> None:
    """One activity's row: the months it is planned in marked, the other cells wrapped."""
    for index, (column, lines) in enumerate(zip(columns, cells, strict=True), start=1):
        if not lines:
            continue
        cell = _text(sheet, row, index, "\n".join(lines))
        if column.is_time:
            cell.fill = _MARK_FILL
            cell.alignment = _CENTER
        else:
            cell.alignment = _WRAP


def _heading(sheet: Worksheet, row: int, width: int, text: str, fill: PatternFill | None) -> None:
    """A goal, key message or task: one bold cell merged across the grid."""
    cell = _text(sheet, row, 1, text)
    cell.font = _BOLD
    if fill is not None:
        cell.fill = fill
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
