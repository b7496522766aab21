"""The DOCX export reopened by python-docx, by Holos's own importer and by LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph

from holos.core.document import Activity, Goal, Period, Plan, Task
from holos.core.importers.headers import role_of, time_label
from holos.core.schedule import Schedule
from holos.exports import Labels, export_plan, export_plans
from tests.exports import assert_imports_back, outline, seed_plan, seed_plans

UK = Labels.for_language("uk")


def slot_of(label: str) -> str | None:
    """The slot a header label names, as Holos's importer reads month and quarter labels."""
    column = time_label(label)
    if column is None or column.year is None:
        return None
    return f"{column.year}-Q{column.quarter}" if column.quarter else f"{column.year}-{column.month:02d}"


def read_docx(data: bytes, labels: Labels = UK):
    """The outline of an exported DOCX, read with python-docx: paragraphs and tables in order."""
    document = Document(io.BytesIO(data))
    goal_line = re.compile(rf"^{re.escape(labels.goal)}(?: \d+)?: (.*)$", re.S)
    message_line = re.compile(rf"^{re.escape(labels.key_message)}: (.*)$", re.S)
    task_line = re.compile(rf"^{re.escape(labels.task)} \d+(?:: (.*))?$", re.S)
    goals: list = []
    pending: list = ["", ""]
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = Paragraph(element, document).text
            if match := goal_line.match(text):
                pending = [match.group(1), ""]
            elif match := message_line.match(text):
                pending[1] = match.group(1)
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            header = [cell.text for cell in table.rows[0].cells]
            activity_column = next(i for i, label in enumerate(header) if role_of(label) == "activity")
            slots = {i: slot for i, label in enumerate(header) if (slot := slot_of(label))}
            tasks: list = []
            for row in table.rows[1:]:
                cells = row.cells
                if len({id(cell._tc) for cell in cells}) == 1:
                    tasks.append((task_line.match(cells[0].text).group(1) or "", []))
                    continue
                if not tasks:
                    tasks.append(("", []))
                marked = tuple(sorted(slot for i, slot in slots.items() if cells[i].text == "x"))
                tasks[-1][1].append((cells[activity_column].text, marked))
            goals.append((pending[0], pending[1], tasks))
            pending = ["", ""]
    return document, goals


@seed_plans
def test_a_seed_plan_reads_back_with_python_docx(number, index):
    plan = seed_plan(number, index)
    _, goals = read_docx(export_plan(plan, "docx"))
    assert goals == outline(plan)


@seed_plans
def test_a_seed_plan_imports_back_through_read_path(number, index, tmp_path):
    assert_imports_back(seed_plan(number, index), "docx", tmp_path)


def test_the_page_is_a4_landscape_with_page_numbers():
    document, _ = read_docx(export_plan(seed_plan("000", 0), "docx"))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)
    assert section.page_width > section.page_height
    footer = section.footer.paragraphs[0]
    instructions = [field.get(qn("w:instr")).strip() for field in footer._p.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Сторінка")


def test_the_title_block_names_the_approval_organisation_and_plan():
    plan = seed_plan("001", 0)
    document, _ = read_docx(export_plan(plan, "docx", organization_name="ЦНАП Коломийської міської ради"))
    first = [paragraph.text for paragraph in document.paragraphs[:3]]
    assert first == [
        "Додаток до розпорядження від 27.11.2020 № 211",
        "ЦНАП Коломийської міської ради",
        plan.title,
    ]


def test_the_period_follows_a_title_that_does_not_name_it():
    plan = seed_plan("002", 0)
    document, _ = read_docx(export_plan(plan, "docx", labels=Labels.for_language("en")))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[texts.index(plan.title) + 1] == "Period: 02/2018 – 01/2020"


def test_the_header_row_repeats_and_marked_months_are_shaded():
    plan = seed_plan("000", 0)
    document, _ = read_docx(export_plan(plan, "docx"))
    table = document.tables[0]
    header_properties = table.rows[0]._tr.trPr
    assert header_properties.find(qn("w:tblHeader")) is not None
    labels = [cell.text for cell in table.rows[0].cells]
    assert labels[:2] == ["№", "Назва активності"]
    assert labels[-6:] == ["травень 2023", "червень 2023", "липень 2023", "серпень 2023", "вересень 2023",
                           "жовтень 2023"]
    hotline = next(row for row in table.rows if row.cells[1].text == 'Робота "Гарячої лінії"')
    months = hotline.cells[-6:]
    assert [cell.text for cell in months] == ["x"] * 6
    assert all(cell._tc.tcPr.find(qn("w:shd")) is not None for cell in months)
    first = next(row for row in table.rows if row.cells[0].text == "1.1")
    assert [cell.text for cell in first.cells[-6:]] == ["x", "", "", "", "", ""]
    assert first.cells[-5]._tc.tcPr.find(qn("w:shd")) is None


def test_tasks_are_rows_spanning_the_table():
    document, _ = read_docx(export_plan(seed_plan("000", 0), "docx"))
    table = document.tables[0]
    task_row = table.rows[1]
    assert len({id(cell._tc) for cell in task_row.cells}) == 1
    assert task_row.cells[0].text.startswith("Комунікаційне завдання 1: Роз'яснити")


def test_list_cells_keep_one_paragraph_per_item():
    document, _ = read_docx(export_plan(seed_plan("000", 0), "docx"))
    row = document.tables[0].rows[2]
    channels = [paragraph.text for paragraph in row.cells[3].paragraphs]
    assert channels == ["Телеграм канал", "фейсбук сторінка громади", "вайбер групи"]


def test_a_plan_in_czech_has_czech_headers_and_a_schedule_column():
    plan = seed_plan("002", 0)
    document, _ = read_docx(export_plan(plan, "docx"))
    labels = [cell.text for cell in document.tables[0].rows[0].cells]
    assert labels == ["Č.", "Aktivita", "Cílové skupiny", "Kanály komunikace", "Odpovědnost", "Plánovaný výsledek",
                      "Zdroje", "Termín"]
    schedules = [row.cells[-1].text for row in document.tables[0].rows[1:]]
    assert "6/2018 - 01/2020 - 4 akce" in schedules


def test_the_table_fits_the_page_width():
    document, _ = read_docx(export_plan(seed_plan("004", 0), "docx"))
    grid = document.tables[0]._tbl.tblGrid
    width = sum(int(column.get(qn("w:w"))) for column in grid.iter(qn("w:gridCol")))
    assert width <= Cm(29.7 - 3).twips + 5


def test_text_a_document_cannot_hold_is_cleaned_and_odd_plans_export():
    plan = Plan(
        title="План \x0b з \x00 керуючими символами",
        period=Period(start=None, end=None),
        goals=[
            Goal(title="", tasks=[]),
            Goal(title="Ціль", tasks=[
                Task(title="", activities=[Activity(title="Без завдання <&>")]),
                Task(title="Друге", activities=[Activity(title="Поза періодом", schedule=Schedule(
                    text="x", kind="slots", slots=["2026-02"]))]),
            ]),
        ],
    )
    document, goals = read_docx(export_plan(plan, "docx"))
    assert document.paragraphs[0].text == "План   з   керуючими символами"
    assert goals == [("", "", []), ("Ціль", "", [("", [("Без завдання <&>", ())]),
                                                 ("Друге", [("Поза періодом", ("2026-02",))])])]


def test_several_plans_go_one_after_another():
    plans = [seed_plan("000", 0), seed_plan("000", 1)]
    document, goals = read_docx(export_plans(plans, "docx"))
    assert goals == outline(plans[0]) + outline(plans[1])
    breaks = [br for br in document.element.body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    assert len(breaks) == 1


# --- LibreOffice -----------------------------------------------------------------------------

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
def test_libreoffice_renders_the_long_strategic_plan(tmp_path):
    import pdfplumber

    plan = seed_plan("004", 0)
    source = tmp_path / "plan.docx"
    source.write_bytes(export_plan(plan, "docx"))
    profile = tmp_path / "profile"
    subprocess.run(
        [OFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    with pdfplumber.open(tmp_path / "plan.pdf") as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
        marks = sum(1 for page in pdf.pages for word in page.extract_words() if word["text"] == "x")
    assert len(pages) > 2
    text = "\n".join(pages)
    assert "Стратегічний план Ради з питань ВПО" in text
    assert "Коломийській" in text
    for number, page in enumerate(pages, start=1):
        assert "Назва активності" in page, f"no header row on page {number}"
        assert f"Сторінка {number} з {len(pages)}" in page
    assert marks == sum(len(activity.schedule.slots) for activity in plan.activities())
