"""What every reader gives back, and the one way a reader says a file cannot be read.

A reader turns the bytes of one file format into blocks (``blocks.Block``) and the
warnings about what it guessed on the way (marks read from shading, an encoding
guessed); the interpreter then finds the plans in the blocks. A file that cannot be
read at all raises ``UnreadableSource`` with one sentence for a person.

``source["format"]`` of an imported document is always a media type: one of the
constants below for files read by their own reader, and "text/plain",
"text/tab-separated" or "text/markdown" for plain text (see ``text.detect_format``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from holos.core.document import Warning
from holos.core.importers.blocks import Block

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
PDF = "application/pdf"
CSV = "text/csv"
TSV = "text/tab-separated-values"
HTML = "text/html"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
RTF = "application/rtf"


class UnreadableSource(Exception):
    """A file that cannot be read as a plan at all; the message is one line for a person.

    ``template`` is the English sentence marked for translation, with ``%(name)s``
    placeholders filled from ``params``; ``str(exc)`` is the sentence filled in, so a
    reader in another language can be shown ``gettext(template) % params`` instead.
    """

    def __init__(self, template: str, **params: Any) -> None:
        message = template % params if params else template
        super().__init__(message)
        self.template = template
        self.params = params
        self.message = message


@dataclass
class Reading:
    """The blocks read from one file, and what the reader had to guess to read them."""

    blocks: list[Block] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
