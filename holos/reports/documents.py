"""A progress report as DOCX or PDF, with the same content as its page.

The words come from gettext in the reader's language; the PDF uses the same embedded
font as plan exports, so Cyrillic and Czech letters print, and draws each indicator's
progress as a bar next to its numbers.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from holos.exports import CONTENT_TYPES as FILE_TYPES

# A progress report is written as the official table is: to print, or to edit in Word.
CONTENT_TYPES = {fmt: FILE_TYPES[fmt] for fmt in ("pdf", "docx")}


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


def report_document(context, fmt: str, *, language: str = "uk", template: Path | None = None) -> bytes:
    """The report as DOCX or PDF; ``template`` is an organisation's own Typst template for the PDF."""
    with translation.override(language):
        content = _content(context)
        if fmt == "docx":
            return _docx(content)
        if fmt == "pdf":
            return _pdf(content, template)
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


def _pdf(c: dict, template: Path | None = None) -> bytes:
    """The report typeset by Typst from ``templates/report.typ`` (or an organisation's copy)."""
    from holos.exports.pdf import TEMPLATES, render

    by_task, by_unit = c["by_task"], c["by_unit"]
    data = {
        **{key: c[key] for key in ("title", "plan", "organization", "summary", "totals", "links", "findings")},
        "lang": translation.get_language() or "uk",
        "by_task": {"head": by_task[0], "rows": by_task[1]},
        "by_unit": {"head": by_unit[0], "rows": by_unit[1]},
        "indicators": [{"text": text, "target": target, "value": value, "share": share}
                       for text, target, value, share in c["indicators"]],
        "numbers": c["numbers"],
        "words": {
            "summary": _("Summary"), "planned_and_done": _("Planned and done"), "by_task": _("By task"),
            "by_unit": _("By unit"), "indicators": _("Indicators"), "target": _("Target"), "reached": _("Reached"),
            "evidence": _("Evidence"), "findings": _("Open problems found by the checks"),
            "page": _("Page %(n)s of %(total)s"),
        },
    }
    return render(template or TEMPLATES / "report.typ", data)
