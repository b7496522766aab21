"""The form every reader produces and the interpreter reads: paragraphs and tables.

A Word file, a spreadsheet and a text copied out of a PDF all come down to the same
thing: paragraphs of text and tables made of rows of cells. Readers know only their file
format; the interpreter knows only plans. Keeping the two apart lets a DOCX or XLSX reader
be added without touching how plans are found.

Every block carries ``where``, the place a person would look for it in the source
("line 14", "table 2, row 5"), so that a warning can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph; ``emphasis`` is set when the source made it a heading or bold."""

    text: str
    where: str
    emphasis: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One table row. A cell holding several paragraphs keeps them on separate lines."""

    cells: list[str]
    where: str

    def is_empty(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


@dataclass(frozen=True)
class Table:
    rows: list[Row] = field(default_factory=list)
    where: str = ""


Block = Paragraph | Table
