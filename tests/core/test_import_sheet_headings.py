"""Headings written inside a sheet's grid, as the official table puts them.

A sheet made by hand or by an export holds its goals, key messages and tasks in rows of
their own, merged across the grid from the first column, and numbers its activity rows.
Rows whose cells happen to use the words of column labels are still rows of work.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from holos.core.importers import read_path

HEADER = ["№", "Назва активності", "Цільова аудиторія", "Канали комунікації", "Відповідальні",
          "Термін виконання", "травень 2023", "червень 2023"]


def build_sheet(path: Path, rows: list[list[str | None]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "План"
    sheet.append(["Комунікаційний план громади на 2023 рік"])
    sheet.append([])
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
        if sum(1 for value in values if value) == 1 and values[0]:
            row = sheet.max_row
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADER))
    book.save(path)
    return path


def heading(text: str) -> list[str | None]:
    return [text, *[None] * (len(HEADER) - 1)]


def read(path: Path):
    document = read_path(path)
    assert len(document.plans) == 1
    return document


def test_a_key_message_row_is_the_goals_key_message_not_an_activity(tmp_path):
    document = read(build_sheet(tmp_path / "plan.xlsx", [
        heading("Комунікаційна ціль: Проінформувати мешканців про послуги"),
        heading("Ключове повідомлення: Ми поруч!"),
        heading("Комунікаційне завдання 1: Розповісти про ЦНАП"),
        ["1.1", "Пости у фейсбуці", "Мешканці", "Фейсбук", "ЦНАП", "Щомісяця", "x", "x"],
    ]))
    (goal,) = document.plans[0].goals
    assert goal.title == "Проінформувати мешканців про послуги"
    assert goal.key_message == "Ми поруч!"
    assert [task.title for task in goal.tasks] == ["Розповісти про ЦНАП"]
    assert [activity.title for activity in goal.tasks[0].activities] == ["Пости у фейсбуці"]
    assert not [w for w in document.warnings if "numbering column" in w.message]


def test_a_numbered_row_that_reads_like_labels_is_work_not_a_new_header(tmp_path):
    document = read(build_sheet(tmp_path / "plan.xlsx", [
        heading("Комунікаційне завдання 1: Поширення інформації"),
        ["1.1", "Пости у фейсбуці", "Мешканці", "Фейсбук", "ЦНАП", "Щомісяця", "x", "x"],
        heading("Комунікаційне завдання 2: Інформаційні кампанії"),
        ["2.1", "Інформування під час заходів", None, "Захід", None, "За 2 тижні до заходу", None, None],
        ["2.2", "Акції до тематичних подій", None, None, None, None, "x", None],
    ]))
    tasks = document.plans[0].goals[0].tasks
    assert [(task.title, [a.title for a in task.activities]) for task in tasks] == [
        ("Поширення інформації", ["Пости у фейсбуці"]),
        ("Інформаційні кампанії", ["Інформування під час заходів", "Акції до тематичних подій"]),
    ]
    assert tasks[1].activities[0].schedule.kind == "relative"
    assert tasks[1].activities[1].schedule.slots == ["2023-05"]


def test_rows_numbered_1_2_under_a_labelled_goal_are_its_activities(tmp_path):
    document = read(build_sheet(tmp_path / "plan.xlsx", [
        heading("Комунікаційна ціль 1: Інформування"),
        heading("Комунікаційне завдання 1: Поширення інформації"),
        ["1.1", "Пости у фейсбуці", "Мешканці", "Фейсбук", "ЦНАП", "Щомісяця", "x", "x"],
        heading("Комунікаційна ціль 2: Групи населення"),
        ["1", "Обговорення питань ЦНАП", "Активісти", "Місцеві ЗМІ", None, None, "x", None],
        ["2", "Моніторинг послуг", "Мешканці", "Місцеві ЗМІ", None, None, None, "x"],
    ]))
    goals = document.plans[0].goals
    assert [goal.title for goal in goals] == ["Інформування", "Групи населення"]
    assert [a.title for task in goals[1].tasks for a in task.activities] == [
        "Обговорення питань ЦНАП", "Моніторинг послуг",
    ]
    assert [a.audiences for task in goals[1].tasks for a in task.activities] == [["Активісти"], ["Мешканці"]]


def test_a_flat_sheet_repeats_goal_and_task_on_every_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ціль", "Ключове повідомлення", "Завдання", "Захід", "Цільова аудиторія", "Термін",
                  "Місяці або квартали"])
    rows = [
        ("Поінформувати ВПО", "Ми поруч", "Розповісти про послуги", "Пости у фейсбуці", "ВПО", "щомісяця", ""),
        ("Поінформувати ВПО", "Ми поруч", "Розповісти про послуги", "Ефір на радіо", "ВПО", "", "2023-05; 2023-07"),
        ("Поінформувати ВПО", "Ми поруч", "Зібрати відгуки", "Опитування", "ВПО", "", "2023-Q3"),
        ("Залучити молодь", "", "Волонтерство", "Толока", "Молодь", "травень 2023", ""),
    ]
    for values in rows:
        sheet.append(list(values))
    path = tmp_path / "flat.xlsx"
    book.save(path)
    (plan,) = read_path(path).plans
    assert [(g.title, g.key_message, [(t.title, [a.title for a in t.activities]) for t in g.tasks])
            for g in plan.goals] == [
        ("Поінформувати ВПО", "Ми поруч", [("Розповісти про послуги", ["Пости у фейсбуці", "Ефір на радіо"]),
                                          ("Зібрати відгуки", ["Опитування"])]),
        ("Залучити молодь", "", [("Волонтерство", ["Толока"])]),
    ]
    radio = plan.goals[0].tasks[0].activities[1]
    assert (radio.schedule.kind, radio.schedule.slots) == ("slots", ["2023-05", "2023-07"])
    assert plan.goals[0].tasks[1].activities[0].schedule.slots == ["2023-Q3"]
    assert plan.goals[0].tasks[0].activities[0].schedule.kind == "recurring"
