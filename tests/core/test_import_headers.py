"""Header recognition: columns by the meaning of their words, months and quarters."""

from __future__ import annotations

import pytest

from holos.core.importers.blocks import Row, Table
from holos.core.importers.headers import assign_slots, find_layout, role_of, time_label


@pytest.mark.parametrize(
    ("label", "role"),
    [
        # Ukrainian
        ("Назва активності, є спрямованою на виконання цілі", "activity"),
        ("Цільова аудиторія (для кого цей захід?)", "audience"),
        ("Канали комунікацій", "channels"),
        ("Відповідальний", "responsible"),
        ("Запланований результат", "result"),
        ("Ресурси (потребує/не потребує)", "resources"),
        ("Період", "period"),
        ("Індикатори", "indicators"),
        ("Показники", "indicators"),
        ("Тематичні блоки", "task"),
        ("Складові напряму", "task"),
        ("Завдання щодо реалізації стратегічного напряму", "activity"),
        ("Опис інформації", "activity"),
        ("#", "number"),
        ("№ з/п", "number"),
        # Czech
        ("Jaké činnosti a aktivity se budou realizovat?", "activity"),
        ("Kdy se budou realizovat?", "period"),
        ("Pro koho jsou určeny?", "audience"),
        ("Jak budou účastníci osloveni/obsah sdělení?", "channels"),
        ("Kdo zajišťuje?", "responsible"),
        ("Očekávaný výsledek", "result"),
        ("Indikátor", "indicators"),
        # English
        ("Activity", "activity"),
        ("Target audience", "audience"),
        ("Channels", "channels"),
        ("Responsible", "responsible"),
        ("Expected result", "result"),
        ("Resources", "resources"),
        ("Timing", "period"),
        ("Indicators", "indicators"),
        ("No.", "number"),
        # Polish
        ("Działanie", "activity"),
        ("Grupa docelowa", "audience"),
        ("Kanały komunikacji", "channels"),
        ("Odpowiedzialny", "responsible"),
        ("Rezultat", "result"),
        ("Zasoby", "resources"),
        ("Termin", "period"),
        ("Wskaźniki", "indicators"),
        ("Lp.", "number"),
    ],
)
def test_columns_are_recognised_by_meaning_in_four_languages(label, role):
    assert role_of(label) == role


@pytest.mark.parametrize("label", ["Проблемне питання", "Раціональна мета взаємодії", ""])
def test_other_labels_have_no_role(label):
    assert role_of(label) is None


@pytest.mark.parametrize(
    ("label", "month"),
    [("травень", 5), ("Жовтень", 10), ("květen", 5), ("červenec", 7), ("listopad", 11),
     ("January", 1), ("Sep", 9), ("marzec", 3), ("październik", 10)],
)
def test_month_columns_in_four_languages(label, month):
    column = time_label(label)
    assert column is not None
    assert (column.month, column.quarter) == (month, None)


@pytest.mark.parametrize(
    ("label", "quarter", "year"),
    [("3 кв.", 3, None), ("3. кв", 3, None), ("I кв.", 1, None), ("Q4", 4, None),
     ("Q2 2024", 2, 2024), ("2. čtvrtletí", 2, None), ("IV kw.", 4, None),
     ("1st quarter", 1, None)],
)
def test_quarter_columns(label, quarter, year):
    column = time_label(label)
    assert column is not None
    assert (column.quarter, column.year) == (quarter, year)


def test_a_month_with_its_year():
    column = time_label("травень 2023")
    assert column is not None
    assert (column.month, column.year) == (5, 2023)


def table(*rows: list[str]) -> Table:
    return Table(rows=[Row(cells=list(cells), where=f"line {n}") for n, cells in
                       enumerate(rows, start=1)])


def test_a_one_row_header_with_months():
    layout = find_layout(table(
        ["Activity", "Audience", "Channels", "Responsible", "Jan", "Feb", "Mar"],
        ["Press release", "residents", "web", "Press office", "x", "", ""],
    ))
    assert layout is not None
    assert layout.roles == {"activity": 0, "audience": 1, "channels": 2, "responsible": 3}
    assert [c.month for c in layout.time_columns] == [1, 2, 3]
    assert layout.granularity == "month"
    assert layout.is_plan and not layout.placed


def test_a_three_row_header_places_tasks_in_quarters():
    layout = find_layout(table(
        ["Складові напряму", "Завдання щодо реалізації стратегічного напряму", "Індикатори",
         "Відповідальні"],
        ["", "2023", "2024", ""],
        ["", "3 кв.", "4 кв.", "1 кв.", "2 кв.", "", ""],
        ["Компонент", "Завдання А", "", "Завдання Б", "", "__ (кількість)", ""],
    ))
    assert layout is not None
    assert layout.placed
    assert layout.header_rows == 3
    assert layout.roles == {"task": 0, "indicators": 5, "responsible": 6}
    assert assign_slots(layout, None)
    assert [c.slot for c in layout.time_columns] == ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]
    assert layout.granularity == "quarter"


def test_a_two_row_header_with_years_over_months():
    layout = find_layout(table(
        ["Складові напряму", "Завдання", "2023", "2024", "Показники"],
        ["", "", "листопад", "грудень", "січень", ""],
    ))
    assert layout is not None
    assert not layout.placed
    assert layout.roles == {"task": 0, "activity": 1, "indicators": 5}
    assert assign_slots(layout, None)
    assert [c.slot for c in layout.time_columns] == ["2023-11", "2023-12", "2024-01"]


def test_months_without_a_year_take_the_plans_year():
    layout = find_layout(table(["Захід", "Відповідальний", "травень", "червень"]))
    assert layout is not None
    assert not assign_slots(layout, None)
    assert assign_slots(layout, 2023)
    assert [c.slot for c in layout.time_columns] == ["2023-05", "2023-06"]


def test_unknown_columns_are_listed():
    layout = find_layout(table(["Activity", "Channels", "Colour"]))
    assert layout is not None
    assert layout.unknown == {2: "Colour"}


def test_a_table_of_analysis_is_not_a_plan_table():
    assert find_layout(table(["Проблемне питання", "Що вдалося вирішити?"])) is None
    layout = find_layout(table(["Функції", "На кого ця функція спрямована?", "Показники"]))
    assert layout is not None
    assert not layout.is_plan


def test_long_cells_are_content_not_a_header():
    long = "Опис " * 40
    assert find_layout(table([long, "Канали", "Період"], ["a", "b", "c"])) is None


@pytest.mark.parametrize(("label", "month", "year"), [
    ("трав 2023", 5, 2023), ("Лист. 2024", 11, 2024), ("čvn 2024", 6, 2024), ("pro 2025", 12, 2025),
])
def test_short_month_names_with_a_year_head_month_columns(label, month, year):
    column = time_label(label)
    assert column is not None and (column.month, column.year) == (month, year)


@pytest.mark.parametrize("label", ["лист", "pro", "Лист подяки", "бер 12"])
def test_short_month_names_without_a_year_are_ordinary_words(label):
    assert time_label(label) is None
