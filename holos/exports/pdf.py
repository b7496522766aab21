"""A plan as a PDF: the same content as the DOCX table, A4 landscape, page n of N.

Written with fpdf2 (pure Python). Each goal's table repeats its header row at the top of
every page it runs onto, and each page's footer says "Сторінка n з N" in the labels'
language.

The font is Source Sans Pro (SIL Open Font License) from the ``font-source-sans-pro``
package on PyPI, a pinned dependency: it has the Ukrainian (і, ї, є, ґ), Czech (ě, š, č,
ř, ž, ů) and typographic (« » „ “ № ’) letters plans are written with, and it needs no
system font. Only the glyphs used are embedded, so a PDF stays small. Should the package
be missing, Debian's DejaVu Sans (``fonts-dejavu-core``, installed by
``scripts/system-deps``) is used instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, VAlign
from fpdf.table import RowLayoutInfo, Table

from holos.core.document import Goal, Plan
from holos.exports import (
    Column,
    ExportError,
    Labels,
    activity_cells,
    activity_number,
    appendix_line,
    clean_text,
    goal_heading,
    labels_for,
    period_line,
    plan_columns,
    show_task_row,
    task_heading,
    with_organization,
)

FONT = "Holos"
MARGIN_MM = 12.0
PAGE_WIDTH_MM = 297.0
TABLE_SIZE = 8
HEADER_SIZE = 7
TIME_HEADER_SIZE = 6.5
# Month columns narrower than this (periods of over a year) are headed by numbers, not names.
NARROW_MONTH_MM = 7.0
LINE_HEIGHT = 3.4
PADDING = (0.8, 0.6)  # vertical, horizontal
# A row must fit on a page under the header row; longer cells are cut with "…".
MAX_LINES = 40
# Columns of several items, shown as a bulleted list when they hold more than one.
LIST_COLUMNS = frozenset({"audiences", "channels", "responsible", "indicators"})
HEADER_FILL = (217, 217, 217)
TASK_FILL = (242, 242, 242)
MARK_FILL = (155, 194, 230)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@cache
def font_files() -> tuple[Path, Path]:
    """The regular and bold TTF files: Source Sans Pro from its package, else Debian's DejaVu Sans."""
    try:
        folder = resources.files("font_source_sans_pro") / "files"
        regular, bold = folder / "SourceSansPro-Regular.ttf", folder / "SourceSansPro-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return Path(str(regular)), Path(str(bold))
    except ModuleNotFoundError:
        pass
    regular_path, bold_path = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular_path.is_file() and bold_path.is_file():
        return regular_path, bold_path
    raise ExportError("No font for PDF exports: install the font-source-sans-pro package or fonts-dejavu-core.")


class _PlanPDF(FPDF):
    def __init__(self, page_label: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.page_label = page_label
        regular, bold = font_files()
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM + 4)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM)
        self.set_font(FONT, "", 8)
        # fpdf2 puts the page count in place of its alias ("{nb}") once the document is done.
        text = self.page_label % {"n": self.page_no(), "total": self.str_alias_nb_pages}
        self.cell(0, 5, text, align="R")


class _GoalTable(Table):
    """An fpdf2 table that keeps a task row on the page of the first activity under it.

    fpdf2 breaks the page before a row whose ``pagebreak_height`` does not fit; counting
    the next row's height in a task row's moves a task heading left alone at the foot of a
    page over to the next one.
    """

    def __init__(self, pdf: FPDF, **options: Any) -> None:
        super().__init__(pdf, **options)
        self.keep_with_next: set[int] = set()

    def _compute_rows_info(self) -> Iterator[RowLayoutInfo]:
        rows = list(super()._compute_rows_info())
        room = self._fpdf.page_break_trigger - self._fpdf.t_margin - (rows[0].height if rows else 0)
        for index in self.keep_with_next:
            if index + 1 < len(rows):
                joined = rows[index].pagebreak_height + rows[index + 1].pagebreak_height
                if joined < room:
                    rows[index] = replace(rows[index], pagebreak_height=joined)
        return iter(rows)


def export(plans: Sequence[Plan], *, labels: Labels | None = None, organization_name: str = "") -> bytes:
    first_labels = labels_for(plans[0], labels) if plans else Labels.for_language("uk")
    pdf = _PlanPDF(first_labels.page)
    pdf.set_title(clean_text(plans[0].title) if plans else "")
    pdf.set_creator("Holos")
    if plans:
        pdf.set_lang(plans[0].language)
    for plan in plans:
        plan_labels = labels_for(plan, labels)
        pdf.add_page()  # writes the previous page's footer, in the previous plan's words
        pdf.page_label = plan_labels.page
        _write_plan(pdf, with_organization(plan, organization_name), plan_labels)
    if not plans:
        pdf.add_page()
    return bytes(pdf.output())


def _write_plan(pdf: _PlanPDF, plan: Plan, labels: Labels) -> None:
    width = PAGE_WIDTH_MM - 2 * MARGIN_MM
    appendix = appendix_line(plan, labels)
    if appendix:
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, clean_text(appendix), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if plan.organization:
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, clean_text(plan.organization), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, clean_text(plan.title), align="C", new_x="LMARGIN", new_y="NEXT")
    period = period_line(plan, labels)
    if period:
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, clean_text(period), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    columns = plan_columns(plan, labels, page_width=width / 10)
    for number, goal in enumerate(plan.goals, start=1):
        _goal_lines(pdf, goal, number, len(plan.goals), labels)
        _table(pdf, goal, columns, labels)
        pdf.ln(4)


def _goal_lines(pdf: _PlanPDF, goal: Goal, number: int, count: int, labels: Labels) -> None:
    lines = []
    if goal.title.strip():
        label, _, title = goal_heading(goal.title, number, count, labels).partition(": ")
        lines.append((label, title))
    if goal.key_message.strip():
        lines.append((labels.key_message, goal.key_message))
    if not lines:
        return
    # A heading alone at the foot of a page belongs with its table on the next one.
    if pdf.will_page_break(6 * len(lines) + 20):
        pdf.add_page()
    for label, text in lines:
        pdf.set_font(FONT, "B", 10)
        pdf.write(5, f"{clean_text(label)}: ")
        pdf.set_font(FONT, "", 10)
        pdf.write(5, clean_text(text))
        pdf.ln(6)
    pdf.ln(1)


def _table(pdf: _PlanPDF, goal: Goal, columns: list[Column], labels: Labels) -> None:
    pdf.set_font(FONT, "", TABLE_SIZE)
    heading_style = FontFace(family=FONT, emphasis="BOLD", size_pt=HEADER_SIZE, fill_color=HEADER_FILL)
    time_heading = FontFace(family=FONT, emphasis="BOLD", size_pt=TIME_HEADER_SIZE, fill_color=HEADER_FILL)
    task_style = FontFace(family=FONT, emphasis="BOLD", fill_color=TASK_FILL)
    mark_style = FontFace(fill_color=MARK_FILL)
    widths = [column.width * 10 for column in columns]
    table = _GoalTable(
        pdf,
        col_widths=widths,
        width=min(sum(widths), pdf.epw),
        align="LEFT",
        text_align="LEFT",
        v_align=VAlign.T,
        headings_style=heading_style,
        cell_fill_mode=TableCellFillMode.NONE,
        line_height=LINE_HEIGHT,
        padding=PADDING,
        repeat_headings=1,
    )
    header = table.row()
    for column in columns:
        if column.is_time:
            header.cell(_time_header(column), align="C", v_align="M", style=time_heading)
        else:
            header.cell(clean_text(column.label), align="C", v_align="M")
    for task_number, task in enumerate(goal.tasks, start=1):
        task_row = show_task_row(len(goal.tasks), task.title)
        if task_row:
            table.keep_with_next.add(len(table.rows))
            heading = _fit(pdf, task_heading(task.title, task_number, labels), sum(widths))
            table.row().cell(heading, colspan=len(columns), style=task_style)
        for number, activity in enumerate(task.activities, start=1):
            cells = activity_cells(activity, activity_number(task_number, number, task_row), columns, labels)
            row = table.row()
            for column, width, lines in zip(columns, widths, cells, strict=True):
                if column.is_time:
                    if lines:
                        row.cell(lines[0], align="C", v_align="M", style=mark_style)
                    else:
                        row.cell("")
                elif lines:
                    if column.key in LIST_COLUMNS and len(lines) > 1:
                        lines = [f"• {line}" for line in lines]
                    row.cell(_fit(pdf, "\n".join(lines), width))
                else:
                    row.cell("")
    table.render()


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text, cut with "…" where it would wrap to more than ``MAX_LINES`` lines in a column.

    fpdf2 cannot split a table row across pages, and a row taller than a page stops the
    export; plans hold the odd pasted page of prose in a cell. Lines are estimated from the
    text's width with a margin for word wrapping.
    """
    room = max(width - 2 * PADDING[1], 1.0)
    lines_used = 0
    kept: list[str] = []
    for line in text.split("\n"):
        needed = max(1, math.ceil(pdf.get_string_width(line) * 1.15 / room))
        if lines_used + needed > MAX_LINES:
            share = max(0, MAX_LINES - lines_used) / needed
            kept.append(line[: int(len(line) * share)].rstrip() + "…")
            return "\n".join(kept)
        kept.append(line)
        lines_used += needed
    return text


def _time_header(column: Column) -> str:
    """ "трав 2023" on two lines, month over year; "05 ’23" in a column too narrow for names."""
    month = re.match(r"^\d\d(\d\d)-(\d\d)$", column.slot)
    if month and column.width * 10 < NARROW_MONTH_MM:
        return f"{month.group(2)}\n’{month.group(1)}"
    return re.sub(r"\s+(\d{4})$", r"\n\1", clean_text(column.short_label))
