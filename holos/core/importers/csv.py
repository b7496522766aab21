"""Reading CSV and TSV files, as spreadsheets save them.

A CSV file is a sheet without merges or colours: the title, goal and key message are
rows with one cell, the table follows. The delimiter is whichever of comma, semicolon
(Excel in Ukrainian and Czech locales) and tab the file uses. Excel on Windows saves
CSV in the system's code page, so a file that is not UTF-8 is read as Windows-1251
(Cyrillic) or Windows-1250 (Central European), whichever gives whole words, with a
warning that says which; "Unicode text" from Excel (UTF-16) is read too.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from holos.core.document import Warning, gettext_noop
from holos.core.importers.formats import Reading, UnreadableSource
from holos.core.importers.grid import GridCell, GridReader, GridRow
from holos.core.importers.limits import tally

_SAMPLE = 64 * 1024
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ASCII_LETTER = re.compile(r"[a-zA-Z]")
_ENCODING_NAMES = {"cp1251": "Windows-1251 (Cyrillic)", "cp1250": "Windows-1250 (Central European)",
                   "utf-16": "UTF-16"}


def read_csv(data: bytes, name: str, *, delimiter: str | None = None) -> Reading:
    """The rows of a CSV or TSV file; ``delimiter`` is sniffed unless given."""
    text, encoding = decode(data, name)
    grids = GridReader()
    if encoding != "utf-8":
        grids.warn(Warning.of("document", gettext_noop(
            "The file is not in UTF-8; it was read as %(encoding)s. Check that its letters look right."),
            encoding=_ENCODING_NAMES[encoding]))
    dialect_delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect_delimiter)
    rows: list[GridRow] = []
    counted = tally()
    try:
        line = 1
        for record in reader:
            counted.row(record, where=f"line {line}")
            rows.append(GridRow(cells=[GridCell(text=value) for value in record], where=f"line {line}"))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableSource(gettext_noop("%(name)s cannot be read as CSV: %(reason)s."),
                               name=name, reason=str(exc)) from exc
    grids.add_grid(rows, loose=True)
    return grids.reading


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of the file and the encoding it was read in ("utf-8", "cp1251" …)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableSource(gettext_noop("%(name)s is damaged: its UTF-16 text breaks off."),
                                   name=name) from exc
    if b"\x00" in data:
        raise UnreadableSource(gettext_noop("%(name)s is binary, not text."), name=name)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    cyrillic = data.decode("cp1251", errors="replace")
    if _mostly_cyrillic(cyrillic):
        return cyrillic, "cp1251"
    return data.decode("cp1250", errors="replace"), "cp1250"


def _mostly_cyrillic(text: str) -> bool:
    """Whether read as Windows-1251 the text is mostly Cyrillic letters.

    Every byte of a Ukrainian word is one above 0xC0, a Cyrillic letter in 1251; a Czech
    text is mostly ASCII letters, with a letter here and there that 1251 would turn
    into Cyrillic in the middle of a Latin word.
    """
    sample = text[:_SAMPLE * 4]
    return len(_CYRILLIC.findall(sample)) > len(_ASCII_LETTER.findall(sample))


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits most rows into the same number of cells, more than one.

    Cells full of commas ("Телеграм канал, фейсбук сторінка") split into ragged rows
    on commas, while the real delimiter gives every row of the table the same width.
    """
    sample = text[:_SAMPLE]
    best, best_score = ",", (0, 0)
    for delimiter in ";\t,":
        try:
            widths = Counter(len(record) for record in csv.reader(io.StringIO(sample, newline=""),
                                                                   delimiter=delimiter)
                             if len(record) > 1 and any(value.strip() for value in record))
        except csv.Error:
            continue
        if widths:
            width, rows = widths.most_common(1)[0]
            if (rows, width) > best_score:
                best, best_score = delimiter, (rows, width)
    return best
