"""Occurrences of 1,000 generated plans of 100 activities each, over a 12-month period.

Prints the total number of occurrences ``generate`` makes and the time it takes (the
schedules are built before the clock starts). The mix of schedule kinds is random but
seeded, so every run measures the same plans. Sized like the design's national programme:
1,500 organisations with 1.5 million activities and occurrences, regenerated in seconds
(target: under 10 s; there is no floor to set beside it).
"""

from __future__ import annotations

import datetime
import random
import time

from bench.measure import report
from holos.core.occurrences import generate
from holos.core.schedule import Schedule

START, END = "2025-01", "2025-12"
MONTHS = [f"2025-{month:02d}" for month in range(1, 13)]
QUARTERS = [f"2025-Q{quarter}" for quarter in range(1, 5)]
EVENTS = {"захід": datetime.date(2025, 5, 20), "сесія": datetime.date(2025, 9, 12)}


def _schedule(rng: random.Random) -> Schedule:
    """One schedule, with the kinds in roughly the proportions real plans have them."""
    roll = rng.random()
    if roll < 0.40:
        marked = sorted(rng.sample(MONTHS, rng.randint(1, 8)))
        return Schedule(text=" ".join("x" for _ in marked), kind="slots", slots=marked)
    if roll < 0.45:
        return Schedule(text="x", kind="slots", slots=[rng.choice(QUARTERS)])
    if roll < 0.55:
        return Schedule(text="щомісяця", kind="recurring", every="month", times=rng.choice([None, None, 2]))
    if roll < 0.60:
        return Schedule(text="щотижня", kind="recurring", every="week")
    if roll < 0.65:
        return Schedule(text="щокварталу", kind="recurring", every="quarter")
    if roll < 0.75:
        return Schedule(text="постійно", kind="continuous", start=START, end=END)
    if roll < 0.82:
        first = rng.randint(0, 10)
        last = rng.randint(first, 11)
        count = rng.choice([None, None, 2, 4])
        return Schedule(text="range", kind="range", start=MONTHS[first], end=MONTHS[last], count=count)
    if roll < 0.88:
        month = rng.choice(MONTHS)
        return Schedule(text="once", kind="once", start=month, end=month)
    if roll < 0.92:
        return Schedule(text="За 2 тижні до заходу", kind="relative", offset_days=rng.choice([-14, -7, 0, 7]),
                        anchor=rng.choice(["захід", "сесії", "відкриття"]))
    if roll < 0.96:
        return Schedule(text="за потреби", kind="as_needed")
    return Schedule(text="", kind="unknown")


def build(plans: int = 1000, activities: int = 100, *, seed: int = 13) -> list[list[Schedule]]:
    rng = random.Random(seed)
    return [[_schedule(rng) for _ in range(activities)] for _ in range(plans)]


def main(plans: int = 1000, activities: int = 100) -> float:
    """Print and return the seconds ``generate`` takes for every activity of every plan."""
    schedules = build(plans, activities)
    total = 0
    started = time.perf_counter()
    for plan in schedules:
        for schedule in plan:
            total += len(generate(schedule, period_start=START, period_end=END, events=EVENTS))
    seconds = time.perf_counter() - started
    each = seconds / total * 1e6 if total else 0.0
    print(f"occurrences: {plans} plans × {activities} activities, {total:,} occurrences ({each:.1f} µs each):")
    report(f"occurrences of {plans * activities:,} activities", [seconds], unit="s", target="< 10 s",
           passed=lambda median, floor: median < 10)
    return seconds


if __name__ == "__main__":
    main()
