"""Mending the rows of a table that copying broke, before they are read.

A row torn by a page break arrives as a second row that starts in mid-sentence or goes
on with a numbered list the row above left unfinished, sometimes with its cells shifted
by a column the copy lost. Such a row is joined back to the row above, cell by cell,
and a warning says so. Numbering that shares a cell with text ("1.3. Інформаційні
кампанії") is separated from it here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from holos.core.document import gettext_noop
from holos.core.importers.blocks import Row
from holos.core.importers.cells import read_number
from holos.core.importers.headers import Layout
from holos.core.importers.outline import Findings, shorten
from holos.core.importers.plan_facts import starts_with_marker
from holos.core.importers.vocabulary import (
    GOAL_INDICATOR_MARKERS,
    GOAL_MARKERS,
    KEY_MESSAGE_MARKERS,
    TASK_MARKERS,
)

_ITEM_NUMBER = re.compile(r"^(\d{1,2})[.)]\s*\S")
# "The same as above", as official tables write it: —“—, -"-, „, 〃, -//-, те саме.
_DITTO = re.compile(r"^\s*(?:[-–—]*\s*[\"“”„″〃]{1,2}\s*[-–—]*|[-–—]\s*//\s*[-–—]|те саме|тж\.?)\s*$", re.IGNORECASE)
_DITTO_STARTS = frozenset("-–—\"“”„″〃тТ\u1c84\u1c85")  # the first characters _DITTO allows, for a quick test
_JOINS_NEXT = ("-", "–", ",", "(", ":")


@dataclass(slots=True)
class LogicalRow:
    """A row as the author wrote it, after mending what copying broke."""

    cells: list[str]
    where: str
    number: str = ""

    def cell(self, index: int | None) -> str:
        if index is None or index < 0 or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    def texts(self, skip: set[int | None]) -> list[str]:
        return [cell.strip() for i, cell in enumerate(self.cells) if i not in skip and cell.strip()]


def mend_rows(rows: list[Row], layout: Layout, findings: Findings) -> list[LogicalRow]:
    """Turn the table's rows into the rows the author wrote, joining torn ones."""
    number_column = layout.column("number")
    capitalised = _rows_start_capitalised(rows)
    mended: list[LogicalRow] = []
    items = False  # rows under a lead-in ("Проведення перевірки дотримання:") are its items
    for row in rows:
        if row.is_empty():
            continue
        cells = list(row.cells)
        if not layout.placed and len(cells) < layout.width:
            cells += [""] * (layout.width - len(cells))
        number = _take_number(cells, number_column, layout, row.where, findings)
        texts = [text for index, cell in enumerate(cells) if index != number_column and (text := cell.strip())]
        if mended and not number and not layout.placed and not (items and _is_item(texts)):
            found = _continuation(mended[-1].cells, cells, number_column, capitalised)
            if found is not None:
                _join(mended[-1], cells, found, number_column, row.where, findings)
                continue
        items = _is_lead_in(texts) or (items and _is_item(texts))
        mended.append(LogicalRow(cells=cells, where=row.where, number=number))
    _fill_dittos(mended, findings)
    return mended


def _is_lead_in(texts: list[str]) -> bool:
    """A row whose one text (besides its number) ends with a colon: the start of a sentence its items below finish."""
    return len(texts) == 1 and texts[0].endswith(":")


def _is_item(texts: list[str]) -> bool:
    """An item of a lead-in: it starts in lower case and fills more than one cell (besides its number)."""
    return len(texts) > 1 and texts[0][:1].islower()


def _fill_dittos(rows: list[LogicalRow], findings: Findings) -> None:
    """A cell marked "the same" (—“—) holds what the cell above it holds."""
    above: dict[int, str] = {}
    filled = 0
    for row in rows:
        for index, cell in enumerate(row.cells):
            if cell.strip() and cell.lstrip()[0] in _DITTO_STARTS and _DITTO.match(cell) and index in above:
                row.cells[index] = above[index]
                filled += 1
            elif cell.strip():
                above[index] = cell
    if filled:
        findings.warn(rows[0].where, gettext_noop(
            "Cells marked “the same” (—“—) were read as the cell above them: %(count)s."), count=filled)


def _rows_start_capitalised(rows: list[Row]) -> bool:
    """Whether this table starts its rows with a capital letter, as most do.

    Only then does a row starting in lower case stand out as the end of a torn sentence;
    some authors start every row in lower case ("úvodní veřejné projednání").
    """
    firsts = [text for row in rows if (text := next((c.strip() for c in row.cells if c.strip()), ""))]
    letters = [text[0] for text in firsts if text[0].isalpha()]
    return bool(letters) and sum(1 for char in letters if char.isupper()) >= 0.75 * len(letters)


def _take_number(cells: list[str], column: int | None, layout: Layout, where: str,
                 findings: Findings) -> str:
    """Read the numbering cell; text sharing it goes to the column it belongs to."""
    if column is None or column >= len(cells):
        return ""
    number, spill = read_number(cells[column])
    cells[column] = number
    if not spill:
        return number
    task, activity = layout.column("task"), layout.column("activity")
    if number and task is not None and not cells[task].strip():
        cells[task] = spill
    elif activity is not None and not cells[activity].strip():
        cells[activity] = spill
        if _is_heading(spill, cells, column):
            return number
        findings.warn(where, gettext_noop("Text in the numbering column was read as an activity: “%(text)s”."),
                      text=shorten(spill))
    else:
        findings.warn(where, gettext_noop(
            "Text in the numbering column could not be placed and was left out: “%(text)s”."
        ), text=shorten(spill))
    return number


def _is_heading(text: str, cells: list[str], column: int) -> bool:
    """A labelled heading ("Завдання 2: …", "Ключове повідомлення: …") alone in its row.

    Such a row spans the table from its first cell; the heading reader takes it from
    there, so it is not reported as an activity.
    """
    alone = not any(cell.strip() for index, cell in enumerate(cells) if index != column and cell != text)
    return alone and starts_with_marker(
        text, (*GOAL_MARKERS, *KEY_MESSAGE_MARKERS, *GOAL_INDICATOR_MARKERS, *TASK_MARKERS))


def _list_goes_on(text: str) -> int | None:
    """The first item number of a list that goes on from elsewhere in this cell.

    The cell must look like part of a list: several numbered items, or a fragment
    before the first item. A single "2. …" is a numbered row, not a torn list.
    """
    if "\n" not in text:
        return None  # one line is at most a single item, or a fragment without one
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    numbers = [(i, int(m.group(1))) for i, line in enumerate(lines)
               if (m := _ITEM_NUMBER.match(line))]
    if not numbers or (len(numbers) < 2 and numbers[0][0] == 0):
        return None
    return numbers[0][1]


def _last_item(text: str) -> int | None:
    numbers = [int(m.group(1)) for line in text.split("\n") if (m := _ITEM_NUMBER.match(line.strip()))]
    return numbers[-1] if numbers else None


def _continuation(previous: list[str], cells: list[str], number_column: int | None,
                  capitalised: bool) -> tuple[int, int] | None:
    """How a row continues the one above: (shift of its cells, the cell it goes on in).

    It does when its first text starts in lower case (a sentence cut by a page break),
    or when one of its cells goes on with a numbered list the row above left at k - 1;
    the distance between the two cells is how far a lost column shifted the row.
    """
    filled = [(index, text.strip()) for index, text in enumerate(cells) if text.strip()]
    if not filled:
        return None
    first_index, first_text = filled[0]
    if capitalised and first_text[0].islower():
        return 0, first_index
    for index, text in filled:
        item = _list_goes_on(text)
        if item is None or item < 2:
            continue
        for target, above in enumerate(previous):
            if target != number_column and _last_item(above) == item - 1:
                return target - index, target
    return None


def _join_cell(above: str, text: str, same_line: bool) -> str:
    if not above.strip():
        return text
    if same_line or above.rstrip().endswith(_JOINS_NEXT):
        first, _, rest = text.strip().partition("\n")
        joined = f"{above.rstrip()} {first.strip()}"
        return f"{joined}\n{rest}" if rest else joined
    return f"{above.rstrip()}\n{text.strip()}"


def _join(previous: LogicalRow, cells: list[str], found: tuple[int, int],
          number_column: int | None, where: str, findings: Findings) -> None:
    """Join a torn row's cells to the row above; the warnings are about that row, at its place."""
    shift, same_line_target = found
    for index, text in enumerate(cells):
        if not text.strip():
            continue
        target = index + shift
        if 0 <= target < len(previous.cells) and target != number_column:
            previous.cells[target] = _join_cell(previous.cells[target], text,
                                                target == same_line_target)
        else:
            findings.warn(previous.where, gettext_noop(
                "Text at %(place)s, after a page break, could not be placed in this row and was left out: “%(text)s”."
            ), place=where, text=shorten(text))
    if shift:
        findings.warn(previous.where, gettext_noop(
            "This row is broken across a page: its rest, at %(place)s and shifted by a lost column, was joined to it."
        ), place=where)
    else:
        findings.warn(previous.where, gettext_noop(
            "This row is broken across a page: its rest, at %(place)s, was joined to it."
        ), place=where)
