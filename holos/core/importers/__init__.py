"""Importing plans people already have into ``holos.plan/1`` documents.

Two layers. A reader turns one file format into paragraphs and tables
(``blocks.Block``): ``text`` reads plain text as it comes out of Word, PDF or a web
page; ``csv``, ``docx``, ``xlsx``, ``odt``, ``ods`` and ``pdf`` read those formats into
the same blocks, with the merged and shaded cells of their tables made to look like a
text copy (``grid``). The interpreter (``interpret``) finds the plans in those blocks,
whatever format they came from, and says what it guessed.

    document = read_path("plan.docx")
    document.plans[0].goals[0].tasks[0].activities[0].schedule

A file is read by what it is, not only by its name: the first bytes tell a zip
container (DOCX, XLSX, ODT, ODS), a PDF, or an old or encrypted Office file apart, and
the parts inside a zip tell which kind of document it holds. A document read as another
kind than its name says gets a warning; a file named as a document that it is not is
refused. ``source["format"]`` is always a media type (see ``formats``), and
``UnreadableSource`` carries a translatable ``template`` and its ``params``.

A person who saw what was guessed can choose the role of columns and read the file again:

    document = read_path("plan.txt", columns={})                 # lists the plan tables
    document.source["tables"]   # [{"id": "line 8", "where": "line 8", "columns": [...]}]
    document = read_path("plan.txt", columns={"line 8": {2: "channels", 4: "ignore"}})

``headers`` marks, for a table by its ``id``, which of its rows (from 0) is the header
line; the rows above it are read as text, and the labels of that row name the columns.

``columns`` maps a table's ``id`` to roles (``headers.COLUMN_ROLES``) by column index,
from 0; a table's id is its place in the source, the place its first row has ("line 8",
"table 2, row 1", 'sheet "Plan", row 4'). Only when ``columns`` is given (even empty)
does ``source`` list the plan tables, so a reading without it is as it always was.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from holos.core.document import PlanDocument, Warning, gettext_noop
from holos.core.importers import formats
from holos.core.importers.archive import DOCX, ODS, ODT, XLSX, container_of, open_archive
from holos.core.importers.convert import convert
from holos.core.importers.csv import read_csv
from holos.core.importers.formats import Reading, UnreadableSource
from holos.core.importers.headers import COLUMN_ROLES
from holos.core.importers.html import looks_like_html, read_html
from holos.core.importers.interpret import ColumnChoices, HeaderChoices, Interpretation, interpret
from holos.core.importers.limits import LimitReached, counting
from holos.core.importers.text import detect_format, read_blocks

MAX_BYTES = 20 * 1024 * 1024
PDF = "pdf"
TEXT_SUFFIXES = frozenset({".txt", ".text", ".tab", ".md", ".markdown"})
CSV_SUFFIXES = {".csv": None, ".tsv": "\t"}
# The kind of document a name promises, and how a person calls it.
DOCUMENT_SUFFIXES = {".docx": DOCX, ".xlsx": XLSX, ".odt": ODT, ".ods": ODS, ".pdf": PDF}
LABELS = {DOCX: "Word (.docx)", XLSX: "Excel (.xlsx)", ODT: "OpenDocument text (.odt)",
          ODS: "OpenDocument spreadsheet (.ods)", PDF: "PDF"}
MEDIA_TYPES = {DOCX: formats.DOCX, XLSX: formats.XLSX, ODT: formats.ODT, ODS: formats.ODS, PDF: formats.PDF}
HTML_SUFFIXES = frozenset({".html", ".htm"})
# Old formats LibreOffice converts: what each is taken for, and its media type.
OLD_SUFFIXES = {".doc": ".doc", ".dot": ".doc", ".rtf": ".rtf", ".xls": ".xls", ".xlt": ".xls"}
OLD_MEDIA_TYPES = {".doc": formats.DOC, ".rtf": formats.RTF, ".xls": formats.XLS}
SUFFIXES = sorted({*TEXT_SUFFIXES, *CSV_SUFFIXES, *DOCUMENT_SUFFIXES, *HTML_SUFFIXES, *OLD_SUFFIXES})

_OLD_OR_ENCRYPTED = gettext_noop(
    "%(name)s is an encrypted or old-format (.doc/.xls) file; remove its password, or save it as .docx or "
    ".xlsx, and import it again.")
_MACROS = gettext_noop(
    "%(name)s is a macro-enabled file, which is not imported; save it as .docx or .xlsx (without macros) and "
    "import that.")
_REFUSED_SUFFIXES = {
    ".docm": _MACROS, ".dotm": _MACROS, ".xlsm": _MACROS, ".xltm": _MACROS, ".xlsb": _MACROS,
}
_MACRO_SUFFIXES = frozenset({".docm", ".dotm", ".xlsm", ".xltm"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def read_text(text: str, *, filename: str = "", columns: ColumnChoices | None = None,
              headers: HeaderChoices | None = None) -> PlanDocument:
    """Import a plan from text already in memory (pasted, or read from a file).

    ``columns``: the roles a person chose for columns of tables (see the module's text).
    """
    if "\x00" in text:
        raise _refusal(filename, gettext_noop("%(name)s is binary, not text."),
                       gettext_noop("The text is binary, not text."))
    if not text.strip():
        raise _refusal(filename, gettext_noop("%(name)s is empty."), gettext_noop("The text is empty."))
    if looks_like_html(text):
        reading = read_html(text)
        if reading.blocks:
            return _document(reading, filename, formats.HTML, columns, headers)
    result = interpret(read_blocks(text), columns=columns, headers=headers)
    return PlanDocument(
        plans=result.plans,
        source=_source(filename, detect_format(text), result, columns),
        warnings=result.findings.warnings,
    )


def read_path(path: str | Path, *, max_bytes: int = MAX_BYTES,
              columns: Mapping[str, Mapping[int, str]] | None = None,
               headers: HeaderChoices | None = None) -> PlanDocument:
    """Import the plans in a file, or raise ``UnreadableSource`` saying why it cannot be.

    ``columns``: the roles a person chose for columns of tables (see the module's text).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(path.name, size, max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(gettext_noop("%(name)s cannot be opened: %(reason)s."),
                               name=path.name, reason=exc.strerror or type(exc).__name__) from exc
    return read_bytes(data, filename=path.name, max_bytes=max_bytes, columns=columns, headers=headers)


def read_bytes(data: bytes, *, filename: str, max_bytes: int = MAX_BYTES,
               columns: Mapping[str, Mapping[int, str]] | None = None,
               headers: HeaderChoices | None = None) -> PlanDocument:
    """Import the plans in a file's content; ``filename`` gives its name and extension.

    ``columns``: the roles a person chose for columns of tables (see the module's text).
    What the readers read is counted against ``limits.LIMITS``; a file past one of them
    raises ``LimitReached``.
    """
    with counting(Path(filename).name or "The file"):
        return _read_bytes(data, filename=filename, max_bytes=max_bytes, columns=columns, headers=headers)


def refuse_at_sight(data: bytes, filename: str, max_bytes: int = MAX_BYTES) -> None:
    """Raise ``UnreadableSource`` for a file refused by its size, name or first bytes alone.

    These checks cost nothing, so a person hears of such a file at once; reading it (in the
    background) may still refuse it later.
    """
    name = Path(filename).name or "The file"
    suffix = Path(filename).suffix.lower()
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    if not data.strip():
        raise UnreadableSource(gettext_noop("%(name)s is empty."), name=name)
    if suffix in _MACRO_SUFFIXES:
        raise UnreadableSource(_MACROS, name=name)
    recognised = data.startswith((_OLE_MAGIC, b"{\\rtf", *_ZIP_MAGIC)) or data.startswith(b"%PDF-")
    known = {*TEXT_SUFFIXES, *CSV_SUFFIXES, *DOCUMENT_SUFFIXES, *HTML_SUFFIXES, *OLD_SUFFIXES, *_REFUSED_SUFFIXES}
    if not recognised and suffix not in known:
        raise UnreadableSource(gettext_noop("%(name)s: unsupported file type; use one of %(allowed)s."),
                               name=name, allowed=", ".join(SUFFIXES))


def _read_bytes(data: bytes, *, filename: str, max_bytes: int,
                columns: Mapping[str, Mapping[int, str]] | None,
                headers: HeaderChoices | None) -> PlanDocument:
    name = Path(filename).name or "The file"
    suffix = Path(filename).suffix.lower()
    refuse_at_sight(data, filename, max_bytes)
    found = _read_by_content(data, name=name, suffix=suffix, max_bytes=max_bytes, columns=columns, headers=headers)
    if found is not None:
        return found
    if suffix in DOCUMENT_SUFFIXES:
        raise _not_what_it_says(data, name, DOCUMENT_SUFFIXES[suffix])
    if suffix in _REFUSED_SUFFIXES:
        raise UnreadableSource(_REFUSED_SUFFIXES[suffix], name=name)
    if suffix in HTML_SUFFIXES or (suffix in OLD_SUFFIXES and looks_like_html(data[:4096].decode("utf-8", "ignore"))):
        return _read_html(data, name, columns, headers)
    if suffix in OLD_SUFFIXES:
        raise UnreadableSource(_OLD_OR_ENCRYPTED, name=name)
    if suffix in CSV_SUFFIXES:
        return _read_csv(data, name, suffix, columns, headers)
    if suffix not in TEXT_SUFFIXES:
        raise UnreadableSource(gettext_noop("%(name)s: unsupported file type; use one of %(allowed)s."),
                               name=name, allowed=", ".join(SUFFIXES))
    return read_text(_decode(data, name), filename=name, columns=columns, headers=headers)


def _read_by_content(data: bytes, *, name: str, suffix: str, max_bytes: int,
                     columns: Mapping[str, Mapping[int, str]] | None,
                     headers: HeaderChoices | None) -> PlanDocument | None:
    """A file told by its first bytes (old Office, RTF, a ZIP container, PDF), or None to go by its name."""
    if data.startswith(_OLE_MAGIC) and suffix in OLD_SUFFIXES:
        return _read_old(data, name, OLD_SUFFIXES[suffix], columns, max_bytes, headers)
    if data.startswith(_OLE_MAGIC):  # an encrypted .docx or .xlsx is such a file too
        raise UnreadableSource(_OLD_OR_ENCRYPTED, name=name)
    if data.startswith(b"{\\rtf"):
        return _read_old(data, name, ".rtf", columns, max_bytes, headers)
    if suffix in _MACRO_SUFFIXES:
        raise UnreadableSource(_MACROS, name=name)
    if data.startswith(_ZIP_MAGIC):
        return _read_container(data, name, suffix, columns, headers)
    if data.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return _read_document(PDF, data, name, suffix, columns=columns, headers=headers)
    return None


def _read_container(data: bytes, name: str, suffix: str, columns: ColumnChoices | None,
              headers: HeaderChoices | None = None) -> PlanDocument:
    archive = open_archive(data, name)
    with _library_errors(name, "zip"):
        container = container_of(archive, name)
    if not container.kind:
        raise UnreadableSource(gettext_noop(
            "%(name)s is in the %(kind)s format, which cannot be imported; save the plan as .docx, .xlsx, .odt, "
            ".ods or .pdf and import that."), name=name, kind=container.label)
    return _read_document(container.kind, data, name, suffix, archive=archive, columns=columns, headers=headers)


def _read_document(kind: str, data: bytes, name: str, suffix: str, *, archive: zipfile.ZipFile | None = None,
                   columns: ColumnChoices | None = None,
              headers: HeaderChoices | None = None) -> PlanDocument:
    """Read a document of a known kind, and say so when its name promised another."""
    notes: list[Warning] = []
    promised = DOCUMENT_SUFFIXES.get(suffix)
    if promised != kind:
        notes.append(Warning.of("document", gettext_noop(
            "%(name)s is in fact in the %(kind)s format, whatever its name says; it was read in that format."),
            name=name, kind=LABELS[kind]))
    # Each reader is imported when a document of its kind comes: together they load
    # python-docx, openpyxl and pdfplumber, which every command and page would pay for.
    with _library_errors(name, LABELS[kind]):
        if kind == DOCX:
            from holos.core.importers.docx import read_docx

            reading = read_docx(data)
        elif kind == XLSX:
            from holos.core.importers.xlsx import read_xlsx

            reading = read_xlsx(archive if archive is not None else data)
        elif kind == ODS:
            from holos.core.importers.ods import read_ods

            assert archive is not None
            reading = read_ods(archive)
        elif kind == ODT:
            from holos.core.importers.odt import read_odt

            assert archive is not None
            reading = read_odt(archive)
        else:
            from holos.core.importers.pdf import read_pdf

            reading = read_pdf(data, name)
    if not reading.blocks:
        raise UnreadableSource(gettext_noop("%(name)s holds no text."), name=name)
    reading.warnings[:0] = notes
    return _document(reading, name, MEDIA_TYPES[kind], columns, headers)


def _read_old(data: bytes, name: str, kind: str, columns: ColumnChoices | None, max_bytes: int,
              headers: HeaderChoices | None = None) -> PlanDocument:
    """A .doc, .xls or RTF file, read after LibreOffice converted it to .docx or .xlsx."""
    converted, suffix = convert(data, name, kind)
    document = read_bytes(converted, filename=f"{Path(name).stem}{suffix}", max_bytes=max(max_bytes, len(converted)),
                          columns=columns, headers=headers)
    document.source = {**(document.source or {}), "file": name, "format": OLD_MEDIA_TYPES[kind]}
    document.warnings.insert(0, Warning.of("document", gettext_noop(
        "%(name)s is in an old format; LibreOffice converted it to %(kind)s to read it."),
        name=name, kind=LABELS[DOCX if suffix == ".docx" else XLSX]))
    return document


def _read_html(data: bytes, name: str, columns: ColumnChoices | None,
              headers: HeaderChoices | None = None) -> PlanDocument:
    with _library_errors(name, "HTML"):
        reading = read_html(data)
    if not reading.blocks:
        raise UnreadableSource(gettext_noop("%(name)s holds no text."), name=name)
    return _document(reading, name, formats.HTML, columns, headers)


def _read_csv(data: bytes, name: str, suffix: str, columns: ColumnChoices | None,
              headers: HeaderChoices | None = None) -> PlanDocument:
    reading = read_csv(data, name, delimiter=CSV_SUFFIXES[suffix])
    if not reading.blocks:
        raise UnreadableSource(gettext_noop("%(name)s is empty."), name=name)
    media_type = formats.TSV if suffix == ".tsv" else formats.CSV
    return _document(reading, name, media_type, columns, headers)


def _document(reading: Reading, name: str, media_type: str, columns: ColumnChoices | None,
              headers: HeaderChoices | None = None) -> PlanDocument:
    result = interpret(reading.blocks, columns=columns, headers=headers)
    return PlanDocument(
        plans=result.plans,
        source=_source(name, media_type, result, columns),
        warnings=[*reading.warnings, *result.findings.warnings],
    )


def _source(name: str, media_type: str, result: Interpretation, columns: ColumnChoices | None) -> dict[str, Any]:
    """The document's ``source``; with the plan tables and their columns when choices were asked for."""
    source: dict[str, Any] = {"file": name, "format": media_type}
    if columns is not None:
        source["tables"] = result.tables
    return source


@contextmanager
def _library_errors(name: str, kind: str) -> Iterator[None]:
    """A damaged file makes the libraries fail in their own ways; a person gets one line.

    Every exception is caught here because python-docx, openpyxl, lxml, zipfile and
    pdfminer each raise their own classes (and plain ``KeyError``, ``ValueError``) for a
    file that is not what it should be; the original stays chained for the log.
    """
    try:
        yield
    except (UnreadableSource, MemoryError):
        raise
    except Exception as exc:
        if "memory allocation failed" in str(exc).lower():  # lxml's way of saying MemoryError
            raise MemoryError(str(exc)) from exc
        raise UnreadableSource(gettext_noop("%(name)s cannot be read in the %(kind)s format; it may be damaged."),
                               name=name, kind=kind) from exc


def _not_what_it_says(data: bytes, name: str, kind: str) -> UnreadableSource:
    """A file named .docx (or .pdf …) whose content is something else."""
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        is_text = False
    else:
        is_text = b"\x00" not in data[:4096]
    if is_text:
        return UnreadableSource(gettext_noop(
            "%(name)s is not in the %(kind)s format: it holds plain text. Save the plan as %(kind)s again, or "
            "give the file a .txt name."), name=name, kind=LABELS[kind])
    return UnreadableSource(gettext_noop("%(name)s is not in the %(kind)s format, or it is damaged."),
                            name=name, kind=LABELS[kind])


def _too_large(name: str, size: int, limit: int) -> UnreadableSource:
    return UnreadableSource(gettext_noop("%(name)s is %(size)s bytes, more than the limit of %(limit)s bytes."),
                            name=name, size=size, limit=limit)


def _refusal(filename: str, named: str, unnamed: str) -> UnreadableSource:
    return UnreadableSource(named, name=filename) if filename else UnreadableSource(unnamed)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise UnreadableSource(gettext_noop("%(name)s is binary, not text."), name=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableSource(
            gettext_noop("%(name)s is not UTF-8 text (byte %(byte)s); save it as UTF-8 and try again."),
            name=name, byte=exc.start,
        ) from exc


__all__ = ["COLUMN_ROLES", "MAX_BYTES", "ColumnChoices", "HeaderChoices", "LimitReached", "UnreadableSource",
           "read_bytes", "read_path", "read_text", "refuse_at_sight"]
