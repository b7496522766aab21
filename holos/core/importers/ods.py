"""Reading OpenDocument spreadsheets (.ods), and the tables of OpenDocument files.

ODS and ODT hold tables the same way (``table:table``), so the reading of a table is
here and ``odt`` uses it too. The XML is parsed directly, with entities off: a sheet
says "this empty row, a million times" (``number-rows-repeated``) where it ends, and a
reader must not make a million rows of it. Repeated empty rows and cells are counted,
never built, and a sheet is read up to ``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from holos.core.document import Warning, gettext_noop
from holos.core.importers.archive import parse_xml
from holos.core.importers.formats import Reading
from holos.core.importers.grid import GridCell, GridReader, GridRow
from holos.core.importers.limits import tally

MAX_ROWS = 5_000
MAX_COLUMNS = 200

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
NS = {"office": OFFICE, "table": TABLE, "text": TEXT, "style": STYLE, "fo": FO}
_ROW_GROUPS = frozenset(f"{{{TABLE}}}{tag}" for tag in ("table-header-rows", "table-rows", "table-row-group"))
_COLUMN_GROUPS = frozenset(f"{{{TABLE}}}{tag}" for tag in ("table-columns", "table-header-columns",
                                                            "table-column-group"))
_SKIPPED_TEXT = frozenset({f"{{{OFFICE}}}annotation", f"{{{TEXT}}}note", f"{{{TEXT}}}bookmark-ref"})


def q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


def read_ods(archive: zipfile.ZipFile) -> Reading:
    """The paragraphs and tables of every sheet, sheet after sheet."""
    content = parse_xml(archive.read("content.xml"))
    styles = CellStyles.of(archive, content)
    grids = GridReader()
    spreadsheet = content.find("office:body/office:spreadsheet", NS)
    for sheet in spreadsheet.iterfind("table:table", NS) if spreadsheet is not None else []:
        name = sheet.get(q("table", "name")) or ""
        where = f'sheet "{name}"'
        rows = table_grid(sheet, styles, where=where, grids=grids)
        grids.add_grid(rows, loose=True)
        grids.last_layout = None
    return grids.reading


@dataclass
class CellStyles:
    """Which cell styles paint the cell, and which make its text bold, by style name."""

    shaded: set[str] = field(default_factory=set)
    bold: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, archive: zipfile.ZipFile, content: etree._Element) -> CellStyles:
        """Common styles (styles.xml) and automatic ones (content.xml), with inheritance."""
        found: dict[str, tuple[str | None, str, bool]] = {}
        roots = [content]
        if "styles.xml" in archive.namelist():
            roots.insert(0, parse_xml(archive.read("styles.xml")))
        for root in roots:
            for style in root.iter(q("style", "style")):
                name = style.get(q("style", "name"))
                if not name:
                    continue
                cell = style.find("style:table-cell-properties", NS)
                text = style.find("style:text-properties", NS)
                background = (cell.get(q("fo", "background-color")) or "") if cell is not None else ""
                weight = (text.get(q("fo", "font-weight")) or "") if text is not None else ""
                found[name] = (style.get(q("style", "parent-style-name")), background.lower(),
                               weight in ("bold", "700", "800", "900"))
        styles = cls()
        for name in found:
            background, bold = _inherited(found, name)
            if background and background not in ("transparent", "#ffffff", "#fff", "white"):
                styles.shaded.add(name)
            if bold:
                styles.bold.add(name)
        return styles


def _inherited(found: dict[str, tuple[str | None, str, bool]], name: str) -> tuple[str, bool]:
    background, bold, seen = "", False, set()
    current: str | None = name
    while current and current in found and current not in seen:
        seen.add(current)
        parent, own_background, own_bold = found[current]
        background = background or own_background
        bold = bold or own_bold
        current = parent
    return background, bold


def table_grid(table: etree._Element, styles: CellStyles, *, where: str, grids: GridReader,
               text_of: Callable[[etree._Element], str] | None = None) -> list[GridRow]:
    """The grid of one ``table:table``, merged cells pointing to their origin.

    ``where`` names the table ('sheet "Plan"', "table 2"); each row is "<where>, row N"
    with N counted as the application shows it, repeated rows included. ``text_of``
    reads a cell's text (a text document numbers its lists).
    """
    text_of = text_of or cell_text
    counted = tally()
    column_styles = list(_column_styles(table))
    rows: list[GridRow] = []
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # (row number, column) -> origin in ``rows``
    covered_until = 0
    number = 0
    cut = False
    for row in _rows(table):
        repeat = _repeat(row, "number-rows-repeated")
        row_style = row.get(q("table", "default-cell-style-name"))
        cells, spans = _row_cells(row, column_styles, row_style, styles, text_of)
        if len(cells) > MAX_COLUMNS:
            cells, cut = cells[:MAX_COLUMNS], True
        if not spans and number >= covered_until and not any(cell.text or cell.shaded for cell in cells):
            number += repeat
            continue
        for _ in range(min(repeat, MAX_ROWS - len(rows))):
            number += 1
            index = len(rows)
            grid_row = [GridCell(origin=covered[(number, column)]) if (number, column) in covered else cell
                        for column, cell in enumerate(cells)]
            for column, (row_span, column_span) in spans.items():
                covered_until = max(covered_until, number + row_span - 1)
                for down in range(row_span):
                    for across in range(column_span):
                        if (down or across) and column + across < MAX_COLUMNS:
                            covered[(number + down, column + across)] = (index, column)
            counted.row([cell.text for cell in grid_row], where=f"{where}, row {number}")
            rows.append(GridRow(cells=grid_row, where=f"{where}, row {number}"))
        if len(rows) >= MAX_ROWS:
            cut = True
            break
    if cut:
        grids.warn(Warning.of(where, gettext_noop(
            "The table is larger than %(max_rows)s rows or %(max_columns)s columns; only those were read."),
            max_rows=MAX_ROWS, max_columns=MAX_COLUMNS))
    return rows


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table.iterchildren():
        if child.tag == q("table", "table-row"):
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _rows(child)


def _column_styles(table: etree._Element) -> Iterator[str | None]:
    """The default cell style of each column, up to ``MAX_COLUMNS`` columns."""
    count = 0
    for column in _columns(table):
        style = column.get(q("table", "default-cell-style-name"))
        for _ in range(min(_repeat(column, "number-columns-repeated"), MAX_COLUMNS - count)):
            count += 1
            yield style
        if count >= MAX_COLUMNS:
            return


def _columns(table: etree._Element) -> Iterator[etree._Element]:
    for child in table.iterchildren():
        if child.tag == q("table", "table-column"):
            yield child
        elif child.tag in _COLUMN_GROUPS:
            yield from _columns(child)


def _repeat(element: etree._Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(q("table", attribute)) or 1))
    except ValueError:
        return 1


def _row_cells(row: etree._Element, column_styles: list[str | None], row_style: str | None,
               styles: CellStyles, text_of: Callable[[etree._Element], str],
               ) -> tuple[list[GridCell], dict[int, tuple[int, int]]]:
    """The cells of one row, and the spans (rows, columns) of its merged cells by column.

    Empty cells at the end of a row are dropped, however often they are repeated.
    """
    cells: list[GridCell] = []
    spans: dict[int, tuple[int, int]] = {}
    pending = 0  # empty cells, kept only when something follows them
    for cell in row.iterchildren(q("table", "table-cell"), q("table", "covered-table-cell")):
        column = len(cells) + pending
        is_covered = cell.tag == q("table", "covered-table-cell")
        style = cell.get(q("table", "style-name")) or row_style or (
            column_styles[column] if column < len(column_styles) else None)
        text = "" if is_covered else text_of(cell)
        shaded = bool(style) and style in styles.shaded
        bold = bool(style) and style in styles.bold
        repeat = _repeat(cell, "number-columns-repeated")
        row_span = _repeat(cell, "number-rows-spanned")
        column_span = _repeat(cell, "number-columns-spanned")
        if not is_covered and (row_span > 1 or column_span > 1):
            spans[column] = (min(row_span, MAX_ROWS), min(column_span, MAX_COLUMNS))
        if not (is_covered or text or shaded or column in spans):
            pending = min(pending + repeat, MAX_COLUMNS + 1)
        else:
            cells.extend(GridCell() for _ in range(pending))
            pending = 0
            for _ in range(min(repeat, MAX_COLUMNS + 1 - len(cells))):
                cells.append(GridCell(text=text, shaded=shaded, emphasis=bold))
        if len(cells) + pending > MAX_COLUMNS:
            break
    return cells, spans


def cell_text(cell: etree._Element) -> str:
    """The text a cell shows: its paragraphs and list items, one per line."""
    lines: list[str] = []
    for child in cell.iterchildren():
        if child.tag in (q("text", "p"), q("text", "h")):
            lines.append(inline_text(child))
        elif child.tag == q("text", "list"):
            lines.extend(list_lines(child))
        elif child.tag == q("table", "table"):
            for row in _rows(child):
                texts = [" ".join(cell_text(inner).split())
                         for inner in row.iterchildren(q("table", "table-cell"))]
                lines.append("; ".join(text for text in texts if text))
    return "\n".join(line for line in lines if line.strip())


def list_lines(element: etree._Element) -> list[str]:
    lines: list[str] = []
    for item in element.iterchildren(q("text", "list-item"), q("text", "list-header")):
        for child in item.iterchildren():
            if child.tag in (q("text", "p"), q("text", "h")):
                lines.append(inline_text(child))
            elif child.tag == q("text", "list"):
                lines.extend(list_lines(child))
    return lines


def inline_text(element: etree._Element) -> str:
    """The text of a paragraph: spans and links, ``text:s`` spaces, tabs and line breaks."""
    return "".join(_inline(element))


def _inline(element: etree._Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element.iterchildren():
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIPPED_TEXT:
            if tag == q("text", "s"):
                yield " " * min(_count(child), 100)
            elif tag == q("text", "tab"):
                yield "\t"
            elif tag == q("text", "line-break"):
                yield "\n"
            else:
                yield from _inline(child)
        if child.tail:
            yield child.tail


def _count(element: etree._Element) -> int:
    try:
        return max(1, int(element.get(q("text", "c")) or 1))
    except ValueError:
        return 1
