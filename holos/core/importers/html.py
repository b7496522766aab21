"""Reading a saved web page, or HTML pasted from one, into paragraphs and tables.

Headings and paragraphs become paragraphs (headings marked as emphasis), items of a list
become paragraphs starting with a bullet (as a browser copies them), except an item laid
out as a card of paragraphs and headings (a date, a title, a note), whose parts are lines
of their own as a copy gives them, and a ``<table>``
becomes a grid whose merged cells (``rowspan``, ``colspan``) are read as Word's are (see
``grid``). Nothing is fetched: the parser resolves no entities and loads no network
resource; scripts, styles and comments are dropped.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from holos.core.importers.blocks import Paragraph
from holos.core.importers.formats import Reading
from holos.core.importers.grid import GridCell, GridReader, GridRow

_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote", "pre",
                     "address", "figcaption", "dd", "dt", "caption", "center", "nav"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "button",
                      "select", "form"})
_MAX_SPAN = 100  # a larger rowspan or colspan is a damaged or hostile page


def _parser() -> lxml_html.HTMLParser:
    return lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, encoding="utf-8")


def _text(element: etree._Element, skip: frozenset[etree._Element] = frozenset()) -> str:
    """The text of an element, a ``<br>`` or a paragraph inside a cell making a new line."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if not isinstance(node.tag, str) or node.tag in _SKIPPED or node in skip:
            return
        if node.tag == "br":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if isinstance(child.tag, str) and child.tag in (_BLOCKS | _HEADINGS | {"li", "tr"}):
                parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


class _PageReader:
    def __init__(self) -> None:
        self.grid = GridReader()
        self.tables = 0

    def paragraph(self, text: str, where: str, *, emphasis: bool = False) -> None:
        for line in text.split("\n"):
            line = " ".join(line.split())
            if line:
                self.grid.add_paragraph(Paragraph(text=line, where=where, emphasis=emphasis))

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in _SKIPPED:
            return
        where = f"line {element.sourceline}" if element.sourceline else ""
        if tag == "table":
            self.table(element)
            return
        if tag in _HEADINGS:
            self.paragraph(_text(element), where, emphasis=True)
            return
        if tag == "li" and not any(isinstance(c.tag, str) and c.tag in (_BLOCKS | _HEADINGS) for c in element):
            nested = [child for child in element if isinstance(child.tag, str) and child.tag in ("ul", "ol", "table")]
            self.paragraph("• " + " ".join(_text(element, frozenset(nested)).split()), where)
            for child in nested:
                self.walk(child)
            return
        if tag in _BLOCKS and not any(isinstance(c.tag, str) and c.tag in (_BLOCKS | _HEADINGS | {"table", "ul",
                                                                                                   "ol", "li"})
                                      for c in element.iterdescendants()):
            self.paragraph(_text(element), where)
            return
        if element.text and element.text.strip():
            self.paragraph(element.text, where)
        for child in element:
            self.walk(child)
            if child.tail and child.tail.strip():
                self.paragraph(child.tail, where)

    def table(self, element: etree._Element) -> None:
        """A table's rows, with each merged cell's origin, as a grid."""
        self.tables += 1
        number = self.tables
        rows: list[GridRow] = []
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for index, tr in enumerate(_rows(element)):
            cells: list[GridCell] = []
            column = 0
            for td in tr:
                if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                    continue
                while (index, column) in covered:
                    cells.append(GridCell(origin=covered[(index, column)]))
                    column += 1
                rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
                cells.append(GridCell(text=_text(td), emphasis=td.tag == "th"))
                for down in range(rowspan):
                    for across in range(colspan):
                        if down or across:
                            covered[(index + down, column + across)] = (index, column)
                column += 1
                for _ in range(colspan - 1):
                    cells.append(GridCell(origin=(index, column - 1)))
                    column += 1
            while (index, column) in covered:
                cells.append(GridCell(origin=covered[(index, column)]))
                column += 1
            rows.append(GridRow(cells=cells, where=f"table {number}, row {index + 1}"))
        if rows:
            self.grid.add_grid(rows, loose=False)


def _rows(table: etree._Element) -> list[etree._Element]:
    """The rows of a table, in order, not those of tables inside its cells."""
    found: list[etree._Element] = []
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            found.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            found.extend(row for row in child if isinstance(row.tag, str) and row.tag == "tr")
    return found


def _span(value: str | None) -> int:
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(number, 1), _MAX_SPAN)


def read_html(data: bytes | str) -> Reading:
    """The paragraphs and tables of an HTML page or fragment."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    document = lxml_html.document_fromstring(raw, parser=_parser())
    body = document.find("body")
    reader = _PageReader()
    reader.walk(body if body is not None else document)
    return reader.grid.reading


def looks_like_html(text: str) -> bool:
    """Text pasted as HTML: a page or a fragment with a table or a list."""
    head = text[:4096].lower()
    return "<html" in head or "<table" in head or "<ul" in head or "<ol" in head or "<!doctype html" in head
