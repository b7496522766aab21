"""Finding the table in a list of records: a name, then the same labelled lines under each.

A web page often shows a table as cards, and a copy of it gives lines like these:

    Local schools
    - anticipated role/interest: building on safer routes to school initiatives
    - communications approach: direct email

Each record is a line naming it, then lines "label: value" whose labels come back under
every record. ``find_records`` turns such a run back into a table: a header of the labels,
and a row per record with its name in the first column. The first column has no label on
the page; a heading above the records that names a role ("Stakeholder summary") gives it
one, so a list of stakeholders is read as the audiences it is.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from holos.core.importers.blocks import Block, Paragraph, Row, Table
from holos.core.importers.headers import role_of

_MIN_RECORDS = 3
_LONGEST_NAME = 160
_LABELLED = re.compile(r"^\s*(?:[•·▪◦○●\-–—*]\s+)?(?P<label>[^\W\d][^:]{1,39}?)\s*:\s+(?P<value>\S.*)$")
_WORD = re.compile(r"[^\W\d_][\w'’/-]*")


@dataclass
class _Record:
    name: Paragraph
    values: dict[str, str] = field(default_factory=dict)


def _label(paragraph: Paragraph) -> tuple[str, str] | None:
    match = _LABELLED.match(paragraph.text)
    if match is None or len(match.group("label").split()) > 5:
        return None
    return " ".join(match.group("label").split()), match.group("value").strip()


def find_records(paragraphs: list[Paragraph]) -> list[Block] | None:
    """The run as blocks with its records made a table, or None when it holds none."""
    labelled = [_label(paragraph) for paragraph in paragraphs]
    counts = Counter(found[0].lower() for found in labelled if found)
    labels = {label for label, count in counts.items() if count >= _MIN_RECORDS}
    if len(labels) < 2:
        return None
    records: list[_Record] = []
    first = last = None
    for index, (paragraph, found) in enumerate(zip(paragraphs, labelled, strict=True)):
        if found and found[0].lower() in labels and records and first is not None:
            records[-1].values.setdefault(found[0], found[1])
            last = index
        elif _opens_record(paragraphs, labelled, labels, index):
            records.append(_Record(name=paragraph))
            first = index if first is None else first
        elif records:
            break
    if len(records) < _MIN_RECORDS or first is None or last is None:
        return None
    order = list(dict.fromkeys(label for record in records for label in record.values))
    header = [_first_label(paragraphs[:first], order), *order]
    rows = [Row(cells=header, where=records[0].name.where)]
    rows += [Row(cells=[" ".join(record.name.text.split()), *(record.values.get(label, "") for label in order)],
                 where=record.name.where) for record in records]
    return [*paragraphs[:first], Table(rows=rows, where=rows[0].where), *paragraphs[last + 1:]]


def _opens_record(paragraphs: list[Paragraph], labelled: list[tuple[str, str] | None], labels: set[str],
                  index: int) -> bool:
    """A line naming a record: short, no label of its own, and a labelled line right under it."""
    text = paragraphs[index].text.strip()
    following = labelled[index + 1] if index + 1 < len(labelled) else None
    own = labelled[index]
    return (bool(text) and len(text) <= _LONGEST_NAME and (own is None or own[0].lower() not in labels)
            and following is not None and following[0].lower() in labels)


def _first_label(before: list[Paragraph], labels: list[str]) -> str:
    """The word of the heading above the records that names what they are ("Stakeholder"), if one does."""
    taken = {role_of(label) for label in labels}
    for paragraph in reversed(before[-2:]):
        for word in _WORD.findall(paragraph.text):
            role = role_of(word)
            if role is not None and role not in taken and role != "number":
                return str(word)
    return ""
