"""The OpenDocument text reader on real .odt files written with odfdo.

Lists are numbered as LibreOffice shows them (formats, prefixes, levels, restarts, lists
continued in another table cell), sections and nested tables are read where they stand,
and a bold paragraph is emphasis like a heading.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import odfdo
import pytest

from holos.core.importers import read_path
from holos.core.importers.blocks import Paragraph, Table
from holos.core.importers.formats import Reading
from holos.core.importers.odt import read_odt

# List styles as LibreOffice writes them: one in styles.xml (common), others in content.xml.
DECIMAL = """<text:list-style style:name="Decimal">
  <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
  <text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="."
                                text:display-levels="2"/>
</text:list-style>"""
LETTERS = """<text:list-style style:name="Letters">
  <text:list-level-style-number text:level="1" style:num-format="a" style:num-suffix=")"/>
  <text:list-level-style-number text:level="2" style:num-format="A" style:num-prefix="(" style:num-suffix=")"/>
</text:list-style>"""
ROMAN = """<text:list-style style:name="Roman">
  <text:list-level-style-number text:level="1" style:num-format="I" style:num-suffix="."
                                text:start-value="x"/>
  <text:list-level-style-number text:level="2" style:num-format="i" style:num-suffix="."/>
</text:list-style>"""
BULLETS = """<text:list-style style:name="Bullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
</text:list-style>"""
BOLD = """<style:style style:name="Strong" style:family="paragraph">
  <style:text-properties fo:font-weight="bold"/>
</style:style>"""


def write_odt(path: Path, body: list[str], *, common: tuple[str, ...] = (DECIMAL,),
              automatic: tuple[str, ...] = (LETTERS, ROMAN, BULLETS, BOLD)) -> Path:
    document = odfdo.Document("text")
    for style in common:
        document.insert_style(odfdo.Element.from_tag(style))
    for style in automatic:
        document.insert_style(odfdo.Element.from_tag(style), automatic=True)
    for xml in body:
        document.body.append(odfdo.Element.from_tag(xml))
    document.save(path)
    return path


def read(path: Path) -> Reading:
    with zipfile.ZipFile(path) as archive:
        return read_odt(archive)


def paragraphs(reading: Reading) -> list[str]:
    return [block.text for block in reading.blocks if isinstance(block, Paragraph)]


def tables(reading: Reading) -> list[Table]:
    return [block for block in reading.blocks if isinstance(block, Table)]


def items(style: str, *texts: str, attributes: str = "") -> str:
    inner = "".join(f"<text:list-item><text:p>{text}</text:p></text:list-item>" for text in texts)
    return f'<text:list text:style-name="{style}" {attributes}>{inner}</text:list>'


def test_the_written_file_is_an_opendocument_text(tmp_path):
    path = write_odt(tmp_path / "plan.odt", ["<text:p>План</text:p>"])
    with zipfile.ZipFile(path) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert b"Decimal" in archive.read("styles.xml") and b"Letters" in archive.read("content.xml")


def test_numbered_lists_read_as_the_application_shows_them(tmp_path):
    nested = ('<text:list text:style-name="Decimal">'
              "<text:list-item><text:p>Поінформувати</text:p>"
              "<text:list><text:list-item><text:p>Радіо</text:p></text:list-item>"
              "<text:list-item><text:p>Газета</text:p></text:list-item></text:list>"
              "</text:list-item>"
              "<text:list-item><text:p>Залучити</text:p></text:list-item></text:list>")
    reading = read(write_odt(tmp_path / "lists.odt", [
        nested,
        items("Letters", "перше", "друге"),
        items("Roman", "вступ", "мета"),
        items("Bullets", "пункт без номера"),
    ]))
    assert paragraphs(reading) == [
        "1. Поінформувати", "1.1. Радіо", "1.2. Газета", "2. Залучити",
        "a) перше", "b) друге",
        # A start value that is not a number starts at one.
        "I. вступ", "II. мета",
        "пункт без номера",
    ]


def test_a_second_level_with_its_own_format_and_a_list_header(tmp_path):
    xml = ('<text:list text:style-name="Letters">'
           "<text:list-header><text:p>Заголовок списку</text:p></text:list-header>"
           "<text:list-item><text:p>Мета</text:p>"
           "<text:list><text:list-item><text:p>Завдання</text:p></text:list-item>"
           '<text:list-item text:start-value="4"><text:p>Ще завдання</text:p></text:list-item></text:list>'
           "</text:list-item></text:list>")
    reading = read(write_odt(tmp_path / "header.odt", [xml]))
    # The header is not counted; the second level shows its own letter only; a start value restarts the count.
    assert paragraphs(reading) == ["Заголовок списку", "a) Мета", "(A) Завдання", "(D) Ще завдання"]


def test_roman_and_letter_numbers_past_their_range_fall_back_to_digits(tmp_path):
    reading = read(write_odt(tmp_path / "long.odt", [
        '<text:list text:style-name="Roman">'
        '<text:list-item text:start-value="39"><text:p>тридцять дев\'ять</text:p></text:list-item>'
        "<text:list-item><text:p>сорок</text:p></text:list-item></text:list>",
        '<text:list text:style-name="Letters">'
        '<text:list-item text:start-value="27"><text:p>після z</text:p></text:list-item></text:list>',
    ]))
    assert paragraphs(reading) == ["XXXIX. тридцять дев'ять", "40. сорок", "a) після z"]


def test_a_list_goes_on_counting_in_the_next_table_cell(tmp_path):
    first = items("Decimal", "Ефір на радіо", "Допис у Фейсбуці", attributes='xml:id="list1"')
    continued = items("Decimal", "Зустріч з мешканцями", attributes='text:continue-list="list1"')
    by_style = items("Decimal", "Опитування", attributes='text:continue-numbering="true"')
    fresh = items("Decimal", "Новий список")
    table = ('<table:table table:name="План"><table:table-column table:number-columns-repeated="2"/>'
             "<table:table-row>"
             "<table:table-cell><text:p>Захід</text:p></table:table-cell>"
             "<table:table-cell><text:p>Канал</text:p></table:table-cell></table:table-row>"
             f"<table:table-row><table:table-cell>{first}</table:table-cell>"
             "<table:table-cell><text:p>радіо</text:p><text:p>Фейсбук</text:p></table:table-cell></table:table-row>"
             f"<table:table-row><table:table-cell>{continued}</table:table-cell>"
             "<table:table-cell><text:p>зустріч</text:p></table:table-cell></table:table-row>"
             f"<table:table-row><table:table-cell>{by_style}</table:table-cell>"
             "<table:table-cell><text:p>сайт</text:p></table:table-cell></table:table-row>"
             f"<table:table-row><table:table-cell>{fresh}</table:table-cell>"
             "<table:table-cell/></table:table-row>"
             "</table:table>")
    [read_table] = tables(read(write_odt(tmp_path / "table.odt", ["<text:p>План заходів</text:p>", table])))
    cells = [row.cells for row in read_table.rows]
    assert cells[0] == ["Захід", "Канал"]
    assert cells[1] == ["1. Ефір на радіо\n2. Допис у Фейсбуці", "радіо\nФейсбук"]
    assert cells[2][0] == "3. Зустріч з мешканцями"
    assert cells[3][0] == "4. Опитування"
    assert cells[4][0] == "1. Новий список"


def test_sections_headings_bold_paragraphs_and_nested_tables(tmp_path):
    nested = ('<table:table table:name="Вкладена"><table:table-column table:number-columns-repeated="2"/>'
              "<table:table-row><table:table-cell><text:p>ВПО</text:p></table:table-cell>"
              "<table:table-cell><text:p>молодь</text:p></table:table-cell></table:table-row>"
              "<table:table-row><table:table-cell><text:p>пенсіонери</text:p></table:table-cell>"
              "<table:table-cell/></table:table-row></table:table>")
    table = ('<table:table table:name="Аудиторії"><table:table-column table:number-columns-repeated="2"/>'
             "<table:table-row><table:table-cell><text:p>Хто</text:p></table:table-cell>"
             "<table:table-cell><text:p>Кого охоплюємо</text:p></table:table-cell></table:table-row>"
             "<table:table-row><table:table-cell><text:p>ЦНАП</text:p></table:table-cell>"
             f"<table:table-cell>{nested}</table:table-cell></table:table-row></table:table>")
    reading = read(write_odt(tmp_path / "sections.odt", [
        '<text:h text:outline-level="1">Комунікаційний план</text:h>',
        "<text:p>   </text:p>",
        '<text:section text:name="Розділ1"><text:p text:style-name="Strong">Мета 1</text:p>'
        f"<text:p>Звичайний текст</text:p>{table}</text:section>",
    ]))
    blocks = reading.blocks
    assert [(b.text, b.emphasis) for b in blocks if isinstance(b, Paragraph)] == [
        ("Комунікаційний план", True), ("Мета 1", True), ("Звичайний текст", False)]
    # The section's table stands after its paragraphs; the nested table is a line per row.
    assert isinstance(blocks[-1], Table)
    assert [row.cells for row in blocks[-1].rows] == [["Хто", "Кого охоплюємо"], ["ЦНАП", "ВПО; молодь\nпенсіонери"]]
    assert [b.where for b in blocks if isinstance(b, Paragraph)] == ["paragraph 1", "paragraph 2", "paragraph 3"]


def test_a_numbered_plan_in_a_text_document_reads_as_a_plan(tmp_path):
    rows = [("Захід", "Аудиторія", "Відповідальні"),
            ("Ефір на радіо", "жителі громади", "ЦНАП"),
            ("Зустріч з ВПО", "ВПО", "Відділ соціального захисту")]
    body = "".join(
        "<table:table-row>" + "".join(f"<table:table-cell><text:p>{text}</text:p></table:table-cell>" for text in row)
        + "</table:table-row>" for row in rows)
    columns = '<table:table-column table:number-columns-repeated="3"/>'
    table = f'<table:table table:name="План">{columns}{body}</table:table>'
    path = write_odt(tmp_path / "plan.odt", [
        '<text:h text:outline-level="1">План комунікацій громади на 2025 рік</text:h>',
        items("Decimal", "Мета: поінформувати мешканців про послуги"),
        table,
    ])
    document = read_path(path)
    [plan] = document.plans
    titles = [activity.title for goal in plan.goals for task in goal.tasks for activity in task.activities]
    assert titles == ["Ефір на радіо", "Зустріч з ВПО"]
    responsible = [activity.responsible for goal in plan.goals for task in goal.tasks for activity in task.activities]
    assert responsible == [["ЦНАП"], ["Відділ соціального захисту"]]


@pytest.mark.parametrize("body", [[], ["<text:p> </text:p>"]])
def test_a_document_without_text_reads_as_nothing(tmp_path, body):
    assert read(write_odt(tmp_path / "empty.odt", body)).blocks == []
