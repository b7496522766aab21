"""Reading PDF files that hold text: the lines of each page and its ruled tables.

A PDF keeps no paragraphs or cells, only characters at places and lines drawn between
them. Tables are found by their ruling lines (pdfplumber); the text around them is
read line by line, in the order of the page. Inside a cell, a line that ends because
the next word would not fit is wrapped text and is joined to the next; a line that ends
early is the end of a paragraph and stays a line of its own. A table at the top of a
page with as many columns as the table the page before ended with is the same table,
continued (its header, when repeated, is dropped). A cell painted with colour is a
shaded cell, as in a Word table.

A PDF made of scanned pictures holds no text and is refused; so is one that needs a
password to open.

A PDF's streams are compressed, and a small file can hold one that inflates to
gigabytes. pdfminer inflates a stream whole, so every stream it decodes goes through
``_decode_within_limits``: a Flate stream is first inflated piece by piece, counting and
keeping nothing, and refused past ``limits.Limits.stream_bytes``; the bytes every stream
inflates to are counted against ``inflated_bytes``. A page's drawing instructions and the
lines and rectangles they draw are counted before its tables are looked for.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pdfplumber
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import chars_to_textmap

from holos.core.document import Warning, gettext_noop
from holos.core.importers.blocks import Paragraph
from holos.core.importers.formats import Reading, UnreadableSource
from holos.core.importers.grid import GridCell, GridReader, GridRow, clean_text
from holos.core.importers.limits import Tally, tally

MAX_PAGES = 300
# A page number on a line of its own ("3", "стор. 3", "3 / 12"); a year ("2023") is not.
_PAGE_NUMBER = re.compile(r"^\s*(?:page|стор(?:інка)?\.?|strana|s\.)?\s*\d{1,3}(?:\s*(?:/|of|з|із|z)\s*\d{1,3})?\s*$",
                          re.IGNORECASE)
_LIST_START = re.compile(r"^(?:\d{1,3}[.)]|[-•·–—*])\s")
_TOLERANCE = 1.0


_pdfminer_decode = PDFStream.decode
_PIECE = 1024 * 1024


def _decode_within_limits(stream: PDFStream) -> None:
    """pdfminer's decoding of a stream, refused before a Flate stream inflates past the limit."""
    counted = tally()
    filters = stream.get_filters()
    if filters and filters[0][0] in LITERALS_FLATE_DECODE and not stream.decipher and stream.rawdata:
        counted.check("stream_bytes", _inflated_size(stream.rawdata, counted.limits.stream_bytes))
    _pdfminer_decode(stream)
    size = len(stream.data or b"")
    counted.check("stream_bytes", size)
    counted.add("inflated_bytes", size)


def _inflated_size(data: bytes, most: int) -> int:
    """How many bytes ``data`` inflates to, counted up to just past ``most`` without keeping them."""
    inflater = zlib.decompressobj()
    size = 0
    pending = data
    try:
        while size <= most:
            piece = inflater.decompress(pending, _PIECE)
            pending = inflater.unconsumed_tail
            size += len(piece)
            if not piece and not pending:
                break
    except zlib.error:
        pass  # pdfminer reads what it can of a damaged stream; so much is counted here
    return size


PDFStream.decode = _decode_within_limits  # type: ignore[method-assign, assignment]


def read_pdf(data: bytes, name: str) -> Reading:
    """The lines and tables of every page, tables continued across pages joined."""
    counted = tally()
    try:
        document = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:  # pdfplumber wraps every pdfminer failure in this one class
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise UnreadableSource(gettext_noop("%(name)s is a password-protected PDF; remove the password and "
                                                "import it again."), name=name) from exc
        raise
    with document:
        pages = document.pages
        grids = GridReader()
        if len(pages) > MAX_PAGES:
            grids.warn(Warning.of("document", gettext_noop(
                "The PDF has %(count)s pages; only the first %(limit)s were read."),
                count=len(pages), limit=MAX_PAGES))
        items: list[Paragraph | _PdfTable] = []
        characters = 0
        for number, page in enumerate(pages[:MAX_PAGES], start=1):
            _count_drawing(page, number, counted)
            characters += len(page.chars)
            page_items = list(_page_items(page, number))
            first = page_items[0] if page_items else None
            if (isinstance(first, _PdfTable) and items and isinstance(items[-1], _PdfTable)
                    and items[-1].width == first.width):
                items[-1].continue_with(first)
                page_items = page_items[1:]
            items.extend(page_items)
            page.close()
    if not characters:
        raise UnreadableSource(gettext_noop("%(name)s: this PDF holds no text (a scanned image?); import the "
                                            "document it was made from, or a copy of its text."), name=name)
    for item in items:
        if isinstance(item, Paragraph):
            grids.add_paragraph(item)
        else:
            grids.add_grid(item.rows, loose=False)
    return grids.reading


def _count_drawing(page: Any, number: int, counted: Tally) -> None:
    """Stop at a page whose drawing instructions, or the lines they draw, no page of a plan has."""
    contents = resolve1(page.page_obj.attrs.get("Contents"))
    streams = contents if isinstance(contents, list) else [contents]
    size = 0
    for stream in streams:
        stream = resolve1(stream)
        if isinstance(stream, PDFStream):
            size += len(stream.get_data())
    counted.check("page_content_bytes", size, page=number)
    counted.check("page_drawing", len(page.lines) + len(page.rects) + len(page.curves), page=number)


@dataclass
class _PdfTable:
    rows: list[GridRow] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)

    def continue_with(self, other: _PdfTable) -> None:
        """Take the rows of the same table on the next page; a repeated header goes."""
        rows = other.rows
        if rows and self.rows and [c.text for c in rows[0].cells] == [c.text for c in self.rows[0].cells]:
            rows = rows[1:]
            offset = len(self.rows) - 1
        else:
            offset = len(self.rows)
        for row in rows:
            for cell in row.cells:
                if cell.origin is not None:
                    cell.origin = (cell.origin[0] + offset, cell.origin[1])
        self.rows.extend(rows)


def _page_items(page: Any, number: int) -> Iterator[Paragraph | _PdfTable]:
    """The lines outside tables and the tables of one page, top to bottom."""
    tables = [table for table in page.find_tables() if len(table.rows) >= 1]
    boxes = [table.bbox for table in tables]

    def outside(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") != "char" or not any(_inside(obj, box) for box in boxes)

    placed: list[tuple[float, Paragraph | _PdfTable]] = []
    lines = [line for line in page.filter(outside).extract_text_lines() if line["text"].strip()]
    left = min((float(line["x0"]) for line in lines), default=0.0)
    right = max((float(line["x1"]) for line in lines), default=0.0)
    previous: dict[str, Any] | None = None
    for index, line in enumerate(lines, start=1):
        if _PAGE_NUMBER.match(line["text"]):
            previous = None
            continue
        text = " ".join(line["text"].split())
        if previous is not None and _wraps_on(previous, line, left, right):
            top, paragraph = placed[-1]
            assert isinstance(paragraph, Paragraph)
            placed[-1] = (top, replace(paragraph, text=f"{paragraph.text} {text}"))
        else:
            placed.append((line["top"], Paragraph(text=text, where=f"page {number}, line {index}")))
        previous = line
    for index, table in enumerate(tables, start=1):
        placed.append((table.bbox[1], _PdfTable(rows=_table_rows(page, table, f"page {number}, table {index}"))))
    for _, item in sorted(placed, key=lambda pair: pair[0]):
        yield item


def _wraps_on(previous: dict[str, Any], line: dict[str, Any], left: float, right: float) -> bool:
    """Whether ``line`` goes on with the paragraph of ``previous``, wrapped at the right margin.

    It does when the line before reaches the margin, the two are set close together, and
    the text goes on in the same font and size: a heading too long for one line.
    """
    if not previous["chars"] or not line["chars"]:
        return False
    last, first = previous["chars"][-1], line["chars"][0]
    same_font = last["fontname"] == first["fontname"] and abs(float(last["size"]) - float(first["size"])) < 0.5
    height = float(previous["bottom"]) - float(previous["top"])
    close = 0 <= float(line["top"]) - float(previous["bottom"]) <= 0.8 * height
    full = float(previous["x1"]) >= right - 0.08 * (right - left)
    return same_font and close and full


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    middle_x = (float(obj["x0"]) + float(obj["x1"])) / 2
    middle_y = (float(obj["top"]) + float(obj["bottom"])) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _table_rows(page: Any, table: Any, where: str) -> list[GridRow]:
    """The grid of a ruled table; a cell missing from a row is covered by a merged one."""
    rows = table.rows
    boxes = [cell for row in rows for cell in row.cells if cell is not None]
    columns = sorted({box[0] for box in boxes})
    placed = _chars_by_cell(page, table.bbox, rows)
    fills = [rect for rect in page.rects if rect.get("fill") and not _is_white(rect.get("non_stroking_color"))]
    grid: list[GridRow] = []
    for row_index, row in enumerate(rows):
        cells: list[GridCell] = []
        for column, box in enumerate(row.cells):
            if box is None:
                cells.append(GridCell(origin=_origin(rows, row_index, column, columns)))
                continue
            own = placed.get((row_index, column), [])
            cells.append(GridCell(text=_cell_text(own, box), shaded=_is_painted(box, fills)))
        grid.append(GridRow(cells=cells, where=f"{where}, row {row_index + 1}"))
    return grid


def _chars_by_cell(page: Any, bbox: tuple[float, float, float, float],
                   rows: list[Any]) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """The characters of each cell of a table, each character placed once."""
    placed: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for char in page.chars:
        if not _inside(char, bbox):
            continue
        middle_y = (float(char["top"]) + float(char["bottom"])) / 2
        found = False
        for row_index, row in enumerate(rows):
            if not row.bbox[1] <= middle_y <= row.bbox[3]:
                continue
            for column, box in enumerate(row.cells):
                if box is not None and _inside(char, box):
                    placed.setdefault((row_index, column), []).append(char)
                    found = True
                    break
            if found:
                break
    return placed


def _origin(rows: list[Any], row_index: int, column: int, columns: list[float]) -> tuple[int, int] | None:
    """The merged cell covering an empty place: to its left in the row, else above it."""
    left = columns[column] if column < len(columns) else None
    cells = rows[row_index].cells
    for before in range(column - 1, -1, -1):
        box = cells[before]
        if box is not None:
            if left is not None and box[2] > left + _TOLERANCE:
                return (row_index, before)
            break
    top = rows[row_index].bbox[1]
    for above in range(row_index - 1, -1, -1):
        box = rows[above].cells[column] if column < len(rows[above].cells) else None
        if box is not None:
            return (above, column) if box[3] > top + _TOLERANCE else None
    return None


def _cell_text(chars: list[dict[str, Any]], box: tuple[float, float, float, float]) -> str:
    """The text of a cell, wrapped lines joined and paragraphs kept apart."""
    if not chars:
        return ""
    lines = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)
    text = ""
    for index, line in enumerate(lines):
        line_text = line["text"].strip()
        if index == 0:
            text = line_text
        elif _LIST_START.match(line_text) or _ended_early(lines[index - 1], line, box):
            text += "\n" + line_text
        elif text.endswith("-"):
            text += line_text
        else:
            text += " " + line_text
    return clean_text(text)


def _ended_early(previous: dict[str, Any], line: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    """Whether the first word of ``line`` would have fitted at the end of ``previous``."""
    word = line["text"].strip().split(" ")[0]
    glyphs = [char for char in line["chars"] if not char["text"].isspace()][:len(word)]
    if not glyphs:
        return False
    width = float(glyphs[-1]["x1"]) - float(glyphs[0]["x0"])
    space = float(glyphs[0].get("size", 8)) * 0.3
    room = box[2] - float(previous["x1"]) - 2 * _TOLERANCE - _padding(previous, box)
    return space + width < room


def _padding(line: dict[str, Any], box: tuple[float, float, float, float]) -> float:
    """The cell's inner margin, taken as the gap left of its text."""
    return max(0.0, float(line["x0"]) - box[0])


def _is_painted(box: tuple[float, float, float, float], fills: list[dict[str, Any]]) -> bool:
    """A cell is shaded when a painted rectangle covers most of it."""
    area = max((box[2] - box[0]) * (box[3] - box[1]), 1e-6)
    for rect in fills:
        width = min(box[2], rect["x1"]) - max(box[0], rect["x0"])
        height = min(box[3], rect["bottom"]) - max(box[1], rect["top"])
        if width > 0 and height > 0 and width * height >= 0.6 * area:
            rect_area = (rect["x1"] - rect["x0"]) * (rect["bottom"] - rect["top"])
            if rect_area <= 1.5 * area:  # a page-sized background is no mark
                return True
    return False


def _is_white(colour: Any) -> bool:
    """White in grey, RGB or CMYK; a colour that is not a plain number (a pattern) counts as white."""
    if colour is None:
        return True
    values = list(colour) if isinstance(colour, list | tuple) else [colour]
    try:
        numbers = [float(value) for value in values]
    except (TypeError, ValueError):
        return True
    if len(numbers) in (1, 3):
        return all(number >= 0.99 for number in numbers)
    if len(numbers) == 4:
        return all(number <= 0.01 for number in numbers)
    return True
