"""Reading OpenDocument text (.odt): paragraphs and tables in the order they stand.

Like a Word document: headings and paragraphs above and between tables keep their
places; tables are read as in a spreadsheet (``ods.table_grid``), with merged and
shaded cells. Numbered lists are counted and their numbers written in front of the
item ("1. "), as the application shows them, so that numbered rows read like typed
ones; a list that goes on in the next table cell (``text:continue-list``) goes on
counting.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from holos.core.importers.archive import parse_xml
from holos.core.importers.blocks import Paragraph
from holos.core.importers.formats import Reading
from holos.core.importers.grid import GridReader, clean_text
from holos.core.importers.limits import tally
from holos.core.importers.ods import NS, CellStyles, inline_text, q, table_grid

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_CONTAINERS = frozenset({q("text", "section"), q("text", "index-body"), q("office", "text")})


def read_odt(archive: zipfile.ZipFile) -> Reading:
    """The paragraphs and tables of a text document, in document order."""
    content = parse_xml(archive.read("content.xml"))
    roots = [parse_xml(archive.read("styles.xml"))] if "styles.xml" in archive.namelist() else []
    walker = _BodyWalker(styles=CellStyles.of(archive, content), lists=_Lists.of([*roots, content]))
    body = content.find("office:body/office:text", NS)
    if body is not None:
        walker.walk(body)
    return walker.grids.reading


@dataclass
class _Level:
    number_format: str = ""  # "1", "a", "A", "i", "I"; "" for bullets and no numbers
    prefix: str = ""
    suffix: str = ""
    start: int = 1
    shown_levels: int = 1


@dataclass
class _Lists:
    """The numbers of list items, counted through the document as the application does."""

    styles: dict[str, dict[int, _Level]]
    counters: dict[int, list[int]] = field(default_factory=dict)
    chains_by_id: dict[str, int] = field(default_factory=dict)
    last_chain_of_style: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, roots: list[etree._Element]) -> _Lists:
        styles: dict[str, dict[int, _Level]] = {}
        for root in roots:
            for style in root.iter(q("text", "list-style")):
                levels: dict[int, _Level] = {}
                for level in style.iterchildren(q("text", "list-level-style-number")):
                    levels[_int(level.get(q("text", "level")), 1)] = _Level(
                        number_format=level.get(q("style", "num-format")) or "",
                        prefix=level.get(q("style", "num-prefix")) or "",
                        suffix=level.get(q("style", "num-suffix")) or "",
                        start=_int(level.get(q("text", "start-value")), 1),
                        shown_levels=_int(level.get(q("text", "display-levels")), 1),
                    )
                styles[style.get(q("style", "name")) or ""] = levels
        return cls(styles=styles)

    def lines(self, element: etree._Element, *, style: str = "", depth: int = 1, chain: int | None = None,
              ) -> Iterator[tuple[str, str]]:
        """Each paragraph of a list with the number it shows ("" for bullets)."""
        style = element.get(q("text", "style-name")) or style
        if chain is None:
            chain = self._chain(element, style)
        levels = self.styles.get(style, {})
        counters = self.counters.setdefault(chain, [])
        for item in element.iterchildren(q("text", "list-item"), q("text", "list-header")):
            level = levels.get(depth)
            while len(counters) < depth:
                counters.append(levels.get(len(counters) + 1, _Level()).start - 1)
            del counters[depth:]
            start = item.get(q("text", "start-value"))
            if start is not None:
                counters[depth - 1] = _int(start, 1) - 1
            numbered = level is not None and level.number_format and item.tag == q("text", "list-item")
            if numbered:
                counters[depth - 1] += 1
            first = True
            for child in item.iterchildren():
                if child.tag in (q("text", "p"), q("text", "h")):
                    label = self._label(levels, counters, depth) if numbered and first else ""
                    first = False
                    yield label, inline_text(child)
                elif child.tag == q("text", "list"):
                    yield from self.lines(child, style=style, depth=depth + 1, chain=chain)

    def _chain(self, element: etree._Element, style: str) -> int:
        """Which run of numbers a list belongs to: its own, or one it continues."""
        chain: int | None = None
        continues = element.get(q("text", "continue-list"))
        if continues:
            chain = self.chains_by_id.get(continues)
        elif element.get(q("text", "continue-numbering")) == "true":
            chain = self.last_chain_of_style.get(style)
        if chain is None:
            chain = len(self.counters) + len(self.chains_by_id) + 1
            while chain in self.counters:
                chain += 1
            self.counters[chain] = []
        if element.get(_XML_ID):
            self.chains_by_id[element.get(_XML_ID) or ""] = chain
        self.last_chain_of_style[style] = chain
        return chain

    @staticmethod
    def _label(levels: dict[int, _Level], counters: list[int], depth: int) -> str:
        level = levels[depth]
        shown = range(max(1, depth - level.shown_levels + 1), depth + 1)
        numbers = ".".join(_format(counters[d - 1], levels.get(d, level).number_format) for d in shown)
        return f"{level.prefix}{numbers}{level.suffix}".strip()


def _format(value: int, number_format: str) -> str:
    if number_format in ("a", "A") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if number_format == "A" else letter
    if number_format in ("i", "I") and 0 < value < 40:
        tens, ones = divmod(value, 10)
        roman = "x" * tens + ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")[ones]
        return roman.upper() if number_format == "I" else roman
    return str(value)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


@dataclass
class _BodyWalker:
    styles: CellStyles
    lists: _Lists
    grids: GridReader = field(default_factory=GridReader)
    paragraphs: int = 0
    tables: int = 0

    def walk(self, container: etree._Element) -> None:
        for child in container.iterchildren():
            if child.tag in (q("text", "p"), q("text", "h")):
                self.paragraph(inline_text(child), heading=child.tag == q("text", "h"),
                               style=child.get(q("text", "style-name")) or "")
            elif child.tag == q("text", "list"):
                for label, text in self.lists.lines(child):
                    self.paragraph(f"{label} {text}" if label and text.strip() else text)
            elif child.tag == q("table", "table"):
                self.tables += 1
                tally().table()
                rows = table_grid(child, self.styles, where=f"table {self.tables}", grids=self.grids,
                                  text_of=self.cell_text)
                self.grids.add_grid(rows, loose=False)
            elif child.tag in _CONTAINERS:
                self.walk(child)

    def paragraph(self, text: str, *, heading: bool = False, style: str = "") -> None:
        text = " ".join(text.split())
        if not text:
            return
        self.paragraphs += 1
        tally().paragraph(text)
        self.grids.add_paragraph(Paragraph(text=text, where=f"paragraph {self.paragraphs}",
                                           emphasis=heading or style in self.styles.bold))

    def cell_text(self, cell: etree._Element) -> str:
        """A table cell's paragraphs and numbered list items, one per line."""
        lines: list[str] = []
        for child in cell.iterchildren():
            if child.tag in (q("text", "p"), q("text", "h")):
                lines.append(inline_text(child))
            elif child.tag == q("text", "list"):
                lines.extend(f"{label} {text}".strip() if label else text for label, text in self.lists.lines(child))
            elif child.tag == q("table", "table"):
                nested = table_grid(child, self.styles, where="", grids=GridReader(), text_of=self.cell_text)
                lines.extend("; ".join(c.text for c in row.cells if c.text.strip()) for row in nested)
        return clean_text("\n".join(lines))
