"""Files that must not be read, or not trusted: each is refused in one line that says why.

Zip bombs, too many parts, encrypted and old Office files, files whose name lies about
what they are, damaged files, PDFs without text, and XML that tries to pull in other
files through entities. Every refusal is an ``UnreadableSource`` whose message is the
English sentence made from its translatable template.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import fpdf
import openpyxl
import pytest

from holos.core.document import dumps
from holos.core.importers import UnreadableSource, read_bytes, read_path
from holos.core.importers.docx import read_docx

CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"/>')
PLAN = ("Communication plan of the city for 2024\n\n"
        "Activity\tChannels\tJan\tFeb\n"
        "Press release\twebsite\tx\t\n")


def refusal(path: Path, **options) -> UnreadableSource:
    with pytest.raises(UnreadableSource) as raised:
        read_path(path, **options)
    error = raised.value
    message = str(error)
    assert "\n" not in message
    assert path.name in message
    assert error.template % error.params == message  # the sentence a translation is made from
    return error


def word_document(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


# --- Zip containers ------------------------------------------------------------------------------


def test_a_zip_bomb_named_docx_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "plan.docx"
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(500):
                entry.write(chunk)
    assert path.stat().st_size < 3 * 1024 * 1024
    error = refusal(path)
    assert "would unpack to 500 MB" in str(error)
    assert "zip bomb" in str(error)


def test_one_part_packed_absurdly_tight_is_refused(tmp_path):
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/media/photo.bin", os.urandom(2 * 1024 * 1024), zipfile.ZIP_STORED)
        archive.writestr("xl/workbook.xml", bytes(20 * 1024 * 1024))
    error = refusal(path)
    assert "packed" in str(error) and "times smaller" in str(error)
    assert error.params["ratio"] > 500


def test_a_zip_of_thousands_of_parts_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(2001):
            archive.writestr(f"word/part{number}.xml", b"<x/>")
    assert "holds 2001 parts, more than the 2000" in str(refusal(path))


def test_an_encrypted_zip_part_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", b"scrambled")
    # zipfile cannot encrypt; set the "encrypted" flag in each header, as a password would.
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + offset] |= 0x1
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    assert "is password-protected" in str(refusal(path))


def test_an_encrypted_opendocument_file_is_refused(tmp_path):
    path = tmp_path / "plan.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                         'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
                         '<manifest:encryption-data/></manifest:file-entry></manifest:manifest>')
        archive.writestr("content.xml", os.urandom(64))
    assert "is password-protected" in str(refusal(path))


def test_a_presentation_is_not_a_plan_document(tmp_path):
    path = tmp_path / "plan.pptx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("ppt/presentation.xml", "<p/>")
    assert "is in the PowerPoint format, which cannot be imported" in str(refusal(path))


# --- Names that lie, damaged and old files -----------------------------------------------------


def test_a_docx_that_is_really_text_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_text(PLAN, encoding="utf-8")
    assert "is not in the Word (.docx) format: it holds plain text" in str(refusal(path))


def test_a_pdf_that_is_really_binary_junk_is_refused(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(os.urandom(256).replace(b"\x00", b"\x01") + b"\x00")
    assert "is not in the PDF format, or it is damaged" in str(refusal(path))


@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx", "plan.txt"])
def test_an_ole_compound_file_is_an_encrypted_or_old_office_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Microsoft Word")
    assert "is an encrypted or old-format (.doc/.xls) file" in str(refusal(path))


def test_a_damaged_word_document_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", b"<w:document this is not XML")
    assert "cannot be read in the Word (.docx) format; it may be damaged" in str(refusal(path))


def test_a_truncated_word_document_is_refused(tmp_path):
    whole = word_document(tmp_path / "whole.docx", "Communication plan").read_bytes()
    path = tmp_path / "plan.docx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "is damaged: it is not a readable zip container" in str(refusal(path))


def test_a_workbook_with_macros_is_refused(tmp_path):
    path = tmp_path / "plan.xlsm"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Activity"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    assert "is a macro-enabled file, which is not imported" in str(refusal(path))


def test_an_old_word_file_that_is_not_one_is_refused_after_conversion_fails(tmp_path):
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Microsoft Word")
    message = str(refusal(path))
    assert "could not be converted by LibreOffice" in message or "needs LibreOffice" in message


def test_a_spreadsheet_named_docx_is_read_as_a_spreadsheet_and_says_so(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in PLAN.splitlines():
        sheet.append(line.split("\t"))
    path = tmp_path / "plan.docx"
    workbook.save(path)
    document = read_path(path)
    assert document.source["format"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert [a.title for a in document.plans[0].activities()] == ["Press release"]
    assert document.warnings[0].message == ("plan.docx is in fact in the Excel (.xlsx) format, whatever its name "
                                            "says; it was read in that format.")


def test_a_word_file_without_text_is_refused(tmp_path):
    assert "holds no text" in str(refusal(word_document(tmp_path / "plan.docx")))


def test_a_document_over_the_size_limit_is_not_opened(tmp_path):
    path = word_document(tmp_path / "plan.docx", "Communication plan")
    assert "more than the limit of 1000 bytes" in str(refusal(path, max_bytes=1000))


def test_read_bytes_reads_content_held_in_memory():
    document = read_bytes(PLAN.encode(), filename="plan.txt")
    assert [a.title for a in document.plans[0].activities()] == ["Press release"]


# --- XML that reaches for other files -------------------------------------------------------------


def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    return secret


def test_a_word_document_cannot_pull_in_a_local_file_through_an_entity(tmp_path):
    path = word_document(tmp_path / "plan.docx", "PLACEHOLDER")
    secret = secret_file(tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode()
    doctype = f'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://{secret}">]>'
    xml = xml.replace("?>", "?>" + doctype, 1).replace("PLACEHOLDER", "Plan &secret; here")
    parts["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (paragraph,) = read_docx(path.read_bytes()).blocks
    assert paragraph.text.startswith("Plan")
    assert "TOPSECRET" not in paragraph.text
    assert "TOPSECRET" not in dumps(read_path(path))


def opendocument_with(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "plan.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def ods_rows(*rows: list[str]) -> str:
    """A content.xml with one sheet of these rows."""
    cells = "".join("<table:table-row>" + "".join(f"<table:table-cell><text:p>{text}</text:p></table:table-cell>"
                                                  for text in row) + "</table:table-row>" for row in rows)
    return ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
            f'<table:table table:name="Plan">{cells}</table:table></office:spreadsheet></office:body>'
            '</office:document-content>')


def ods_plan(title: str) -> str:
    return ods_rows(["Communication plan of the city for 2024"], ["Activity", "Channels", "Jan", "Feb"],
                    [title, "website", "x", ""])


def test_an_opendocument_file_cannot_pull_in_a_local_file_through_an_entity(tmp_path):
    secret = secret_file(tmp_path)
    doctype = f'<!DOCTYPE office:document-content [<!ENTITY secret SYSTEM "file://{secret}">]>'
    path = opendocument_with(tmp_path, '<?xml version="1.0"?>' + doctype + ods_plan("Press release &secret;"))
    (activity,) = read_path(path).plans[0].activities()
    assert activity.title == "Press release"
    assert activity.schedule.slots == ["2024-01"]


def test_entities_that_multiply_are_refused_not_expanded(tmp_path):
    entities = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)]
    doctype = f"<!DOCTYPE office:document-content [{''.join(entities)}]>"
    path = opendocument_with(tmp_path, '<?xml version="1.0"?>' + doctype + ods_plan("Press release &a9;"))
    assert "cannot be read in the OpenDocument spreadsheet (.ods) format" in str(refusal(path))


def test_a_sheet_repeating_an_empty_row_a_million_times_is_not_built(tmp_path):
    repeated = ('<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                'table:number-columns-repeated="16384"/></table:table-row>')
    content = ods_plan("Press release").replace("<table:table-row><table:table-cell><text:p>Activity",
                                               repeated + "<table:table-row><table:table-cell><text:p>Activity")
    (activity,) = read_path(opendocument_with(tmp_path, content)).plans[0].activities()
    assert activity.title == "Press release"
    assert activity.origin == 'sheet "Plan", row 1048003'


# --- PDF ---------------------------------------------------------------------------------------


def pdf_file(path: Path, *, text: str | None, **encryption) -> Path:
    pdf = fpdf.FPDF()
    pdf.add_page()
    if text is None:
        pdf.set_fill_color(120, 120, 120)
        pdf.rect(20, 20, 100, 60, style="F")  # a picture of a page, as a scanner makes
    else:
        pdf.set_font("helvetica", size=12)
        for line in text.splitlines():
            pdf.cell(0, 8, line.replace("\t", "    "), new_x="LMARGIN", new_y="NEXT")
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.output(str(path))
    return path


def test_a_pdf_without_text_is_refused_as_a_scan(tmp_path):
    error = refusal(pdf_file(tmp_path / "plan.pdf", text=None))
    assert "this PDF holds no text (a scanned image?)" in str(error)


def test_a_pdf_that_needs_a_password_is_refused(tmp_path):
    path = pdf_file(tmp_path / "plan.pdf", text="Communication plan", owner_password="o", user_password="u")
    assert "is a password-protected PDF" in str(refusal(path))


def test_a_pdf_that_only_restricts_printing_is_read(tmp_path):
    path = pdf_file(tmp_path / "plan.pdf", text="Communication plan of the city for 2024", owner_password="o")
    document = read_path(path)
    assert document.plans == []
    assert document.source == {"file": "plan.pdf", "format": "application/pdf"}


def test_a_pdf_named_txt_is_read_as_a_pdf_and_says_so(tmp_path):
    path = pdf_file(tmp_path / "plan.txt", text="Communication plan of the city for 2024")
    document = read_path(path)
    assert document.source == {"file": "plan.txt", "format": "application/pdf"}
    assert "is in fact in the PDF format" in document.warnings[0].message
