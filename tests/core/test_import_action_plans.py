"""Action plans in the layout of Cabinet, oblast and municipal orders, as Word and Excel hold them.

The heading is "Найменування завдання | Найменування заходу | Відповідальні за виконання |
Строк виконання": the task column groups the measures, and the measure is the activity. A
task cell merged down its rows, or left empty under the first of them, gives the task of
every row below it; numbered measures in one cell ("1) … 2) …") are activities of their own;
a row spanning the table and numbered in Roman numerals ("I. …") is a goal. The measures are
those of the Cabinet's plan of 3 August 2006 (order No. 460-р), laid out as such plans are now.
"""

from __future__ import annotations

import docx
import openpyxl

from holos.core.importers import read_path

HEADER = ("Найменування завдання", "Найменування заходу", "Відповідальні за виконання", "Строк виконання")
TITLE = "ПЛАН заходів щодо поліпшення інформування про суспільні процеси в Україні на 2006 рік"
SECTION = "I. Поліпшення інформування про суспільні процеси"
ROWS = [
    ("1. Формування позитивного міжнародного іміджу України",
     "Розроблення та подання Кабінетові Міністрів України проекту Концепції Державної програми формування "
     "позитивного міжнародного іміджу України на 2007—2010 роки",
     "МЗС разом з іншими центральними органами виконавчої влади", "серпень 2006 р."),
    ("2. Проведення перевірки дотримання законодавства в інформаційній сфері",
     "1) перевірка дотримання антимонопольного законодавства в інформаційній сфері;\n"
     "2) перевірка дотримання законодавства з питань користування радіочастотним ресурсом",
     "Антимонопольний комітет, Мінтрансзв’язку", "серпень—вересень 2006 р."),
    ("", "Припинення використання технічних засобів Концерну радіомовлення, радіозв’язку та телебачення для "
     "трансляції програм іноземних радіостанцій на території України", "Мінтрансзв’язку", "вересень 2006 р."),
]


def build_docx(path, *, merged_tasks: bool) -> None:
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(ROWS) + 2, cols=4)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    table.cell(1, 0).merge(table.cell(1, 3)).text = SECTION
    for row, values in zip(table.rows[2:], ROWS, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    if merged_tasks:  # the task cell runs down the rows of its measures
        table.cell(3, 0).merge(table.cell(4, 0)).text = ROWS[1][0]
    document.save(path)


def build_xlsx(path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(list(HEADER))
    sheet.append([SECTION])
    sheet.merge_cells("A3:D3")
    for row in ROWS:
        sheet.append(list(row))
    sheet.merge_cells("A5:A6")
    book.save(path)


def assert_read_as_tasks_and_measures(path) -> None:
    (plan,) = read_path(path).plans
    assert plan.title == TITLE
    (goal,) = plan.goals
    assert goal.title == "Поліпшення інформування про суспільні процеси"
    assert [task.title for task in goal.tasks] == [
        "Формування позитивного міжнародного іміджу України",
        "Проведення перевірки дотримання законодавства в інформаційній сфері"]
    concept, antimonopoly, radio, broadcast = plan.activities()
    assert concept.title.startswith("Розроблення та подання Кабінетові Міністрів України проекту Концепції")
    assert antimonopoly.title == "перевірка дотримання антимонопольного законодавства в інформаційній сфері"
    assert radio.title == "перевірка дотримання законодавства з питань користування радіочастотним ресурсом"
    assert broadcast.title.startswith("Припинення використання технічних засобів")
    assert goal.tasks[1].activities == [antimonopoly, radio, broadcast]
    assert antimonopoly.responsible == radio.responsible == ["Антимонопольний комітет", "Мінтрансзв’язку"]
    assert (radio.schedule.kind, radio.schedule.start, radio.schedule.end) == ("range", "2006-08", "2006-09")
    assert broadcast.responsible == ["Мінтрансзв’язку"] and broadcast.schedule.start == "2006-09"


def test_a_word_plan_with_an_empty_task_cell_under_the_first_measure(tmp_path):
    path = tmp_path / "plan.docx"
    build_docx(path, merged_tasks=False)
    assert_read_as_tasks_and_measures(path)


def test_a_word_plan_whose_task_cell_is_merged_down_its_measures(tmp_path):
    path = tmp_path / "plan.docx"
    build_docx(path, merged_tasks=True)
    assert_read_as_tasks_and_measures(path)


def test_an_excel_plan_with_the_section_and_the_task_merged(tmp_path):
    path = tmp_path / "plan.xlsx"
    build_xlsx(path)
    assert_read_as_tasks_and_measures(path)
