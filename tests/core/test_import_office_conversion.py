"""Old Word and Excel files and RTF are converted by a real LibreOffice, then read."""

import shutil
import subprocess
from pathlib import Path

import odfdo
import openpyxl
import pytest

from holos.core.importers import UnreadableSource, read_path

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice is installed by scripts/system-deps")

ROWS = [
    ("Заходи", "Строк виконання", "Відповідальні за виконання"),
    ("Організація церемонії підняття Державного Прапора", "23 серпня 2012", "Мінкультури"),
    ("Проведення урочистостей з нагоди Дня незалежності", "24 серпня 2012", "Київська міськдержадміністрація"),
]


def _save_as(source: Path, target: str) -> Path:
    """Convert with LibreOffice the way a person's office suite saves an old format."""
    profile = (source.parent / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                    "--outdir", str(source.parent / "old"), str(source)], check=True, capture_output=True, timeout=120)
    return source.parent / "old" / f"{source.stem}.{target.split(':')[0]}"


def _word(path: Path) -> Path:
    """A text document with the plan table, which LibreOffice saves in the old format as Word does."""
    document = odfdo.Document("text")
    document.body.append(odfdo.Paragraph("План заходів з підготовки та відзначення річниці незалежності на 2012 рік"))
    table = odfdo.Table("Plan", width=3, height=0)
    for values in ROWS:
        row = odfdo.Row()
        for value in values:
            row.append_cell(odfdo.Cell(value))
        table.append_row(row)
    document.body.append(table)
    document.save(str(path))
    return path


def _titles(path: Path) -> list[str]:
    document = read_path(path)
    return [activity.title for plan in document.plans for activity in plan.activities()]


@pytest.mark.parametrize("target", ["doc", "rtf"])
def test_an_old_word_file_and_rtf_are_read_after_conversion(tmp_path, target):
    old = _save_as(_word(tmp_path / "plan.odt"), target)
    document = read_path(old)
    assert [a.title for a in document.plans[0].activities()] == [ROWS[1][0], ROWS[2][0]]
    assert document.plans[0].activities()[0].responsible == ["Мінкультури"]
    assert document.source["file"] == old.name
    assert "LibreOffice converted it" in document.warnings[0].message


def test_an_old_excel_file_is_read_after_conversion(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["План заходів на 2012 рік"])
    for row in ROWS:
        workbook.active.append(list(row))
    workbook.save(tmp_path / "plan.xlsx")
    old = _save_as(tmp_path / "plan.xlsx", "xls")
    assert _titles(old) == [ROWS[1][0], ROWS[2][0]]


def test_without_libreoffice_the_message_names_what_to_install(tmp_path, monkeypatch):
    old = _save_as(_word(tmp_path / "plan.odt"), "doc")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(UnreadableSource) as caught:
        read_path(old)
    assert "libreoffice-writer-nogui" in str(caught.value)
