"""What the lines around a table say about the plan: title, organisation, period, kind,
language and approval."""

from __future__ import annotations

import pytest

from holos.core.document import Period
from holos.core.importers import read_text
from holos.core.importers.plan_facts import (
    continues_title,
    detect_language,
    find_approval,
    find_kind,
    find_organization,
    find_period,
    is_title,
    marker_text,
    organization_line,
)


@pytest.mark.parametrize(
    "text",
    [
        "Комунікаційний календарний план Покровської селищної територіальної громади на 2023 рік",
        "Plán informační kampaně*",
        "Communication plan of the City Council for 2024",
        "Plan komunikacji gminy na 2025 rok",
        "Операційний план на перший рік",
    ],
)
def test_titles_name_a_plan(text):
    assert is_title(text)


@pytest.mark.parametrize(
    "text",
    [
        "Стратегічний план складається з наступних напрямів:",
        "· розробка стратегічного плану на 2 роки.",
        "Сесія стратегічного планування проходила за затвердженою програмою",
        "Мета сесії стратегічного планування: розробити стратегічний план на 2023-2024 рр.",
        "Стратегічний план відображає коло дій. Виконуючи функції інформування, Рада діє.",
        "Operační program Zaměstnanost",
    ],
)
def test_other_lines_are_not_titles(text):
    assert not is_title(text)


def test_a_short_line_under_a_title_finishes_it():
    assert continues_title("на 2023-2024 роки")
    assert continues_title("2023-2024 рр.")
    assert not continues_title("Мета: визначити функції Ради")


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        ("Комунікаційний календарний план Покровської селищної територіальної громади на 2023 рік",
         "Покровська селищна територіальна громада"),
        ("Стратегічний план Ради з питань ВПО у Коломийській територіальній громаді на 2023 р.",
         "Рада з питань ВПО у Коломийській територіальній громаді"),
        ("План з інформування про діяльність Центру надання адміністративних послуг та інше",
         "Центр надання адміністративних послуг"),
    ],
)
def test_the_organisation_is_put_back_into_the_nominative(text, organization):
    assert find_organization(text) == organization


def test_no_organisation_is_invented():
    assert find_organization("Plán informační kampaně") is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("на 2023 рік (травень-жовтень)", "2023-05", "2023-10"),
        ("на 2021 рік", "2021-01", "2021-12"),
        ("на 2023-2025 рр.", "2023-01", "2025-12"),
        ("termín realizace: 02/2018 - 01/2020", "2018-02", "2020-01"),
        ("Plan for 2024 (March to June)", "2024-03", "2024-06"),
    ],
)
def test_the_period_of_a_plan(text, start, end):
    assert find_period(text) == Period(start=start, end=end)


def test_no_period_without_a_year():
    assert find_period("Операційний план на перший рік") is None
    assert find_period("Засідання 27.11.2020") is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Комунікаційний календарний план", "calendar"),
        ("Plán informační kampaně", "campaign"),
        ("Стратегічний план Ради", "strategic"),
        ("Операційний план на перший рік", "operational"),
        ("Тематичний план", "thematic"),
        ("Strategic communication plan", "strategic"),
        ("Plan kampanii informacyjnej", "campaign"),
        ("Комунікаційний план", None),
    ],
)
def test_the_kind_a_title_names(title, kind):
    assert find_kind(title) == kind


@pytest.mark.parametrize(
    ("texts", "language"),
    [
        (["Комунікаційний план громади"], "uk"),
        (["Plán informační kampaně", "úvodní veřejné projednání"], "cs"),
        (["Plan komunikacji dla gminy", "Spotkania z mieszkańcami"], "pl"),
        (["Communication plan for the city", "Press release about the opening"], "en"),
    ],
)
def test_the_language_by_letters_and_words(texts, language):
    assert detect_language(texts) == language


@pytest.mark.parametrize(
    ("text", "approval"),
    [
        ("Додаток до розпорядження від 27.11.2020 № 211", "розпорядження від 27.11.2020 № 211"),
        ("Затверджено рішенням виконавчого комітету від 15.05.2023 № 120",
         "рішення від 15.05.2023 № 120"),
        ("Schváleno usnesením rady města č. 45/2021 ze dne 3. 5. 2021",
         "usnesení č. 45/2021 ze dne 3. 5. 2021"),
        ("Załącznik do zarządzenia nr 12/2024 Burmistrza z dnia 10.01.2024",
         "zarządzenie nr 12/2024 z dnia 10.01.2024"),
    ],
)
def test_the_approving_act(text, approval):
    assert find_approval(text) == approval


def test_no_approval_without_a_number():
    assert find_approval("створена рішенням виконавчого комітету 15 травня 2023 року") is None


def test_labels_say_what_follows():
    assert marker_text("Комунікаційна ціль: Проінформувати ВПО", ("комунікаційна ціль",)) == (
        "Проінформувати ВПО")
    assert marker_text("Комунікаційне завдання 2 - Підвищити обізнаність",
                       ("комунікаційне завдання",)) == "Підвищити обізнаність"
    assert marker_text("Мета сесії: визначити", ("мета",)) is None


@pytest.mark.parametrize(("line", "expected"), [
    ("Покровська селищна рада", "Покровська селищна рада"),
    ("ЦНАП Коломийської міської ради", "ЦНАП Коломийської міської ради"),
    ("Obec Lhota", "Obec Lhota"),
    ("Додаток до розпорядження від 27.11.2020 № 211", None),
    ("Комунікаційний план громади на 2023 рік", None),
    ("Затверджено на засіданні", None),
])
def test_a_line_above_the_title_that_names_an_organisation_is_taken_as_written(line, expected):
    assert organization_line(line) == expected


def test_the_organisation_line_of_an_official_table_wins_over_the_title():
    document = read_text(
        "Додаток до розпорядження від 01.02.2024 № 12\n"
        "ЦНАП Коломийської міської ради\n"
        "Комунікаційний план Коломийської міської ради на 2024 рік\n"
        "\n"
        "№\tНазва активності\tЦільова аудиторія\tКанали комунікації\tТермін виконання\n"
        "1\tДень відкритих дверей\tМешканці\tФейсбук\tберезень 2024\n"
    )
    (plan,) = document.plans
    assert plan.organization == "ЦНАП Коломийської міської ради"
    assert not [w for w in document.warnings if "organisation" in w.message]
