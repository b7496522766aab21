"""Places in a document ("table 2, row 5") are said in the reader's language."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from holos.translation import place

PLACES = [
    ("table 2, row 5", "таблиця 2, рядок 5", "tabulka 2, řádek 5", "table 2, row 5"),
    ("line 14", "рядок 14", "řádek 14", "line 14"),
    ('sheet "План, 2024", row 3', "аркуш «План, 2024», рядок 3", "list „План, 2024“, řádek 3",
     "sheet “План, 2024”, row 3"),
    ("page 2, table 1, row 4", "сторінка 2, таблиця 1, рядок 4", "strana 2, tabulka 1, řádek 4",
     "page 2, table 1, row 4"),
    ("paragraph 3", "абзац 3", "odstavec 3", "paragraph 3"),
    ("document", "документ", "dokument", "the document"),
    ("table 1 (2)", "таблиця 1 (повторно, 2)", "tabulka 1 (znovu, 2)", "table 1 (again, 2)"),
]


@pytest.mark.parametrize(("where", "ukrainian", "czech", "english"), PLACES)
def test_a_place_is_said_in_the_language_of_the_page(where, ukrainian, czech, english):
    for language, expected in (("uk", ukrainian), ("cs", czech), ("en", english)):
        with translation.override(language):
            assert place(where) == expected


def test_a_place_written_another_way_is_shown_as_it_is():
    with translation.override("uk"):
        assert place("g1.t2.a3") == "g1.t2.a3"
        assert place("") == ""


def test_the_import_preview_names_places_in_ukrainian(world, as_user):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "План"
    sheet.append(["Комунікаційний план громади на 2024 рік"])
    sheet.append(["№", "Назва активності", "Цільова аудиторія", "Канали комунікації", "Термін виконання"])
    sheet.append(["1", "Пости у фейсбуці", "Мешканці", "Фейсбук", "щомісяця"])
    sheet.append(["2", "Ефір на радіо", "Мешканці", "Радіо", "березень 2024"])
    data = io.BytesIO()
    book.save(data)
    client = as_user(world.officer)
    response = client.post(reverse("import_new", args=[world.community.slug]),
                           {"file": SimpleUploadedFile("plan.xlsx", data.getvalue())})
    page = client.get(response["Location"]).content.decode()
    assert "аркуш «План», рядок 3" in page
    shown = re.sub(r'value="[^"]*"', "", page)  # a table's key goes back to the server as it is
    assert not re.search(r"sheet &quot;|, row \d", shown)
