"""What one cell says: lists, numbering, resources and marks."""

from __future__ import annotations

import pytest

from holos.core.document import Resources
from holos.core.importers.cells import (
    is_mark,
    number_depth,
    read_number,
    read_resources,
    split_entries,
    split_list,
    split_units,
    strip_numbering,
)


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("Телеграм канал, фейсбук сторінка громади, вайбер групи",
         ["Телеграм канал", "фейсбук сторінка громади", "вайбер групи"]),
        ("сайт; газета\nрадіо", ["сайт", "газета", "радіо"]),
        ("ЦНАП (сайт, Viber), старости", ["ЦНАП (сайт, Viber)", "старости"]),
        ("Газета «Добра справа, вісник», радіо", ["Газета «Добра справа, вісник»", "радіо"]),
        ("ВПО та всі бажаючі", ["ВПО та всі бажаючі"]),
        ("uživatelé, veřejnost, školy, lékaři,....", ["uživatelé", "veřejnost", "školy", "lékaři"]),
        ("", []),
        (" , ; ", []),
    ],
)
def test_lists_split_on_commas_semicolons_and_lines_but_not_inside_brackets(text, entries):
    assert split_list(text) == entries


def test_a_numbered_list_splits_on_its_items_only():
    text = ("1. Інформування на сайті ЦНАП, міської ради\n2. Сторінки у соцмережах: фото, відео\n"
            "3. Анонс для ЗМІ:\nРадіо «Хвиля гір», Газета «Добра справа»")
    assert split_list(text) == [
        "Інформування на сайті ЦНАП, міської ради",
        "Сторінки у соцмережах: фото, відео",
        "Анонс для ЗМІ: Радіо «Хвиля гір», Газета «Добра справа»",
    ]


def test_an_inline_numbered_list_splits_too():
    assert split_list("1. Анонс на сайті 2. Використання Viber") == [
        "Анонс на сайті", "Використання Viber"]


def test_a_bulleted_list_splits_on_its_bullets():
    assert split_list("- працівники ЦНАП - листівки про послуги - скринька для пропозицій") == [
        "працівники ЦНАП", "листівки про послуги", "скринька для пропозицій"]


def test_units_keep_enumerations_inside_their_names():
    assert split_units("Відділ культури, туризму, національностей і релігій") == [
        "Відділ культури, туризму, національностей і релігій"]
    assert split_units("Центр зайнятості, відділ економічного розвитку") == [
        "Центр зайнятості", "відділ економічного розвитку"]
    assert split_units("realizační tým KPSS") == ["realizační tým KPSS"]


def test_entries_mend_lines_broken_by_copying():
    assert split_entries("Ініціювання\nнових програм\nДругий рядок") == [
        "Ініціювання нових програм", "Другий рядок"]
    assert split_entries("__ (кількість\nзвернень") == ["__ (кількість звернень"]
    assert split_entries("Мешканці пунктів -\nПотенційні") == ["Мешканці пунктів - Потенційні"]
    assert split_entries("Проведено 1 дослідження\n__ (кількість) ВПО") == [
        "Проведено 1 дослідження", "__ (кількість) ВПО"]


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("1. Інформування мешканців", "Інформування мешканців"),
        ("2.1. Нова послуга", "Нова послуга"),
        ("3) Third item", "Third item"),
        ("3.Річний звіт", "Річний звіт"),
        ("1 раз у місяць", "1 раз у місяць"),
        ("2023 рік", "2023 рік"),
        ("1.5 години", "1.5 години"),
        ("10% ВПО", "10% ВПО"),
    ],
)
def test_row_numbering_is_stripped_but_numbers_in_content_stay(text, stripped):
    assert strip_numbering(text) == stripped


@pytest.mark.parametrize(
    ("cell", "number", "rest", "depth"),
    [
        ("1", "1", "", 1),
        ("2.", "2.", "", 1),
        ("4.2", "4.2", "", 2),
        ("1.1.", "1.1.", "", 2),
        ("1.3. Інформаційні кампанії", "1.3.", "Інформаційні кампанії", 2),
        ("Запровадження інших заходів", "", "Запровадження інших заходів", 0),
        ("", "", "", 0),
    ],
)
def test_a_numbering_cell_gives_its_number_and_any_text_sharing_it(cell, number, rest, depth):
    assert read_number(cell) == (number, rest)
    assert number_depth(number) == depth


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("Не потребує", False),
        ("не потребує.", False),
        ("Nepotřebuje", False),
        ("Not needed", False),
        ("Nie wymaga", False),
        ("Потребує", True),
        ("Доступ до мережі інтернет", True),
        ("Budget for ads", True),
        ("–", None),
    ],
)
def test_resources_needed_or_not(text, needed):
    assert read_resources(text) == Resources(needed=needed, text=text)


def test_an_empty_resources_cell_says_nothing():
    assert read_resources("  ") is None


@pytest.mark.parametrize("mark", ["x", "X", "х", "Х", "+", "✓", "v", "•", " x "])
def test_marks_tick_a_month(mark):
    assert is_mark(mark)


@pytest.mark.parametrize("text", ["", "постійно", "xx", "2023"])
def test_other_text_is_not_a_mark(text):
    assert not is_mark(text)


def test_lines_that_each_hold_a_phrase_with_a_comma_are_the_entries():
    text = "Інформування на офіційному сайті ЦНАП, міської ради\nІнформування у соціальних мережах: фото, відео"
    assert split_list(text) == [
        "Інформування на офіційному сайті ЦНАП, міської ради",
        "Інформування у соціальних мережах: фото, відео",
    ]


def test_names_listed_with_commas_over_several_lines_are_still_split_at_the_commas():
    assert split_list("Фейсбук, Телеграм\nСайт") == ["Фейсбук", "Телеграм", "Сайт"]
    assert split_list("сайт громади,\nфейсбук, вайбер") == ["сайт громади", "фейсбук", "вайбер"]
