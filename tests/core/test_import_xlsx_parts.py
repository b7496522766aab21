"""The workbook's parts as other writers than openpyxl leave them, read cell by cell.

Excel, LibreOffice and the libraries that write workbooks differ in what they put in a
sheet: strings kept in the cell itself rather than in the shared table, cells and rows
without their references, dates counted from 1904, colours given by theme. The reader
streams each sheet's XML, so each of these is built here by hand, as such a file holds it.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.styles import PatternFill

from holos.core.importers import read_bytes
from holos.core.importers.xlsx import MAX_ROWS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook(sheet_rows: str, *, date1904: bool = False, merges: str = "", styles: str = "") -> bytes:
    """A workbook of one sheet whose ``sheetData`` holds ``sheet_rows``, zipped as Excel does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'))
        archive.writestr("xl/workbook.xml", (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><workbookPr date1904="{int(date1904)}"/>'
            '<sheets><sheet name="План" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            f'<Relationships xmlns="{PACKAGE}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="/xl/worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/></Relationships>'))
        archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
        archive.writestr("xl/worksheets/sheet1.xml", (
            f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_rows}</sheetData>'
            f'{"<mergeCells>" + merges + "</mergeCells>" if merges else ""}</worksheet>'))
    return buffer.getvalue()


def inline(text: str, reference: str = "") -> str:
    where = f' r="{reference}"' if reference else ""
    return f'<c{where} t="inlineStr"><is><t>{text}</t></is></c>'


DATE_STYLES = (
    '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="14" fontId="0" fillId="0"/></cellXfs>'
)


def test_inline_strings_in_cells_and_rows_without_references_are_read_in_their_places():
    header = "".join(inline(text) for text in ("Захід", "Відповідальні", "Строк виконання"))
    rows = (f"<row>{header}</row>"
            f"<row>{inline('Зустріч з мешканцями')}{inline('ЦНАП')}{inline('до 1 липня 2024 р.')}</row>"
            f'<row r="5">{inline("Випуск буклетів", "A5")}{inline("до 1 вересня 2024 р.", "C5")}</row>')
    document = read_bytes(workbook(rows), filename="plan.xlsx")
    meeting, booklets = document.plans[0].activities()
    assert (meeting.title, meeting.responsible, meeting.schedule.start) == ("Зустріч з мешканцями", ["ЦНАП"],
                                                                           "2024-07")
    assert (booklets.title, booklets.responsible, booklets.schedule.start) == ("Випуск буклетів", [], "2024-09")
    assert booklets.origin == 'sheet "План", row 5'


def test_a_date_counted_from_1904_is_the_date_the_sheet_shows():
    header = "".join(inline(text) for text in ("Захід", "Відповідальні", "Строк виконання"))
    # 45473 days after 1 January 1904 is 2 July 2028; counted from 1900 it would be 30 June 2024.
    row = f'<row>{inline("Форум громади")}{inline("Відділ культури")}<c s="1"><v>45473</v></c></row>'
    for date1904, month in ((True, "2028-07"), (False, "2024-06")):
        document = read_bytes(workbook(f"<row>{header}</row>{row}", date1904=date1904, styles=DATE_STYLES),
                              filename="plan.xlsx")
        (forum,) = document.plans[0].activities()
        assert forum.schedule.start == month


def test_months_painted_with_a_theme_colour_are_marks_and_white_is_not():
    styles = (
        '<fonts count="1"><font/></fonts><fills count="4">'
        '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor theme="5" tint="0.4"/></patternFill></fill>'
        '<fill><patternFill patternType="solid"><fgColor theme="0"/></patternFill></fill></fills>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="0" fillId="2"/>'
        '<xf numFmtId="0" fontId="0" fillId="3"/></cellXfs>')
    header = "".join(inline(text) for text in ("Захід", "Відповідальні", "Січень", "Лютий", "Березень"))
    rows = (f"<row>{inline('План заходів на 2025 рік')}</row><row>{header}</row>"
            f'<row>{inline("Прес-реліз")}{inline("ЦНАП")}<c s="1"/><c s="2"/><c s="1"/></row>')
    document = read_bytes(workbook(rows, styles=styles), filename="plan.xlsx")
    (release,) = document.plans[0].activities()
    assert release.schedule.slots == ["2025-01", "2025-03"]


def test_merged_ranges_are_read_from_the_sheet_without_loading_it_whole(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["План заходів на 2025 рік"])
    sheet.append(["Найменування завдання", "Найменування заходу", "Відповідальні за виконання", "Січень", "Лютий",
                  "Березень"])
    sheet.append(["Інформувати мешканців", "Прес-реліз", "ЦНАП"])
    sheet.append([None, "Зустріч у старостинському окрузі", "Старости"])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("D3:E3")  # a bar across January and February
    sheet["D3"].fill = PatternFill("solid", fgColor="92D050")
    sheet["F4"] = "x"
    path = tmp_path / "plan.xlsx"
    book.save(path)
    (plan,) = read_bytes(path.read_bytes(), filename="plan.xlsx").plans
    release, meeting = plan.activities()
    assert [task.title for goal in plan.goals for task in goal.tasks] == ["Інформувати мешканців"]
    assert release.schedule.slots == ["2025-01", "2025-02"]
    assert meeting.schedule.slots == ["2025-03"]


def test_a_sheet_reaching_beyond_the_rows_read_says_how_far_it_was_read():
    header = "".join(inline(text) for text in ("Захід", "Відповідальні", "Строк виконання"))
    far = MAX_ROWS + 10
    rows = (f'<row r="1">{header}</row><row r="2">{inline("Зустріч")}{inline("ЦНАП")}{inline("травень 2025")}</row>'
            f'<row r="{far}">{inline("Примітка", f"A{far}")}</row>')
    document = read_bytes(workbook(rows), filename="plan.xlsx")
    assert [activity.title for activity in document.plans[0].activities()] == ["Зустріч"]
    (limit,) = [w for w in document.warnings if "only the first" in w.message]
    assert limit.params["rows"] == far and limit.params["max_rows"] == MAX_ROWS
