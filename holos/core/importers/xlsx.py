"""Reading Excel workbooks (.xlsx): every visible sheet, as a grid of cells.

A sheet holds a plan the way people lay it out: the title in merged cells across the
top, the goal and key message in rows below it, the header row wherever it falls, task
headings merged across the table, and months marked with "x" or by filling the cell
with colour.

The workbook's parts are read here directly, streamed with lxml (entities off, nothing
loaded from outside), rather than built into openpyxl's object model: a sheet of ten
thousand rows is read in a fraction of the time, and memory grows with the cells that
hold something, not with the sheet's rectangle. What a plan needs is taken from each
part: the cells' values (as formulas last computed them), the shared strings, from the
styles each cell's number format, fill and bold font, and from each sheet its merged
ranges. Macros are never read or run; a macro-enabled workbook is refused before it
gets here.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from holos.core.document import Warning, gettext_noop
from holos.core.importers.archive import count_elements
from holos.core.importers.formats import Reading
from holos.core.importers.grid import GridCell, GridReader, GridRow
from holos.core.importers.limits import tally

MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = 500_000  # rows × columns of one sheet's grid
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_RELATIONSHIPS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WHITE_INDEXES = frozenset({1, 9, 65})  # white and the system background in Excel's palette
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_SHEET_TAGS = tuple(f"{{{space}}}{name}" for space in (_MAIN, _STRICT_MAIN) for name in ("c", "row", "mergeCell"))
_ROW_TAGS = frozenset({f"{{{_MAIN}}}row", f"{{{_STRICT_MAIN}}}row"})
_MERGE_TAGS = frozenset({f"{{{_MAIN}}}mergeCell", f"{{{_STRICT_MAIN}}}mergeCell"})
_VALUE_TAGS = frozenset({f"{{{_MAIN}}}v", f"{{{_STRICT_MAIN}}}v"})
_INLINE_TAGS = frozenset({f"{{{_MAIN}}}is", f"{{{_STRICT_MAIN}}}is"})
_TEXT_TAGS = (f"{{{_MAIN}}}t", f"{{{_STRICT_MAIN}}}t")
_TEXT_TAG_SET = frozenset(_TEXT_TAGS)
_PHONETIC_TAGS = (f"{{{_MAIN}}}rPh", f"{{{_STRICT_MAIN}}}rPh")
_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)")


def read_xlsx(data: bytes | zipfile.ZipFile) -> Reading:
    """The paragraphs and tables of every visible sheet, sheet after sheet."""
    archive = data if isinstance(data, zipfile.ZipFile) else zipfile.ZipFile(io.BytesIO(data))
    counted = tally()
    # Count the cells of every sheet, empty formatted ones too, before any is read.
    count_elements(archive, lambda part: part.startswith("xl/worksheets/") and part.endswith(".xml"),
                   {"c": "sheet_cells", "row": None}, counted)
    book = _Workbook.of(archive)
    grids = GridReader()
    for sheet in book.sheets:
        where = f'sheet "{sheet.name}"'
        if sheet.state != "visible":
            grids.warn(Warning.of(where, gettext_noop("The sheet \"%(sheet)s\" is hidden; it was not read."),
                                  sheet=sheet.name))
            continue
        if sheet.part not in book.parts:
            continue  # a chart sheet or a dialog sheet: no cells
        with archive.open(sheet.part) as stream:
            rows = sheet_grid(_read_sheet(stream, book), grids, sheet.name, where)
        for row in rows:
            counted.row([cell.text for cell in row.cells], where=row.where)
        grids.add_grid(rows, loose=True)
        grids.last_layout = None
    return grids.reading


# The workbook: its sheets, shared strings and styles ------------------------------------


@dataclass(frozen=True)
class _Sheet:
    name: str
    state: str
    part: str


@dataclass(frozen=True)
class _Style:
    """What a cell style tells a reader of plans: how numbers show, a fill, bold text."""

    number_format: str = "General"
    filled: bool = False
    bold: bool = False


@dataclass
class _Workbook:
    sheets: list[_Sheet]
    parts: set[str]
    strings: list[str] = field(default_factory=list)
    styles: list[_Style] = field(default_factory=list)
    epoch: dt.datetime = CALENDAR_WINDOWS_1900
    named_styles: dict[str | None, _Style] = field(default_factory=dict)

    @classmethod
    def of(cls, archive: zipfile.ZipFile) -> _Workbook:
        parts = set(archive.namelist())
        workbook = _parse(archive, "xl/workbook.xml")
        relationships = _relationships(archive, "xl/_rels/workbook.xml.rels", "xl")
        targets = {identifier: path for identifier, _, path in relationships}
        kinds = {kind: path for _, kind, path in relationships}
        sheets = []
        for sheet in workbook.iter(_tag("sheet")):
            relationship = sheet.get(f"{{{_RELATIONSHIPS}}}id") or sheet.get(f"{{{_STRICT_RELATIONSHIPS}}}id") or ""
            sheets.append(_Sheet(name=sheet.get("name") or "", state=sheet.get("state") or "visible",
                                 part=targets.get(relationship, "")))
        properties = next(workbook.iter(_tag("workbookPr")), None)
        date1904 = properties is not None and (properties.get("date1904") or "").lower() in ("1", "true")
        book = cls(sheets=sheets, parts=parts, epoch=CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)
        strings_part = kinds.get("sharedStrings", "xl/sharedStrings.xml")
        styles_part = kinds.get("styles", "xl/styles.xml")
        if strings_part in parts:
            book.strings = _shared_strings(archive, strings_part)
        if styles_part in parts:
            book.styles = _styles(_parse(archive, styles_part))
        return book

    def style(self, index: int) -> _Style:
        return self.styles[index] if 0 <= index < len(self.styles) else _Style()

    def style_named(self, attribute: str | None) -> _Style:
        """The style a cell's ``s`` attribute names; a sheet names few, so each is looked up once."""
        style = self.named_styles.get(attribute)
        if style is None:
            style = self.named_styles[attribute] = self.style(_int(attribute))
        return style


def _tag(name: str) -> str:
    return f"{{{_MAIN}}}{name}"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _parse(archive: zipfile.ZipFile, part: str) -> etree._Element:
    root = etree.fromstring(archive.read(part), parser=_safe_parser())
    if root.tag.startswith(f"{{{_STRICT_MAIN}}}"):  # Strict Open XML names its elements in another namespace
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.startswith(f"{{{_STRICT_MAIN}}}"):
                element.tag = _tag(_local(element.tag))
    return root


def _relationships(archive: zipfile.ZipFile, part: str, folder: str) -> list[tuple[str, str, str]]:
    """The parts a relationships part points to: (id, kind, path in the archive) for each."""
    if part not in archive.namelist():
        return []
    root = etree.fromstring(archive.read(part), parser=_safe_parser())
    found = []
    for relationship in root.iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship"):
        target = relationship.get("Target") or ""
        if relationship.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        kind = (relationship.get("Type") or "").rsplit("/", 1)[-1]
        found.append((relationship.get("Id") or "", kind, path))
    return found


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    strings = []
    with archive.open(part) as stream:
        for _, item in etree.iterparse(stream, events=("end",), tag=(_tag("si"), f"{{{_STRICT_MAIN}}}si"),
                                       resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False):
            strings.append(_rich_text(item))
            item.clear()
    return strings


def _rich_text(element: etree._Element) -> str:
    """The text of a string item: its runs, without the phonetic guide some East Asian files add."""
    if len(element) == 1:  # most items are one plain run
        run = element[0]
        if run.tag in _TEXT_TAG_SET and not len(run):
            return run.text or ""
    texts = element.iter(*_TEXT_TAGS)
    if next(element.iter(*_PHONETIC_TAGS), None) is None:
        return "".join(text.text or "" for text in texts)
    return "".join(text.text or "" for text in texts if getattr(text.getparent(), "tag", None) not in _PHONETIC_TAGS)


def _styles(root: etree._Element) -> list[_Style]:
    formats = {number: code for number, code in BUILTIN_FORMATS.items()}
    for number_format in root.iter(_tag("numFmt")):
        formats[_int(number_format.get("numFmtId"))] = number_format.get("formatCode") or "General"
    fills_element = next(root.iter(_tag("fills")), None)
    fonts_element = next(root.iter(_tag("fonts")), None)
    fills = [_is_filled(fill) for fill in fills_element.iterchildren(_tag("fill"))] if fills_element is not None else []
    fonts = [_is_bold(font) for font in fonts_element.iterchildren(_tag("font"))] if fonts_element is not None else []
    cell_formats = next(root.iter(_tag("cellXfs")), None)
    styles = []
    for xf in cell_formats.iterchildren(_tag("xf")) if cell_formats is not None else []:
        fill, font = _int(xf.get("fillId")), _int(xf.get("fontId"))
        styles.append(_Style(number_format=formats.get(_int(xf.get("numFmtId")), "General"),
                             filled=fills[fill] if fill < len(fills) else False,
                             bold=fonts[font] if font < len(fonts) else False))
    return styles


def _is_filled(fill: etree._Element) -> bool:
    """Whether a fill paints a cell with a colour other than white."""
    if fill.find(_tag("gradientFill")) is not None:
        return True
    pattern = fill.find(_tag("patternFill"))
    if pattern is None or (pattern.get("patternType") or "none") == "none":
        return False
    return not _is_white(pattern.find(_tag("fgColor")))


def _is_white(colour: etree._Element | None) -> bool:
    if colour is None:
        return True
    if colour.get("rgb") is not None:
        rgb = colour.get("rgb", "").upper()
        return rgb.endswith("FFFFFF") or rgb == "00000000"
    if colour.get("indexed") is not None:
        return _int(colour.get("indexed")) in _WHITE_INDEXES
    if colour.get("theme") is not None:
        return _int(colour.get("theme")) == 0 and not float(colour.get("tint") or 0)
    return True


def _is_bold(font: etree._Element) -> bool:
    bold = font.find(_tag("b"))
    return bold is not None and (bold.get("val") or "1").lower() not in ("0", "false")


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


# A sheet, streamed ---------------------------------------------------------------------


@dataclass
class _SheetCells:
    """The cells of a sheet that hold a value or a fill, and its merged ranges."""

    cells: dict[tuple[int, int], GridCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, first column, last …
    last_row: int = 0
    last_column: int = 0


def _read_sheet(stream: IO[bytes], book: _Workbook) -> _SheetCells:
    """One pass over the sheet's XML: each cell is read and let go of as soon as it ends."""
    sheet = _SheetCells()
    row: etree._Element | None = None
    row_number, column_number = 0, 0
    events = etree.iterparse(stream, events=("end",), tag=_SHEET_TAGS, resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    cells = sheet.cells
    for _, element in events:
        tag = element.tag
        if tag in _MERGE_TAGS:
            merged = _range_of(element.get("ref") or "")
            if merged is not None:
                sheet.merges.append(merged)
            continue
        if tag in _ROW_TAGS:
            if row is None or row is not element:  # a row without cells still counts
                row_number = _int(element.get("r")) or row_number + 1
            row = None
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
            continue
        parent = element.getparent()
        if parent is not row:
            row = parent
            row_number = _int(parent.get("r")) if parent is not None and parent.get("r") else row_number + 1
            column_number = 0
        column_number = _column_of(element.get("r")) or column_number + 1
        cell = _cell(element, book)
        element.clear(keep_tail=False)
        if cell is None:
            continue
        if row_number > sheet.last_row:
            sheet.last_row = row_number
        if column_number > sheet.last_column:
            sheet.last_column = column_number
        if row_number <= MAX_ROWS and column_number <= MAX_COLUMNS:
            cells[(row_number, column_number)] = cell
    return sheet


def _cell(element: etree._Element, book: _Workbook) -> GridCell | None:
    """A cell as the sheet shows it, or None for a cell that holds nothing and is not painted."""
    style = book.style_named(element.get("s"))
    text = _cell_text(element, book, style)
    if not text and not style.filled:
        return None
    return GridCell(text=text, shaded=style.filled, emphasis=style.bold)


def _cell_text(element: etree._Element, book: _Workbook, style: _Style) -> str:
    """A cell's value as the sheet shows it: whole numbers without ".0", percentages, dates."""
    kind = element.get("t") or "n"
    if kind == "inlineStr":
        for child in element:
            if child.tag in _INLINE_TAGS:
                return _rich_text(child)
        return ""
    value = _value(element)
    if value is None:
        return ""
    if kind == "s":
        index = _int(value)
        return book.strings[index] if 0 <= index < len(book.strings) else ""
    if kind in ("str", "e"):
        return value
    if kind == "b":
        return "✓" if value.strip() in ("1", "true") else ""
    if kind == "d":
        try:
            return _date(dt.datetime.fromisoformat(value.strip()), style.number_format)
        except ValueError:
            return value
    return _number_text(value, book, style)


def _number_text(value: str, book: _Workbook, style: _Style) -> str:
    """A number cell as the sheet shows it, by its number format: a date, a percentage or a number."""
    try:
        number = float(value)
    except ValueError:
        return value
    number_format = style.number_format
    if is_date_format(number_format):
        try:
            return _date(from_excel(number, book.epoch), number_format)
        except (OverflowError, ValueError):
            return _number(number)
    if "%" in number_format:
        return f"{_number(number * 100)}%"
    return _number(number)


def _value(element: etree._Element) -> str | None:
    for child in element:
        if child.tag in _VALUE_TAGS:
            return child.text
    return None


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


def _date(value: dt.date | dt.time | dt.timedelta, number_format: str) -> str:
    """A date as text: a month shown by name is written "May 2023", a header's month."""
    if not isinstance(value, dt.date):
        return str(value)
    shown = number_format.lower()
    if "mmm" in shown and "d" not in shown:
        return f"{_MONTH_NAMES[value.month - 1]} {value.year}"
    return value.strftime("%Y-%m-%d")


def _column_of(reference: str | None) -> int:
    if not reference:
        return 0
    return _column_number(reference.rstrip("0123456789"))


@lru_cache(maxsize=1024)
def _column_number(letters: str) -> int:
    """Column letters as a number ("A" is 1, "AB" 28; 0 for anything else): every row asks again for the same few."""
    number = 0
    for letter in letters.upper():
        if not "A" <= letter <= "Z":
            return 0
        number = number * 26 + ord(letter) - 64
    return number


def _range_of(reference: str) -> tuple[int, int, int, int] | None:
    corners = [_REFERENCE.fullmatch(part.replace("$", "").upper()) for part in reference.split(":")]
    if len(corners) != 2 or not all(corners):
        return None
    (first_column, first_row), (last_column, last_row) = [
        (_column_of(match.group(1)), int(match.group(2))) for match in corners if match]
    return (min(first_row, last_row), min(first_column, last_column),
            max(first_row, last_row), max(first_column, last_column))


def sheet_grid(sheet: _SheetCells, grids: GridReader, name: str, where: str) -> list[GridRow]:
    """The sheet's cells from A1 to the last cell with a value or a fill, merged cells pointing to their origin."""
    last_row, last_column = sheet.last_row, sheet.last_column
    max_rows = min(MAX_ROWS, MAX_CELLS // max(min(last_column, MAX_COLUMNS), 1))
    if last_row > max_rows or last_column > MAX_COLUMNS:
        grids.warn(Warning.of(where, gettext_noop(
            "The sheet \"%(sheet)s\" reaches row %(rows)s and column %(columns)s; only the first %(max_rows)s rows "
            "and %(max_columns)s columns were read."), sheet=name, rows=last_row, columns=last_column,
            max_rows=max_rows, max_columns=MAX_COLUMNS))
        last_row, last_column = min(last_row, max_rows), min(last_column, MAX_COLUMNS)
    grid = [[GridCell() for _ in range(last_column)] for _ in range(last_row)]
    for (row, column), cell in sheet.cells.items():
        if row <= last_row and column <= last_column:
            grid[row - 1][column - 1] = cell
    for first_row, first_column, end_row, end_column in sheet.merges:
        origin = (first_row - 1, first_column - 1)
        if origin[0] >= last_row or origin[1] >= last_column:
            continue
        for row in range(first_row, min(end_row, last_row) + 1):
            for column in range(first_column, min(end_column, last_column) + 1):
                if (row - 1, column - 1) != origin:
                    grid[row - 1][column - 1] = GridCell(origin=origin)
    return [GridRow(cells=cells, where=f"{where}, row {index + 1}") for index, cells in enumerate(grid)]
