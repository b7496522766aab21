"""A plan as a PDF: the same content as the DOCX table, A4 landscape, page n of N.

Typeset by Typst (the ``typst`` package: the compiler ships inside its wheel) from the
template ``templates/plan.typ``, kept in the repository and adaptable by an organisation
(``export(..., template=path)``; see docs/exports.md). Python gathers the words and the
grid (the same ``plan_columns`` and ``activity_cells`` as DOCX and XLSX) into one JSON
value; the template lays it out: each goal's table repeats its header row on every page
it runs onto, a row too long for a page runs onto the next, and each page's footer says
"Сторінка n з N" in the labels' language. Typst sets a table of 500 activities in a
fraction of a second, with Ukrainian and Czech hyphenation.

The font is Source Sans Pro (SIL Open Font License, ``fonts/OFL.txt``), its regular
(OpenType) and bold (TrueType) files kept beside the templates in ``fonts/``: it has the Ukrainian (і, ї, є, ґ),
Czech (ě, š, č, ř, ž, ů) and typographic (« » „ “ № ’) letters plans are written with, and
it needs no system font. Only the glyphs used are embedded, so a PDF stays small.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
    goal_indicators_line,
    labels_for,
    period_line,
    plan_columns,
    show_task_row,
    task_heading,
    with_organization,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
PLAN_TEMPLATE = TEMPLATES / "plan.typ"
MARGIN_MM = 12.0
PAGE_WIDTH_MM = 297.0
# Month columns narrower than this (periods of over a year) are headed by numbers, not names.
NARROW_MONTH_MM = 7.0
# A row that would take more lines than a page holds runs onto the next page; any other
# stays whole on one. A letter of the table's 8 pt type is about this wide, on average.
PAGE_LINES = 40
LETTER_MM = 1.3
# Columns of several items, shown as a bulleted list when they hold more than one.
LIST_COLUMNS = frozenset({"audiences", "channels", "responsible", "indicators"})
FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Source Sans Pro"


def font_files() -> tuple[Path, Path]:
    """The regular and bold font files every PDF is set in."""
    return FONTS / "SourceSansPro-Regular.otf", FONTS / "SourceSansPro-Bold.ttf"


class _Compiler:
    """A Typst compiler kept warm for one template: fonts are read and layouts remembered once.

    Typst compiles one document at a time per compiler; the lock keeps threads of a web
    server (waitress) from compiling two at once with the same one.
    """

    _kept: dict[Path, _Compiler] = {}
    _kept_lock = threading.Lock()

    def __init__(self, template: Path) -> None:
        import typst

        self.template = template
        self.lock = threading.Lock()
        # The system's fonts are not searched: every PDF is set in the font shipped for it,
        # the same on every machine, and a compiler starts sooner.
        self.compiler = typst.Compiler(template, root=template.parent, font_paths=[FONTS],
                                       ignore_system_fonts=True)

    @classmethod
    def of(cls, template: Path) -> _Compiler:
        template = template.resolve()
        with cls._kept_lock:
            if template not in cls._kept:
                cls._kept[template] = cls(template)
            return cls._kept[template]

    def compile(self, data: dict[str, Any]) -> bytes:
        import typst

        with self.lock:
            try:
                pdf = self.compiler.compile(format="pdf", sys_inputs={"data": json.dumps(data, ensure_ascii=False)})
            except typst.TypstError as exc:
                raise ExportError(f"The PDF template {self.template.name} failed: {exc.message}") from exc
        assert isinstance(pdf, bytes)
        return pdf


def render(template: Path, data: dict[str, Any]) -> bytes:
    """The PDF a Typst template makes of ``data`` (read in the template as ``json(bytes(sys.inputs.data))``)."""
    return _Compiler.of(template).compile({"font": FONT_FAMILY, **data})


def export(plans: Sequence[Plan], *, labels: Labels | None = None, organization_name: str = "",
           template: Path | None = None) -> bytes:
    first_labels = labels_for(plans[0], labels) if plans else Labels.for_language("uk")
    data = {
        "title": clean_text(plans[0].title) if plans else "",
        "organization": clean_text(organization_name or (plans[0].organization if plans else "")),
        "lang": (plans[0].language if plans else "uk") or "uk",
        "page": first_labels.page,
        "plans": [
            _plan_data(with_organization(plan, organization_name), labels_for(plan, labels), first=n == 0)
            for n, plan in enumerate(plans)
        ],
    }
    return render(template or PLAN_TEMPLATE, data)


def _plan_data(plan: Plan, labels: Labels, *, first: bool) -> dict[str, Any]:
    width_cm = (PAGE_WIDTH_MM - 2 * MARGIN_MM) / 10
    columns = plan_columns(plan, labels, page_width=width_cm)
    return {
        "first": first,
        "lang": plan.language or "uk",
        "page": labels.page,
        "appendix": clean_text(appendix_line(plan, labels)),
        "organization": clean_text(plan.organization),
        "title": clean_text(plan.title),
        "period": clean_text(period_line(plan, labels)),
        "columns": [
            {"width": column.width * 10, "time": column.is_time,
             "header": (_time_header(column) if column.is_time else clean_text(column.label)).split("\n")}
            for column in columns
        ],
        "goals": [_goal_data(goal, number, len(plan.goals), columns, labels)
                  for number, goal in enumerate(plan.goals, start=1)],
    }


def _goal_data(goal: Goal, number: int, count: int, columns: list[Column], labels: Labels) -> dict[str, Any]:
    lines = []
    if goal.title.strip():
        label, _, title = goal_heading(goal.title, number, count, labels).partition(": ")
        lines.append((clean_text(label), clean_text(title)))
    if goal.key_message.strip():
        lines.append((clean_text(labels.key_message), clean_text(goal.key_message)))
    if indicators := goal_indicators_line(goal, labels):
        lines.append((clean_text(labels.indicators), clean_text(indicators)))
    rows: list[dict[str, Any]] = []
    for task_number, task in enumerate(goal.tasks, start=1):
        task_row = show_task_row(len(goal.tasks), task.title)
        if task_row:
            rows.append({"task": clean_text(task_heading(task.title, task_number, labels))})
        for n, activity in enumerate(task.activities, start=1):
            cells = activity_cells(activity, activity_number(task_number, n, task_row), columns, labels)
            rows.append({"cells": [_cell(column, lines_) for column, lines_ in zip(columns, cells, strict=True)],
                         "long": _lines_needed(columns, cells) > PAGE_LINES})
    return {"lines": lines, "rows": rows}


def _lines_needed(columns: list[Column], cells: list[list[str]]) -> int:
    """About how many lines the row's tallest cell takes, from its letters and the column's width."""
    tallest = 0
    for column, lines in zip(columns, cells, strict=True):
        letters_per_line = max(column.width * 10 / LETTER_MM, 1.0)
        tallest = max(tallest, sum(math.ceil(max(len(line), 1) / letters_per_line) for line in lines))
    return tallest


def _cell(column: Column, lines: list[str]) -> str | list[str]:
    if column.is_time:
        return lines[0] if lines else ""
    if column.key in LIST_COLUMNS and len(lines) > 1:
        return [f"• {line}" for line in lines]
    return lines


def _time_header(column: Column) -> str:
    """ "трав 2023" on two lines, month over year; "05 ’23" in a column too narrow for names."""
    month = re.match(r"^\d\d(\d\d)-(\d\d)$", column.slot)
    if month and column.width * 10 < NARROW_MONTH_MM:
        return f"{month.group(2)}\n’{month.group(1)}"
    return re.sub(r"\s+(\d{4})$", r"\n\1", clean_text(column.short_label))
