"""Importing plans people already have into ``holos.plan/1`` documents.

Two layers. A reader turns one file format into paragraphs and tables
(``blocks.Block``): ``text`` reads plain text as it comes out of Word, PDF or a web
page; DOCX, XLSX and ODS readers are to produce the same blocks. The interpreter
(``interpret``) finds the plans in those blocks, whatever format they came from, and
says what it guessed.

    document = read_path("plan.txt")
    document.plans[0].goals[0].tasks[0].activities[0].schedule
"""

from __future__ import annotations

from pathlib import Path

from holos.core.document import PlanDocument
from holos.core.importers.interpret import interpret
from holos.core.importers.text import detect_format, read_blocks

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".tsv", ".tab", ".md", ".markdown"})
# Formats people will try, with what to do about them until their readers exist.
LATER_SUFFIXES = {
    ".docx": "DOCX", ".doc": "DOC", ".odt": "ODT", ".xlsx": "XLSX", ".xls": "XLS",
    ".ods": "ODS", ".pdf": "PDF", ".rtf": "RTF", ".csv": "CSV",
}


class UnreadableSource(Exception):
    """A file that cannot be read as a plan at all; the message is one line for a person."""


def read_text(text: str, *, filename: str = "") -> PlanDocument:
    """Import a plan from text already in memory (pasted, or read from a file)."""
    if "\x00" in text:
        raise UnreadableSource(f"{_name(filename)} is binary, not text.")
    if not text.strip():
        raise UnreadableSource(f"{_name(filename)} is empty.")
    result = interpret(read_blocks(text))
    return PlanDocument(
        plans=result.plans,
        source={"file": filename, "format": detect_format(text)},
        warnings=result.findings.warnings,
    )


def read_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> PlanDocument:
    """Import the plans in a file, or raise ``UnreadableSource`` saying why it cannot be."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in LATER_SUFFIXES:
        raise UnreadableSource(
            f"{path.name}: {LATER_SUFFIXES[suffix]} files cannot be imported yet; "
            "copy the plan into a .txt file and import that."
        )
    if suffix not in TEXT_SUFFIXES:
        allowed = ", ".join(sorted(TEXT_SUFFIXES))
        raise UnreadableSource(f"{path.name}: unsupported file type; use one of {allowed}.")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableSource(
                f"{path.name} is {size} bytes, more than the limit of {max_bytes} bytes."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(f"{path.name} cannot be opened: {exc.strerror}.") from exc
    return read_text(_decode(data, path.name), filename=path.name)


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise UnreadableSource(f"{name} is empty.")
    if b"\x00" in data:
        raise UnreadableSource(f"{name} is binary, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableSource(
            f"{name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again."
        ) from exc


def _name(filename: str) -> str:
    return filename or "The text"


__all__ = ["MAX_BYTES", "UnreadableSource", "read_path", "read_text"]
