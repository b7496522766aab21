"""Reading Excel workbooks (.xlsx): every visible sheet, as a grid of cells.

A sheet holds a plan the way people lay it out: the title in merged cells across the
top, the goal and key message in rows below it, the header row wherever it falls, task
headings merged across the table, and months marked with "x" or by filling the cell
with colour. The workbook is opened with its styles (to see merges and fills) and with
the values formulas last computed; macros are never kept or run, and a macro-enabled
workbook is refused before it gets here.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from holos.core.document import Warning, gettext_noop
from holos.core.importers.archive import count_elements
from holos.core.importers.formats import Reading
from holos.core.importers.grid import GridCell, GridReader, GridRow
from holos.core.importers.limits import tally

MAX_ROWS = 5_000
MAX_COLUMNS = 200
_WHITE_INDEXES = frozenset({1, 9, 65})  # white and the system background in Excel's palette
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def read_xlsx(data: bytes) -> Reading:
    """The paragraphs and tables of every visible sheet, sheet after sheet."""
    counted = tally()
    # openpyxl builds every cell a sheet holds, formatted empty ones too: count them first.
    count_elements(data, lambda part: part.startswith("xl/worksheets/") and part.endswith(".xml"),
                   {"c": "sheet_cells", "row": None}, counted)
    with warnings.catch_warnings():
        # openpyxl warns about extensions it does not keep (data validation, slicers).
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True,
                                          keep_vba=False, keep_links=False, rich_text=False)
    grids = GridReader()
    for sheet in workbook.worksheets:
        where = f'sheet "{sheet.title}"'
        if sheet.sheet_state != "visible":
            grids.warn(Warning.of(where, gettext_noop("The sheet \"%(sheet)s\" is hidden; it was not read."),
                                  sheet=sheet.title))
            continue
        rows = sheet_grid(sheet, grids, where)
        for row in rows:
            counted.row([cell.text for cell in row.cells], where=row.where)
        grids.add_grid(rows, loose=True)
        grids.last_layout = None
    return grids.reading


def sheet_grid(sheet: Worksheet, grids: GridReader, where: str) -> list[GridRow]:
    """The sheet's cells from A1 to the last cell with a value or a fill."""
    # Only the cells the file holds: iterating the sheet's full rectangle would create
    # every empty cell up to the farthest one ever formatted.
    cells: dict[tuple[int, int], Cell | MergedCell] = sheet._cells
    used = [(row, column) for (row, column), cell in cells.items()
            if cell.value is not None or _is_filled(cell.fill)]
    last_row = max((row for row, _ in used), default=0)
    last_column = max((column for _, column in used), default=0)
    if last_row > MAX_ROWS or last_column > MAX_COLUMNS:
        grids.warn(Warning.of(where, gettext_noop(
            "The sheet \"%(sheet)s\" reaches row %(rows)s and column %(columns)s; only the first %(max_rows)s rows "
            "and %(max_columns)s columns were read."), sheet=sheet.title, rows=last_row, columns=last_column,
            max_rows=MAX_ROWS, max_columns=MAX_COLUMNS))
        last_row, last_column = min(last_row, MAX_ROWS), min(last_column, MAX_COLUMNS)
    grid = [[GridCell() for _ in range(last_column)] for _ in range(last_row)]
    for (row, column), cell in cells.items():
        if row <= last_row and column <= last_column and not isinstance(cell, MergedCell):
            grid[row - 1][column - 1] = GridCell(text=cell_text(cell), shaded=_is_filled(cell.fill),
                                                 emphasis=bool(cell.font and cell.font.b))
    for merged in sheet.merged_cells.ranges:
        origin = (merged.min_row - 1, merged.min_col - 1)
        if origin[0] >= last_row or origin[1] >= last_column:
            continue
        for row in range(merged.min_row, min(merged.max_row, last_row) + 1):
            for column in range(merged.min_col, min(merged.max_col, last_column) + 1):
                if (row - 1, column - 1) != origin:
                    grid[row - 1][column - 1] = GridCell(origin=origin)
    return [GridRow(cells=cells_, where=f"{where}, row {index + 1}") for index, cells_ in enumerate(grid)]


def cell_text(cell: Any) -> str:
    """A cell's value as the sheet shows it: whole numbers without ".0", percentages, dates."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    number_format = str(cell.number_format or "")
    if isinstance(value, int | float):
        if "%" in number_format:
            return f"{_number(value * 100)}%"
        return _number(value)
    if isinstance(value, dt.datetime | dt.date):
        return _date(value, number_format)
    return str(value)


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


def _date(value: dt.date, number_format: str) -> str:
    """A date as text: a month shown by name is written "May 2023", a header's month."""
    shown = number_format.lower()
    if "mmm" in shown and "d" not in shown:
        return f"{_MONTH_NAMES[value.month - 1]} {value.year}"
    return value.strftime("%Y-%m-%d")


def _is_filled(fill: Any) -> bool:
    """Whether a cell is painted with a colour other than white."""
    if fill is None:
        return False
    if type(fill).__name__ == "GradientFill":
        return True
    if getattr(fill, "fill_type", None) in (None, "none"):
        return False
    return not _is_white(fill.fgColor)


def _is_white(colour: Any) -> bool:
    if colour is None:
        return True
    kind = getattr(colour, "type", "rgb")
    if kind == "rgb":
        rgb = str(colour.rgb or "")
        return rgb.upper().endswith("FFFFFF") or rgb == "00000000"
    if kind == "indexed":
        return colour.indexed in _WHITE_INDEXES
    if kind == "theme":
        return colour.theme == 0 and not colour.tint
    return True
