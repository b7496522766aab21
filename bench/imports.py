"""Reading documents back: the generated 500-activity plan as DOCX and XLSX, and the seeds.

Prints the time of each read (best of three) and whether what was read is the plan that
was written. The import preview reads the whole file while the person waits, so the
target is a few seconds for the largest plans people have (a few hundred rows).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.exports import build_plan
from holos.core.importers import read_bytes, read_path
from holos.exports import export_plan

SEEDS = Path(__file__).resolve().parent.parent / "holos" / "demo" / "seeds"
TARGET_SECONDS = 3.0


def outline(plan) -> list:
    return [(goal.title, [(task.title, [(a.title, sorted(a.schedule.slots)) for a in task.activities])
                          for task in goal.tasks]) for goal in plan.goals]


def best_of(runs: int, read) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = read()
        times.append(time.perf_counter() - started)
    return min(times), result


def main(activities: int = 500, runs: int = 3) -> dict[str, float]:
    plan = build_plan(activities)
    best: dict[str, float] = {}
    for fmt in ("docx", "xlsx"):
        data = export_plan(plan, fmt)
        seconds, document = best_of(runs, lambda data=data, fmt=fmt: read_bytes(data, filename=f"plan.{fmt}"))
        same = len(document.plans) == 1 and outline(document.plans[0]) == outline(plan)
        verdict = "ok" if seconds < TARGET_SECONDS else f"SLOWER than the {TARGET_SECONDS:.0f} s target"
        print(f"imports: {fmt:>4}: {activities} activities x 12 months: {seconds * 1000:.0f} ms "
              f"(best of {runs}; {'the same plan' if same else 'NOT the plan written'}) {verdict}")
        best[fmt] = seconds
    for path in sorted(SEEDS.glob("*.txt")):
        seconds, document = best_of(runs, lambda path=path: read_path(path))
        count = sum(len(p.activities()) for p in document.plans)
        print(f"imports: seed {path.name[:3]}: {len(document.plans)} plan(s), {count} activities: "
              f"{seconds * 1000:.0f} ms (best of {runs})")
        best[path.name[:3]] = seconds
    return best


if __name__ == "__main__":
    main()
