"""The PDF export read back by a real PDF reader (pdfplumber): letters, marks, page numbers, headers."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from holos.core.document import Activity, Goal, Plan, Task
from holos.exports import Labels, export_plan, export_plans
from holos.exports.pdf import font_files
from tests.exports import assert_imports_back, seed_plan, seed_plans


def read_pdf(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Each page's text, and each page's words."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
        words = [[word["text"] for word in page.extract_words()] for page in pdf.pages]
    return texts, words


def flat(text: str | None) -> str:
    """Text with its line breaks as spaces: a title may wrap."""
    return " ".join((text or "").split())


def read_tables(data: bytes) -> list[list[list[str]]]:
    """The table rows of each page, as pdfplumber finds them from the drawn cell borders."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [[[flat(cell) for cell in row] for table in page.extract_tables() for row in table]
                for page in pdf.pages]


def read_rows(data: bytes, activity_column: int = 1):
    """Task titles and each activity's title and marked columns, read from the tables of every page."""
    pages = read_tables(data)
    header = pages[0][0]
    rows: list = []
    for page in pages:
        for row in page:
            if row == header:
                continue
            if all(cell == "" for cell in row[1:]) and row[0] and not row[0][0].isdigit():
                rows.append(("task", row[0]))
            else:
                marked = tuple(label for label, cell in zip(header, row, strict=True) if cell == "x")
                rows.append(("activity", row[activity_column], marked))
    return header, rows


def expected_rows(plan: Plan, labels: Labels):
    from holos.exports import plan_columns, show_task_row, task_heading

    columns = plan_columns(plan, labels)
    short = {column.slot: flat(column.short_label) for column in columns if column.is_time}
    rows: list = []
    for goal in plan.goals:
        for number, task in enumerate(goal.tasks, start=1):
            if show_task_row(len(goal.tasks), task.title):
                rows.append(("task", flat(task_heading(task.title, number, labels))))
            for activity in task.activities:
                marked = tuple(label for slot, label in short.items() if slot in activity.schedule.slots)
                rows.append(("activity", flat(activity.title), marked))
    return rows


def test_the_long_strategic_plan_repeats_its_header_and_numbers_its_pages():
    plan = seed_plan("004", 0)
    assert len(plan.activities()) == 63
    texts, _ = read_pdf(export_plan(plan, "pdf"))
    assert len(texts) > 3
    for number, text in enumerate(texts, start=1):
        assert "Назва активності" in text and "Цільова аудиторія" in text, f"no header row on page {number}"
        assert "3 кв." in text and "2 кв." in text, f"no quarter columns on page {number}"
        assert f"Сторінка {number} з {len(texts)}" in text
    # Each strategic direction lists its own indicators under its heading.
    whole = "\n".join(texts)
    assert whole.count("Індикатори:") == len(plan.goals)


@pytest.mark.parametrize(("number", "index"), [("000", 0), ("002", 0), ("004", 0)])
def test_the_tables_read_back_with_every_task_activity_and_mark(number, index):
    plan = seed_plan(number, index)
    header, rows = read_rows(export_plan(plan, "pdf"))
    assert header[:2] in (["№", "Назва активності"], ["Č.", "Aktivita"])
    assert rows == expected_rows(plan, Labels.for_language(plan.language))


@seed_plans
def test_a_seed_plan_imports_back_from_its_pdf(number, index, tmp_path):
    assert_imports_back(seed_plan(number, index), "pdf", tmp_path)


def test_cyrillic_letters_come_back_intact():
    plan = seed_plan("000", 0)
    texts, _ = read_pdf(export_plan(plan, "pdf"))
    text = flat(" ".join(texts))
    assert flat(plan.title) in text
    assert "Покровська селищна територіальна громада" in text
    assert "Комунікаційна ціль: Проінформувати ВПО про послуги та залучити до активного життя в громаді" in text
    assert "Ключове повідомлення: Зустрічасмо, підтримуємо, допомагаємо!" in text
    assert "Робота \"Гарячої лінії\"" in text
    assert "Створення єдиного реєстру ВПО" in text
    # Ukrainian letters that are not Russian: і ї є ґ and the apostrophe.
    for letters in ("і", "ї", "є", "'"):
        assert letters in text


def test_czech_letters_come_back_intact():
    plan = seed_plan("002", 0)
    texts, _ = read_pdf(export_plan(plan, "pdf"))
    text = flat(" ".join(texts))
    assert "Plán informační kampaně" in text
    assert "ORP Strakonice" in text
    assert "realizační tým KPSS" in text
    cells = {cell for page in read_tables(export_plan(plan, "pdf")) for row in page for cell in row}
    assert "čtvrtletně po celou dobu realizace projektu, dle potřeby častěji" in cells
    # Several audiences are a bulleted list.
    assert "• uživatelé • zadavatelé • poskytovatelé sociálních služeb a služeb doplňkových • široká veřejnost" in cells
    for header in ("Aktivita", "Cílové skupiny", "Kanály komunikace", "Odpovědnost", "Termín"):
        assert header in texts[0]
    assert f"Strana 1 z {len(texts)}" in texts[0]


def test_every_marked_month_is_an_x():
    plan = seed_plan("000", 0)
    texts, words = read_pdf(export_plan(plan, "pdf"))
    marks = sum(page.count("x") for page in words)
    assert marks == sum(len(activity.schedule.slots) for activity in plan.activities()) == 36
    header = read_tables(export_plan(plan, "pdf"))[0][0]
    assert header[-6:] == ["трав 2023", "черв 2023", "лип 2023", "серп 2023", "вер 2023", "жовт 2023"]


def test_the_approval_reference_stands_above_the_title():
    texts, _ = read_pdf(export_plan(seed_plan("001", 0), "pdf"))
    first_line = texts[0].splitlines()[0]
    assert first_line == "Додаток до розпорядження від 27.11.2020 № 211"


def test_a_title_that_does_not_say_when_the_plan_runs_is_followed_by_its_period():
    plan = seed_plan("002", 0)
    texts, _ = read_pdf(export_plan(plan, "pdf"))
    lines = texts[0].splitlines()
    assert lines[lines.index(plan.title) + 1] == "Období: 02/2018 – 01/2020"
    texts, _ = read_pdf(export_plan(seed_plan("000", 0), "pdf"))
    assert "Період:" not in texts[0]


def test_the_page_is_a4_landscape_and_the_font_is_embedded():
    data = export_plan(seed_plan("000", 0), "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (842, 595)
        fonts = {char["fontname"] for char in page.chars}
    assert {name.split("+")[-1] for name in fonts} == {"SourceSansPro-Regular", "SourceSansPro-Bold"}


def test_the_fonts_are_kept_with_their_licence():
    regular, bold = font_files()
    # An OpenType font with PostScript outlines starts with "OTTO", a TrueType one with version 1.0.
    assert regular.read_bytes()[:4] == b"OTTO" and regular.name == "SourceSansPro-Regular.otf"
    assert bold.read_bytes()[:4] == b"\x00\x01\x00\x00" and bold.name == "SourceSansPro-Bold.ttf"
    licence = (regular.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License, Version 1.1" in licence
    assert "Reserved Font Name 'Source'" in licence


def test_english_labels_when_asked():
    data = export_plan(seed_plan("000", 0), "pdf", labels=Labels.for_language("en"))
    texts, _ = read_pdf(data)
    header = read_tables(data)[0][0]
    assert header[:3] == ["No.", "Activity", "Target audiences"]
    assert header[-6:] == ["May 2023", "Jun 2023", "Jul 2023", "Aug 2023", "Sep 2023", "Oct 2023"]
    assert f"Page 1 of {len(texts)}" in texts[0]


def test_a_cell_longer_than_a_page_runs_onto_the_next_one():
    prose = "Дуже довгий опис заходу, вставлений з іншого документа. " * 400
    plan = Plan(title="План", goals=[Goal(title="Ціль", tasks=[Task(title="Завдання", activities=[
        Activity(title=prose, channels=[f"Канал {n}" for n in range(200)], responsible=["ЦНАП"]),
        Activity(title="Наступний захід", responsible=["ЦНАП"]),
    ])])])
    texts, _ = read_pdf(export_plan(plan, "pdf"))
    text = flat(" ".join(texts))
    assert len(texts) > 2
    assert text.count("Дуже довгий опис заходу, вставлений з іншого документа.") == 400
    assert "• Канал 0" in text and "• Канал 199" in text
    assert "Наступний захід" in text


def test_three_years_of_months_fit_the_page_headed_by_numbers():
    from tests.exports.test_api import long_plan

    plan = long_plan("2026-12")
    header, rows = read_rows(export_plan(plan, "pdf"))
    assert header[-3:] == ["10 ’26", "11 ’26", "12 ’26"]
    assert rows == [("task", "Комунікаційне завдання 1: Завдання"),
                    ("activity", "Щомісячна зустріч", ("03 ’24", "11 ’26"))]


@pytest.mark.parametrize("title", ["", "План\x00з\x0bсимволами"])
def test_odd_plans_still_export(title):
    plan = Plan(title=title, goals=[Goal(title="", tasks=[]), Goal(title="Ціль", key_message="Меседж")])
    texts, _ = read_pdf(export_plan(plan, "pdf"))
    assert "Ціль" in texts[0]


def test_several_plans_start_each_on_a_new_page():
    plans = [seed_plan("000", 0), seed_plan("002", 0)]
    texts, _ = read_pdf(export_plans(plans, "pdf"))
    starts = [number for number, text in enumerate(texts) if "Plán informační kampaně" in text]
    assert starts and "Комунікаційний календарний план" not in texts[starts[0]]
    assert f"Strana {starts[0] + 1} z {len(texts)}" in texts[starts[0]]
    assert f"Сторінка {starts[0]} з {len(texts)}" in texts[starts[0] - 1]
