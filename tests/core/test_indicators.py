"""parse_indicator and find_indicator: targets, units and blanks left to fill."""

from __future__ import annotations

import pytest

from holos.core.document import Indicator
from holos.core.indicators import find_indicator, parse_indicator


@pytest.mark.parametrize(
    ("text", "target", "unit"),
    [
        ("принаймні 500 мешканців", 500, "мешканців"),
        ("20% ВПО", 20, "%"),
        ("3,5 % охоплення", 3.5, "%"),
        ("Проведено 4 досліджень, які описані в аналітичних звітах", 4, "досліджень"),
        ("1 сторінка ради ВПО в соціальних мережах", 1, "сторінка"),
        ("2 навчальних заходи", 2, "навчальних заходи"),
        ("1 500 підписників", 1500, "підписників"),
        ("alespoň 30 účastníků", 30, "účastníků"),
        ("at least 300 residents", 300, "residents"),
        ("co najmniej 50 mieszkańców", 50, "mieszkańców"),
        ("15 procent seniorů", 15, "%"),
    ],
)
def test_a_number_is_the_target_and_the_word_after_it_the_unit(text, target, unit):
    indicator = parse_indicator(text)
    assert (indicator.target, indicator.unit, indicator.placeholder) == (target, unit, False)
    assert indicator.text == text


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("__", ""),
        ("_%", "%"),
        ("___ (кількість)", ""),
        ("__ (кількість) ВПО, що пройшли опитування", "ВПО"),
        ("__(кількість)\nосіб, що отримали доступ до психологічної підтримки", "осіб"),
        ("__ (кількість звернень", "звернень"),
        ("__% (рівень) зайнятості ВПО", "%"),
        ("_ партнерів ради ВПО використовують алгоритм", "партнерів"),
        ("__ діалогових сесій", "діалогових сесій"),
        ("Počet __ účastníků", "účastníků"),
    ],
)
def test_blanks_to_fill_are_placeholders_without_a_target(text, unit):
    indicator = parse_indicator(text)
    assert (indicator.target, indicator.unit, indicator.placeholder) == (None, unit, True)


def test_the_phrase_is_kept_with_its_lines_joined():
    assert parse_indicator("__(кількість)\nосіб").text == "__(кількість) осіб"


def test_a_phrase_without_a_number_is_an_indicator_without_a_target():
    indicator = parse_indicator("Жодне рішення про ВПО не приймається без участі ВПО")
    assert indicator == Indicator(text="Жодне рішення про ВПО не приймається без участі ВПО")


@pytest.mark.parametrize(
    "text",
    ["Звіт до 2025 року", "Засідання 27.11.2020", "Опитування 9-11/2018"],
)
def test_years_dates_and_ranges_are_not_targets(text):
    assert parse_indicator(text).target is None


def test_a_year_is_skipped_for_the_count_after_it():
    assert parse_indicator("до 2025 року 30 осіб").target == 30


def test_a_percentage_in_a_title_is_a_target():
    indicator = find_indicator(
        "Проінформувати про можливість створення малого бізнесу 20% ВПО у громаді")
    assert indicator == Indicator(text="20% ВПО у громаді", target=20, unit="%")


def test_a_number_after_at_least_in_a_title_is_a_target():
    indicator = find_indicator(
        "2. Залучити до заходів вшанування захисників принаймні 500 мешканців громади")
    assert indicator == Indicator(text="принаймні 500 мешканців громади", target=500,
                                  unit="мешканців")


@pytest.mark.parametrize(
    "title",
    [
        "Створення єдиного центру інформування у ЦНАПі (смт Покровське, вул. Соборна, 114)",
        "Екскурсії для 8, 9, 11 класи шкіл",
        "Робота \"Гарячої лінії\"",
        "Засідання 2 рази на рік",
    ],
)
def test_other_numbers_in_a_title_are_not_targets(title):
    assert find_indicator(title) is None


def test_targets_in_titles_in_other_languages():
    found = find_indicator("Survey at least 300 residents about the new centre")
    assert found is not None
    assert (found.target, found.unit) == (300, "residents")
    found = find_indicator("Oslovit alespoň 40 poskytovatelů služeb")
    assert found is not None
    assert (found.target, found.unit) == (40, "poskytovatelů")
