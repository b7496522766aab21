"""The programme's dashboard as a spreadsheet: the comparison table, organisations × months, indicators.

Written with openpyxl's write-only workbook, row by row, so a thousand organisations take
no more memory than a few. Names are stored as text, never as formulas.
"""

from __future__ import annotations

import io

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font

from holos.exports import clean_text
from holos.programmes.dashboard import ProgrammeSummary


def _text(sheet, value: str) -> Cell:
    """A name as text: openpyxl would take "=…" for a formula."""
    cell = WriteOnlyCell(sheet, value=clean_text(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _header(sheet, names: list[str]) -> list[Cell]:
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def dashboard_xlsx(programme, summary: ProgrammeSummary) -> bytes:
    workbook = Workbook(write_only=True)
    comparison = workbook.create_sheet(_("Organisations"))
    comparison.freeze_panes = "B2"
    comparison.append(_header(comparison, [
        _("Organisation"), _("Plans"), _("Planned"), _("Done"), _("Overdue"), _("Done, %"),
        _("Activities"), _("Activities without an owner"), _("Activities without an indicator"),
        _("Plans without a feedback loop"),
    ]))
    for row in summary.rows:
        comparison.append([_text(comparison, row.name), row.plans, row.planned, row.done, row.overdue, row.done_percent,
                           row.activities, row.without_owner, row.without_measure, row.without_feedback])
    months = workbook.create_sheet(_("Months"))
    months.freeze_panes = "C2"
    month_names = [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in summary.months]
    months.append(_header(months, [_("Organisation"), _("Work"), *month_names]))
    labels = (("planned", _("Planned")), ("done", _("Done")), ("overdue", _("Overdue")))
    for row in summary.rows:
        cells = row.cells(summary.months)
        for name, label in labels:
            months.append([_text(months, row.name), label, *(getattr(counts, name) for counts in cells)])
    for name, label in labels:
        months.append([_("All organisations"), label, *(getattr(counts, name) for counts in summary.month_totals)])
    indicators = workbook.create_sheet(_("Indicators"))
    indicators.append(_header(indicators, [_("Indicator"), _("Unit of measure"), _("Across organisations"),
                                           _("Value"), _("Organisations reporting")]))
    for figure in summary.indicators:
        indicators.append([_text(indicators, figure.definition.name), figure.definition.unit,
                           str(figure.definition.get_aggregate_display()), figure.value, figure.organizations])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
