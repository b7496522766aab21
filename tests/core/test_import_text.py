"""The text reader: three shapes of tables copied as text, and paragraphs between them."""

from __future__ import annotations

from holos.core.importers.blocks import Paragraph, Table
from holos.core.importers.text import clean_markup, detect_format, read_blocks


def only_table(text: str) -> Table:
    tables = [block for block in read_blocks(text) if isinstance(block, Table)]
    assert len(tables) == 1
    return tables[0]


def test_tab_separated_rows_are_one_row_per_line():
    blocks = read_blocks("Title\n\nActivity\tChannels\tJan\nPress\tweb\tx\nSurvey\t\t\n")
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "Title"
    table = blocks[1]
    assert isinstance(table, Table)
    assert [row.cells for row in table.rows] == [
        ["Activity", "Channels", "Jan"], ["Press", "web", "x"], ["Survey", "", ""]]
    assert [row.where for row in table.rows] == ["line 3", "line 4", "line 5"]


def test_a_blank_line_inside_tab_separated_rows_is_a_page_break_not_the_end():
    table = only_table("A\tB\n1\t2\n\n3\t4\n")
    assert [row.cells for row in table.rows] == [["A", "B"], ["1", "2"], ["3", "4"]]


def test_a_paragraph_ends_a_table():
    blocks = read_blocks("A\tB\n1\t2\n**HEADING**\n3\t4\n")
    assert [type(block).__name__ for block in blocks] == ["Table", "Paragraph", "Table"]
    heading = blocks[1]
    assert isinstance(heading, Paragraph)
    assert (heading.text, heading.emphasis) == ("HEADING", True)


def test_html_paragraphs_in_a_cell_become_lines_and_tags_go():
    table = only_table("#\tОпис\n1\t<b>БЛОК</b>\n1.1.\t<p>Перше</p> <p>Друге &amp; третє</p>\n")
    assert table.rows[1].cells == ["1", "БЛОК"]
    assert table.rows[2].cells == ["1.1.", "Перше\nДруге & третє"]


def test_one_cell_per_line_rows_are_separated_by_blank_lines():
    text = ("Heading\n"
            "\tComponent\n\tTask\n\tIndicators\n"
            "\n"
            "\tDialogue\n\tCreate a platform\n\tNo decision without us\n__ sessions\n"
            "\u00a0\n\t\n"
            "\n"
            "\n"
            "After the table\n")
    blocks = read_blocks(text)
    assert [type(block).__name__ for block in blocks] == ["Paragraph", "Table", "Paragraph"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert [row.cells for row in table.rows] == [
        ["Component", "Task", "Indicators"],
        ["Dialogue", "Create a platform", "No decision without us\n__ sessions", ""],
    ]
    assert table.rows[1].where == "line 6"


def test_word_artifacts_and_extra_spaces_are_removed():
    (paragraph,) = read_blocks("[bookmark: _GoBack]Стратегічний        напрям: Х\n")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "Стратегічний напрям: Х"


def test_underscores_are_blanks_not_markup():
    assert clean_markup("__ (кількість) ВПО") == ("__ (кількість) ВПО", False)


def test_markdown_headings_and_bold_are_emphasis():
    assert clean_markup("## Plan") == ("Plan", True)
    assert clean_markup("**Plan**") == ("Plan", True)
    assert clean_markup("<b>ГРУПИ</b>") == ("ГРУПИ", True)
    assert clean_markup("plain") == ("plain", False)


def test_windows_line_ends_and_a_byte_order_mark_are_read():
    table = only_table("\ufeffA\tB\r\n1\t2\r\n")
    assert [row.cells for row in table.rows] == [["A", "B"], ["1", "2"]]


def test_the_format_says_which_shape_the_text_has():
    assert detect_format("a\tb\tc\n") == "text/tab-separated"
    assert detect_format("a\t<p>b</p>\tc\n") == "text/markdown"
    assert detect_format("**Title**\n") == "text/markdown"
    assert detect_format("\tcell\n\tcell\n\nplain\n") == "text/plain"
