"""Hostile documents, made on the spot: small on disk, costly to read without limits.

Each maker writes one file into a folder and returns its path. They stand for what was
tried against Holos: a PDF whose one drawing stream inflates to hundreds of megabytes,
a Word file of thousands of one-row tables, a workbook of a huge sheet, a CSV of 200,000
rows, tables nested inside tables. The benchmark under ``bench/`` reads the same files.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl

_MEGABYTE = 1024 * 1024


def pdf_flate_bomb(folder: Path, *, inflated_mb: int = 300, name: str = "bomb.pdf") -> Path:
    """A one-page PDF whose content stream inflates to ``inflated_mb`` MB of drawing operators."""
    unit = b"0 0 m 1 1 l S\n" * 4096
    packer = zlib.compressobj(9)
    packed = []
    for _ in range(inflated_mb * _MEGABYTE // len(unit)):
        packed.append(packer.compress(unit))
    packed.append(packer.flush())
    stream = b"".join(packed)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _write_pdf(folder / name, objects)


def _write_pdf(path: Path, objects: list[bytes]) -> Path:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def _docx_with_body(path: Path, body: str) -> Path:
    """A real Word file (made by python-docx) whose body is replaced by ``body``."""
    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:body>") + len("<w:body>")
                end = text.index("<w:sectPr")
                data = (text[:start] + body + text[end:]).encode("utf-8")
            target.writestr(item, data)
    return path


def _cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def docx_many_tables(folder: Path, *, tables: int = 20_000, name: str = "tables.docx") -> Path:
    """A Word file of ``tables`` one-row tables, each under a paragraph, as the 412 KB file that took 69 s."""
    one = "<w:p><w:r><w:t>Захід {n}</w:t></w:r></w:p><w:tbl><w:tr>" + _cell("Прес-реліз {n}") + _cell("ВПО") + \
        _cell("Телеграм") + _cell("x") + "</w:tr></w:tbl>"
    return _docx_with_body(folder / name, "".join(one.format(n=n) for n in range(tables)))


def docx_long_table(folder: Path, *, rows: int = 60_000, name: str = "long.docx") -> Path:
    """A Word file of one table of ``rows`` rows."""
    header = "<w:tr>" + "".join(_cell(h) for h in ("Захід", "Аудиторія", "Канал", "Травень")) + "</w:tr>"
    row = "<w:tr>" + _cell("Прес-реліз {n}") + _cell("ВПО") + _cell("Телеграм") + _cell("x") + "</w:tr>"
    return _docx_with_body(folder / name, "<w:tbl>" + header + "".join(row.format(n=n) for n in range(rows)) +
                           "</w:tbl>")


def docx_nested_tables(folder: Path, *, depth: int = 40, name: str = "nested.docx") -> Path:
    """A Word file whose table holds a table in a cell, and so on ``depth`` times."""
    inner = "<w:p><w:r><w:t>Глибина</w:t></w:r></w:p>"
    for level in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc>{_cell(str(level))}</w:tr></w:tbl>"
    return _docx_with_body(folder / name, "<w:p><w:r><w:t>План</w:t></w:r></w:p>" + inner)


def xlsx_huge_sheet(folder: Path, *, rows: int = 200_000, columns: int = 5, name: str = "huge.xlsx") -> Path:
    """A workbook whose one sheet holds ``rows`` × ``columns`` cells of numbers, written straight as XML."""
    blank = io.BytesIO()
    openpyxl.Workbook().save(blank)
    letters = [chr(ord("A") + index) for index in range(columns)]
    lines = []
    for number in range(1, rows + 1):
        cells = "".join(f'<c r="{letter}{number}"><v>{number}</v></c>' for letter in letters)
        lines.append(f'<row r="{number}">{cells}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + "".join(lines) + "</sheetData></worksheet>")
    path = folder / name
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item, data)
    return path


def csv_rows(folder: Path, *, rows: int = 200_000, name: str = "rows.csv") -> Path:
    """A CSV plan table of ``rows`` rows (no row limit stopped the 19 MB one)."""
    lines = ["Захід;Цільова аудиторія;Канали;Відповідальні;Травень;Червень"]
    lines += [f"Прес-реліз {n};ВПО;Телеграм;ЦНАП;x;" for n in range(rows)]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HOSTILE_FILES = {
    "pdf_flate_bomb": pdf_flate_bomb,
    "docx_many_tables": docx_many_tables,
    "docx_long_table": docx_long_table,
    "docx_nested_tables": docx_nested_tables,
    "xlsx_huge_sheet": xlsx_huge_sheet,
    "csv_rows": csv_rows,
}
