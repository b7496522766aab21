"""A plan as the table it is approved in: DOCX, A4 landscape, one table per goal.

The shape is that of an appendix to an order: the approval reference at the top right,
the organisation and the plan's title, then for each goal its title and key message and a
table whose header row repeats on every page (``w:tblHeader``), tasks as rows spanning the
table, activities with their audiences, channels, responsible units, result, resources
and one column per month or quarter, marked "x" and shaded. Every page's footer says
"Сторінка n з N".

The tables are written as WordprocessingML text and parsed once: python-docx's cell
lookups (``table.cell()``, ``add_row().cells``) grow with the table, and a 500-activity
plan built through them takes seconds. The title block and the footer go through
python-docx's API, which is quick for a handful of paragraphs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from holos.core.document import Goal, Plan
from holos.exports import (
    Column,
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

PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 29.7, 21.0, 1.5
FONT = "Times New Roman"
TABLE_STYLE = "Holos Table"
TABLE_STYLE_ID = "HolosTable"
HEADER_FILL = "D9D9D9"
TASK_FILL = "F2F2F2"
MARK_FILL = "9BC2E6"
_DXA_PER_CM = 1440 / 2.54  # twentieths of a point per centimetre


def export(plans: Sequence[Plan], *, labels: Labels | None = None, organization_name: str = "") -> bytes:
    document = Document()
    _set_up(document, labels_for(plans[0], labels) if plans else Labels.for_language("uk"))
    if plans:
        document.core_properties.title = clean_text(plans[0].title)[:255]
        document.core_properties.language = plans[0].language
    for index, plan in enumerate(plans):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _write_plan(document, with_organization(plan, organization_name), labels_for(plan, labels))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up(document: WordDocument, labels: Labels) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(4)
    table_style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_style.base_style = normal
    table_style.font.size = Pt(9)
    table_style.paragraph_format.space_after = Pt(2)
    table_style.paragraph_format.space_before = Pt(0)
    _page_numbers(section.footer.paragraphs[0], labels)


def _page_numbers(paragraph: Paragraph, labels: Labels) -> None:
    """ "Сторінка {PAGE} з {NUMPAGES}": the label's text around Word's page fields."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fields = {"n": "PAGE", "total": "NUMPAGES"}
    for position, part in enumerate(re.split(r"%\((n|total)\)s", labels.page)):
        if position % 2:
            paragraph._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" {fields[part]} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            ))
        elif part:
            paragraph.add_run(part)


def _write_plan(document: WordDocument, plan: Plan, labels: Labels) -> None:
    appendix = appendix_line(plan, labels)
    if appendix:
        document.add_paragraph(clean_text(appendix)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if plan.organization:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(clean_text(plan.organization)).bold = True
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = paragraph.add_run(clean_text(plan.title))
    title.bold = True
    title.font.size = Pt(14)
    period = period_line(plan, labels)
    if period:
        document.add_paragraph(clean_text(period)).alignment = WD_ALIGN_PARAGRAPH.CENTER

    usable = PAGE_WIDTH_CM - 2 * MARGIN_CM
    columns = plan_columns(plan, labels, page_width=usable)
    body = document.element.body
    for number, goal in enumerate(plan.goals, start=1):
        _goal_paragraphs(document, goal, number, len(plan.goals), labels)
        body._insert_tbl(parse_xml(_table_xml(goal, columns, labels)))
        document.add_paragraph()


def _goal_paragraphs(document: WordDocument, goal: Goal, number: int, count: int, labels: Labels) -> None:
    if goal.title.strip():
        label, _, title = goal_heading(goal.title, number, count, labels).partition(": ")
        _labelled(document, label, title)
    if goal.key_message.strip():
        _labelled(document, labels.key_message, goal.key_message)
    if indicators := goal_indicators_line(goal, labels):
        _labelled(document, labels.indicators, indicators)


def _labelled(document: WordDocument, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(f"{clean_text(label)}: ").bold = True
    paragraph.add_run(clean_text(text))


# ---------------------------------------------------------------------------------------------
# The table, as WordprocessingML
# ---------------------------------------------------------------------------------------------

def _table_xml(goal: Goal, columns: list[Column], labels: Labels) -> str:
    widths = [int(column.width * _DXA_PER_CM) for column in columns]
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>",
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>',
        "<w:tblBorders>",
        *(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
          for side in ("top", "left", "bottom", "right", "insideH", "insideV")),
        "</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    parts.append(_header_row(columns, widths))
    total = sum(widths)
    for task_number, task in enumerate(goal.tasks, start=1):
        task_row = show_task_row(len(goal.tasks), task.title)
        if task_row:
            parts.append(
                f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{total}" w:type="dxa"/>'
                f'<w:gridSpan w:val="{len(columns)}"/>{_shade(TASK_FILL)}</w:tcPr>'
                f"{_paragraph(task_heading(task.title, task_number, labels), bold=True, keep_with_next=True)}"
                "</w:tc></w:tr>"
            )
        for number, activity in enumerate(task.activities, start=1):
            cells = activity_cells(activity, activity_number(task_number, number, task_row), columns, labels)
            parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for column, width, lines in zip(columns, widths, cells, strict=True):
                parts.append(_cell(column, width, lines))
            parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _header_row(columns: list[Column], widths: list[int]) -> str:
    has_time = any(column.is_time for column in columns)
    height = '<w:trHeight w:val="1250" w:hRule="atLeast"/>' if has_time else ""
    cells = []
    for column, width in zip(columns, widths, strict=True):
        direction = '<w:textDirection w:val="btLr"/>' if column.is_time else ""
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{_shade(HEADER_FILL)}{direction}'
            f'<w:vAlign w:val="center"/></w:tcPr>{_paragraph(column.label, bold=True, center=True, size=16)}</w:tc>'
        )
    return f"<w:tr><w:trPr><w:cantSplit/>{height}<w:tblHeader/></w:trPr>{''.join(cells)}</w:tr>"


def _cell(column: Column, width: int, lines: list[str]) -> str:
    if column.is_time:
        shade = _shade(MARK_FILL) if lines else ""
        content = _paragraph(lines[0], center=True) if lines else _EMPTY_PARAGRAPH
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}<w:vAlign w:val="center"/></w:tcPr>' \
               f"{content}</w:tc>"
    content = "".join(_paragraph(line) for line in lines) or _EMPTY_PARAGRAPH
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'


_EMPTY_PARAGRAPH = f'<w:p><w:pPr><w:pStyle w:val="{TABLE_STYLE_ID}"/></w:pPr></w:p>'


def _paragraph(text: str, *, bold: bool = False, center: bool = False, keep_with_next: bool = False,
               size: int | None = None) -> str:
    """A paragraph of a table cell; ``size`` in half-points."""
    keep = "<w:keepNext/>" if keep_with_next else ""
    alignment = '<w:jc w:val="center"/>' if center else ""
    run_properties = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "")
    run_properties = f"<w:rPr>{run_properties}</w:rPr>" if run_properties else ""
    runs = []
    for index, line in enumerate(re.split(r"\r\n|\r|\n", clean_text(text))):
        if index:
            runs.append("<w:br/>")
        runs.append(f'<w:t xml:space="preserve">{escape(line)}</w:t>')
    return (f'<w:p><w:pPr><w:pStyle w:val="{TABLE_STYLE_ID}"/>{keep}{alignment}</w:pPr>'
            f"<w:r>{run_properties}{''.join(runs)}</w:r></w:p>")


def _shade(fill: str) -> str:
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
