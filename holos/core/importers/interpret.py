"""Finding the plans in a document's paragraphs and tables.

The document is read once, in order. A table whose header names activities is a plan
table; the paragraphs before it give the plan's title, goal and key message, period and
approval. A new title before a plan table starts a new plan (seed 000 holds two); a plan
table without one continues the plan (a strategic plan with one table per direction).
A table without a header right after a plan table is the same table after a page break.
Tables that are not plan tables (problems, roles, functions, stakeholder groups) are the
analysis behind the plans: they become notes, and the groups of people they name become
the plans' audiences. Nothing read is dropped without a warning.

A person who saw the guess may choose the role of columns (``columns``: for a table,
named by its place, a role for a column's index); those choices replace the guess for
those columns. ``Interpretation.tables`` says how each plan table's columns were read,
guessed or chosen, for the preview to show and to let a person change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from holos.core.document import Period, Plan, Warning, gettext_noop
from holos.core.importers.blocks import Block, Paragraph, Row, Table
from holos.core.importers.headers import (
    COLUMN_ROLES,
    Choice,
    Layout,
    assign_slots,
    choose_roles,
    column_header,
    column_roles,
    find_layout,
    infer_layout,
    is_note_label,
    layout_from_row,
    role_of,
)
from holos.core.importers.outline import Findings, PlanOutline
from holos.core.importers.plan_facts import (
    clean_title,
    continues_title,
    detect_language,
    find_approval,
    find_kind,
    find_organization,
    find_period,
    is_title,
    marker_text,
    names_period,
    names_project,
    organization_line,
)
from holos.core.importers.rows import TableReader
from holos.core.importers.timeline import find_tables
from holos.core.importers.vocabulary import (
    DIRECTION_MARKERS,
    GOAL_INDICATOR_MARKERS,
    GOAL_MARKERS,
    KEY_MESSAGE_MARKERS,
    TASK_MARKERS,
)

NO_PLAN = gettext_noop(
    "No plan was found: no table has a header naming activities, audiences, channels, responsible or period."
)
_LONGEST_LABEL = 120


ColumnChoices = Mapping[str, Mapping[int, str]]
HeaderChoices = Mapping[str, int]
_PREVIEW_ROWS = 6

_INFERRED_ACTIVITY = gettext_noop(
    "Column %(number)s has no header; it holds the longest texts, so it was read as the activities.")
_INFERRED_PERIOD = gettext_noop("Column %(number)s has no header; it holds dates, so it was read as the schedule.")
_INFERRED_RESPONSIBLE = gettext_noop(
    "Column %(number)s has no header; it names units or people, so it was read as the responsible.")
_INFERRED_TASK = gettext_noop(
    "Column %(number)s has no header; its entries group the rows below them, so it was read as the tasks.")
_INFERRED_NUMBER = gettext_noop(
    "Column %(number)s has no header; it holds numbers, so it was read as the numbering.")


@dataclass
class Interpretation:
    """The plans found, the warnings, and how the columns of each plan table were read.

    Each entry of ``tables`` is ``{"id", "where", "plan", "columns"}``; ``id`` is the key a
    column choice names the table by (its place, made unique), ``plan`` is False for a
    table the choices made no longer a plan table, and each column is ``{"index",
    "header", "role", "guessed", "guess"}`` (``guess``: the role guessed before any choice).
    """

    plans: list[Plan]
    findings: Findings
    tables: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _DocumentReader:
    columns: ColumnChoices = field(default_factory=dict)
    headers: HeaderChoices = field(default_factory=dict)
    tables: list[dict[str, Any]] = field(default_factory=list)
    table_ids: set[str] = field(default_factory=set)
    used_choices: set[str] = field(default_factory=set)
    findings: Findings = field(default_factory=Findings)
    outlines: list[PlanOutline] = field(default_factory=list)
    outline: PlanOutline | None = None
    layout: Layout | None = None
    table_where: str = ""
    rows: list[Row] = field(default_factory=list)
    pending: list[Paragraph] = field(default_factory=list)
    preamble: list[Paragraph] = field(default_factory=list)
    context_notes: list[str] = field(default_factory=list)
    context_audiences: list[str] = field(default_factory=list)
    infer: bool = False

    def read(self, blocks: list[Block]) -> Interpretation:
        for block in blocks:
            if isinstance(block, Paragraph):
                self.pending.append(block)
                if self.outline is None:
                    self.preamble.append(block)
            else:
                self.take_table(block)
        self.read_rows()
        if self.outline is not None:
            for paragraph in self.pending:
                self.read_paragraph(paragraph)
        plans = [self.finish_plan(outline) for outline in self.outlines]
        if not plans:
            self.findings.warn("document", NO_PLAN)
        for key in [*self.columns, *(key for key in self.headers if key not in self.columns)]:
            if key not in self.used_choices:
                self.findings.warn(key, gettext_noop(
                    "No table with a header is at %(table)s; the roles chosen for its columns were not used."
                ), table=key)
        self.findings.warnings.sort(key=_line_of)
        return Interpretation(plans=plans, findings=self.findings, tables=self.tables)

    # Tables ------------------------------------------------------------------------

    def table_id(self, table: Table) -> str:
        """The name column choices give a table: its place, numbered on when it repeats."""
        base = table.where or f"table {len(self.table_ids) + 1}"
        key, number = base, 1
        while key in self.table_ids:
            number += 1
            key = f"{base} ({number})"
        self.table_ids.add(key)
        return key

    def take_table(self, table: Table) -> None:
        key = self.table_id(table)
        marked = self.headers.get(key)
        original = table
        if marked is not None and 0 <= marked < len(table.rows):
            self.used_choices.add(key)
            table = self.mark_header(table, marked)
            layout: Layout | None = layout_from_row(table.rows[0])
        else:
            layout = find_layout(table)
        if layout is None and self.infer:
            layout = infer_layout(table)
            if layout is not None:
                self.report_inference(table.where, layout)
        choice: Choice | None = None
        guess = column_roles(layout) if layout is not None else {}
        if layout is not None and key in self.columns:
            choice = choose_roles(layout, self.columns[key])
            self.used_choices.add(key)
            self.report_choice(table.where, layout, choice)
        if layout is not None and layout.is_plan:
            self.read_rows()
            title_at = _last_title(self.pending)
            if self.outline is None or title_at is not None:
                self.start_plan(title_at)
            self.read_paragraphs(self.pending)
            self.start_table(layout, table, told=_told(choice))
        elif layout is None and self._continues_plan_table(table):
            self.read_paragraphs(self.pending)
            self.rows.extend(table.rows)
        else:
            self.read_rows()
            self.take_context(table)
        if layout is not None and (layout.is_plan or choice is not None or marked is not None):
            self.describe_table(key, original, layout, choice, guess, marked)
        else:
            self.describe_unread(key, original)
        self.pending = []

    def mark_header(self, table: Table, marked: int) -> Table:
        """The table from the row a person marked as its header; the rows above are text."""
        for row in table.rows[:marked]:
            text = " ".join(" ".join(cell.split()) for cell in row.cells if cell.strip())
            if text:
                paragraph = Paragraph(text=text, where=row.where)
                self.pending.append(paragraph)
                if self.outline is None:
                    self.preamble.append(paragraph)
        return Table(rows=table.rows[marked:], where=table.where)

    def describe_unread(self, key: str, table: Table) -> None:
        """A table no plan was read from: listed so that a person can mark its header and columns."""
        width = max((len(row.cells) for row in table.rows), default=0)
        columns = [{"index": index, "header": "", "role": "ignore", "guessed": True, "guess": "ignore"}
                   for index in range(width)]
        self.tables.append({"id": key, "where": table.where, "plan": False, "columns": columns,
                            "rows": _preview_rows(table), "header": None})

    def describe_table(self, key: str, table: Table, layout: Layout, choice: Choice | None,
                       guess: dict[int, str], marked: int | None = None) -> None:
        chosen = choice.chosen if choice else set()
        columns = [{"index": index, "header": column_header(layout, index), "role": role,
                    "guessed": index not in chosen, "guess": guess.get(index, "ignore"),
                    "inferred": index in layout.inferred}
                   for index, role in column_roles(layout).items()]
        header = marked if marked is not None else (layout.header_rows - 1 if layout.header_rows else None)
        self.tables.append({"id": key, "where": table.where, "plan": layout.is_plan, "columns": columns,
                            "rows": _preview_rows(table), "header": header})

    def report_choice(self, where: str, layout: Layout, choice: Choice) -> None:
        """Say which chosen roles could not be given, and which guesses they undid."""
        for index in choice.displaced:
            self.findings.warn(where, gettext_noop(
                "The column “%(label)s” (column %(number)s) lost its role to a column chosen for it; kept as notes."
            ), label=column_header(layout, index), number=index + 1)
        for index in choice.shared:
            self.findings.warn(where, gettext_noop(
                "Column %(number)s was given a role another column has; its cells were kept as notes."
            ), number=index + 1)
        for index in choice.missing:
            self.findings.warn(where, gettext_noop(
                "This table has no column %(number)s; the role chosen for it was not used."
            ), number=index + 1)
        for index in choice.not_time:
            self.findings.warn(where, gettext_noop(
                "The header of column %(number)s names no month or quarter, so it cannot be one; the guess was kept."
            ), number=index + 1)
        if not layout.is_plan:
            self.findings.warn(where, gettext_noop(
                "With the roles chosen, this table has no activity column; it was kept as a note."
            ))

    def report_inference(self, where: str, layout: Layout) -> None:
        """Say how each column of a table without a header was read from its content."""
        for index, role in sorted(layout.inferred.items()):
            if role == "activity":
                self.findings.warn(where, _INFERRED_ACTIVITY, number=index + 1)
            elif role == "period":
                self.findings.warn(where, _INFERRED_PERIOD, number=index + 1)
            elif role == "responsible":
                self.findings.warn(where, _INFERRED_RESPONSIBLE, number=index + 1)
            elif role == "task":
                self.findings.warn(where, _INFERRED_TASK, number=index + 1)
            elif role == "number":
                self.findings.warn(where, _INFERRED_NUMBER, number=index + 1)

    def _continues_plan_table(self, table: Table) -> bool:
        if self.layout is None or self.outline is None or self.layout.placed:
            return False
        return bool(table.rows) and len(table.rows[0].cells) == self.layout.width

    def start_table(self, layout: Layout, table: Table, *, told: set[int] | None = None) -> None:
        """Begin reading a plan table; ``told``: columns whose role a person chose, or was warned about."""
        assert self.outline is not None
        self.outline.close_note()
        self.layout = layout
        self.table_where = table.where
        self.outline.header_labels.extend(layout.labels.values())
        if layout.is_matrix:
            self.findings.warn(table.where, gettext_noop(
                "This table lists audiences and how to reach them; each audience became a task with its activity."))
        if layout.time_columns:
            self.place_grid(layout, table.where)
        for index, label in layout.unknown.items():
            if (told and index in told) or (layout.is_matrix and is_note_label(label)):
                continue
            self.findings.warn(table.where, gettext_noop(
                "The column “%(label)s” (column %(number)s) was not recognised; its cells were kept as notes."
            ), label=label, number=index + 1)
        self.rows = list(table.rows[layout.header_rows:])

    def place_grid(self, layout: Layout, where: str) -> None:
        """Date the grid's columns and let the grid set the plan's period, as it is exact."""
        assert self.outline is not None
        period = self.outline.plan.period
        first_year = int(period.start[:4]) if period.start else None
        if not assign_slots(layout, first_year):
            if layout.granularity == "quarter":
                self.findings.warn(where, gettext_noop(
                    "The year of the quarter columns is not known, so marked quarters cannot be dated."
                ))
            else:
                self.findings.warn(where, gettext_noop(
                    "The year of the month columns is not known, so marked months cannot be dated."
                ))
            return
        start = _months_of(layout.time_columns[0].slot)[0]
        end = _months_of(layout.time_columns[-1].slot)[1]
        if period.start and period.end and (start < period.start or end > period.end):
            self.findings.warn(where, gettext_noop(
                "The table runs %(first)s … %(last)s, beyond the title's %(start)s … %(end)s; the table was followed."
            ), first=start, last=end, start=period.start, end=period.end)
        if self.outline.grid_seen and period.start and period.end:
            start, end = min(start, period.start), max(end, period.end)
        self.outline.plan.period = Period(start=start, end=end,
                                          granularity=layout.granularity or "month")
        self.outline.grid_seen = True

    def read_rows(self) -> None:
        if self.rows and self.layout is not None and self.outline is not None:
            reader = TableReader(self.layout, self.outline, self.findings,
                                 self.outline.plan.period, where=self.table_where)
            reader.read(self.rows)
        self.rows = []

    def take_context(self, table: Table) -> None:
        """A table of analysis, not of work: kept whole as a note, its groups as audiences."""
        note = _render_context(self.pending, table)
        audiences = _stakeholder_groups(table)
        if self.outline is None:
            self.context_notes.append(note)
            self.context_audiences.extend(a for a in audiences if a not in self.context_audiences)
        else:
            self.outline.add_note(note)
            self.outline.add_audiences(audiences)

    # Plans -------------------------------------------------------------------------

    def start_plan(self, title_at: int | None) -> None:
        """Begin a plan at its title, reading what the title and the lines near it say."""
        before = self.pending[:title_at] if title_at is not None else []
        title_paragraph = self.pending[title_at] if title_at is not None else None
        after = self.pending[title_at + 1:] if title_at is not None else list(self.pending)
        if self.outline is None:
            if before:
                self.context_notes.append("\n".join(p.text for p in before))
        else:
            for paragraph in before:
                self.read_paragraph(paragraph)
        title = clean_title(title_paragraph.text) if title_paragraph else ""
        if title_paragraph and after and continues_title(after[0].text):
            title = f"{title} {clean_title(after.pop(0).text)}"
        where = title_paragraph.where if title_paragraph else (after[0].where if after else "")
        previous = self.outline
        self.outline = PlanOutline(plan=Plan(title=title), findings=self.findings, where=where)
        self.outlines.append(self.outline)
        self.layout = None
        if not title:
            self.findings.warn(where, gettext_noop("No title of the plan was found; give the plan a title."))
        self.read_facts(title, [*self.preamble, *after], previous, above=before)
        self.pending = after

    def read_facts(self, title: str, nearby: list[Paragraph], previous: PlanOutline | None, *,
                   above: list[Paragraph]) -> None:
        assert self.outline is not None
        plan = self.outline.plan
        period = find_period(title)
        lines = [p for p in nearby if names_period(p.text)]
        if period is None and lines:
            period = find_period(lines[0].text)
        if period is None and self.infer:
            period = self.period_nearby(nearby)
        if period is not None:
            plan.period = period
        near_text = " ".join([title, *(p.text for p in nearby)])
        plan.approval = find_approval(near_text)
        kind = find_kind(title)
        if kind:
            plan.kind = kind
            self.outline.kind_stated = True
        self.read_organization(title, nearby, previous, above)

    def period_nearby(self, nearby: list[Paragraph]) -> Period | None:
        """The year a heading near a timeline names ("Harmonogram budżetu obywatelskiego 2020:")."""
        assert self.outline is not None
        for paragraph in nearby:
            if len(paragraph.text) <= _LONGEST_LABEL and (period := find_period(paragraph.text)) is not None:
                self.findings.warn(self.outline.where, gettext_noop(
                    "The plan's period was taken from the line “%(text)s”; dates without a year were placed in it."
                ), text=paragraph.text)
                return period
        return None

    def read_organization(self, title: str, nearby: list[Paragraph],
                          previous: PlanOutline | None, above: list[Paragraph]) -> None:
        """The organisation: a line of its own above the title, else named in the title or near it."""
        assert self.outline is not None
        plan, where = self.outline.plan, self.outline.where
        standing = next((name for p in reversed(above[-3:]) if (name := organization_line(p.text))), None)
        if standing:
            plan.organization = standing
            return
        found = find_organization(title)
        if found is None and previous is not None and previous.plan.organization:
            plan.organization = previous.plan.organization
            return
        project = False
        for paragraph in nearby:
            if found is not None:
                break
            found = find_organization(paragraph.text) if len(paragraph.text) < 200 else None
            project = names_project(paragraph.text)
        if found is None:
            self.findings.warn(where, gettext_noop(
                "The organisation that wrote the plan was not found; fill it in."
            ))
            return
        plan.organization = found
        if project:
            self.findings.warn(where, gettext_noop(
                "The organisation was taken from the project's name: “%(organization)s”; check that it wrote the plan."
            ), organization=found)
        else:
            self.findings.warn(where, gettext_noop(
                "The organisation was read from the text and put in the nominative case: “%(organization)s”; check it."
            ), organization=found)

    def finish_plan(self, outline: PlanOutline) -> Plan:
        plan = outline.finish()
        if not outline.kind_stated:
            kind = find_kind(" ".join(outline.header_labels))
            plan.kind = kind or "calendar"
            if kind is None:
                self.findings.warn(outline.where, gettext_noop(
                    "The kind of plan is not stated; it was taken as a calendar plan. Change it if it is another kind."
                ))
        titles = [plan.title, *(activity.title for activity in plan.activities())]
        plan.language = detect_language(titles)
        plan.notes = [*self.context_notes, *plan.notes]
        plan.audiences = [*self.context_audiences,
                          *(a for a in plan.audiences if a not in self.context_audiences)]
        return plan

    # Paragraphs --------------------------------------------------------------------

    def read_paragraphs(self, paragraphs: list[Paragraph]) -> None:
        for paragraph in paragraphs:
            self.read_paragraph(paragraph)

    def read_paragraph(self, paragraph: Paragraph) -> None:
        """A paragraph inside a plan: a goal, key message, task, period, heading or note."""
        outline = self.outline
        if outline is None:
            return
        text = paragraph.text
        direction = marker_text(text, DIRECTION_MARKERS)
        goal = marker_text(text, GOAL_MARKERS)
        if direction:
            self.read_rows()
            outline.start_goal(direction)
            outline.aim_expected = True
        elif goal and outline.aim_expected and outline.goal is not None:
            outline.add_note(f"{outline.goal.title}: {text}")
            outline.aim_expected = False
        elif goal:
            self.read_rows()
            outline.start_goal(goal)
        elif (message := marker_text(text, KEY_MESSAGE_MARKERS)) is not None:
            outline.current_goal().key_message = message
        elif (written := marker_text(text, GOAL_INDICATOR_MARKERS)) and outline.add_goal_indicators(written):
            return
        elif task := marker_text(text, TASK_MARKERS):
            self.read_rows()
            outline.start_task(task)
        elif names_period(text) and find_period(text) is not None:
            return
        elif find_approval(text) and outline.plan.approval:
            return
        elif paragraph.emphasis:
            outline.loose_headings.append(paragraph)
        else:
            outline.add_note_line(text)


def _preview_rows(table: Table) -> list[str]:
    """The first rows of a table as a person sees them, to choose its header line from."""
    rows = []
    for row in table.rows[:_PREVIEW_ROWS]:
        text = " | ".join(" ".join(cell.split()) for cell in row.cells if cell.strip())
        rows.append(text if len(text) <= _LONGEST_LABEL else text[:_LONGEST_LABEL - 1] + "…")
    return rows


def _told(choice: Choice | None) -> set[int]:
    """The columns a person chose roles for, or was told about when the choice undid a guess."""
    return {*choice.chosen, *choice.displaced, *choice.shared} if choice else set()


_LINE = re.compile(r"lines? (\d+)")


def _line_of(warning: Warning) -> int:
    """Warnings are listed in the order of the source, for a person reading along."""
    match = _LINE.match(warning.where)
    return int(match.group(1)) if match else 0


def _last_title(paragraphs: list[Paragraph]) -> int | None:
    found = [index for index, paragraph in enumerate(paragraphs) if is_title(paragraph.text)]
    return found[-1] if found else None


def _months_of(slot: str) -> tuple[str, str]:
    """The first and last month of a slot: "2023-Q3" is "2023-07" … "2023-09"."""
    if "-Q" in slot:
        year, quarter = slot.split("-Q")
        first = (int(quarter) - 1) * 3 + 1
        return f"{year}-{first:02d}", f"{year}-{first + 2:02d}"
    return slot, slot


def _is_label_row(row: Row) -> bool:
    cells = [cell for cell in row.cells if cell.strip()]
    return bool(cells) and all(len(c) <= _LONGEST_LABEL and "\n" not in c for c in cells)


def _render_context(heading: list[Paragraph], table: Table) -> str:
    """A table of analysis as text a person can read: "label: value" per cell."""
    parts = ["\n".join(paragraph.text for paragraph in heading)] if heading else []
    labels = table.rows[0].cells if table.rows and _is_label_row(table.rows[0]) else []
    for row in table.rows[1:] if labels else table.rows:
        lines = []
        for index, cell in enumerate(row.cells):
            if not cell.strip():
                continue
            label = labels[index].strip() if index < len(labels) else ""
            lines.append(f"{label}: {cell.strip()}" if label else cell.strip())
        if lines:
            parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _stakeholder_groups(table: Table) -> list[str]:
    """The groups a table is about, when its first column names groups of people."""
    if len(table.rows) < 2 or not _is_label_row(table.rows[0]):
        return []
    if role_of(table.rows[0].cells[0]) != "audience":
        return []
    groups = [" ".join(row.cells[0].split()).strip(" ·-•") for row in table.rows[1:]
              if row.cells and row.cells[0].strip()]
    return [group for group in groups if group]


def interpret(blocks: list[Block], *, columns: ColumnChoices | None = None,
              headers: HeaderChoices | None = None) -> Interpretation:
    """Find every plan in a document's blocks, with the warnings of what was guessed.

    ``headers`` gives, for a table named by its id, the row (from 0) a person marked as its
    header line. ``columns`` gives, for a table named by its id (see ``Interpretation``), the role
    (one of ``headers.COLUMN_ROLES``) of some of its columns by index, from 0. Raises
    ``ValueError`` for any other role.
    """
    unknown = sorted({str(role) for table in (columns or {}).values() for role in table.values()
                      if role not in COLUMN_ROLES})
    if unknown:
        raise ValueError(f"unknown column roles: {', '.join(unknown)}")
    result = _DocumentReader(columns=columns or {}, headers=headers or {}).read(blocks)
    if result.plans:
        return result
    # No table with a header: read timelines and tables by what they hold.
    inferred = _DocumentReader(columns=columns or {}, headers=headers or {}, infer=True).read(find_tables(blocks))
    return inferred if inferred.plans else result
