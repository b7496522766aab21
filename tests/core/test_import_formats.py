"""Seed 000 as people really hold it, in Word, Excel, OpenDocument, CSV and PDF files.

Each test builds a real file with the library that writes that format (python-docx,
openpyxl, odfdo, fpdf2) from the content of seed 000: two plans, each a title, a goal,
a key message and a table whose task headings are rows merged across the table, with
months marked by "x" or by shading. Reading the file back must give what
``holos/demo/seeds/EXPECTED.md`` says for seed 000, and the same plans as the text copy.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import docx
import fpdf
import odfdo
import openpyxl
import pdfplumber
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import Font, PatternFill

from holos.core.document import PlanDocument
from holos.core.importers import read_path
from holos.core.importers.blocks import Paragraph, Table
from holos.core.importers.docx import read_docx
from holos.core.importers.pdf import read_pdf
from holos.core.importers.text import read_blocks

SEED = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds" / "000_e607be4f092c3acc.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
MONTHS = range(6, 12)
WIDTH = 12
GREY = "BFBFBF"


@dataclass
class SeedPlan:
    title: str
    goal: str
    key_message: str
    header: list[str]
    rows: list[list[str]]


def seed_plans() -> list[SeedPlan]:
    """The two plans of seed 000, read from its text: paragraphs, then a table."""
    plans, pending = [], []
    for block in read_blocks(SEED.read_text(encoding="utf-8")):
        if isinstance(block, Paragraph):
            pending.append(block.text)
        else:
            assert isinstance(block, Table)
            title, goal, key_message = pending
            cells = [row.cells + [""] * (WIDTH - len(row.cells)) for row in block.rows]
            plans.append(SeedPlan(title, goal, key_message, cells[0], cells[1:]))
            pending = []
    assert len(plans) == 2
    return plans


def is_heading(row: list[str]) -> bool:
    return sum(1 for cell in row if cell.strip()) == 1


def marked_months(plan: SeedPlan) -> int:
    """How many month cells of the plan's table hold a mark (36 and 12 in seed 000)."""
    return sum(1 for row in plan.rows for column in MONTHS if row[column].strip())


def text_import() -> PlanDocument:
    return read_path(SEED)


# --- What seed 000 must give, whatever the format -------------------------------------------


def find(plan, title_start):
    found = [a for a in plan.activities() if a.title.startswith(title_start)]
    assert len(found) == 1, f"{len(found)} activities start with {title_start!r}"
    return found[0]


def assert_seed_000(document: PlanDocument) -> None:
    """EXPECTED.md for seed 000, statement by statement."""
    plans = document.plans
    assert len(plans) == 2
    for plan in plans:
        assert (plan.kind, plan.language) == ("calendar", "uk")
        assert (plan.period.start, plan.period.end, plan.period.granularity) == ("2023-05", "2023-10", "month")
    first, second = plans
    (goal,) = first.goals
    assert goal.title == "Проінформувати ВПО про послуги та залучити до активного життя в громаді"
    assert goal.key_message == "Зустрічасмо, підтримуємо, допомагаємо!"
    assert [len(task.activities) for task in goal.tasks] == [5, 4, 3]
    (goal,) = second.goals
    assert goal.title == ("Залучення жителів громади до вшанування пам'яті загиблих воїнів-земляків та "
                          "патріотичного виховання молоді.")
    assert goal.key_message == "Полеглі герої в наших серцях!"
    assert [len(task.activities) for task in goal.tasks] == [5, 2, 2]
    hot_line = find(first, 'Робота "Гарячої лінії"')
    assert hot_line.schedule.slots == ["2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10"]
    assert hot_line.channels == ["Телеграм канал", "фейсбук сторінка громади", "вайбер групи"]
    assert hot_line.responsible == ["ЦНАП"]
    assert find(first, "Тренінги, робота психологів").schedule.slots == ["2023-06", "2023-08", "2023-10"]
    viber = find(first, "Створити вайбер-канал/групу для ВПО")
    assert viber.schedule.slots == ["2023-05", "2023-07", "2023-09"]
    assert viber.resources is not None
    assert (viber.resources.needed, viber.resources.text) == (True, "Доступ до мережі")
    business = find(first, "Проінформувати про можливість створення малого бізнесу 20% ВПО у громаді")
    assert business.schedule.slots == ["2023-07"]
    assert [(i.target, i.unit) for i in business.indicators] == [(20, "%")]
    honouring = find(second, "Залучити до заходів вшанування захисників принаймні 500 мешканців громади")
    assert honouring.schedule.slots == ["2023-06", "2023-08", "2023-10"]
    assert [i.target for i in honouring.indicators] == [500]
    specialists = find(second, "Залучення спеціалістів до створення проєкту Алеї слави захисників")
    assert specialists.channels == []
    assert specialists.resources is not None
    assert (specialists.resources.needed, specialists.resources.text) == (True, "Потребує")
    titles = [a.title for plan in plans for a in plan.activities()]
    assert not [title for title in titles if title[0].isdigit()]


def assert_same_plans_as_text(document: PlanDocument, *, plans: int = 2) -> None:
    """Every field of every activity is what the text copy of the same plan gives.

    Only where each activity came from differs: a row of a table, not a line of text.
    """
    assert [without_origin(p.to_dict()) for p in document.plans] == [
        without_origin(p.to_dict()) for p in text_import().plans[:plans]]


def without_origin(plan: dict) -> dict:
    for goal in plan["goals"]:
        for task in goal["tasks"]:
            for activity in task["activities"]:
                assert activity.pop("origin")
    return plan


# --- Word -------------------------------------------------------------------------------------


def shade(cell, fill: str = GREY) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


class WordNumbering:
    """Decimal list numbering ("1.", "2.") that restarts with each new list."""

    def __init__(self, document) -> None:
        self.element = document.part.numbering_part.element
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), "90")
        level = OxmlElement("w:lvl")
        level.set(qn("w:ilvl"), "0")
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", "%1.")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            level.append(child)
        abstract.append(level)
        self.element.insert(0, abstract)
        self.next_id = 100

    def new_list(self) -> str:
        instance = OxmlElement("w:num")
        instance.set(qn("w:numId"), str(self.next_id))
        abstract_id = OxmlElement("w:abstractNumId")
        abstract_id.set(qn("w:val"), "90")
        instance.append(abstract_id)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        instance.append(override)
        self.element.append(instance)
        self.next_id += 1
        return str(self.next_id - 1)

    @staticmethod
    def number(paragraph, list_id: str) -> None:
        properties = paragraph._p.get_or_add_pPr()
        numbering = OxmlElement("w:numPr")
        level = OxmlElement("w:ilvl")
        level.set(qn("w:val"), "0")
        number = OxmlElement("w:numId")
        number.set(qn("w:val"), list_id)
        numbering.append(level)
        numbering.append(number)
        properties.append(numbering)


def build_docx(path: Path, *, marks: str = "x", numbered: bool = False, merge_down: bool = False,
               start=None) -> Path:
    """Seed 000 as a Word document: paragraphs, then a table, twice.

    ``marks`` is "x" (typed) or "shade" (cells filled, no text); ``numbered`` takes the
    typed "1. " off the activities and numbers them with Word's list numbering instead,
    a new list for each task; ``merge_down`` merges runs of equal cells in the channels
    and responsible columns vertically, as authors do; ``start`` is a document to add to.
    """
    document = start or docx.Document()
    numbering = WordNumbering(document) if numbered else None
    for plan in seed_plans():
        document.add_paragraph(plan.title, style="Heading 1")
        document.add_paragraph(plan.goal)
        document.add_paragraph(plan.key_message)
        table = document.add_table(rows=1 + len(plan.rows), cols=WIDTH)
        table.style = "Table Grid"
        for column, label in enumerate(plan.header):
            table.cell(0, column).text = label
        list_id = ""
        for index, cells in enumerate(plan.rows, start=1):
            row = table.rows[index]
            if is_heading(cells):
                merged = row.cells[0].merge(row.cells[WIDTH - 1])
                merged.text = cells[0]
                list_id = numbering.new_list() if numbering else ""
                continue
            for column, text in enumerate(cells):
                cell = row.cells[column]
                if column in MONTHS and marks == "shade":
                    if text.strip():
                        shade(cell)
                    continue
                if column == 0 and numbering:
                    cell.text = text.split(". ", 1)[1] if text[:1].isdigit() else text
                    numbering.number(cell.paragraphs[0], list_id)
                else:
                    cell.text = text
        if merge_down:
            merge_equal_runs(table, plan, columns=(2, 3))
    document.save(path)
    return path


def merge_equal_runs(table, plan: SeedPlan, columns: tuple[int, ...]) -> None:
    """Merge each run of equal cells down a column, leaving the text in the run's first cell."""
    for column in columns:
        start = None
        for index in range(1, len(plan.rows) + 2):
            cells = plan.rows[index - 1] if index <= len(plan.rows) else None
            same = (start is not None and cells is not None and not is_heading(cells)
                    and cells[column] == plan.rows[start - 1][column])
            if same:
                continue
            if start is not None and index - 1 > start:
                top = table.cell(start, column)
                top.merge(table.cell(index - 1, column))
                top.text = plan.rows[start - 1][column]
            start = index if cells is not None and not is_heading(cells) else None


def test_a_word_plan_with_typed_marks_reads_as_its_text_copy(tmp_path):
    document = read_path(build_docx(tmp_path / "plan.docx"))
    assert document.source == {"file": "plan.docx", "format": ("application/vnd.openxmlformats-officedocument."
                                                              "wordprocessingml.document")}
    assert_seed_000(document)
    assert_same_plans_as_text(document)


def test_word_paragraphs_and_tables_keep_their_order(tmp_path):
    reading = read_docx(build_docx(tmp_path / "plan.docx").read_bytes())
    kinds = [type(block).__name__ for block in reading.blocks]
    assert kinds == ["Paragraph"] * 3 + ["Table"] + ["Paragraph"] * 3 + ["Table"]
    title, goal, _, table = reading.blocks[:4]
    assert title.emphasis and not goal.emphasis
    assert goal.text.startswith("Комунікаційна ціль: Проінформувати ВПО")
    heading = table.rows[1]
    assert heading.cells[0].startswith("Комунікаційне завдання 1: Роз'яснити")
    assert heading.cells[1:] == [""] * 11
    assert heading.where == "table 1, row 2"


def test_word_months_marked_by_shading_are_read_as_marks(tmp_path):
    document = read_path(build_docx(tmp_path / "plan.docx", marks="shade"))
    assert_seed_000(document)
    assert_same_plans_as_text(document)
    shading = [w for w in document.warnings if "shading" in w.message]
    assert [w.where for w in shading] == ["table 1, row 1", "table 2, row 1"]
    assert [w.params for w in shading] == [{"count": marked_months(plan)} for plan in seed_plans()] == [
        {"count": 36}, {"count": 12}]
    assert shading[0].template.startswith("%(count)s month or quarter cells")


def test_word_list_numbering_numbers_the_rows_and_is_stripped_from_titles(tmp_path):
    path = build_docx(tmp_path / "plan.docx", numbered=True)
    second_table = [b for b in read_docx(path.read_bytes()).blocks if isinstance(b, Table)][1]
    firsts = [row.cells[0] for row in second_table.rows[1:]]
    assert firsts[1] == "1. Інформування мешканців щодо створення тимчасової Алеї слави воїнів-земляків"
    assert firsts[5].startswith("5. Розмова з рідними")
    assert firsts[7] == "1. Відкриття Алеї слави захисників"  # a new list for the next task
    document = read_path(path)
    assert_seed_000(document)
    assert_same_plans_as_text(document)


def test_rows_numbered_by_a_paragraph_style_and_by_a_style_based_on_it(tmp_path):
    document = docx.Document()
    styles = document.styles
    derived = styles.add_style("Plan Row Number", styles["List Number"].type)
    derived.base_style = styles["List Number"]
    table = document.add_table(rows=4, cols=3)
    for column, label in enumerate(["№", "Назва активності", "Канали комунікації"]):
        table.cell(0, column).text = label
    for row, (style, title) in enumerate([("List Number", "Пости у фейсбуці"), ("Plan Row Number", "Ефір на радіо"),
                                          ("List Number", "Зустріч зі старостами")], start=1):
        table.cell(row, 0).paragraphs[0].style = styles[style]
        table.cell(row, 1).text = title
        table.cell(row, 2).text = "Фейсбук"
    path = tmp_path / "plan.docx"
    document.save(path)
    (table_block,) = [b for b in read_docx(path.read_bytes()).blocks if isinstance(b, Table)]
    assert [row.cells[0] for row in table_block.rows[1:]] == ["1.", "2.", "3."]


def test_vertically_merged_word_cells_repeat_their_text_in_every_row(tmp_path):
    path = build_docx(tmp_path / "plan.docx", merge_down=True)
    first_table = [b for b in read_docx(path.read_bytes()).blocks if isinstance(b, Table)][0]
    assert [row.cells[3] for row in first_table.rows[2:5]] == ["ЦНАП", "ЦНАП", "ЦНАП"]
    raw = docx.Document(str(path)).tables[0]._tbl.xml
    assert 'w:vMerge w:val="restart"' in raw  # the file really holds merged cells
    document = read_path(path)
    assert_seed_000(document)
    assert_same_plans_as_text(document)


def test_an_approval_stamp_placed_with_a_borderless_table_is_read(tmp_path):
    document = docx.Document()
    stamp = document.add_table(rows=1, cols=2).rows[0].cells[1]
    stamp.text = "ЗАТВЕРДЖЕНО"
    stamp.add_paragraph("розпорядження селищного голови від 27.11.2020 № 211")
    path = build_docx(tmp_path / "plan.docx", start=document)
    first, second = read_path(path).plans
    assert first.approval == "розпорядження від 27.11.2020 № 211"
    assert [len(task.activities) for task in first.goals[0].tasks] == [5, 4, 3]


def test_a_title_row_inside_the_word_table_is_the_plans_title(tmp_path):
    document = docx.Document()
    (plan,) = seed_plans()[:1]
    table = document.add_table(rows=4 + len(plan.rows), cols=WIDTH)
    for index, text in enumerate((plan.title, plan.goal, plan.key_message)):
        merged = table.rows[index].cells[0].merge(table.rows[index].cells[WIDTH - 1])
        merged.text = text
    for column, label in enumerate(plan.header):
        table.cell(3, column).text = label
    for index, cells in enumerate(plan.rows, start=4):
        for column, text in enumerate(cells):
            table.cell(index, column).text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    (imported,) = read_path(path).plans
    assert imported.title == plan.title
    assert imported.goals[0].key_message == "Зустрічасмо, підтримуємо, допомагаємо!"
    assert [len(task.activities) for task in imported.goals[0].tasks] == [5, 4, 3]


def test_a_two_row_word_header_and_marks_merged_across_months(tmp_path):
    """A year label merged over the month columns, and one "x" merged across three months."""
    document = docx.Document()
    document.add_paragraph("Комунікаційний план громади на 2023 рік")
    table = document.add_table(rows=4, cols=8)
    top, months = table.rows[0].cells, table.rows[1].cells
    for column, label in enumerate(["Назва заходу", "Відповідальний"]):
        merged = top[column].merge(months[column])
        merged.text = label
    year = top[2].merge(top[7])
    year.text = "2023 рік"
    for column, month in enumerate(["травень", "червень", "липень", "серпень", "вересень", "жовтень"], start=2):
        months[column].text = month
    press = table.rows[2].cells
    press[0].text, press[1].text = "Прес-реліз про відкриття ЦНАП", "ЦНАП"
    spring = press[3].merge(press[5])
    spring.text = "x"
    survey = table.rows[3].cells
    survey[0].text, survey[1].text = "Опитування мешканців", "Відділ культури"
    shaded = survey[6].merge(survey[7])
    shade(shaded)
    path = tmp_path / "plan.docx"
    document.save(path)
    (plan,) = read_path(path).plans
    press_release, poll = plan.activities()
    assert (press_release.title, press_release.responsible) == ("Прес-реліз про відкриття ЦНАП", ["ЦНАП"])
    assert press_release.schedule.slots == ["2023-06", "2023-07", "2023-08"]
    assert press_release.schedule.text == "x x x"
    assert poll.schedule.slots == ["2023-09", "2023-10"]
    assert (plan.period.start, plan.period.end) == ("2023-05", "2023-10")


# --- Excel ------------------------------------------------------------------------------------


def fill_sheet(sheet, plan: SeedPlan, *, top: int, marks: str) -> int:
    """Write one plan from row ``top``: merged title, goal, key message, header, rows."""
    for offset, text in enumerate((plan.title, plan.goal, plan.key_message)):
        sheet.cell(top + offset, 1, text)
    sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=WIDTH)
    sheet.cell(top, 1).font = Font(bold=True)
    header = top + 3
    for column, label in enumerate(plan.header, start=1):
        sheet.cell(header, column, label)
    row = header
    for cells in plan.rows:
        row += 1
        if is_heading(cells):
            sheet.cell(row, 1, cells[0])
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=WIDTH)
            continue
        for column, text in enumerate(cells):
            if column in MONTHS and marks == "shade":
                if text.strip():
                    sheet.cell(row, column + 1).fill = PatternFill("solid", fgColor="FFC000")
            elif text:
                sheet.cell(row, column + 1, text)
    return row


def build_xlsx(path: Path, *, marks: str = "x", sheets: str = "one") -> Path:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "План"
    plans = seed_plans()
    if sheets == "one":
        end = fill_sheet(first, plans[0], top=1, marks=marks)
        fill_sheet(first, plans[1], top=end + 3, marks=marks)
    else:
        fill_sheet(first, plans[0], top=1, marks=marks)
        fill_sheet(workbook.create_sheet("План 2"), plans[1], top=1, marks=marks)
    workbook.save(path)
    return path


def test_an_excel_sheet_with_the_header_on_row_4_below_a_merged_title(tmp_path):
    path = build_xlsx(tmp_path / "plan.xlsx")
    sheet = openpyxl.load_workbook(path)["План"]
    assert "A1:L1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A4"].value.startswith("Назва активності")
    document = read_path(path)
    assert document.source["format"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert_seed_000(document)
    assert_same_plans_as_text(document)
    assert document.plans[0].activities()[0].origin == 'sheet "План", row 6'


def test_excel_months_filled_with_colour_are_read_as_marks(tmp_path):
    document = read_path(build_xlsx(tmp_path / "plan.xlsx", marks="shade"))
    assert_seed_000(document)
    assert_same_plans_as_text(document)
    shading = [w for w in document.warnings if "shading" in w.message]
    assert [w.where for w in shading] == ['sheet "План", row 4', 'sheet "План", row 25']
    assert [w.params["count"] for w in shading] == [36, 12]


def test_two_sheets_hold_one_plan_each(tmp_path):
    document = read_path(build_xlsx(tmp_path / "plan.xlsx", sheets="two"))
    assert_seed_000(document)
    assert_same_plans_as_text(document)


def test_a_month_header_written_as_a_date_is_a_month_column(tmp_path):
    import datetime as dt

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Communication plan of the city for 2024"])
    sheet.append([])
    sheet.append(["Activity", "Channels", dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1)])  # noqa: DTZ001
    for column in ("C", "D"):
        sheet[f"{column}3"].number_format = "mmmm yyyy"
    sheet.append(["Press release", "website", None, "x"])
    sheet.append(["Share of residents reached", "survey", 0.2, None])
    sheet["C5"].number_format = "0%"
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    (plan,) = read_path(path).plans
    press, share = plan.activities()
    assert press.schedule.slots == ["2024-02"]
    assert share.schedule.text == "20%"


def test_a_hidden_sheet_is_not_read_and_says_so(tmp_path):
    path = build_xlsx(tmp_path / "plan.xlsx", sheets="two")
    workbook = openpyxl.load_workbook(path)
    workbook["План 2"].sheet_state = "hidden"
    workbook.save(path)
    document = read_path(path)
    assert len(document.plans) == 1
    assert "The sheet \"План 2\" is hidden; it was not read." in [w.message for w in document.warnings]


# --- OpenDocument -----------------------------------------------------------------------------


def odf_cell_style(document, colour: str) -> str:
    style = odfdo.create_table_cell_style(background_color=colour)
    return document.insert_style(style, automatic=True)


def build_ods(path: Path, *, marks: str = "x") -> Path:
    document = odfdo.Document("spreadsheet")
    body = document.body
    body.clear()
    shaded = odf_cell_style(document, "#ffc000")
    for number, plan in enumerate(seed_plans(), start=1):
        table = odfdo.Table(f"План {number}")
        spans = []
        rows = [[plan.title], [plan.goal], [plan.key_message], plan.header, *plan.rows]
        for index, cells in enumerate(rows):
            row = odfdo.Row()
            for column, text in enumerate(cells + [""] * (WIDTH - len(cells))):
                if index > 3 and column in MONTHS and marks == "shade" and text.strip():
                    row.append_cell(odfdo.Cell(style=shaded))
                else:
                    row.append_cell(odfdo.Cell(text) if text else odfdo.Cell())
            table.append_row(row)
            if index < 3 or (index > 3 and is_heading(cells)):
                spans.append(index)
        for index in spans:
            table.set_span((0, index, WIDTH - 1, index), merge=False)
        body.append(table)
    document.save(path)
    return path


def test_an_opendocument_spreadsheet_reads_as_its_text_copy(tmp_path):
    path = build_ods(tmp_path / "plan.ods")
    assert b"covered-table-cell" in odf_content(path)
    document = read_path(path)
    assert document.source["format"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert_seed_000(document)
    assert_same_plans_as_text(document)


def test_opendocument_cells_with_a_background_are_marks(tmp_path):
    document = read_path(build_ods(tmp_path / "plan.ods", marks="shade"))
    assert_seed_000(document)
    assert_same_plans_as_text(document)


def odf_content(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("content.xml")


def build_odt(path: Path, *, marks: str = "x") -> Path:
    document = odfdo.Document("text")
    body = document.body
    body.clear()
    shaded = odf_cell_style(document, "#bfbfbf")
    for number, plan in enumerate(seed_plans(), start=1):
        body.append(odfdo.Header(1, plan.title))
        body.append(odfdo.Paragraph(plan.goal))
        body.append(odfdo.Paragraph(plan.key_message))
        table = odfdo.Table(f"Таблиця{number}")
        headings = []
        for index, cells in enumerate([plan.header, *plan.rows]):
            row = odfdo.Row()
            for column, text in enumerate(cells):
                if index and column in MONTHS and marks == "shade" and text.strip():
                    row.append_cell(odfdo.Cell(style=shaded))
                else:
                    row.append_cell(odfdo.Cell(text) if text else odfdo.Cell())
            table.append_row(row)
            if index and is_heading(cells):
                headings.append(index)
        for index in headings:
            table.set_span((0, index, WIDTH - 1, index), merge=False)
        body.append(table)
    document.save(path)
    return path


@pytest.mark.parametrize("marks", ["x", "shade"])
def test_an_opendocument_text_reads_as_its_text_copy(tmp_path, marks):
    document = read_path(build_odt(tmp_path / "plan.odt", marks=marks))
    assert document.source["format"] == "application/vnd.oasis.opendocument.text"
    assert_seed_000(document)
    assert_same_plans_as_text(document)


# --- CSV and TSV ------------------------------------------------------------------------------


def seed_records() -> list[list[str]]:
    records: list[list[str]] = []
    for plan in seed_plans():
        records += [[plan.title], [], [plan.goal], [plan.key_message], [], plan.header, *plan.rows, []]
    return records


def csv_bytes(*, delimiter: str, encoding: str) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(seed_records())
    return out.getvalue().encode(encoding)


def test_a_csv_file_saved_in_windows_1251_with_semicolons(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(delimiter=";", encoding="cp1251"))
    document = read_path(path)
    assert document.source == {"file": "plan.csv", "format": "text/csv"}
    assert_seed_000(document)
    assert_same_plans_as_text(document)
    (encoding,) = [w for w in document.warnings if "UTF-8" in w.message]
    assert encoding.params == {"encoding": "Windows-1251 (Cyrillic)"}


@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8-sig"), (",", "utf-8"), ("\t", "utf-16")])
def test_csv_in_unicode_with_its_delimiter_sniffed(tmp_path, delimiter, encoding):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(delimiter=delimiter, encoding=encoding))
    document = read_path(path)
    assert_seed_000(document)
    assert_same_plans_as_text(document)
    assert [w for w in document.warnings if "UTF-8" in w.message] == ([] if encoding != "utf-16" else
                                                                      [w for w in document.warnings
                                                                       if "UTF-16" in w.message])


def test_a_tsv_file_keeps_line_breaks_inside_quoted_cells(tmp_path):
    path = tmp_path / "plan.tsv"
    path.write_text("Communication plan of the city for 2024\n\nActivity\tChannels\tJan\tFeb\n"
                    "Press release\t\"website,\nnewsletter\"\tx\t\n", encoding="utf-8")
    document = read_path(path)
    assert document.source["format"] == "text/tab-separated-values"
    (press,) = document.plans[0].activities()
    assert press.channels == ["website", "newsletter"]
    assert press.schedule.slots == ["2024-01"]


def test_a_czech_csv_in_windows_1250_is_not_read_as_cyrillic(tmp_path):
    path = tmp_path / "plan.csv"
    text = ("Plán informační kampaně projektu 02/2018 - 01/2020\n\n"
            "Aktivita;Cílová skupina;Kdo;Kdy\n"
            "Úvodní veřejné projednání;občané;realizační tým KPSS;5/2018\n")
    path.write_bytes(text.encode("cp1250"))
    document = read_path(path)
    (activity,) = document.plans[0].activities()
    assert activity.title == "Úvodní veřejné projednání"
    assert activity.responsible == ["realizační tým KPSS"]
    (encoding,) = [w for w in document.warnings if "UTF-8" in w.message]
    assert encoding.params == {"encoding": "Windows-1250 (Central European)"}


# --- PDF --------------------------------------------------------------------------------------


def build_pdf(path: Path, *, plans: int = 1, rows_per_page: int | None = None, marks: str = "x") -> Path:
    """Seed 000 printed to PDF: lines of text and ruled tables, as Word exports them."""
    assert FONT.exists(), "the DejaVu font is missing: `make system-deps` installs fonts-dejavu-core"
    pdf = fpdf.FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=7)
    pdf.set_auto_page_break(True, margin=10)
    widths = (46, 25, 30, 36, 28, 22, 15, 15, 15, 15, 15, 15)
    for plan in seed_plans()[:plans]:
        pdf.add_page()
        for text in (plan.title, plan.goal, plan.key_message):
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        chunks = [plan.rows] if rows_per_page is None else [plan.rows[i:i + rows_per_page]
                                                            for i in range(0, len(plan.rows), rows_per_page)]
        for number, chunk in enumerate(chunks):
            if number:
                pdf.add_page()
                pdf.cell(0, 5, f"{number + 1}", new_x="LMARGIN", new_y="NEXT")
            with pdf.table(col_widths=widths, first_row_as_headings=False, line_height=3.5) as table:
                if number == 0:
                    header = table.row()
                    for label in plan.header:
                        header.cell(label)
                for cells in chunk:
                    row = table.row()
                    if is_heading(cells):
                        row.cell(cells[0], colspan=WIDTH)
                        continue
                    for column, text in enumerate(cells):
                        if column in MONTHS and marks == "shade":
                            style = fpdf.FontFace(fill_color=(160, 160, 160)) if text.strip() else None
                            row.cell("", style=style)
                        else:
                            row.cell(text)
    pdf.output(str(path))
    return path


def test_a_pdf_table_gives_the_activities_and_their_marked_months(tmp_path):
    document = read_path(build_pdf(tmp_path / "plan.pdf"))
    assert document.source == {"file": "plan.pdf", "format": "application/pdf"}
    (plan,) = document.plans
    assert plan.goals[0].key_message == "Зустрічасмо, підтримуємо, допомагаємо!"
    assert [len(task.activities) for task in plan.goals[0].tasks] == [5, 4, 3]
    expected = text_import().plans[0]
    assert [a.title for a in plan.activities()] == [a.title for a in expected.activities()]
    assert [a.schedule.slots for a in plan.activities()] == [a.schedule.slots for a in expected.activities()]
    assert_same_plans_as_text(document, plans=1)


def test_a_pdf_table_continued_on_the_next_page_is_one_table(tmp_path):
    path = build_pdf(tmp_path / "plan.pdf", plans=2, rows_per_page=7)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 5
    tables = [block for block in read_pdf(path.read_bytes(), "plan.pdf").blocks if isinstance(block, Table)]
    assert [len(table.rows) for table in tables] == [1 + 15, 1 + 12]
    assert tables[0].rows[8].where == "page 2, table 1, row 1"
    document = read_path(path)
    assert_seed_000(document)
    assert_same_plans_as_text(document)


def test_pdf_cells_painted_with_colour_are_marks(tmp_path):
    document = read_path(build_pdf(tmp_path / "plan.pdf", plans=2, marks="shade"))
    assert_seed_000(document)
    assert_same_plans_as_text(document)
    shading = [w for w in document.warnings if "shading" in w.message]
    assert [(w.where, w.params["count"]) for w in shading] == [("page 1, table 1, row 1", 36),
                                                               ("page 3, table 1, row 1", 12)]
