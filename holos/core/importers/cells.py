"""Reading what one cell says: lists, numbering, resources, marks.

These are the small decisions every table layout needs, kept apart from the layouts so
that they are the same everywhere and can be tested one by one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from holos.core.document import Resources
from holos.core.importers.vocabulary import MARKS, NO_RESOURCES, UNIT_WORDS

_NUMBER_CELL = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*\.?)(?:\s+|$)(.*)$", re.S)
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)(?:\.|\))\s*(?=[^\d\s.])")
_BULLET_START = re.compile(r"^\s*[-·•–—*]\s+")
_BULLET_SPLIT = re.compile(r"(?:^|\s)[-·•–—]\s+")
_INNER_COMMA = re.compile(r",\s+[^\W\d_A-ZА-ЯІЇЄҐÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]")  # a comma going on in lower case
_HAS_WORD = re.compile(r"[^\W_]")
# A cell that starts with one of the phrases that say no resources are needed, as a whole word.
_NO_RESOURCES_START = re.compile("|".join(rf"{re.escape(phrase)}\b" for phrase in NO_RESOURCES))
_OPENERS = {"(": ")", "[": "]", "«": "»", "„": "“"}
_UNIT_WORD = re.compile("|".join(re.escape(word) for word in UNIT_WORDS))
_FIRST_ITEM = re.compile(r"^1[.)]\s*\S")
_ENTRY_TRIM = " \t,;:.·•-–—"
_CONTINUES = ("-", "–", ",", "(")


def read_number(cell: str) -> tuple[str, str]:
    """Split a numbering cell into its number and any text that shares the cell.

    Copies lose cell borders, so "1.3. Інформаційні кампанії" may arrive in the
    numbering column; the text is returned so it can be put where it belongs.
    """
    match = _NUMBER_CELL.match(cell)
    if not match:
        return "", cell.strip()
    return match.group(1), match.group(2).strip()


def number_depth(number: str) -> int:
    """How deep a number is in the outline: "2." is 1, "2.1." is 2, "" is 0."""
    return len([part for part in number.split(".") if part.strip()])


def strip_numbering(text: str) -> str:
    """Remove a leading "1. ", "2.1. " or "3) " that numbers a row, not its content.

    "1 раз у місяць" and "2023 рік" keep their numbers: numbering ends with a dot or a
    bracket.
    """
    return _LEADING_NUMBER.sub("", text, count=1).strip()


def _clean_entry(entry: str) -> str:
    entry = " ".join(entry.split())
    return entry.strip(_ENTRY_TRIM).strip()


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split on separators, except inside brackets and quotes ("ЦНАП (сайт, Viber)")."""
    parts: list[str] = []
    current: list[str] = []
    closing: list[str] = []
    for char in text:
        if char in _OPENERS:
            closing.append(_OPENERS[char])
        elif closing and char == closing[-1]:
            closing.pop()
        elif char in separators and not closing:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _phrase_lines(text: str) -> list[str] | None:
    """The lines of a cell written one entry per line, when an entry has a comma of its own.

    "Інформування на сайті ЦНАП, міської ради" on a line of its own, under or over another
    capitalised line, is one entry: the comma goes on with a word in lower case, and the
    lines, not the commas, separate the entries.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2 or any(line[-1] in ",;" or not line[0].isupper() for line in lines):
        return None
    if not any(_INNER_COMMA.search(line) for line in lines):
        return None
    return lines


def numbered_items(text: str) -> list[str] | None:
    """Items of a list numbered 1., 2., 3. … inline or on lines, if the text is one."""
    if not text.lstrip().startswith("1"):
        return None  # the quick test: most cells are not numbered lists
    flat = " ".join(text.split())
    if not _FIRST_ITEM.match(flat):
        return None
    starts = [0]
    expected = 2
    while True:
        found = re.compile(rf"(?<!\S){expected}[.)]\s*(?=[^\d\s])").search(flat, starts[-1] + 2)
        if not found:
            break
        starts.append(found.start())
        expected += 1
    if len(starts) < 2:
        return None
    bounds = [*starts, len(flat)]
    return [strip_numbering(flat[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def split_list(text: str) -> list[str]:
    """Split a cell naming several things (channels, audiences, units) into entries.

    A numbered or bulleted list is split on its items only, so commas inside an item stay;
    otherwise commas, semicolons and line breaks separate entries, except inside brackets.
    """
    return list(_listed(text))


@lru_cache(maxsize=4096)
def _listed(text: str) -> tuple[str, ...]:
    """The entries of a cell, remembered: a long table names the same channels and units again and again."""
    if not text.strip():
        return ()
    items = numbered_items(text)
    if items is None and _BULLET_START.match(text):
        items = _BULLET_SPLIT.split(" ".join(text.split()))
    if items is None:
        items = _phrase_lines(text)
    if items is None:
        items = _split_outside_brackets(text, ",;\n")
    entries = [_clean_entry(item) for item in items]
    return tuple(entry for entry in entries if _HAS_WORD.search(entry))


def split_units(text: str) -> list[str]:
    """Split a cell naming who is responsible, keeping enumerations inside one unit's name.

    A piece after a comma that starts in lower case and names no unit ("туризму") goes
    on with the unit before it ("Відділ культури, туризму, національностей і релігій").
    """
    return list(_units(text))


@lru_cache(maxsize=4096)
def _units(text: str) -> tuple[str, ...]:
    units: list[str] = []
    for entry in _listed(text):
        names_unit = _UNIT_WORD.match(entry.lower()) is not None
        if units and entry[0].islower() and not names_unit:
            units[-1] = f"{units[-1]}, {entry}"
        else:
            units.append(entry)
    return tuple(units)


def split_entries(text: str) -> list[str]:
    """Split a cell into the separate things it lists, one per line, mending broken lines.

    A line that starts in lower case, or follows a line that ends with a hyphen or comma
    or leaves a bracket open, continues the line before: copying breaks long phrases.
    """
    entries: list[str] = []
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            continue
        if entries and _continues(entries[-1], line):
            entries[-1] = f"{entries[-1]} {line}"
        else:
            entries.append(line)
    return [" ".join(entry.split()) for entry in entries]


def _continues(previous: str, line: str) -> bool:
    return (
        line[0].islower()
        or previous.endswith(_CONTINUES)
        or previous.count("(") > previous.count(")")
    )


def read_resources(text: str) -> Resources | None:
    """Say whether an activity needs resources: "Не потребує" is no, anything named is yes.

    A resource written down ("Доступ до мережі інтернет") is a need, whatever the form
    asked ("потребує/не потребує").
    """
    written = " ".join(text.split())
    if not written:
        return None
    words = written.lower().strip(" .!")
    if not _HAS_WORD.search(words):
        return Resources(needed=None, text=written)
    if words in NO_RESOURCES or _NO_RESOURCES_START.match(words):
        return Resources(needed=False, text=written)
    return Resources(needed=True, text=written)


def is_mark(cell: str) -> bool:
    """A tick in a month or quarter column: "x", "+", "✓" and their kin."""
    return cell.strip().lower() in MARKS
