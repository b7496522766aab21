"""A progress report as DOCX or PDF, with the same content as its page.

The words come from gettext in the reader's language; the PDF uses the same embedded
font as plan exports, so Cyrillic and Czech letters print, and draws each indicator's
progress as a bar next to its numbers.
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _number(value) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 2, use_l10n=True)


def _content(context) -> dict:
    report, plan, progress = context["report"], context["plan"], context["progress"]
    period = f"{date_format(report.starts, 'SHORT_DATE_FORMAT')} – {date_format(report.ends, 'SHORT_DATE_FORMAT')}"
    head = [_("Planned"), _("Done"), _("Skipped"), _("Open"), "%"]

    def rows(items):
        return [[r.name, str(r.planned), str(r.done), str(r.skipped), str(r.open), str(r.share)] for r in items]

    indicators = []
    for i in progress.indicators:
        target = _("target not set") if i.placeholder or i.target is None else f"{_number(i.target)} {i.unit}".strip()
        indicators.append((i.text, target, _number(i.value), i.share))
    return {
        "title": _("Progress report") + f": {report.get_kind_display()} {period}",
        "plan": plan.title,
        "organization": plan.organization.name,
        "summary": report.summary,
        "totals": _("Done %(done)s of %(planned)s (%(share)s%%).")
        % {"done": progress.totals.done, "planned": progress.totals.planned, "share": progress.totals.share},
        "by_task": ([_("Task"), *head], rows(progress.by_task)),
        "by_unit": ([_("Unit"), *head], rows(progress.by_unit)),
        "indicators": indicators,
        "numbers": [
            (_("People reached"), _number(progress.numbers["people_reached"])),
            (_("Participants"), _number(progress.numbers["participants"])),
            (_("Publications"), _number(progress.numbers["publications"])),
        ],
        "links": progress.links,
        "findings": [f.message for f in context.get("findings", [])],
    }


def report_document(context, fmt: str, *, language: str = "uk") -> bytes:
    with translation.override(language):
        content = _content(context)
        if fmt == "docx":
            return _docx(content)
        if fmt == "pdf":
            return _pdf(content)
    raise ValueError(fmt)


def _docx(c: dict) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    document.add_paragraph(c["organization"])
    document.add_heading(c["title"], level=1)
    document.add_paragraph(c["plan"])
    if c["summary"]:
        document.add_heading(_("Summary"), level=2)
        for line in c["summary"].splitlines():
            document.add_paragraph(line)
    document.add_heading(_("Planned and done"), level=2)
    document.add_paragraph(c["totals"])
    for heading, (head, rows) in ((_("By task"), c["by_task"]), (_("By unit"), c["by_unit"])):
        document.add_heading(heading, level=3)
        _docx_table(document, head, rows)
    document.add_heading(_("Indicators"), level=2)
    _docx_table(document, [_("Indicator"), _("Target"), _("Reached"), "%"],
                [[text, target, value, "" if share is None else str(share)] for text, target, value, share in
                 c["indicators"]])
    document.add_heading(_("Evidence"), level=2)
    for name, value in c["numbers"]:
        document.add_paragraph(f"{name}: {value}", style="List Bullet")
    for title, url in c["links"]:
        document.add_paragraph(f"{title}: {url}", style="List Bullet")
    if c["findings"]:
        document.add_heading(_("Open problems found by the checks"), level=2)
        for message in c["findings"]:
            document.add_paragraph(message, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, head: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def _pdf(c: dict) -> bytes:
    from fpdf import FPDF

    from holos.exports.pdf import font_files

    regular, bold = font_files()
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("Holos", "", str(regular))
    pdf.add_font("Holos", "B", str(bold))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    width = pdf.w - 30

    def heading(text: str, size: int) -> None:
        pdf.set_font("Holos", "B", size)
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(text: str) -> None:
        pdf.set_font("Holos", "", 10)
        pdf.multi_cell(width, 5, text, new_x="LMARGIN", new_y="NEXT")

    para(c["organization"])
    heading(c["title"], 15)
    para(c["plan"])
    if c["summary"]:
        heading(_("Summary"), 12)
        para(c["summary"])
    heading(_("Planned and done"), 12)
    para(c["totals"])
    for name, (head, rows) in ((_("By task"), c["by_task"]), (_("By unit"), c["by_unit"])):
        heading(name, 11)
        if rows:
            pdf.set_font("Holos", "", 9)
            with pdf.table(col_widths=(120, 25, 25, 25, 25, 20), repeat_headings=1) as table:
                for values in [head, *rows]:
                    row = table.row()
                    for value in values:
                        row.cell(value)
    heading(_("Indicators"), 12)
    pdf.set_font("Holos", "", 9)
    for text, target, value, share in c["indicators"]:
        pdf.multi_cell(width, 5, f"{text} — {_('Target')}: {target}; {_('Reached')}: {value}",
                       new_x="LMARGIN", new_y="NEXT")
        if share is not None:
            y = pdf.get_y()
            pdf.set_fill_color(220, 226, 234)
            pdf.rect(15, y, 100, 3.5, style="F")
            pdf.set_fill_color(11, 92, 173)
            pdf.rect(15, y, min(100, share), 3.5, style="F")
            pdf.set_xy(118, y - 0.8)
            pdf.cell(20, 5, f"{share}%")
            pdf.ln(6)
    heading(_("Evidence"), 12)
    for name, value in c["numbers"]:
        para(f"{name}: {value}")
    for title, url in c["links"]:
        para(f"{title}: {url}")
    if c["findings"]:
        heading(_("Open problems found by the checks"), 12)
        for message in c["findings"]:
            para(f"• {message}")
    return bytes(pdf.output())
