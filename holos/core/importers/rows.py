"""Reading the rows of a plan table into goals, tasks and activities.

The rows are first mended (see ``mending``); then each is read as what it is: the
heading of a thematic block ("1", "2."), a task ("Комунікаційне завдання 1: …", a
numbered topic, a component), or activities with their audiences, channels, schedule and
indicators, either written in a row or placed in a grid of quarters.

Every guess is reported with the row's place, so that a person can check it. That place
is also each activity's ``origin``: a row torn by a page break and joined back keeps the
place of its first part, and so do the warnings about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from holos.core.document import Activity, Indicator, Period, gettext_noop
from holos.core.importers.blocks import Row
from holos.core.importers.cells import (
    is_mark,
    number_depth,
    numbered_items,
    read_resources,
    split_entries,
    split_list,
    split_units,
    strip_numbering,
)
from holos.core.importers.headers import Layout, TimeColumn
from holos.core.importers.mending import LogicalRow, mend_rows
from holos.core.importers.outline import Findings, PlanOutline, shorten
from holos.core.importers.plan_facts import marker_text
from holos.core.importers.vocabulary import (
    DIRECTION_MARKERS,
    GOAL_INDICATOR_MARKERS,
    GOAL_MARKERS,
    KEY_MESSAGE_MARKERS,
    TASK_MARKERS,
    WORK_WORDS,
)
from holos.core.indicators import find_indicator, parse_indicator, result_indicator
from holos.core.schedule import Schedule, parse_schedule


@dataclass
class TaskColumn:
    """What the topic or component column of a row says besides starting a task.

    ``titles``: activities written there; ``groups``: the groups of people it names in a
    block of groups (None elsewhere); ``work``: activities found among those groups, each
    with the groups listed after it.
    """

    titles: list[str] = field(default_factory=list)
    groups: list[str] | None = None
    work: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class TableReader:
    """Reads the mended rows of one plan table into the plan being built.

    ``where`` is the table's place, for warnings about the table as a whole.
    """

    layout: Layout
    outline: PlanOutline
    findings: Findings
    period: Period
    where: str = ""
    outlined: bool = False
    grid_empty: bool = False
    labelled_goals: bool = False
    lead_in: bool = False

    def read(self, rows: list[Row]) -> None:
        mended = mend_rows(rows, self.layout, self.findings)
        self.outlined = any(number_depth(row.number) > 1 for row in mended)
        self.grid_empty = self._grid_is_empty(mended)
        for row in mended:
            self.read_row(row)

    def _grid_is_empty(self, rows: list[LogicalRow]) -> bool:
        columns = self.layout.time_columns
        if not columns or self.layout.placed:
            return False
        if any(row.cell(column.index) for row in rows for column in columns):
            return False
        where = self.where or (rows[0].where if rows else "")
        if self.layout.granularity == "quarter":
            self.findings.warn(where, gettext_noop(
                "The quarter columns of this table are empty (shading is lost in a text copy); schedules are unknown."
            ))
        else:
            self.findings.warn(where, gettext_noop(
                "The month columns of this table are empty (shading is lost in a text copy); schedules are unknown."
            ))
        return True

    def column_text(self, row: LogicalRow, role: str) -> str:
        index = self.layout.roles.get(role)
        return "" if index is None else row.cell(index)

    def read_row(self, row: LogicalRow) -> None:
        """A block heading, a heading row, or a row of work.

        Once the table names its goals in rows of their own ("Комунікаційна ціль 4: …"),
        a row numbered "1" is work under that goal, not the heading of a block.
        """
        if self.outlined and number_depth(row.number) == 1 and not self.labelled_goals:
            self.read_block_heading(row)
        elif self.read_heading_row(row):
            return
        elif self.layout.is_matrix:
            self.read_audience(row)
        else:
            if self.lead_in and _NUMBERED.match(self.column_text(row, "activity")):
                self.outline.start_task("")  # "3. …" after the items of "2. …:" is no longer one of them
                self.lead_in = False
            self.read_goal_columns(row)
            column = self.read_task_column(row)
            if self.layout.placed:
                self.read_placed(row)
            else:
                self.read_activities(row, column.titles, column.groups)
            for title, groups in column.work:
                self.read_work_among_groups(row, title, groups)

    def read_audience(self, row: LogicalRow) -> None:
        """A row of a stakeholder matrix: an audience, what to tell it, why, and how it is reached.

        The audience groups its work as a task; the row is its activity, named by how the
        audience is reached (or, without that, by what it is told), with those channels. What
        it is told and why stay with the activity as notes under their column's heading.
        """
        audience = " ".join(self.column_text(row, "audience").split())
        if not audience and self.outline.task is not None:
            audience = self.outline.task.title  # a second row of the audience above
        how = self.column_text(row, "channels")
        message = " ".join(self.column_text(row, "key_message").split())
        title = " ".join(how.split()) or message
        if not audience or not title:
            self._report_unread(row)
            return
        if self.outline.task is None or self.outline.task.title != audience:
            self.outline.start_task(audience)
        self.outline.add_audiences([audience])
        label = self.layout.labels.get(self.layout.column("key_message") or 0, "") if message and how else ""
        notes = [f"{label}: {message}" if label else message] if message and how else []
        notes += [note for note in self.unknown_columns(row).split("\n") if note]
        period = " ".join(self.column_text(row, "period").split())
        self.outline.add_activity(Activity(
            title=title,
            audiences=[audience],
            channels=split_list(how),
            responsible=split_units(self.column_text(row, "responsible")),
            result=" ".join(self.column_text(row, "result").split()),
            resources=read_resources(self.column_text(row, "resources")),
            schedule=self.schedule(row, period),
            indicators=self.indicators(row, title),
            notes="\n".join(notes),
            origin=row.where,
        ))

    def read_goal_columns(self, row: LogicalRow) -> None:
        """A flat table's goal and key message, written again on each row of the goal's work."""
        title = " ".join(self.column_text(row, "goal").split())
        if title and (self.outline.goal is None or self.outline.goal.title != title):
            self.outline.start_goal(title)
        message = " ".join(self.column_text(row, "key_message").split())
        if message and not self.outline.current_goal().key_message:
            self.outline.current_goal().key_message = message

    def read_task_column(self, row: LogicalRow) -> TaskColumn:
        """The topic or component column: a new task, groups of people, or an activity.

        In a block about groups of people ("ГРУПИ НАСЕЛЕННЯ") the column names the group
        the row's work is for. In a numbered table, a topic comes with a number; text there
        without one is work whose own column a copy lost.
        """
        text = self.column_text(row, "task")
        if self.outline.audience_block:
            column = _groups_and_work([entry.strip(" ,;") for entry in split_entries(text)])
            self.outline.add_audiences(column.groups or [])
            for _, groups in column.work:
                self.outline.add_audiences(groups)
            self.outline.current_task()
            return column
        if text and self.layout.column("number") is not None and not row.number:
            label = self.layout.labels.get(self.layout.column("task") or 0, "")
            self.findings.warn(row.where, gettext_noop(
                "Text in the “%(column)s” column of an unnumbered row was read as an activity: “%(text)s”."
            ), column=label, text=shorten(text))
            return TaskColumn(titles=[text])
        title = strip_numbering(text)
        task = self.outline.task
        repeated = task is not None and task.title == title and self.layout.column("number") is None
        if text and not repeated:
            self.outline.start_task(title)
        return TaskColumn()

    def read_work_among_groups(self, row: LogicalRow, title: str, groups: list[str]) -> None:
        """Work named in the column of groups, where a copy merged several rows into one."""
        self.findings.warn(row.where, gettext_noop(
            "“%(title)s” in the groups column names work, not people; it was made an activity for the groups after it."
        ), title=shorten(title))
        self.outline.add_activity(Activity(title=title, audiences=groups, origin=row.where))

    def read_block_heading(self, row: LogicalRow) -> None:
        """A row numbered "1", "2." in a table numbered "1.1.": a thematic block."""
        title_columns = [self.layout.column("task"), self.layout.column("activity")]
        title = next((row.cell(c) for c in title_columns if row.cell(c)), "")
        goal = self.outline.start_goal(title)
        if not title:
            self.outline.headless_blocks.append(goal)
            self.findings.warn(row.where, gettext_noop(
                "Block %(number)s lost its heading in the copy; a heading standing apart from the table may fill it."
            ), number=row.number.rstrip("."))
        title_column = next((c for c in title_columns if row.cell(c)), None)
        rest = row.texts({self.layout.column("number"), title_column})
        if rest:
            self.findings.warn(row.where, gettext_noop(
                "The heading row of a block also holds text that could not be placed and was left out: “%(text)s”."
            ), text=shorten("; ".join(rest)))

    def read_heading_row(self, row: LogicalRow) -> bool:
        """A row with one cell of text: a goal, its key message, a task, or a heading without a label."""
        texts = row.texts({self.layout.column("number")})
        if len(texts) != 1:
            return False
        text = texts[0]
        message = marker_text(text, KEY_MESSAGE_MARKERS)
        if message is not None:
            self.outline.current_goal().key_message = message
            return True
        if (written := marker_text(text, GOAL_INDICATOR_MARKERS)) and self.outline.add_goal_indicators(written):
            return True
        for markers, start in ((DIRECTION_MARKERS, self.outline.start_goal),
                               (GOAL_MARKERS, self.outline.start_goal),
                               (TASK_MARKERS, self.outline.start_task)):
            found = marker_text(text, markers)
            if found:
                start(found)
                self.labelled_goals = self.labelled_goals or markers is not TASK_MARKERS
                return True
        section = _SECTION.match(" ".join(text.split()))
        if section:  # "I. Підвищення обізнаності …" spanning a table of tasks and measures
            self.outline.start_goal(section.group(1))
            self.labelled_goals = True
            return True
        if self._is_bare_heading(row, text) or (text.endswith(":") and self.layout.column("task") is None):
            self.outline.start_task(strip_numbering(text).rstrip(" :"))
            self.lead_in = text.endswith(":")
            self.findings.warn(row.where, gettext_noop(
                "A row with text only in its first cell was read as a task heading: “%(text)s”."
            ), text=shorten(text))
            return True
        return False

    def _is_bare_heading(self, row: LogicalRow, text: str) -> bool:
        layout = self.layout
        return (layout.column("task") is None and not layout.placed and layout.width >= 3
                and row.cell(0) == text)

    # Activities in rows ------------------------------------------------------------

    def read_activities(self, row: LogicalRow, extra_titles: list[str],
                        groups: list[str] | None) -> None:
        written = split_entries(self.column_text(row, "activity"))
        if len(written) == 1 and (items := numbered_items(written[0])) and len(items) > 1:
            written = items  # "1) … 2) …": numbered measures in one cell are separate activities
        titles = [t for t in (strip_numbering(t).rstrip(" ;,") for t in [*extra_titles, *written]) if t]
        if not titles:
            self._report_unread(row)
            return
        periods = [line.strip() for line in self.column_text(row, "period").split("\n")
                   if line.strip()]
        paired = len(titles) > 1 and len(periods) == len(titles)
        if paired:
            self.findings.warn(row.where, gettext_noop(
                "This row holds %(count)s activities; they were split, each with the period on the same line."
            ), count=len(titles))
        elif len(titles) > 1:
            self.findings.warn(row.where, gettext_noop(
                "This row holds %(count)s activities; they were split and share the row's other cells."
            ), count=len(titles))
        for index, title in enumerate(titles):
            period = periods[index] if paired else "; ".join(periods)
            self.outline.add_activity(self.activity(row, title, period, groups))

    def _report_unread(self, row: LogicalRow) -> None:
        skip = {self.layout.column("number"), self.layout.column("task")}
        rest = row.texts(skip)
        if rest and not self.outline.audience_block:
            self.findings.warn(row.where, gettext_noop(
                "This row names no activity; its other cells could not be placed and were left out: “%(text)s”."
            ), text=shorten("; ".join(rest)))
        elif rest:
            self.findings.warn(row.where, gettext_noop(
                "This row names a group of people but no activity; its other cells were left out: “%(text)s”."
            ), text=shorten("; ".join(rest)))

    def activity(self, row: LogicalRow, title: str, period: str,
                 groups: list[str] | None) -> Activity:
        audiences = groups or self.audiences(row)
        return Activity(
            title=title,
            audiences=audiences,
            channels=split_list(self.column_text(row, "channels")),
            responsible=split_units(self.column_text(row, "responsible")),
            result=" ".join(self.column_text(row, "result").split()),
            resources=read_resources(self.column_text(row, "resources")),
            schedule=self.schedule(row, period),
            indicators=self.indicators(row, title),
            notes=self.unknown_columns(row),
            origin=row.where,
        )

    def audiences(self, row: LogicalRow) -> list[str]:
        """The audience column; in a block of groups of people each line names one group, commas and all."""
        text = self.column_text(row, "audience")
        if not self.outline.audience_block:
            return split_list(text)
        groups = [entry.strip(" ,;") for entry in split_entries(text)]
        self.outline.add_audiences(groups)
        return groups

    def schedule(self, row: LogicalRow, period: str) -> Schedule:
        """Months marked in the grid, else the period written in words."""
        columns = self.layout.time_columns
        marked = [(column, row.cell(column.index)) for column in columns
                  if row.cell(column.index)]
        if marked:
            return self.marked_schedule(row, marked)
        listed = _SLOT.findall(self.column_text(row, "slots"))
        if listed:
            slots = sorted({f"{year}-{rest.upper()}" for year, rest in listed})
            return Schedule(text=period or "; ".join(slots), kind="slots", slots=slots)
        if columns and not period and not self.grid_empty:
            self.findings.warn(row.where, gettext_noop(
                "No month or quarter is marked for this activity; its schedule is left unknown."
            ))
        if period:
            return parse_schedule(period, period_start=self.period.start,
                                  period_end=self.period.end)
        return Schedule()

    def marked_schedule(self, row: LogicalRow, marked: list[tuple[TimeColumn, str]]) -> Schedule:
        odd = [text for _, text in marked if not is_mark(text)]
        if odd:
            self.findings.warn(row.where, gettext_noop(
                "A month or quarter cell holds text rather than a mark; it was read as a mark: “%(text)s”."
            ), text=shorten("; ".join(odd)))
        text = " ".join(" ".join(mark.split()) for _, mark in marked)
        slots = [column.slot for column, _ in marked if column.slot]
        if len(slots) != len(marked):
            self.findings.warn(row.where, gettext_noop(
                "The year of the marked months or quarters is not known; the schedule is left unknown."
            ))
            return Schedule(text=text)
        return Schedule(text=text, kind="slots", slots=slots)

    def indicators(self, row: LogicalRow, title: str) -> list[Indicator]:
        written = self.column_text(row, "indicators")
        if written:
            return [parse_indicator(entry) for entry in split_entries(written)]
        found = find_indicator(title)
        if found is None:
            measured = result_indicator(self.column_text(row, "result"))
            if measured is not None:
                self.findings.warn(row.where, gettext_noop(
                    "A measure was read from the planned result: “%(target)s”."), target=measured.text)
                return [measured]
            return []
        self.findings.warn(row.where, gettext_noop("A target was read from the activity's title: “%(target)s”."),
                           target=found.text)
        return [found]

    def unknown_columns(self, row: LogicalRow) -> str:
        """Cells under headers that were not understood are kept, labelled, as notes.

        A column without a header is kept so only when a person chose it; its cells go bare.
        """
        if not self.layout.unknown:
            return ""
        notes = [f"{label}: {row.cell(index)}" if label else row.cell(index)
                 for index, label in self.layout.unknown.items() if row.cell(index)]
        return "\n".join(notes)

    # Tasks placed in a grid of quarters ---------------------------------------------

    def read_placed(self, row: LogicalRow) -> None:
        """A strategic grid: each task is written in the quarters it is done in."""
        layout = self.layout
        cells = row.cells
        grid: list[tuple[TimeColumn | None, str]]
        if len(cells) == layout.width:
            grid = [(column, cells[column.index]) for column in layout.time_columns]
            full = row
        else:
            grid, full = self._merged_row(row)
        placed: dict[str, list[TimeColumn | None]] = {}
        for column, text in grid:
            for entry in split_entries(text):
                placed.setdefault(strip_numbering(entry), []).append(column)
        responsible = split_units(full.cell(layout.column("responsible")))
        activities = [Activity(title=title, responsible=list(responsible),
                               schedule=_grid_schedule(columns), origin=row.where)
                      for title, columns in placed.items() if title]
        self._attach_row_indicators(row, full, activities)
        for activity in activities:
            self.outline.add_activity(activity)

    def _merged_row(self, row: LogicalRow) -> tuple[list[tuple[TimeColumn | None, str]],
                                                    LogicalRow]:
        """A row with merged cells: columns before and after the grid are still known."""
        layout = self.layout
        lead = layout.time_columns[0].index
        trail = layout.width - 1 - layout.time_columns[-1].index
        cells = row.cells
        self.findings.warn(row.where, gettext_noop(
            "This row has %(cells)s cells, the header %(width)s: cells were merged, so its quarters are unknown."
        ), cells=len(cells), width=layout.width)
        full = [""] * layout.width
        full[:lead] = cells[:lead]
        if trail and len(cells) >= lead + trail:
            full[layout.width - trail:] = cells[len(cells) - trail:]
        middle = cells[lead:len(cells) - trail] if len(cells) >= lead + trail else []
        grid: list[tuple[TimeColumn | None, str]] = [(None, text) for text in middle]
        return grid, LogicalRow(cells=full, where=row.where, number=row.number)

    def _attach_row_indicators(self, row: LogicalRow, full: LogicalRow,
                               activities: list[Activity]) -> None:
        """A strategic grid's indicators measure the direction: they are the goal's own, not a task's."""
        written = full.cell(self.layout.column("indicators"))
        indicators = [parse_indicator(entry) for entry in split_entries(written)]
        if indicators:
            self.outline.current_goal().indicators.extend(indicators)


# A section numbered in Roman numerals, as official plans head the goals of their tables;
# Ukrainian documents often type the Cyrillic "І" and "Х" for the Latin letters.
_SECTION = re.compile(r"^(?i:розділ|section|oddíl|część|rozdział)?\s*[IVXLІХ]{1,6}[.)]\s+(\S.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s")
_SLOT = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2]|[Qq][1-4])(?!\d)")


def _names_work(entry: str) -> bool:
    """An entry that starts with a word for work ("Інформування про …"), not for people."""
    words = entry.split(maxsplit=1)
    return bool(words) and words[0].lower().strip(",.:;") in WORK_WORDS


def _groups_and_work(entries: list[str]) -> TaskColumn:
    """Split a column of groups into the row's own groups and work a merged row brought.

    A copy that merges rows leaves a heading of work ("Інформування про відкриття ЦНАП")
    among the groups; the groups after it are the ones that work is for.
    """
    column = TaskColumn(groups=[])
    for entry in entries:
        if not entry:
            continue
        if _names_work(entry):
            column.work.append((entry, []))
        elif column.work:
            column.work[-1][1].append(entry)
        else:
            assert column.groups is not None
            column.groups.append(entry)
    return column


def _grid_schedule(columns: list[TimeColumn | None]) -> Schedule:
    known = [column for column in columns if column is not None and column.slot]
    if not known or len(known) != len(columns):
        return Schedule()
    text = ", ".join(f"{column.label} {column.slot[:4]}" for column in known)
    return Schedule(text=text, kind="slots", slots=[column.slot for column in known])
