"""Tables as office files hold them, with merged and shaded cells, made into blocks.

Word, Excel, OpenDocument and PDF tables all come down to a grid of cells in which a
merged cell covers others and a cell may be shaded. The interpreter was taught on
tables copied as text, where a merged cell leaves its text in the first cell and the
cells it covered empty; this module makes every grid look like that, and adds what a
copy loses:

- a cell covered from above (a vertical merge) repeats the text above it, as the
  author meant it for every row it spans; except in the task and numbering columns,
  where text starts a new task;
- a cell merged across month or quarter columns marks each of them;
- a shaded month or quarter cell without text is a mark ("x"), unless the whole row is
  shaded alike (a heading row);
- in a header of several rows, a label merged over the month columns stands over them,
  as it does in a text copy.

A sheet is a grid too, with the title, goal and key message in rows above the table:
rows with text in one cell only, before a header row or after the last row of a table,
become paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from holos.core.document import Warning, gettext_noop
from holos.core.importers.blocks import Paragraph, Row, Table
from holos.core.importers.cells import read_number
from holos.core.importers.formats import Reading
from holos.core.importers.headers import Layout, find_layout, role_of, time_label
from holos.core.importers.vocabulary import COLUMN_WORDS

MARK = "x"
_NO_REPEAT_ROLES = ("task", "number", "goal", "key_message")
_LONGEST_LABEL = 120  # as in ``headers``: a longer cell is content, not a label
_ROLE_WORDS = re.compile("(?<!\\w)(?:" + "|".join(
    re.escape(stem) for stems in COLUMN_WORDS.values() for stem in sorted(stems, key=len, reverse=True)) + ")")


@dataclass(slots=True)
class GridCell:
    """One cell as the file holds it.

    ``origin`` is set on a cell covered by a merged cell: the (row, column) of the
    merged cell, as indices into the grid's rows.
    """

    text: str = ""
    shaded: bool = False
    emphasis: bool = False
    origin: tuple[int, int] | None = None


@dataclass(slots=True)
class GridRow:
    cells: list[GridCell]
    where: str


# Spacing that ``clean_text`` tidies: any space but a single " " between words.
_UNTIDY = re.compile(r"[^\S ]|  |^ | $")


def clean_text(text: str) -> str:
    """A cell's text with spacing tidied; its lines (paragraphs) are kept apart."""
    if not _UNTIDY.search(text):
        return text  # most cells are tidy already
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class GridReader:
    """Turns the grids of one file into blocks, remembering the last plan table's layout.

    A table without a header that follows a plan table with the same number of columns
    (the same table split in two, or continued on the next page) has its shaded month
    cells read with the first table's columns.
    """

    last_layout: Layout | None = None
    reading: Reading = field(default_factory=Reading)

    def add_paragraph(self, paragraph: Paragraph) -> None:
        self.reading.blocks.append(paragraph)
        self.last_layout = None

    def warn(self, warning: Warning) -> None:
        self.reading.warnings.append(warning)

    def add_grid(self, rows: list[GridRow], *, loose: bool) -> None:
        """Add the blocks of one grid: a Word table (``loose=False``) or a whole sheet.

        Rows with text in one cell are paragraphs before a table's header row and after
        its last row of several cells, and a table of such rows only (one that places
        text on the page, such as an approval stamp) is paragraphs. A sheet (``loose``)
        may hold several tables, each starting at a header row; a Word table is one.
        """
        width = max((len(row.cells) for row in rows), default=0)
        for row in rows:
            row.cells.extend(GridCell() for _ in range(width - len(row.cells)))
        for row in rows:
            for cell in row.cells:
                cell.text = clean_text(cell.text)
        own = [[cell.text if cell.origin is None else "" for cell in row.cells] for row in rows]
        filled = [index for index, texts in enumerate(own) if any(texts)]
        heads = _heads(filled, own, loose=loose)
        for kind, indices in _segments(filled, heads, own, loose=loose):
            if kind == "paragraph":
                for index in indices:
                    self.add_paragraph(_paragraph(rows[index], own[index]))
            elif indices:
                self.add_table(rows, indices, own)

    def add_table(self, rows: list[GridRow], indices: list[int], own: list[list[str]]) -> None:
        grid = _TableGrid(rows, indices, own)
        layout = grid.layout()
        if layout is None and self.last_layout is not None and self.last_layout.width == grid.width:
            table = grid.table(self.last_layout, header_rows=0)
        else:
            table = grid.table(layout, header_rows=layout.header_rows if layout else 0)
            self.last_layout = layout if layout is not None and layout.is_plan else None
        if grid.marks:
            self.warn(Warning.of(table.where, gettext_noop(
                "%(count)s month or quarter cells of this table are marked by shading only; each was read as a "
                "mark."), count=grid.marks))
        self.reading.blocks.append(table)


def _heads(filled: list[int], own: list[list[str]], *, loose: bool) -> list[int]:
    """The header rows that start a table: the first, and in a sheet each one after a gap.

    A later header row right under a row of the table is the header repeated (or a row
    that reads like one), not a new table; a Word table is one table whatever it holds.
    """
    heads: list[int] = []
    for position, index in enumerate(filled):
        if not _is_header(own[index]):
            continue
        if not heads:
            heads.append(index)
            if not loose:
                break
            continue
        previous = filled[position - 1]
        if previous < index - 1 or _is_single(own[previous]):
            heads.append(index)
    return heads


def _is_header(texts: list[str]) -> bool:
    """A row of labels that heads a plan table: most of its cells name a column's role.

    Every row of a sheet is asked, so the quick test comes first: one expression of all
    the roles' words rules out rows of content before ``find_layout`` reads the row.
    """
    labels = [text for text in texts if text]
    if len(labels) < 3 or any(len(label) > _LONGEST_LABEL or "\n" in label for label in labels):
        return False
    if read_number(labels[0]) == (labels[0].strip(), ""):  # "3", "3.1", "2.": a numbered row of content
        return False
    unknown_allowed = len(labels) // 4
    if _more_than(unknown_allowed, labels, _may_be_label) or _more_than(unknown_allowed, labels, _names_column):
        return False
    layout = find_layout(Table(rows=[Row(cells=texts, where="")]))
    return layout is not None and (layout.is_plan or len(layout.roles) >= 3)


def _more_than(allowed: int, labels: list[str], is_label: Callable[[str], bool]) -> bool:
    """Whether more than ``allowed`` of the labels are not labels; it stops counting there."""
    unknown = 0
    for label in labels:
        if not is_label(label):
            unknown += 1
            if unknown > allowed:
                return True
    return False


@lru_cache(maxsize=4096)
def _names_column(label: str) -> bool:
    return time_label(label) is not None or role_of(label) is not None


@lru_cache(maxsize=4096)
def _may_be_label(text: str) -> bool:
    """A month or quarter, or a text with a word of some role in it (``role_of`` may say which).

    Remembered: a long sheet asks it of the same units and periods in every row.
    """
    return bool(_ROLE_WORDS.search(" ".join(text.lower().split()))) or time_label(text) is not None


def _is_single(texts: list[str]) -> bool:
    return sum(1 for text in texts if text) <= 1


def _segments(filled: list[int], heads: list[int], own: list[list[str]], *,
              loose: bool) -> list[tuple[str, list[int]]]:
    """Split the rows with text into paragraphs and tables, in order."""
    if not heads:
        if not loose and any(not _is_single(own[index]) for index in filled):
            return [("table", filled)]
        lead = _leading_singles(filled, own)
        body = filled[len(lead):]
        trail = _trailing_singles(body, own)
        body = body[:len(body) - len(trail)]
        return [("paragraph", lead), ("table", body), ("paragraph", trail)]
    segments = _loose_rows([index for index in filled if index < heads[0]], own)
    for number, head in enumerate(heads):
        end = heads[number + 1] if number + 1 < len(heads) else None
        part = [index for index in filled if index >= head and (end is None or index < end)]
        trail = _trailing_singles(part[1:], own)
        segments.append(("table", part[:len(part) - len(trail)]))
        segments.append(("paragraph", trail))
    return segments


def _leading_singles(indices: list[int], own: list[list[str]]) -> list[int]:
    lead: list[int] = []
    for index in indices:
        if not _is_single(own[index]):
            break
        lead.append(index)
    return lead


def _trailing_singles(indices: list[int], own: list[list[str]]) -> list[int]:
    return list(reversed(_leading_singles(list(reversed(indices)), own)))


def _loose_rows(indices: list[int], own: list[list[str]]) -> list[tuple[str, list[int]]]:
    """Rows before a table: single texts are paragraphs, runs of several cells a table."""
    segments: list[tuple[str, list[int]]] = []
    for index in indices:
        kind = "paragraph" if _is_single(own[index]) else "table"
        if segments and segments[-1][0] == kind:
            segments[-1][1].append(index)
        else:
            segments.append((kind, [index]))
    return segments


def _paragraph(row: GridRow, texts: list[str]) -> Paragraph:
    text = " ".join(" ".join(text.split()) for text in texts if text)
    emphasis = any(cell.emphasis for cell, text in zip(row.cells, texts, strict=True) if text)
    return Paragraph(text=text, where=row.where, emphasis=emphasis)


@dataclass
class _TableGrid:
    """One table cut out of a grid: the rows at ``indices``."""

    rows: list[GridRow]
    indices: list[int]
    own: list[list[str]]
    marks: int = 0

    @property
    def width(self) -> int:
        return len(self.own[self.indices[0]]) if self.indices else 0

    def layout(self) -> Layout | None:
        """The table's header; a label merged over the month columns stands over them."""
        plain = [Row(cells=self.own[index], where="") for index in self.indices]
        layout = find_layout(Table(rows=plain))
        if layout is None or layout.header_rows < 2 or not layout.time_columns:
            return layout
        first = self.indices[0]
        times = {column.index for column in layout.time_columns}
        label_row = [text for column, (text, cell) in enumerate(zip(self.own[first], self.rows[first].cells,
                                                                    strict=True))
                     if not (column in times and _covered_from(cell, first, times))]
        return find_layout(Table(rows=[Row(cells=label_row, where=""), *plain[1:]]))

    def table(self, layout: Layout | None, *, header_rows: int) -> Table:
        times = {column.index for column in layout.time_columns} if layout else set()
        keep = {layout.column(role) for role in _NO_REPEAT_ROLES} if layout else set()
        data_rows = set(self.indices[header_rows:])
        rows: list[Row] = []
        for position, index in enumerate(self.indices):
            row = self.rows[index]
            if position < header_rows:
                cells = list(self.own[index])
                if position == 0 and layout is not None and layout.header_rows >= 2 and times:
                    cells = [text for column, (text, cell) in enumerate(zip(cells, row.cells, strict=True))
                             if not (column in times and _covered_from(cell, index, times))]
            else:
                cells = self._data_cells(index, times, keep, data_rows)
            rows.append(Row(cells=cells, where=row.where))
        return Table(rows=rows, where=rows[0].where if rows else "")

    def _data_cells(self, index: int, times: set[int], keep: set[int | None],
                    data_rows: set[int]) -> list[str]:
        row = self.rows[index]
        uniform = all(self._shaded(cell) for cell in row.cells)
        cells: list[str] = []
        for column, cell in enumerate(row.cells):
            source: GridCell | None = cell
            if cell.origin is not None:
                origin_row, origin_column = cell.origin
                across_time = column in times and origin_column in times
                if origin_row == index:
                    repeat = across_time
                else:
                    repeat = (origin_row in data_rows and column not in keep
                              and (origin_column == column or across_time))
                source = self.rows[origin_row].cells[origin_column] if repeat else None
            text = source.text if source is not None else ""
            if source is not None and not text and source.shaded and column in times and not uniform:
                text = MARK
                self.marks += 1
            cells.append(text)
        return cells

    def _shaded(self, cell: GridCell) -> bool:
        if cell.origin is None:
            return cell.shaded
        origin_row, origin_column = cell.origin
        return self.rows[origin_row].cells[origin_column].shaded


def _covered_from(cell: GridCell, row: int, times: set[int]) -> bool:
    """A cell covered by a cell of the same row that starts over the month columns."""
    return cell.origin is not None and cell.origin[0] == row and cell.origin[1] in times
