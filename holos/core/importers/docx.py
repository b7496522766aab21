"""Reading Word documents (.docx): paragraphs and tables in the order they stand.

The body is walked element by element, so the title, goal and key message above a
table, and the paragraphs between two tables, keep their places. Tables become grids
(see ``grid``): merged cells (``gridSpan``, ``vMerge``), shaded cells (``w:shd``) and
cells of several paragraphs, joined with line breaks. Word's automatic numbering is not
in the text; it is counted here and written in front of the paragraph ("1. ", or "• " for a bullet), as a
copy would show it, so that the interpreter strips it from titles as it does for
typed numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from lxml import etree

from holos.core.importers.archive import count_elements
from holos.core.importers.blocks import Paragraph
from holos.core.importers.formats import Reading
from holos.core.importers.grid import GridCell, GridReader, GridRow, clean_text
from holos.core.importers.limits import Tally, tally

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_WHITE = frozenset({"", "auto", "ffffff", "none"})
# Subtrees whose text is not the paragraph's own: deleted revisions, drawings and text
# boxes (kept twice, as a drawing and as a fallback picture), field instructions.
_SKIPPED = frozenset(f"{{{_W}}}{tag}" for tag in ("del", "moveFrom", "drawing", "pict", "instrText",
                                                    "delText", "rPr", "pPr", "fldData"))
_SKIPPED_FOREIGN = ("AlternateContent",)
_HEADING_STYLES = ("heading", "title", "заголовок", "назва", "nadpis")


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _attr(element: etree._Element | None, name: str) -> str:
    if element is None:
        return ""
    return str(element.get(_w(name)) or "")


def read_docx(data: bytes) -> Reading:
    """The paragraphs and tables of a Word document, in document order."""
    # python-docx builds the whole body at once: count its tables and rows first.
    count_elements(data, lambda part: part == "word/document.xml",
                   {"tbl": "tables", "tr": "rows", "p": None}, tally())
    document = docx.Document(io.BytesIO(data))
    part = document.part
    numbering = _Numbering(_related(part, RELATIONSHIP_TYPE.NUMBERING), _related(part, RELATIONSHIP_TYPE.STYLES))
    walker = _BodyWalker(numbering)
    walker.walk(document.element.body)
    return walker.grids.reading


def _related(part: object, relationship: str) -> etree._Element | None:
    """The XML of a part the document refers to (its numbering, its styles), if it has one."""
    try:
        related = part.part_related_by(relationship)  # type: ignore[attr-defined]
    except KeyError:
        return None
    element = getattr(related, "element", None)
    return element if isinstance(element, etree._Element) else None


@dataclass
class _BodyWalker:
    numbering: _Numbering
    grids: GridReader = field(default_factory=GridReader)
    paragraphs: int = 0
    tables: int = 0
    counted: Tally = field(default_factory=tally)

    def walk(self, container: etree._Element) -> None:
        for child in container.iterchildren():
            if child.tag == _w("p"):
                self.paragraph(child)
            elif child.tag == _w("tbl"):
                self.table(child)
            elif child.tag in (_w("sdt"), _w("customXml")):
                content = child.find("w:sdtContent", _NS) if child.tag == _w("sdt") else child
                if content is not None:
                    self.walk(content)

    def paragraph(self, element: etree._Element) -> None:
        text = " ".join(paragraph_text(element).split())
        if not text:
            return
        number = self.numbering.label(element)
        if number:  # a bullet too: a list under a heading is read as the lines of that heading
            text = f"{number} {text}"
        self.paragraphs += 1
        self.counted.paragraph(text)
        self.grids.add_paragraph(Paragraph(text=text, where=f"paragraph {self.paragraphs}",
                                           emphasis=_is_emphasised(element)))

    def table(self, element: etree._Element) -> None:
        self.tables += 1
        self.counted.table()
        rows = table_grid(element, self.numbering, where=f"table {self.tables}", counted=self.counted)
        self.grids.add_grid(rows, loose=False)


def table_grid(table: etree._Element, numbering: _Numbering, *, where: str,
               counted: Tally | None = None) -> list[GridRow]:
    """The grid of a Word table: every cell at its column, merged cells pointing to their origin."""
    counted = counted or tally()
    rows: list[GridRow] = []
    # The origin (row, column) of the vertical merge running down each column.
    running: dict[int, tuple[int, int]] = {}
    for row_index, row in enumerate(table.iterfind("w:tr", _NS)):
        cells: list[GridCell] = []
        column = _int(_attr(row.find("w:trPr/w:gridBefore", _NS), "val"))
        cells.extend(GridCell() for _ in range(column))
        for cell in _row_cells(row):
            properties = cell.find("w:tcPr", _NS)
            span = max(1, _int(_attr(_find(properties, "w:gridSpan"), "val")) or 1)
            merge = _find(properties, "w:vMerge")
            continues = merge is not None and _attr(merge, "val") in ("", "continue")
            if continues and column in running:
                origin = running[column]
                cells.extend(GridCell(origin=origin) for _ in range(span))
            else:
                text = cell_text(cell, numbering)
                shaded = is_shaded(_find(properties, "w:shd"))
                cells.append(GridCell(text=text, shaded=shaded))
                cells.extend(GridCell(origin=(row_index, column)) for _ in range(span - 1))
                for covered in range(column, column + span):
                    if merge is not None:
                        running[covered] = (row_index, column)
                    else:
                        running.pop(covered, None)
            column += span
        counted.row([cell.text for cell in cells], where=f"{where}, row {row_index + 1}")
        rows.append(GridRow(cells=cells, where=f"{where}, row {row_index + 1}"))
    return rows


def _row_cells(row: etree._Element) -> Iterator[etree._Element]:
    """The cells of a row, including those wrapped in content controls."""
    for child in row.iterchildren():
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find("w:sdtContent", _NS) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _row_cells(content)


def _find(element: etree._Element | None, path: str) -> etree._Element | None:
    return element.find(path, _NS) if element is not None else None


def _int(text: str) -> int:
    try:
        return max(0, int(text))
    except ValueError:
        return 0


def is_shaded(shading: etree._Element | None) -> bool:
    """Whether a cell's shading paints it: a fill colour, or a solid or dotted pattern."""
    if shading is None:
        return False
    pattern = _attr(shading, "val").lower()
    fill = _attr(shading, "fill").lower()
    colour = _attr(shading, "color").lower()
    theme = _attr(shading, "themeFill").lower()
    if pattern in ("nil", "none"):
        return False
    if pattern == "solid":
        return colour not in ("ffffff",)
    if pattern.startswith("pct") or pattern.endswith("stripe") or pattern.endswith("cross"):
        return fill not in _WHITE or colour not in _WHITE
    if theme and not theme.startswith(("background1", "light1")):
        return True
    return fill not in _WHITE


def cell_text(cell: etree._Element, numbering: _Numbering, depth: int = 0) -> str:
    """A cell's paragraphs, one per line, numbered as Word shows them; nested tables flattened."""
    tally().check("nesting", depth)
    lines: list[str] = []
    paragraphs = cell.findall("w:p", _NS)
    for child in cell.iterchildren():
        if child.tag == _w("p"):
            text = " ".join(paragraph_text(child).split())
            number = numbering.label(child)
            if number == "•":
                number = "•" if len(paragraphs) > 1 and text else ""
            lines.append(f"{number} {text}".strip() if number else text)
        elif child.tag == _w("tbl"):
            for row in child.iterfind("w:tr", _NS):
                texts = [" ".join(cell_text(inner, numbering, depth + 1).split()) for inner in _row_cells(row)]
                lines.append("; ".join(text for text in texts if text))
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find("w:sdtContent", _NS) if child.tag == _w("sdt") else child
            if content is not None:
                lines.append(cell_text(content, numbering, depth + 1))
    return clean_text("\n".join(lines))


def paragraph_text(paragraph: etree._Element) -> str:
    """The text of a paragraph as Word shows it: runs, hyperlinks, insertions; tabs and breaks."""
    return "".join(_texts(paragraph))


def _texts(element: etree._Element) -> Iterator[str]:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED or tag.endswith(_SKIPPED_FOREIGN):
            continue
        if tag == _w("t"):
            yield child.text or ""
        elif tag in (_w("tab"), _w("ptab")):
            yield "\t"
        elif tag in (_w("br"), _w("cr")):
            yield "\n"
        elif tag == _w("noBreakHyphen"):
            yield "-"
        elif tag == _w("sym"):
            # A symbol inserted from Wingdings in a month cell is a tick (✓, ☑, ☒).
            yield "✓" if "wingdings" in _attr(child, "font").lower() else ""
        elif tag == _w("p"):
            continue
        else:
            yield from _texts(child)


def _is_emphasised(paragraph: etree._Element) -> bool:
    """A heading style, an outline level, or every run of text bold."""
    style = _attr(paragraph.find("w:pPr/w:pStyle", _NS), "val").lower()
    if style.startswith(_HEADING_STYLES) or paragraph.find("w:pPr/w:outlineLvl", _NS) is not None:
        return True
    runs = [run for run in paragraph.iter(_w("r")) if "".join(t.text or "" for t in run.iter(_w("t"))).strip()]
    return bool(runs) and all(_is_bold(run.find("w:rPr/w:b", _NS)) for run in runs)


def _is_bold(bold: etree._Element | None) -> bool:
    return bold is not None and _attr(bold, "val").lower() not in ("0", "false", "off")


@dataclass
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """Word's list numbering, counted through the document as Word counts it.

    Each list (``w:num``) keeps its own counters, one per level; a level restarts when a
    level above it moves on. A paragraph is numbered by its own ``w:numPr`` or by its
    style's.
    """

    numbering: etree._Element | None
    styles: etree._Element | None
    counters: dict[str, list[int]] = field(default_factory=dict)
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    style_numbering: dict[str, etree._Element | None] = field(default_factory=dict)
    style_index: dict[str, etree._Element] | None = None

    def label(self, paragraph: etree._Element) -> str:
        """The number Word shows in front of this paragraph ("1.", "2.3."), "•", or ""."""
        found = self._number_properties(paragraph)
        if found is None or self.numbering is None:
            return ""
        list_id, level = found
        levels = self._levels(list_id)
        if not levels or list_id == "0":
            return ""
        definition = levels.get(level, _Level())
        if definition.format == "bullet":
            return "•"
        if definition.format == "none":
            return ""
        counters = self.counters.setdefault(list_id, [])
        while len(counters) <= level:
            counters.append(levels.get(len(counters), _Level()).start - 1)
        counters[level] += 1
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = levels.get(deeper, _Level()).start - 1
        label = definition.text
        for index in range(min(level + 1, 9)):
            value = counters[index] if index < len(counters) else 1
            label = label.replace(f"%{index + 1}", _format_number(value, levels.get(index, _Level()).format))
        return label.strip()

    def _number_properties(self, paragraph: etree._Element) -> tuple[str, int] | None:
        properties = paragraph.find("w:pPr/w:numPr", _NS)
        if properties is None:
            style = _attr(paragraph.find("w:pPr/w:pStyle", _NS), "val")
            properties = self._style_numbering(style) if style else None
        if properties is None:
            return None
        list_id = _attr(properties.find("w:numId", _NS), "val")
        level = _int(_attr(properties.find("w:ilvl", _NS), "val"))
        return (list_id, min(level, 8)) if list_id else None

    def _style_numbering(self, style_id: str) -> etree._Element | None:
        """The numbering a paragraph style gives, its own or inherited; every paragraph asks, so it is kept."""
        if style_id not in self.style_numbering:
            seen: set[str] = set()
            found = None
            current = style_id
            while current and current not in seen:
                seen.add(current)
                style = self._styles_by_id().get(current)
                if style is None:
                    break
                found = style.find("w:pPr/w:numPr", _NS)
                if found is not None:
                    break
                current = _attr(style.find("w:basedOn", _NS), "val")
            self.style_numbering[style_id] = found
        return self.style_numbering[style_id]

    def _styles_by_id(self) -> dict[str, etree._Element]:
        if self.style_index is None:
            styles = self.styles.iterfind("w:style", _NS) if self.styles is not None else []
            self.style_index = {_attr(style, "styleId"): style for style in styles}
        return self.style_index

    def _levels(self, list_id: str) -> dict[int, _Level]:
        if list_id in self.levels:
            return self.levels[list_id]
        assert self.numbering is not None
        instance = next((n for n in self.numbering.iterfind("w:num", _NS) if _attr(n, "numId") == list_id), None)
        levels: dict[int, _Level] = {}
        if instance is not None:
            abstract_id = _attr(instance.find("w:abstractNumId", _NS), "val")
            abstract = next((a for a in self.numbering.iterfind("w:abstractNum", _NS)
                             if _attr(a, "abstractNumId") == abstract_id), None)
            for level in abstract.iterfind("w:lvl", _NS) if abstract is not None else []:
                start = _attr(level.find("w:start", _NS), "val")
                levels[_int(_attr(level, "ilvl"))] = _Level(
                    start=_int(start) if start else 1,
                    format=_attr(level.find("w:numFmt", _NS), "val") or "decimal",
                    text=_attr(level.find("w:lvlText", _NS), "val"),
                )
            for override in instance.iterfind("w:lvlOverride", _NS):
                restart = override.find("w:startOverride", _NS)
                if restart is not None:
                    level_number = _int(_attr(override, "ilvl"))
                    levels.setdefault(level_number, _Level()).start = _int(_attr(restart, "val"))
        self.levels[list_id] = levels
        return levels


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format_number(value: int, kind: str) -> str:
    """A counter as Word writes it for the level's number format."""
    if kind in ("lowerLetter", "upperLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if kind == "upperLetter" else letter
    if kind in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = ""
        for number, numeral in _ROMAN:
            while value >= number:
                roman += numeral
                value -= number
        return roman.upper() if kind == "upperRoman" else roman
    if kind == "decimalZero":
        return f"{value:02d}"
    return str(value)
