"""How the benchmarks measure and report: a figure beside its floor, from the same run.

Machines are shared and noisy, so a figure is judged by its ratio to a floor measured in
the same run, measured and floor runs alternating. Each result prints one line: the
figure (median, with min–max), the floor (median, with min–max), the ratio, the target
and PASS or MISS, and is added to the file ``HOLOS_BENCH_RESULTS`` names, from which
``make bench`` prints the table of every result at the end.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

RESULTS = "HOLOS_BENCH_RESULTS"


def timed(run: Callable[[], object]) -> float:
    """Seconds ``run`` takes."""
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def alternate(measured: Callable[[], float], floor: Callable[[], float] | None, rounds: int,
              warmup: int = 1) -> tuple[list[float], list[float]]:
    """Run the measured work and its floor in turn, ``rounds`` times each after ``warmup`` untimed turns.

    Each callable returns its own figure (seconds, or a rate): a slow minute of the machine
    then weighs on both alike.
    """
    for _ in range(warmup):
        measured()
        if floor is not None:
            floor()
    figures: list[float] = []
    floors: list[float] = []
    for _ in range(rounds):
        figures.append(measured())
        if floor is not None:
            floors.append(floor())
    return figures, floors


@dataclass
class Result:
    name: str
    unit: str
    median: float
    low: float
    high: float
    floor: float | None
    floor_low: float | None
    floor_high: float | None
    ratio: float | None
    target: str
    passed: bool


def _scaled(value: float, unit: str) -> float:
    return value * 1000 if unit == "ms" else value


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "ms":  # two decimals below a millisecond: a figure beside a target of 0.5 ms must be read
        if value < 1:
            return f"{value:.2f} ms"
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.3g} {unit}"


def report(name: str, figures: list[float], floors: list[float] | None = None, *, unit: str = "ms", target: str,
           passed: Callable[[float, float | None], bool]) -> Result:
    """Print and keep one result; ``passed(median, floor_median)`` says whether it meets ``target``.

    Times are given in seconds and shown in ``unit`` ("ms" or "s"); rates ("/s") as they are.
    """
    values = [_scaled(v, unit) for v in figures]
    floor_values = [_scaled(v, unit) for v in floors or []]
    median = statistics.median(values)
    floor = statistics.median(floor_values) if floor_values else None
    ratio = median / floor if floor else None
    result = Result(
        name=name, unit=unit, median=median, low=min(values), high=max(values),
        floor=floor, floor_low=min(floor_values) if floor_values else None,
        floor_high=max(floor_values) if floor_values else None,
        ratio=ratio, target=target, passed=passed(median, floor),
    )
    print(line(result), flush=True)
    path = os.environ.get(RESULTS)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")
    return result


def line(result: Result) -> str:
    unit = result.unit
    figure = f"{_show(result.median, unit)} [{_show(result.low, unit)}–{_show(result.high, unit)}]"
    if result.floor is not None:
        floor = (f"floor {_show(result.floor, unit)} [{_show(result.floor_low, unit)}–"
                 f"{_show(result.floor_high, unit)}]")
        ratio = f"ratio {result.ratio:.2f}"
    else:
        floor, ratio = "floor —", "ratio —"
    verdict = "PASS" if result.passed else "MISS"
    return f"  {result.name}: {figure} | {floor} | {ratio} | target {result.target} | {verdict}"


def table(path: str) -> str:
    """Every result kept in ``path``, as one table."""
    rows = [Result(**json.loads(text)) for text in open(path, encoding="utf-8") if text.strip()]
    head = ("measure", "figure [min–max]", "floor [min–max]", "ratio", "target", "")
    cells = []
    for r in rows:
        figure = f"{_show(r.median, r.unit)} [{_show(r.low, r.unit)}–{_show(r.high, r.unit)}]"
        floor = "—" if r.floor is None else (
            f"{_show(r.floor, r.unit)} [{_show(r.floor_low, r.unit)}–{_show(r.floor_high, r.unit)}]")
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}"
        cells.append((r.name, figure, floor, ratio, r.target, "PASS" if r.passed else "MISS"))
    widths = [max(len(row[i]) for row in [head, *cells]) for i in range(len(head))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [head, *cells]]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    passed = sum(1 for r in rows if r.passed)
    lines.append(f"{passed} of {len(rows)} PASS")
    return "\n".join(lines)


def captured_sql(run: Callable[[], object]) -> list[str]:
    """The SQL statements ``run`` sends to the default database, as sent."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    return [query["sql"] for query in queries.captured_queries
            if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def sql_seconds(statements: list[str]) -> float:
    """Seconds the database takes to answer ``statements`` again, every row fetched: a page's SQL floor."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql.replace("%", "%%"))
            if cursor.description is not None:
                cursor.fetchall()
    return time.perf_counter() - started
