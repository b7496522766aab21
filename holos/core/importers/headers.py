"""Recognising a plan table by its header: which column holds what, and which are months.

Headers are written in many ways ("Канали комунікацій", "Jak budou účastníci osloveni?",
"Channels"), so a column is recognised by the meaning of its words (see vocabulary).
A header may span several rows: labels on top, then years, then months or quarters, as a
Word table with merged cells comes out when copied. The result is a ``Layout``: the
column of each role and the month or quarter of each time column.

A person may overrule the guess column by column (``choose_roles``); ``column_roles``
says what each column is taken for, guessed or chosen, so that it can be shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from holos.core.importers.blocks import Row, Table
from holos.core.importers.vocabulary import (
    COLUMN_WORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NOTE_COLUMN_WORDS,
    QUARTER_WORDS,
    UNIT_WORDS,
)
from holos.core.schedule import parse_schedule

ROLES = tuple(COLUMN_WORDS)
# What a column can be taken for: a role above, a month or quarter of the grid, text kept
# as notes on each activity (a header that was not understood), or nothing ("ignore").
TIME_ROLES = ("month", "quarter")
NOTES = "notes"
IGNORE = "ignore"
COLUMN_ROLES = (*ROLES, *TIME_ROLES, NOTES, IGNORE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_WORD = "|".join(sorted((re.escape(w) for w in QUARTER_WORDS), key=len, reverse=True))
_QUARTER_AFTER = re.compile(
    rf"^(?P<n>[1-4]|iv|i{{1,3}})\s*(?:-?й|-?th|rd|nd|st)?\s*(?:{_QUARTER_WORD})(?:\s+(?P<y>\d{{4}}))?$"
)
_QUARTER_BEFORE = re.compile(rf"^(?:{_QUARTER_WORD})\s*(?P<n>[1-4])(?:\s+(?P<y>\d{{4}}))?$")
_YEAR = re.compile(r"^(?P<y>(?:19|20)\d\d)(?:\s*(?:р|рік|rok|year|r))?$")
_HEADER_SEARCH_ROWS = 3
_LONGEST_LABEL = 120  # header cells are labels; a longer cell is content


@dataclass
class TimeColumn:
    """A month or quarter column; ``slot`` is "2023-05" or "2023-Q3" once years are known."""

    index: int
    label: str
    month: int | None = None
    quarter: int | None = None
    year: int | None = None
    slot: str = ""


@dataclass
class Layout:
    width: int
    roles: dict[str, int] = field(default_factory=dict)
    time_columns: list[TimeColumn] = field(default_factory=list)
    placed: bool = False
    header_rows: int = 1
    years: list[int] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)
    unknown: dict[int, str] = field(default_factory=dict)
    # Columns whose role was read from their content, the table having no header for them.
    inferred: dict[int, str] = field(default_factory=dict)

    @property
    def is_plan(self) -> bool:
        """A plan table says what is done: an activity column, tasks placed in time, or how audiences are reached."""
        return "activity" in self.roles or self.placed or self.is_matrix

    @property
    def is_matrix(self) -> bool:
        """A stakeholder matrix: rows are audiences, with what to tell them or how to reach them, and no activity."""
        return ("activity" not in self.roles and not self.placed and "audience" in self.roles
                and ("channels" in self.roles or "key_message" in self.roles))

    @property
    def granularity(self) -> str | None:
        if not self.time_columns:
            return None
        return "quarter" if self.time_columns[0].quarter else "month"

    def column(self, role: str) -> int | None:
        return self.roles.get(role)


def _normal(label: str) -> str:
    return " ".join(label.lower().replace(".", " ").replace(",", " ").split())


# Every stem of every role, compiled once: a sheet of 10,000 rows asks each row.
_ROLE_PATTERNS = tuple((role, stem, re.compile(rf"(?<!\w){re.escape(stem)}"))
                       for role, stems in COLUMN_WORDS.items() for stem in stems)


def role_of(label: str) -> str | None:
    """The role a header label names, by the earliest word of any role found in it."""
    text = " ".join(label.lower().split())
    if not text:
        return None
    best: tuple[int, int, str] | None = None
    for role, stem, pattern in _ROLE_PATTERNS:
        if role == "number" and len(text) > 8:
            continue
        found = pattern.search(text)
        if found and (best is None or (found.start(), -len(stem)) < best[:2]):
            best = (found.start(), -len(stem), role)
    return best[2] if best else None


_NOTE_LABEL = re.compile("(?<!\\w)(?:" + "|".join(re.escape(word) for word in NOTE_COLUMN_WORDS) + ")(?!\\w)")


def is_note_label(label: str) -> bool:
    """A header of a column kept as notes by design ("Why", "Interest"), not one that was not understood."""
    return role_of(label) is None and _NOTE_LABEL.search(" ".join(label.lower().split())) is not None


def time_label(label: str) -> TimeColumn | None:
    """A month ("травень", "květen 2023") or quarter ("3 кв.", "Q3") column label."""
    text = _normal(label)
    if not text:
        return None
    words = text.split()
    if words[0] in MONTHS and len(words) <= 2:
        year = int(words[1]) if len(words) == 2 and words[1].isdigit() else None
        return TimeColumn(index=-1, label=label.strip(), month=MONTHS[words[0]], year=year)
    year = _year_label(words[1]) if len(words) == 2 else None
    if words[0] in MONTH_ABBREVIATIONS and year is not None:
        return TimeColumn(index=-1, label=label.strip(), month=MONTH_ABBREVIATIONS[words[0]], year=year)
    for pattern in (_QUARTER_AFTER, _QUARTER_BEFORE):
        match = pattern.match(text)
        if match:
            number = match.group("n")
            quarter = _ROMAN.get(number) or int(number)
            year = int(match.group("y")) if match.group("y") else None
            return TimeColumn(index=-1, label=label.strip(), quarter=quarter, year=year)
    return None


def _year_label(label: str) -> int | None:
    match = _YEAR.match(_normal(label))
    return int(match.group("y")) if match else None


def _is_header_row(row: Row) -> bool:
    labels = [cell for cell in row.cells if cell.strip()]
    if any(len(cell) > _LONGEST_LABEL or "\n" in cell for cell in labels):
        return False
    roles = [role_of(cell) for cell in labels]
    times = [time_label(cell) for cell in labels]
    named = sum(1 for role in roles if role)
    timed = sum(1 for time in times if time)
    return named >= 2 or (named >= 1 and timed >= 2)


def _is_time_row(row: Row) -> bool:
    """A header row of years, months or quarters only (the second or third header row)."""
    cells = [cell for cell in row.cells if cell.strip()]
    return bool(cells) and all(time_label(c) or _year_label(c) for c in cells)


def find_layout(table: Table) -> Layout | None:
    """Read the header of a table, or None when it has none a plan table would have."""
    for start, row in enumerate(table.rows[:_HEADER_SEARCH_ROWS]):
        if _is_header_row(row):
            end = start + 1
            while end < len(table.rows) and _is_time_row(table.rows[end]):
                end += 1
            return _build_layout(table.rows[start:end], header_rows=end)
    return None


def layout_from_row(row: Row) -> Layout:
    """The layout a row gives when a person marked it as the header line of its table."""
    return _build_layout([row], header_rows=1)


def _time_columns(row: Row) -> list[TimeColumn]:
    columns = []
    for index, cell in enumerate(row.cells):
        column = time_label(cell)
        if column:
            column.index = index
            columns.append(column)
    return columns


def _build_layout(rows: list[Row], header_rows: int) -> Layout:
    label_row = rows[0]
    time_row = max(rows, key=lambda row: len(_time_columns(row)))
    times = _time_columns(time_row)
    years = [year for row in rows for cell in row.cells if (year := _year_label(cell))]
    layout = Layout(width=len(time_row.cells) if times else len(label_row.cells),
                    time_columns=times, header_rows=header_rows, years=years)
    for index, label in _place_labels(label_row, time_row, times, layout.width):
        _add_label(layout, index, label)
    return layout


def _place_labels(label_row: Row, time_row: Row, times: list[TimeColumn],
                  width: int) -> list[tuple[int | None, str]]:
    """Give each label of the top row its column; None for labels spanning time columns.

    When the top row has fewer cells than the row of months, the labels before the
    months take the first columns, the labels after them the last columns, and those in
    between stand over the months (years, or "Завдання" over a grid of tasks).
    """
    cells = label_row.cells
    if label_row is time_row or not times or len(cells) == width:
        return [(index, label) for index, label in enumerate(cells)]
    lead = times[0].index
    trail = width - 1 - times[-1].index
    placed: list[tuple[int | None, str]] = []
    for position, label in enumerate(cells):
        if position < lead:
            placed.append((position, label))
        elif position >= len(cells) - trail:
            placed.append((width - (len(cells) - position), label))
        else:
            placed.append((None, label))
    return placed


def _add_label(layout: Layout, index: int | None, label: str) -> None:
    if not label.strip() or time_label(label):
        return
    year = _year_label(label)
    if year is not None:
        return
    role = role_of(label)
    if index is None:
        if role == "activity":
            layout.placed = True
        return
    layout.labels[index] = label.strip()
    if role == "activity" and "activity" in layout.roles and "task" not in layout.roles:
        # "Завдання" beside "Захід": the first names the tasks the activities serve.
        first = layout.roles["activity"]
        if _names_task(layout.labels[first]):
            layout.roles["task"], layout.roles["activity"] = first, index
            return
        if _names_task(label):
            layout.roles["task"] = index
            return
    if role is None:
        layout.unknown[index] = label.strip()
    elif role not in layout.roles:
        layout.roles[role] = index


_TASK_LABEL = re.compile(r"(?<!\w)(?:завдання|úkol|úkoly|task|tasks|zadani[ae]|zadań)(?!\w)")


def _names_task(label: str) -> bool:
    """A label of tasks, whatever stands before it ("Найменування завдання", "Nazwa zadania")."""
    return bool(_TASK_LABEL.search(" ".join(label.lower().split())))


def column_count(layout: Layout) -> int:
    """The number of columns of a layout's table, counting every column it names."""
    named = [*layout.labels, *layout.roles.values(), *(column.index for column in layout.time_columns)]
    return max([layout.width, *(index + 1 for index in named)])


def column_roles(layout: Layout) -> dict[int, str]:
    """What each column of the table is taken for: one of ``COLUMN_ROLES``.

    A column without a header, or a second column of a role one column already holds,
    is not read ("ignore"); a header that was not understood keeps its cells as notes.
    """
    roles = dict.fromkeys(range(column_count(layout)), IGNORE)
    roles.update(dict.fromkeys(layout.unknown, NOTES))
    for column in layout.time_columns:
        roles[column.index] = "quarter" if column.quarter else "month"
    roles.update({index: role for role, index in layout.roles.items()})
    return roles


def column_header(layout: Layout, index: int) -> str:
    """The header text of a column, as the table gives it ("" when it has none)."""
    if index in layout.labels:
        return layout.labels[index]
    return next((column.label for column in layout.time_columns if column.index == index), "")


@dataclass
class Choice:
    """What became of the roles a person chose for the columns of one table.

    ``chosen``: the columns that now have the role chosen for them; ``displaced``: columns
    whose guessed role was chosen for another column, now kept as notes; ``shared``:
    columns given a role another chosen column took first, kept as notes; ``missing``:
    columns the table does not have; ``not_time``: columns chosen as a month or quarter
    that the header does not make one (their guess stays).
    """

    chosen: set[int] = field(default_factory=set)
    displaced: list[int] = field(default_factory=list)
    shared: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    not_time: list[int] = field(default_factory=list)


def choose_roles(layout: Layout, chosen: Mapping[int, str]) -> Choice:
    """Give columns the roles a person chose, in place of the guess; the rest is kept.

    A role holds one column: a guessed column whose role is chosen for another is kept as
    notes. A column can be made a month or quarter only if its header is one, as the
    header is what dates it. Raises ``ValueError`` for a role not in ``COLUMN_ROLES``.
    """
    unknown = sorted({role for role in chosen.values() if role not in COLUMN_ROLES})
    if unknown:
        raise ValueError(f"unknown column roles: {', '.join(unknown)}")
    choice = Choice()
    count = column_count(layout)
    times = {column.index: column for column in layout.time_columns}
    displaced: set[int] = set()
    for index, role in sorted(chosen.items()):
        if not 0 <= index < count:
            choice.missing.append(index)
            continue
        if role in TIME_ROLES:
            if index in times and ("quarter" if times[index].quarter else "month") == role:
                choice.chosen.add(index)
            else:
                choice.not_time.append(index)
            continue
        _clear_column(layout, index)
        held = layout.roles.get(role) if role in ROLES else None
        if held is not None and held in choice.chosen:
            layout.unknown[index] = layout.labels.get(index, "")
            choice.shared.append(index)
            continue
        if held is not None:
            layout.unknown[held] = layout.labels.get(held, "")
            displaced.add(held)
        if role in ROLES:
            layout.roles[role] = index
        elif role == NOTES:
            layout.unknown[index] = layout.labels.get(index, "")
        choice.chosen.add(index)
    choice.displaced = sorted(displaced - choice.chosen)
    if layout.placed and not layout.time_columns:
        layout.placed = False
    return choice


def _clear_column(layout: Layout, index: int) -> None:
    """Take away whatever role a column had."""
    layout.roles = {role: column for role, column in layout.roles.items() if column != index}
    layout.unknown.pop(index, None)
    layout.time_columns = [column for column in layout.time_columns if column.index != index]


def assign_slots(layout: Layout, first_year: int | None) -> bool:
    """Give each time column its month ("2023-05") or quarter ("2023-Q3").

    Years come from the column's own label, else from the header, else from the plan's
    period; a month or quarter smaller than the one before starts the next year. Returns
    False when no year was known, and the columns are left without slots.
    """
    year = layout.years[0] if layout.years else first_year
    if year is None:
        return False
    previous = 0
    for column in layout.time_columns:
        number = column.month or column.quarter or 0
        if column.year is not None:
            year = column.year
        elif number <= previous:
            year += 1
        previous = number
        column.slot = f"{year}-{number:02d}" if column.month else f"{year}-Q{number}"
    return True


# Reading a table without a header by what its columns hold ----------------------------

_SHARE = 0.6
_NUMBERING = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\.?\s*$")
_UNIT_START = re.compile("^(?:" + "|".join(re.escape(word) for word in UNIT_WORDS) + ")", re.IGNORECASE)


def _is_dates(text: str) -> bool:
    return parse_schedule(text, period_start="2000-01", period_end="2000-12").kind not in ("unknown", "as_needed")


def infer_layout(table: Table) -> Layout | None:
    """The roles of a table's columns read from their content, for a table without a header.

    A column of dates or periods is the schedule; of names of units or bodies, the
    responsible; of numbers, the numbering; a column of text whose entries repeat or are
    left blank under the first of a group, left of another column of text, groups the rows
    (the task); and the column of the longest texts, nearest the left, holds the
    activities. None when no column of text is found.
    """
    width = max((len(row.cells) for row in table.rows), default=0)
    columns = [[row.cells[index].strip() for row in table.rows if index < len(row.cells)] for index in range(width)]
    layout = Layout(width=width, header_rows=0)
    texts: list[int] = []
    for index, cells in enumerate(columns):
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        if sum(1 for cell in filled if _is_dates(cell)) >= _SHARE * len(filled) and "period" not in layout.roles:
            layout.roles["period"] = index
        elif all(_NUMBERING.match(cell) for cell in filled):
            layout.roles.setdefault("number", index)
        elif sum(1 for cell in filled if _UNIT_START.match(cell)) >= _SHARE * len(filled):
            layout.roles.setdefault("responsible", index)
        else:
            texts.append(index)
    if not texts:
        return None
    grouping = [index for index in texts[:-1] if _groups_rows(columns[index])]
    if grouping:
        layout.roles["task"] = grouping[0]
        texts = [index for index in texts if index != grouping[0]]
    activity = max(texts, key=lambda index: (_mean_length(columns[index]), -index))
    layout.roles["activity"] = activity
    for index in texts:
        if index != activity:
            layout.unknown[index] = ""
    layout.inferred = {index: role for role, index in layout.roles.items()}
    return layout


def _groups_rows(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return len(filled) < len(cells) or len(set(filled)) < len(filled)


def _mean_length(cells: list[str]) -> float:
    filled = [cell for cell in cells if cell]
    return sum(len(cell) for cell in filled) / len(filled) if filled else 0.0
