"""The CSV export reopened with the csv module: one row per activity, and no formulas."""

from __future__ import annotations

import csv
import io

import pytest

from holos.core.document import Activity, Goal, Indicator, Plan, Resources, Task
from holos.core.importers import read_bytes
from holos.core.schedule import Schedule
from holos.exports import export_plan, export_plans
from holos.exports.csv import neutralise
from tests.exports import outline, seed_plan, seed_plans

HEADER = ["Комунікаційна ціль", "Ключове повідомлення", "Комунікаційне завдання", "Назва активності",
          "Цільова аудиторія", "Канали комунікації", "Відповідальні", "Запланований результат", "Ресурси",
          "Термін виконання", "Вид терміну", "Місяці або квартали", "Індикатори"]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@seed_plans
def test_a_seed_plan_has_one_row_per_activity(number, index):
    plan = seed_plan(number, index)
    rows = read_csv(export_plan(plan, "csv"))
    expected = [
        [goal.title, task.title, activity.title, activity.schedule.kind, "; ".join(activity.schedule.slots)]
        for goal in plan.goals for task in goal.tasks for activity in task.activities
    ]
    assert [[row[0], row[2], row[3], row[10], row[11]] for row in rows[1:]] == expected


@seed_plans
def test_a_seed_plan_imports_back_from_its_csv(number, index):
    """One row per activity: a task without activities has no row, so it does not come back."""
    plan = seed_plan(number, index)
    document = read_bytes(export_plan(plan, "csv"), filename="plan.csv")
    assert len(document.plans) == 1
    with_work = [(goal, key_message, [(task, rows) for task, rows in tasks if rows])
                 for goal, key_message, tasks in outline(plan)]
    assert outline(document.plans[0]) == with_work


def test_the_columns_of_an_activity():
    plan = seed_plan("000", 0)
    header, *rows = read_csv(export_plan(plan, "csv"))
    assert header == HEADER
    row = next(row for row in rows if row[3].startswith("Створити вайбер-канал/групу для ВПО"))
    assert row[:2] == ["Проінформувати ВПО про послуги та залучити до активного життя в громаді",
                       "Зустрічасмо, підтримуємо, допомагаємо!"]
    assert row[8] == "Доступ до мережі"
    assert row[10:12] == ["slots", "2023-05; 2023-07; 2023-09"]
    hotline = next(row for row in rows if row[3] == 'Робота "Гарячої лінії"')
    assert hotline[4:7] == ["ВПО; жителі громади", "Телеграм канал; фейсбук сторінка громади; вайбер групи", "ЦНАП"]


def test_schedules_in_words_keep_their_text_and_kind():
    rows = read_csv(export_plan(seed_plan("002", 0), "csv"))
    assert rows[0][9:12] == ["Termín", "Druh termínu", "Měsíce nebo čtvrtletí"]
    assert ["6/2018 - 01/2020 - 4 akce", "range", ""] in [row[9:12] for row in rows[1:]]


@pytest.mark.parametrize("dangerous", ["=1+1", "+380 67 000 00 00", "-5", "@SUM(A1)", "\t=1", "\r=1",
                                       '=HYPERLINK("http://example.org","click")'])
def test_a_cell_that_would_run_as_a_formula_is_neutralised(dangerous):
    activity = Activity(title=dangerous, audiences=[dangerous], channels=[dangerous, "сайт"], responsible=[dangerous],
                        result=dangerous, resources=Resources(needed=True, text=dangerous),
                        schedule=Schedule(text=dangerous), indicators=[Indicator(text=dangerous)])
    task = Task(title=dangerous, activities=[activity])
    plan = Plan(title="План", goals=[Goal(title=dangerous, key_message=dangerous, tasks=[task])])
    header, row = read_csv(export_plan(plan, "csv"))
    assert row[0] == f"'{dangerous}"
    assert row[5] == f"'{dangerous}; сайт"
    for cell in row:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert cell in ("unknown", "") or cell.startswith("'")


def test_safe_cells_are_left_alone():
    assert neutralise("Жителі громади") == "Жителі громади"
    assert neutralise("20% ВПО") == "20% ВПО"
    assert neutralise("") == ""
    assert neutralise("a=b") == "a=b"


def test_several_plans_add_a_plan_column():
    plans = [seed_plan("000", 0), seed_plan("000", 1)]
    header, *rows = read_csv(export_plans(plans, "csv"))
    assert header[0] == "План" and header[1:] == HEADER
    assert len(rows) == 12 + 9
    assert {row[0] for row in rows} == {plans[0].title}
