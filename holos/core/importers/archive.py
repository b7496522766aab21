"""Opening office documents safely: the zip container and the XML inside it.

DOCX, XLSX, ODT and ODS files are zip archives of XML parts, and an uploaded file is
not to be trusted. Before any library opens one, the archive's directory is read and
the file is refused when it would unpack to far more than a document ever does (a zip
bomb), holds thousands of parts, or is password-protected. Python's ``zipfile`` never
unpacks more than the size an entry declares, so a directory that lies about sizes
cannot get past these limits either.

XML that we parse ourselves (OpenDocument parts) goes through ``parse_xml``, which
neither expands entities nor reaches the network. python-docx parses with
``resolve_entities=False``, and openpyxl with lxml (``resolve_entities=False``) and
``defusedxml`` for worksheets.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO

from lxml import etree

from holos.core.document import gettext_noop
from holos.core.importers.formats import UnreadableSource
from holos.core.importers.limits import Tally, tally

MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_EXPANSION = 100  # the whole archive unpacked, over the file's size
MAX_ENTRY_RATIO = 500  # one part unpacked over packed; deflate tops out near 1,030
_RATIO_FLOOR = 1024 * 1024  # small parts may compress well without harm
_MEGABYTE = 1024 * 1024
_HEAD = 4 * 1024 * 1024  # the most read of a part that only names a type

# The kinds of document a zip container can be, told by the parts only that kind has.
DOCX, XLSX, ODT, ODS = "docx", "xlsx", "odt", "ods"
_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": ODT,
    "application/vnd.oasis.opendocument.spreadsheet": ODS,
}
_PASSWORD = gettext_noop("%(name)s is password-protected; remove the password and import it again.")


@dataclass(frozen=True)
class Container:
    """What the archive holds: a kind we read (``docx`` …, or "" for none) and a label."""

    kind: str
    label: str


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xml(data: bytes) -> etree._Element:
    """Parse one XML part without expanding entities or loading anything from outside."""
    return etree.fromstring(data, parser=_SAFE_PARSER)


def open_archive(data: bytes, name: str) -> zipfile.ZipFile:
    """The zip archive in ``data``, after checking that it is safe to unpack.

    Raises ``UnreadableSource`` for a damaged archive, a zip bomb, too many parts or an
    encrypted part.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableSource(gettext_noop("%(name)s is damaged: it is not a readable zip container."),
                               name=name) from exc
    if len(entries) > MAX_ENTRIES:
        raise UnreadableSource(
            gettext_noop("%(name)s holds %(count)s parts, more than the %(limit)s a document may have; "
                         "it was not opened."),
            name=name, count=len(entries), limit=MAX_ENTRIES,
        )
    unpacked = sum(entry.file_size for entry in entries)
    limit = min(MAX_UNPACKED_BYTES, MAX_EXPANSION * max(len(data), 1))
    if unpacked > limit:
        raise UnreadableSource(
            gettext_noop("%(name)s would unpack to %(size)s MB, more than the %(limit)s MB allowed for a file "
                         "of its size; it was not opened (it may be a zip bomb)."),
            name=name, size=_megabytes(unpacked), limit=_megabytes(limit),
        )
    counted = tally()
    for entry in entries:
        if entry.filename.lower().endswith((".xml", ".rels")):
            counted.check("xml_bytes", entry.file_size, part=entry.filename[:100], size=_megabytes(entry.file_size))
        if entry.file_size > _RATIO_FLOOR and entry.file_size > MAX_ENTRY_RATIO * max(entry.compress_size, 1):
            raise UnreadableSource(
                gettext_noop("%(name)s holds a part packed %(ratio)s times smaller than its content, which no "
                             "document is; it was not opened (it may be a zip bomb)."),
                name=name, ratio=entry.file_size // max(entry.compress_size, 1),
            )
        if entry.flag_bits & 0x1:
            raise UnreadableSource(_PASSWORD, name=name)
    return archive


def count_elements(data: bytes | zipfile.ZipFile, parts: Callable[[str], bool], limits: Mapping[str, str | None],
                   counted: Tally) -> None:
    """Count elements of the XML parts named by ``parts`` before a library builds them, stopping at a limit.

    ``limits`` maps an element's local name ("tr", "c") to the limit its count must stay
    within (None: only counted). python-docx and openpyxl build a whole part in memory;
    here the part is streamed, so a part of a million rows is refused in a moment and in
    little memory.

    A part in an encoding that writes "<" as one byte (UTF-8, the single-byte ones) is
    counted by its start tags, bytes only, without parsing it: that is several times
    quicker than parsing, and the part is parsed once more anyway to be read. A "<c " inside
    a comment or a CDATA section counts too, which only makes the limit stricter. A part
    in another encoding (UTF-16) is parsed to be counted.
    """
    archive = data if isinstance(data, zipfile.ZipFile) else zipfile.ZipFile(io.BytesIO(data))
    for part in archive.namelist():
        if not parts(part):
            continue
        counts = dict.fromkeys(limits, 0)
        with archive.open(part) as stream:
            head = stream.read(_CHUNK)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                _count_start_tags(head, stream, limits, counts, counted)
                continue
        with archive.open(part) as stream:
            _count_parsed(stream, limits, counts, counted)


_CHUNK = 1024 * 1024
_LONGEST_TAG = 128  # "<", a namespace prefix of up to 64 characters, ":", a name and what follows it


def _count_start_tags(head: bytes, stream: IO[bytes], limits: Mapping[str, str | None], counts: dict[str, int],
                      counted: Tally) -> None:
    """Count the start tags of the named elements, chunk after chunk.

    A start tag holds no "<" after its first byte, so every tag that starts before the
    last "<" of what was read ends before it; the rest waits for the next chunk, unless it
    is already longer than any start tag can be.
    """
    names = b"|".join(re.escape(name.encode()) for name in limits)
    tag = re.compile(rb"<(?:[^\s<>:/!?]{1,64}:)?(" + names + rb")[\s/>]")
    data = head
    while True:
        chunk = stream.read(_CHUNK)
        data += chunk
        cut = data.rfind(b"<")
        if not chunk or cut < 0 or len(data) - cut > _LONGEST_TAG:
            cut = len(data)
        for name, found in Counter(tag.findall(data, 0, cut)).items():
            counts[name.decode()] += found
        for name, limit in limits.items():
            if limit is not None:
                counted.check(limit, counts[name])
        if not chunk:
            return
        data = data[cut:]


def _count_parsed(stream: IO[bytes], limits: Mapping[str, str | None], counts: dict[str, int],
                  counted: Tally) -> None:
    """Count by parsing, each element dropped once it is counted."""
    for _event, element in etree.iterparse(
            stream, events=("end",), tag=[f"{{*}}{name}" for name in limits],
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False):
        name = etree.QName(element).localname
        counts[name] += 1
        limit = limits[name]
        if limit is not None:
            counted.check(limit, counts[name])
        element.clear(keep_tail=True)
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]


def container_of(archive: zipfile.ZipFile, name: str) -> Container:
    """Which kind of document the archive holds, by its parts rather than by its file name."""
    names = set(archive.namelist())
    if "mimetype" in names:
        media_type = _head(archive, "mimetype").decode("ascii", "replace").strip()
        if media_type in _ODF_TYPES:
            if "encryption-data" in _head(archive, "META-INF/manifest.xml").decode("utf-8", "replace"):
                raise UnreadableSource(_PASSWORD, name=name)
            return Container(_ODF_TYPES[media_type], media_type)
        return Container("", media_type[:80] or "OpenDocument")
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return Container(DOCX, "Word")
        if "xl/workbook.xml" in names:
            return Container(XLSX, "Excel")
        if "xl/workbook.bin" in names:
            return Container("", "Excel binary (.xlsb)")
        if any(part.startswith("ppt/") for part in names):
            return Container("", "PowerPoint")
        return Container("", "Office Open XML")
    return Container("", "zip")


def _head(archive: zipfile.ZipFile, part: str) -> bytes:
    try:
        with archive.open(part) as stream:
            return stream.read(_HEAD)
    except KeyError:
        return b""


def _megabytes(size: int) -> int:
    return max(1, round(size / _MEGABYTE))
