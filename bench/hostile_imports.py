"""Importing hostile files: the time and the peak memory of reading each one, as the application reads it.

The files are those of ``tests/hostile`` at the sizes that were tried against Holos: a
PDF whose content stream inflates to 300 MB, a Word file of 20,000 one-row tables, one of
a 60,000-row table, tables nested 40 deep, a sheet of a million cells, a CSV of 200,000
rows; and the largest files still within the readers' limits. Each is read in the
sandboxed child process with the application's default limits (``read_sandboxed``), from
a fresh measuring process; the peak resident memory is the one the child reports (a child
stopped by the operating system reports none, shown as 0).

The floor is the same reading of a small real plan (seed 000): the child's start, its
imports and a plan's worth of work. A hostile file has to end (refused or read) within
the target time and memory: far below the CPU and memory limits that would stop it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.hostile import files

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "holos" / "demo" / "seeds" / "000_e607be4f092c3acc.txt"
TARGET_SECONDS = 20.0
TARGET_MB = 512
HOSTILE = {
    "PDF, one stream inflating to 300 MB": (files.pdf_flate_bomb, {"inflated_mb": 300}),
    "DOCX, 20,000 one-row tables": (files.docx_many_tables, {"tables": 20_000}),
    "DOCX, one table of 60,000 rows": (files.docx_long_table, {"rows": 60_000}),
    "DOCX, tables nested 40 deep": (files.docx_nested_tables, {"depth": 40}),
    "XLSX, 200,000 rows x 5 cells": (files.xlsx_huge_sheet, {"rows": 200_000}),
    "CSV, 200,000 rows": (files.csv_rows, {"rows": 200_000}),
    "DOCX, 499 tables (within the limits)": (files.docx_many_tables, {"tables": 499}),
    "DOCX, 9,990 rows (within the limits)": (files.docx_long_table, {"rows": 9_990}),
    "XLSX, 19,000 rows x 5 cells (within the limits)": (files.xlsx_huge_sheet, {"rows": 19_000}),
    "CSV, 9,990 rows (within the limits)": (files.csv_rows, {"rows": 9_990}),
}

# Run in a process of its own, so that its children's peak memory is this reading's alone.
_MEASURE = """
import json, sys, time
from holos.core.importers import UnreadableSource
from holos.core.importers.sandbox import read_sandboxed
if __name__ == "__main__":
    read_sandboxed(sys.argv[2])  # the fork server starts and imports the readers: not part of a reading
    usage = {}
    started = time.perf_counter()
    try:
        document = read_sandboxed(sys.argv[1], usage=usage)
        outcome = "read, %d activities" % sum(len(plan.activities()) for plan in document.plans)
    except UnreadableSource as exc:
        outcome = "refused: " + (getattr(exc, "limit", "") or "unreadable")
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": usage.get("peak_mb", 0.0), "outcome": outcome}))
"""


def measure(path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(SEED)], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(done.stdout)


def _spread(values: list[float], unit: str) -> str:
    return f"{statistics.median(values):.1f} {unit} ({min(values):.1f}–{max(values):.1f})"


def main(runs: int = 3) -> dict[str, dict]:
    print(f"Importing hostile files, in the sandboxed child process (median and min–max of {runs} runs)")
    floor = [measure(SEED) for _ in range(runs)]
    floor_seconds = statistics.median(m["seconds"] for m in floor)
    floor_mb = statistics.median(m["peak_mb"] for m in floor)
    print(f"  floor (seed 000, a real plan): {_spread([m['seconds'] for m in floor], 's')}, "
          f"peak {_spread([m['peak_mb'] for m in floor], 'MB')}")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="holos-hostile-") as folder:
        for label, (make, arguments) in HOSTILE.items():
            path = make(Path(folder), **arguments)
            runs_ = [measure(path) for _ in range(runs)]
            seconds = [m["seconds"] for m in runs_]
            peaks = [m["peak_mb"] for m in runs_]
            ok = max(seconds) <= TARGET_SECONDS and max(peaks) <= TARGET_MB
            results[label] = {"seconds": statistics.median(seconds), "peak_mb": max(peaks)}
            print(f"  {label} ({path.stat().st_size / 1024:.0f} KB): {runs_[0]['outcome']}")
            print(f"    time {_spread(seconds, 's')}, floor {floor_seconds:.1f} s, "
                  f"ratio {statistics.median(seconds) / floor_seconds:.1f}x, target <= {TARGET_SECONDS:.0f} s; "
                  f"peak {_spread(peaks, 'MB')}, floor {floor_mb:.0f} MB, "
                  f"ratio {max(peaks) / floor_mb:.1f}x, target <= {TARGET_MB} MB: {'PASS' if ok else 'MISS'}")
            path.unlink()
    return results


if __name__ == "__main__":
    main()
