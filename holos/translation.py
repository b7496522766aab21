"""The pure core's messages and places in the person's language.

``holos.core`` speaks English: a message is an English msgid with named params (marked
with ``gettext_noop``), and a place in a document is a key such as "table 2, row 5" or
'sheet "План", row 4'. Pages and the command line show both through these functions;
the keys themselves stay English, as the core matches warnings to rows by them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# One part of a place: "document", "line 14", "paragraph 3", "table 2", "page 1", "row 5",
# 'sheet "Plan"'. A table met again is numbered on: "table 2 (2)".
_PART = re.compile(
    r'^(?:(?P<kind>document|line|paragraph|table|page|row)(?: (?P<number>\d+))?(?: \((?P<again>\d+)\))?'
    r'|sheet "(?P<sheet>.*)")$'
)


# The words for a numbered part, translated only for the kind met: a preview names a place for every row.
_NUMBERED = {
    "line": lambda: pgettext("place in a document", "line %(number)s"),
    "paragraph": lambda: pgettext("place in a document", "paragraph %(number)s"),
    "table": lambda: pgettext("place in a document", "table %(number)s"),
    "page": lambda: pgettext("place in a document", "page %(number)s"),
    "row": lambda: pgettext("place in a document", "row %(number)s"),
}


def core_message(template: str, params: Mapping[str, Any] | None, english: str) -> str:
    """A message of the core in the person's language.

    The core fills in the English sentence itself; when a translation cannot be filled in
    with these params, the English sentence is still better than nothing.
    """
    if not template:
        return english
    try:
        return _(template) % params if params else _(template)
    except (KeyError, TypeError, ValueError):
        return english


def place(where: str) -> str:
    """A place in a document, in the person's language ("таблиця 2, рядок 5").

    A place the core writes in a way not known here is shown as it is.
    """
    parts = _split(where)
    words = [_part(part) for part in parts]
    if not where or any(word is None for word in words):
        return where
    return ", ".join(word for word in words if word is not None)


def _split(where: str) -> list[str]:
    """The parts of a place; a sheet's name may itself hold ", "."""
    sheet = re.match(r'^(sheet ".*")(?:, (.*))?$', where)
    if sheet:
        return [sheet.group(1), *(sheet.group(2).split(", ") if sheet.group(2) else [])]
    return where.split(", ")


def _part(text: str) -> str | None:
    match = _PART.match(text)
    if match is None:
        return None
    if match.group("sheet") is not None:
        return pgettext("place in a document", "sheet “%(name)s”") % {"name": match.group("sheet")}
    kind, number = match.group("kind"), match.group("number")
    if kind == "document":
        return pgettext("place in a document", "the document")
    if number is None:
        return None
    word = _NUMBERED[kind]() % {"number": number}
    if match.group("again"):
        word = pgettext("place in a document", "%(place)s (again, %(count)s)") % {
            "place": word, "count": match.group("again")}
    return word
