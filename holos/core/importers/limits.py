"""How much of a document the readers take before they stop: limits no real plan reaches.

A plan is a few tables of tens or hundreds of rows. A file within the upload size can
still hold a million rows, thousands of tables or a PDF stream that inflates to
gigabytes, and reading it would take minutes and gigabytes of memory. Each reader counts
what it reads as it reads it (rows, cells, tables, paragraphs, characters, pages, and
the bytes PDF streams and XML parts unpack to) and stops at the first limit passed,
with ``LimitReached``: an ``UnreadableSource`` whose sentence names the limit, and whose
``limit`` says which one it was (for logs and tests).

    with counting("plan.docx"):
        reading = read_docx(data)     # the reader calls tally().row(...) and so on

A reader called outside ``counting`` counts with the default limits all the same, on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from holos.core.document import gettext_noop
from holos.core.importers.formats import UnreadableSource

_MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The most a document may hold; each is many times what a real plan has."""

    rows: int = 20_000  # table rows (and sheet rows), all tables together
    columns: int = 200  # cells in one row
    cells: int = 500_000  # table cells, all tables together
    sheet_cells: int = 500_000  # cells a workbook's sheets hold, empty formatted ones too
    tables: int = 500
    nesting: int = 12  # tables in cells of tables, and content controls in them
    paragraphs: int = 20_000
    characters: int = 20_000_000  # text in cells and paragraphs
    pages: int = 300  # PDF pages read; the rest are left with a warning
    page_drawing: int = 20_000  # lines and rectangles on one PDF page
    page_content_bytes: int = 4 * _MEGABYTE  # one PDF page's drawing instructions, inflated
    stream_bytes: int = 32 * _MEGABYTE  # one PDF stream, inflated
    inflated_bytes: int = 128 * _MEGABYTE  # every PDF stream read, inflated, together
    xml_bytes: int = 48 * _MEGABYTE  # one XML part of an office document, unpacked


LIMITS = Limits()

_MESSAGES = {
    "rows": gettext_noop("%(name)s has more than %(limit)s table rows, far more than a plan has; it was not read "
                         "further."),
    "columns": gettext_noop("%(name)s has a row of more than %(limit)s cells (%(where)s), far more than a plan "
                            "has; it was not read further."),
    "cells": gettext_noop("%(name)s has more than %(limit)s table cells, far more than a plan has; it was not "
                          "read further."),
    "sheet_cells": gettext_noop("The sheets of %(name)s hold more than %(limit)s cells (empty formatted cells "
                                "count too), far more than a plan has; it was not opened."),
    "tables": gettext_noop("%(name)s has more than %(limit)s tables, far more than a plan has; it was not read "
                           "further."),
    "nesting": gettext_noop("%(name)s nests tables inside tables more than %(limit)s deep, which no plan does; it "
                            "was not read further."),
    "paragraphs": gettext_noop("%(name)s has more than %(limit)s paragraphs, far more than a plan has; it was not "
                               "read further."),
    "characters": gettext_noop("%(name)s holds more than %(limit)s characters of text, far more than a plan has; "
                               "it was not read further."),
    "page_drawing": gettext_noop("Page %(page)s of %(name)s draws more than %(limit)s lines and rectangles, far "
                                 "more than a table needs; it was not read further."),
    "page_content_bytes": gettext_noop("Page %(page)s of %(name)s holds more than %(limit)s MB of drawing "
                                       "instructions, far more than a page of a plan; it was not read further."),
    "stream_bytes": gettext_noop("%(name)s holds a compressed part that unpacks to more than %(limit)s MB, which "
                                 "no plan needs (it may be a decompression bomb); it was not read further."),
    "inflated_bytes": gettext_noop("The compressed parts of %(name)s unpack to more than %(limit)s MB together, "
                                   "which no plan needs; it was not read further."),
    "xml_bytes": gettext_noop("%(name)s holds a part (%(part)s) that unpacks to %(size)s MB, more than the "
                              "%(limit)s MB a document needs; it was not opened."),
    # The child process that reads a document, stopped by the operating system (see ``sandbox``).
    "cpu_seconds": gettext_noop("Reading %(name)s took more than %(limit)s seconds of work, far more than a plan "
                                "needs; it was stopped."),
    "wall_seconds": gettext_noop("Reading %(name)s took more than %(limit)s seconds, far more than a plan needs; "
                                 "it was stopped."),
    "memory_bytes": gettext_noop("Reading %(name)s needed more than %(limit)s MB of memory, far more than a plan "
                                 "needs; it was stopped."),
    "output_bytes": gettext_noop("%(name)s makes a plan of more than %(limit)s MB, far more than a plan is; it was "
                                 "stopped."),
}
_IN_MEGABYTES = frozenset({"page_content_bytes", "stream_bytes", "inflated_bytes", "xml_bytes"})


class LimitReached(UnreadableSource):
    """A document passed one of the limits; ``limit`` names which (a field of ``Limits``)."""

    def __init__(self, reached: str, **params: Any) -> None:
        super().__init__(_MESSAGES[reached], **params)
        self.limit = reached


@dataclass
class Tally:
    """What one document's readers have read so far, against its limits."""

    name: str = "The file"
    limits: Limits = LIMITS
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, limit: str, amount: int = 1, **params: Any) -> None:
        """Count ``amount`` more of ``limit`` and stop the reading when it is passed."""
        total = self.counts.get(limit, 0) + amount
        self.counts[limit] = total
        if total > getattr(self.limits, limit):
            self.stop(limit, **params)

    def check(self, limit: str, amount: int, **params: Any) -> None:
        """Stop when one thing (a row, a page, a stream) is larger than ``limit`` allows on its own."""
        if amount > getattr(self.limits, limit):
            self.stop(limit, **params)

    def stop(self, limit: str, **params: Any) -> None:
        allowed = getattr(self.limits, limit)
        shown = max(1, allowed // _MEGABYTE) if limit in _IN_MEGABYTES else allowed
        raise LimitReached(limit, name=self.name, limit=shown, **params)

    def row(self, cells: list[str], *, where: str = "") -> None:
        """One table row read, with the text of its cells (empty cells count as columns only)."""
        self.check("columns", len(cells), where=where)
        self.add("rows")
        self.add("cells", len(cells) - cells.count(""))
        self.add("characters", sum(map(len, cells)))

    def paragraph(self, text: str) -> None:
        self.add("paragraphs")
        self.add("characters", len(text))

    def table(self) -> None:
        self.add("tables")


_current: ContextVar[Tally | None] = ContextVar("holos_import_tally", default=None)


@contextmanager
def counting(name: str, limits: Limits = LIMITS) -> Iterator[Tally]:
    """Count what the readers read of one document within ``limits``."""
    token = _current.set(Tally(name=name, limits=limits))
    try:
        yield tally()
    finally:
        _current.reset(token)


def tally() -> Tally:
    """The tally of the document being read; outside ``counting``, a fresh one with the default limits.

    A reader takes it once, when it starts, and counts into it as it goes.
    """
    current = _current.get()
    return Tally() if current is None else current
