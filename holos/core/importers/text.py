"""Reading plain text copied out of Word, PDF or a web page into paragraphs and tables.

Plans reach us as text in three shapes, and one file may mix them:

- rows of tab-separated cells, one row per line (a table copied from Word or Excel);
  blank lines inside such a table are page breaks, not the end of the table;
- the same with HTML or markdown left in the cells (``<p>``, ``<b>``, ``**``), where a
  ``<p>`` paragraph inside a cell is kept as a line of its own;
- one cell per line, each line starting with a tab, rows separated by a blank line
  (what LibreOffice gives for a table with merged cells); a line without the tab right
  after a cell continues that cell.

Anything else is a paragraph. The reader never guesses what the text means: that is the
interpreter's work.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from holos.core.importers.blocks import Block, Paragraph, Row, Table

_PARAGRAPH_TAG = re.compile(r"</p\s*>|<br\s*/?>|</div\s*>|</li\s*>", re.IGNORECASE)
_EMPHASIS_TAG = re.compile(r"^\s*<(b|strong|h[1-6])\b[^>]*>.*</\1\s*>\s*$", re.IGNORECASE | re.S)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BOLD_MARKDOWN = re.compile(r"^\*\*(.+?)\*\*$", re.S)
_HEADING_MARKDOWN = re.compile(r"^#{1,6}\s+(.+)$")
_WORD_ARTIFACT = re.compile(r"\[bookmark: [^\]]*\]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def clean_markup(text: str) -> tuple[str, bool]:
    """Remove HTML and markdown left over from copying; say whether it marked emphasis.

    ``<p>`` and ``<br>`` become line breaks because they separate entries that a person
    reads as separate (five periods for five kinds of work in one cell); the other tags
    carry only looks. Underscores are left alone: ``__`` is a blank to fill in a plan.
    """
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


def _cell_text(raw: str) -> str:
    return clean_markup(raw)[0]


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

    def read(self, text: str) -> list[Block]:
        for number, line in enumerate(text.split("\n"), start=1):
            self.take(number, line.rstrip("\r"))
        self.end_table()
        return self.blocks

    def take(self, number: int, line: str) -> None:
        if self.mode == "cells" and self.take_in_cells(number, line):
            return
        if self.mode == "rows" and self.take_in_rows(number, line):
            return
        if not line.strip():
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
            self.rows.append(Row(cells=cells, where=f"line {number}"))
            self.after_blank = False
            return True
        self.end_table()
        return False

    def end_row(self) -> None:
        if self.cells:
            cells = [_cell_text(raw) for raw in self.cells]
            self.rows.append(Row(cells=cells, where=f"line {self.row_line}"))
        self.cells = []

    def end_table(self) -> None:
        self.end_row()
        if self.rows:
            self.blocks.append(Table(rows=self.rows, where=self.rows[0].where))
        self.rows = []
        self.mode = ""
        self.after_blank = False

    def add_paragraph(self, number: int, line: str) -> None:
        text, emphasis = clean_markup(line)
        if text:
            self.blocks.append(Paragraph(text=text, where=f"line {number}", emphasis=emphasis))


def read_blocks(text: str) -> list[Block]:
    """Split a plain-text plan into paragraphs and tables, in the order they appear."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _TextReader().read(text)


_MARKUP = re.compile(r"</?(?:p|b|strong|i|em|br|div|span)\b[^>]*>|\*\*\S", re.IGNORECASE)


def detect_format(text: str) -> str:
    """The media type of a plain-text plan, for the document's ``source``."""
    if _MARKUP.search(text):
        return "text/markdown"
    if any(line.count("\t") >= 2 and not _is_cell_line(line) for line in text.split("\n")):
        return "text/tab-separated"
    return "text/plain"
