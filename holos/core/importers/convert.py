"""Old Word and Excel files (.doc, .xls) and RTF, converted by LibreOffice to read them.

LibreOffice runs headless with a profile of its own in a temporary folder (so it neither
touches nor waits for a person's running LibreOffice), with a time limit, and converts
without running macros: a file's macros stay where they are, as LibreOffice's default
macro security asks. Where LibreOffice is not installed, the file is refused with a
sentence naming what to install.
"""

from __future__ import annotations

import shutil
import subprocess  # LibreOffice is run with fixed arguments, never through a shell
import tempfile
from pathlib import Path

from holos.core.document import gettext_noop
from holos.core.importers.formats import UnreadableSource

TIME_LIMIT = 60
# What each old kind becomes, with LibreOffice's name of the filter.
TARGETS = {".doc": ("docx", "MS Word 2007 XML"), ".rtf": ("docx", "MS Word 2007 XML"),
           ".xls": ("xlsx", "Calc MS Excel 2007 XML")}
_MISSING = gettext_noop(
    "%(name)s is an old-format Word or Excel file (or RTF); reading it needs LibreOffice, which is not installed "
    "here. Install it (the Debian packages libreoffice-writer-nogui and libreoffice-calc-nogui), or save the file as "
    ".docx or .xlsx and import that.")
_FAILED = gettext_noop(
    "%(name)s could not be converted by LibreOffice; it may be damaged or protected by a password. Save it as "
    ".docx or .xlsx and import that.")


def office_program() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, name: str, suffix: str) -> tuple[bytes, str]:
    """The file converted to .docx or .xlsx: (its bytes, its new suffix)."""
    program = office_program()
    if program is None:
        raise UnreadableSource(_MISSING, name=name)
    target, filter_name = TARGETS[suffix]
    with tempfile.TemporaryDirectory(prefix="holos-office-") as folder:
        root = Path(folder)
        source = root / f"source{suffix}"
        source.write_bytes(data)
        out = root / "out"
        command = [program, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nolockcheck", "--nodefault", "--convert-to", f"{target}:{filter_name}",
                   "--outdir", str(out), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIME_LIMIT, check=False,  # noqa: S603
                           stdin=subprocess.DEVNULL, cwd=folder)
        except (subprocess.TimeoutExpired, OSError) as exc:
            raise UnreadableSource(_FAILED, name=name) from exc
        converted = out / f"source.{target}"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise UnreadableSource(_FAILED, name=name)
        return converted.read_bytes(), f".{target}"
