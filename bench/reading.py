"""Reading large plans people paste or keep in Excel: 10,000 rows, pasted and as XLSX.

For each shape, prints the median time (with min–max) of reading 10,000 rows, and the
floor measured in the same run, the two alternating: ten times the time of reading 1,000
rows of the same kind, which is what a reading linear in the number of rows takes. The ratio of the
two shows whether reading grows faster than the rows do. Targets: under 10 s, and a ratio
under 1.5 (linear); PASS or MISS for each.

Every reading starts cold: what the readers remember of cell texts they have seen (a long
table repeats its units and periods) is forgotten before each run, so that a run of 1,000
rows does not find the cells of the run before it already read.
"""

from __future__ import annotations

import io
import sys
import time

import openpyxl

from bench.measure import alternate, report
from holos.core.importers import read_bytes, read_text

TARGET_SECONDS = 10.0
TARGET_RATIO = 1.5
HEADER = ["№", "Найменування заходу", "Відповідальні за виконання", "Строк виконання", "Очікуваний результат"]
PERIODS = ["постійно", "III квартал 2024 р.", "до 1 липня 2024", "щомісяця", "вересень–жовтень 2024", "за потреби"]
UNITS = ["Відділ культури", "ЦНАП", "Відділ освіти, молоді та спорту", "Сектор комунікацій"]


def rows(count: int) -> list[list[str]]:
    return [[str(index + 1), f"Захід {index + 1}: зустріч з мешканцями старостинського округу {index % 97}",
             UNITS[index % len(UNITS)], PERIODS[index % len(PERIODS)], f"Не менше {20 + index % 300} учасників"]
            for index in range(count)]


def pasted(count: int) -> str:
    lines = ["План заходів громади на 2024 рік", "\t".join(HEADER)]
    lines += ["\t".join(row) for row in rows(count)]
    return "\n".join(lines)


def workbook(count: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("План")
    sheet.append(["План заходів громади на 2024 рік"])
    sheet.append(HEADER)
    for row in rows(count):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def forget() -> None:
    """Empty every remembered reading of the importer's modules, as in a fresh process."""
    for name, module in list(sys.modules.items()):
        if name.startswith("holos.core"):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


def timed(read) -> float:
    """Seconds one cold reading takes."""
    forget()
    started = time.perf_counter()
    document = read()
    seconds = time.perf_counter() - started
    assert document.plans, "the generated plan was not read"
    return seconds


def measure(name: str, read_large, read_small, count: int, runs: int) -> bool:
    """Read the large table and ten times the small one in turn, so a slow minute weighs on both."""
    figures, floors = alternate(lambda: timed(read_large), lambda: 10 * timed(read_small), runs, warmup=0)
    result = report(f"reading {name}, {count:,} rows (floor: 10 × {count // 10:,} rows)", figures, floors,
                    unit="s", target=f"< {TARGET_SECONDS:.0f} s and ratio < {TARGET_RATIO}",
                    passed=lambda median, floor: median < TARGET_SECONDS and median / floor < TARGET_RATIO)
    return result.passed


def main(count: int = 10_000, runs: int = 3) -> bool:
    text, small_text = pasted(count), pasted(count // 10)
    data, small_data = workbook(count), workbook(count // 10)
    results = [
        measure("pasted text", lambda: read_text(text), lambda: read_text(small_text), count, runs),
        measure("XLSX", lambda: read_bytes(data, filename="plan.xlsx"),
                lambda: read_bytes(small_data, filename="plan.xlsx"), count, runs),
    ]
    return all(results)


if __name__ == "__main__":
    main()
