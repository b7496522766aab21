"""Reading plain text copied out of Word, PDF or a web page into paragraphs and tables.

Plans reach us as text in these shapes, and one file may mix them:

- rows of tab-separated cells, one row per line (a table copied from Word or Excel);
  blank lines inside such a table are page breaks, not the end of the table;
- the same with HTML or markdown left in the cells (``<p>``, ``<b>``, ``**``), where a
  ``<p>`` paragraph inside a cell is kept as a line of its own;
- one cell per line, each line starting with a tab, rows separated by a blank line
  (what LibreOffice gives for a table with merged cells); a line without the tab right
  after a cell continues that cell;
- cells copied from Excel, LibreOffice Calc or Google Sheets: tab-separated, where a cell
  holding line breaks or tabs is wrapped in double quotes, inner quotes doubled;
- rows of cells between pipes (``a | b | c |``, markdown tables with ``---`` rules): a
  line that does not start with a pipe among lines that do goes on with the row above,
  and a table written one cell per line, each ending with a pipe, takes its number of
  columns from its header;
- columns aligned by runs of spaces, three lines or more with as many columns.

Anything else is a paragraph. The reader never guesses what the text means: that is the
interpreter's work.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache

from holos.core.importers.blocks import Block, Paragraph, Row, Table
from holos.core.importers.limits import Tally, tally
from holos.core.importers.timeline import starts_with_date

_PARAGRAPH_TAG = re.compile(r"</p\s*>|<br\s*/?>|</div\s*>|</li\s*>", re.IGNORECASE)
_EMPHASIS_TAG = re.compile(r"^\s*<(b|strong|h[1-6])\b[^>]*>.*</\1\s*>\s*$", re.IGNORECASE | re.S)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BOLD_MARKDOWN = re.compile(r"^\*\*(.+?)\*\*$", re.S)
_HEADING_MARKDOWN = re.compile(r"^#{1,6}\s+(.+)$")
_WORD_ARTIFACT = re.compile(r"\[bookmark: [^\]]*\]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
# What any of the cleaning below acts on; a cell without it is only trimmed.
_NEEDS_CLEANING = re.compile(r"[<&\[*#\n\t\u00a0\u2007\u202f]|  ")


def clean_markup(text: str) -> tuple[str, bool]:
    """Remove HTML and markdown left over from copying; say whether it marked emphasis.

    ``<p>`` and ``<br>`` become line breaks because they separate entries that a person
    reads as separate (five periods for five kinds of work in one cell); the other tags
    carry only looks. Underscores are left alone: ``__`` is a blank to fill in a plan.
    """
    if not _NEEDS_CLEANING.search(text):
        return text.strip(), False
    text = _WORD_ARTIFACT.sub("", text)
    emphasis = bool(_EMPHASIS_TAG.match(text))
    text = _PARAGRAPH_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    bold = _BOLD_MARKDOWN.match(text)
    if bold:
        return bold.group(1).strip(), True
    heading = _HEADING_MARKDOWN.match(text)
    if heading and "\n" not in text:
        return heading.group(1).strip(), True
    return text, emphasis


@lru_cache(maxsize=8192)
def _cell_text(raw: str) -> str:
    """A cell's text without markup; a long table repeats its units and periods, each cleaned once."""
    return clean_markup(raw)[0]


_PIPE_RULE = re.compile(r"^[\s|:\-+=]*$")
_ALIGNED = re.compile(r" {3,}|\u00a0{2,}")
_QUOTED_CELL = re.compile(r'(?:^|\t)"(?:[^"]|"")*(?:\t|\n)(?:[^"]|"")*"(?:\t|$)', re.M)
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _is_pipe_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.count("|") >= 2 or (len(stripped) > 1 and (stripped.endswith("|") or stripped.startswith("|")))


def _pipe_cells(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return [_cell_text(cell) for cell in stripped.split("|")]


def _aligned_cells(line: str) -> list[str]:
    return [cell.strip() for cell in _ALIGNED.split(line.strip()) if cell.strip()]


def _is_cell_line(line: str) -> bool:
    """A line of the one-cell-per-line shape: a tab, then the cell, and no other tab."""
    return line.startswith("\t") and "\t" not in line[1:]


@dataclass
class _TextReader:
    """Walks the lines once, keeping the table being built until something ends it."""

    blocks: list[Block] = field(default_factory=list)
    mode: str = ""  # "" between tables, "rows" for tab-separated rows, "cells" for cell lines
    rows: list[Row] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    row_line: int = 0
    after_blank: bool = False
    counted: Tally = field(default_factory=tally)

    def read(self, text: str) -> list[Block]:
        for number, line in enumerate(text.split("\n"), start=1):
            self.take(number, line.rstrip("\r"))
        self.end_table()
        return self.blocks

    pipes: list[tuple[int, str]] = field(default_factory=list)
    aligned: list[tuple[int, str]] = field(default_factory=list)

    def take(self, number: int, line: str) -> None:
        if self.mode == "cells" and self.take_in_cells(number, line):
            return
        if self.mode == "rows" and self.take_in_rows(number, line):
            return
        if self.mode == "pipes" and self.take_in_pipes(number, line):
            return
        if self.mode == "aligned" and self.take_in_aligned(number, line):
            return
        if not line.strip():
            return
        if "\t" not in line and _is_pipe_line(line):
            self.mode = "pipes"
            self.take(number, line)
            return
        if "\t" not in line and len(_aligned_cells(line)) >= 2:
            self.mode = "aligned"
            self.take(number, line)
            return
        if "\t" in line:
            self.mode = "cells" if _is_cell_line(line) else "rows"
            self.take(number, line)
            return
        self.add_paragraph(number, line)

    def take_in_cells(self, number: int, line: str) -> bool:
        """Handle a line inside a one-cell-per-line table; False when the table ends."""
        if line == "":
            self.end_row()
            self.after_blank = True
            return True
        if _is_cell_line(line):
            if not self.cells:
                self.row_line = number
            self.cells.append(line[1:])
            self.after_blank = False
            return True
        if "\t" not in line and self.cells and not self.after_blank:
            self.cells[-1] += "\n" + line
            return True
        if "\t" not in line and not line.strip():
            return True
        self.end_table()
        return False

    def take_in_rows(self, number: int, line: str) -> bool:
        """Handle a line inside a tab-separated table; False when the table ends."""
        if not line.strip() and "\t" not in line:
            self.after_blank = True
            return True
        if "\t" in line:
            cells = [_cell_text(raw) for raw in line.split("\t")]
            where = f"line {number}"
            self.counted.row(cells, where=where)
            self.rows.append(Row(cells=cells, where=where))
            self.after_blank = False
            return True
        self.end_table()
        return False

    def take_in_pipes(self, number: int, line: str) -> bool:
        """Lines of a table between pipes; a blank line or a line without a pipe ends it
        unless it goes on with the row above (a row wrapped over several lines)."""
        if line.strip() and ("|" in line or (self.pipes and not line.lstrip().startswith("|"))):
            if "|" in line or self.pipes[-1][1].lstrip().startswith("|"):
                self.pipes.append((number, line))
                return True
        self.end_table()
        return False

    def take_in_aligned(self, number: int, line: str) -> bool:
        if line.strip() and len(_aligned_cells(line)) >= 2:
            self.aligned.append((number, line))
            return True
        self.end_table()
        return False

    def end_pipes(self) -> None:
        lines = [(number, line) for number, line in self.pipes if not _PIPE_RULE.match(line)]
        self.pipes = []
        if not lines:
            return
        if all(line.strip().endswith("|") and line.strip().count("|") == 1 for _, line in lines):
            self.rows.extend(_cell_stream_rows(lines))
            return
        framed = sum(1 for _, line in lines if line.lstrip().startswith("|")) > len(lines) / 2
        for number, line in lines:
            cells = _pipe_cells(line)
            if self.rows and framed and not line.lstrip().startswith("|"):
                previous = self.rows[-1]
                joined = [f"{old}\n{new}".strip() for old, new in zip(previous.cells, cells, strict=False)]
                joined += previous.cells[len(cells):] + cells[len(previous.cells):]
                self.rows[-1] = Row(cells=joined, where=previous.where)
            else:
                self.rows.append(Row(cells=cells, where=f"line {number}"))

    def end_aligned(self) -> None:
        lines, self.aligned = self.aligned, []
        counts = [len(_aligned_cells(line)) for _, line in lines]
        if len(lines) < 3 or len(set(counts)) > 1:
            for number, line in lines:
                self.add_paragraph(number, line)
            return
        self.rows.extend(Row(cells=_aligned_cells(line), where=f"line {number}") for number, line in lines)

    def end_row(self) -> None:
        if self.cells:
            cells = [_cell_text(raw) for raw in self.cells]
            self.counted.row(cells, where=f"line {self.row_line}")
            self.rows.append(Row(cells=cells, where=f"line {self.row_line}"))
        self.cells = []

    def end_table(self) -> None:
        self.end_pipes()
        self.end_aligned()
        self.end_row()
        while self.rows and sum(1 for cell in self.rows[0].cells if cell.strip()) <= 1 and len(self.rows) > 1:
            # A title above the table, copied with the empty cells of its row ("Громада\t\t\t…").
            first = self.rows.pop(0)
            text = next((cell for cell in first.cells if cell.strip()), "")
            if text:
                self.blocks.append(Paragraph(text=" ".join(text.split()), where=first.where))
        if self.rows:
            self.blocks.append(Table(rows=self.rows, where=self.rows[0].where))
        self.rows = []
        self.mode = ""
        self.after_blank = False

    def add_paragraph(self, number: int, line: str) -> None:
        text, emphasis = clean_markup(line)
        if text:
            self.counted.paragraph(text)
            self.blocks.append(Paragraph(text=text, where=f"line {number}", emphasis=emphasis))


def _cell_stream_rows(lines: list[tuple[int, str]]) -> list[Row]:
    """Cells one per line, each ending with a pipe: the header's labels tell how many
    columns there are; a row starts again at a date when the first column holds dates and
    a row lost an empty cell."""
    cells = [(number, line.strip()[:-1].strip()) for number, line in lines]
    width = 0
    while width < len(cells) and not any(char.isdigit() for char in cells[width][1]) and len(cells[width][1]) <= 40:
        width += 1
    if width < 2:
        return [Row(cells=[text], where=f"line {number}") for number, text in cells]
    rows: list[Row] = [Row(cells=[text for _, text in cells[:width]], where=f"line {cells[0][0]}")]
    dated = starts_with_date(cells[width][1]) if len(cells) > width else False
    current: list[str] = []
    where = ""
    for number, text in cells[width:]:
        if current and (len(current) == width or (dated and len(current) >= 2 and starts_with_date(text))):
            rows.append(Row(cells=current + [""] * (width - len(current)), where=where))
            current = []
        if not current:
            where = f"line {number}"
        current.append(text)
    if current:
        rows.append(Row(cells=current + [""] * (width - len(current)), where=where))
    return rows


def _read_quoted(text: str) -> list[Block]:
    """Cells as a spreadsheet copies them: tabs between cells, quotes around a cell with breaks."""
    blocks: list[Block] = []
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=False)
    line = 1
    for record in reader:
        where, line = f"line {line}", reader.line_num + 1
        filled = [cell for cell in record if cell.strip()]
        if len(record) >= 2 and filled:
            rows.append(Row(cells=[_cell_text(cell) for cell in record], where=where))
            continue
        if rows:
            blocks.append(Table(rows=rows, where=rows[0].where))
            rows = []
        if filled:
            cleaned, emphasis = clean_markup(filled[0])
            if cleaned:
                blocks.append(Paragraph(text=cleaned, where=where, emphasis=emphasis))
    if rows:
        blocks.append(Table(rows=rows, where=rows[0].where))
    return blocks


def read_blocks(text: str) -> list[Block]:
    """Split a plain-text plan into paragraphs and tables, in the order they appear."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _QUOTED_CELL.search(text):
        return _read_quoted(text)
    return _TextReader().read(text)


_MARKUP = re.compile(r"</?(?:p|b|strong|i|em|br|div|span)\b[^>]*>|\*\*\S", re.IGNORECASE)


def detect_format(text: str) -> str:
    """The media type of a plain-text plan, for the document's ``source``."""
    if _MARKUP.search(text):
        return "text/markdown"
    if any(line.count("\t") >= 2 and not _is_cell_line(line) for line in text.split("\n")):
        return "text/tab-separated"
    return "text/plain"
