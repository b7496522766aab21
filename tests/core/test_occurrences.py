"""generate: schedules of real plans turned into dated occurrences, and the edges of the calendar."""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

import pytest

from holos.core.checks.due import due_months
from holos.core.document import Period, Plan
from holos.core.importers import read_path
from holos.core.occurrences import Occurrence, event_key, generate
from holos.core.schedule import KINDS, Schedule, parse_schedule

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"
D = datetime.date


def plan_occurrences(plan: Plan, **kwargs: Any) -> list[list[Occurrence]]:
    period = plan.period
    return [generate(a.schedule, period_start=period.start, period_end=period.end,
                     granularity=period.granularity, **kwargs) for a in plan.activities()]


def by_text(plan: Plan, text: str) -> Schedule:
    return next(a.schedule for a in plan.activities() if a.schedule.text == text)


def slots(*months: str) -> Schedule:
    return Schedule(text=" ".join("x" for _ in months), kind="slots", slots=list(months))


def keys(occurrences: list[Occurrence]) -> list[str]:
    return [o.key for o in occurrences]


def dues(occurrences: list[Occurrence]) -> list[datetime.date]:
    return [o.due for o in occurrences]


# ---------------------------------------------------------------------------------------------
# The seeds
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed000() -> list[Plan]:
    return read_path(SEEDS / "000_e607be4f092c3acc.txt").plans


@pytest.fixture(scope="module")
def seed002() -> Plan:
    return read_path(SEEDS / "002_716860460fdb6a89.txt").plans[0]


def test_seed_000_first_plan_has_36_occurrences_over_12_activities(seed000: list[Plan]) -> None:
    plan = seed000[0]
    per_activity = plan_occurrences(plan)
    assert len(per_activity) == 12
    assert [len(o) for o in per_activity] == [1, 6, 1, 6, 6, 3, 1, 6, 1, 3, 1, 1]
    assert sum(len(o) for o in per_activity) == 36
    # Each is a month of May-October 2023, due on its last day, none ongoing.
    for occurrences in per_activity:
        for o in occurrences:
            assert o.key.startswith("m2023-")
            assert o.starts == D(2023, int(o.key[-2:]), 1)
            assert o.due == o.ends and o.ends.month == o.starts.month and (o.ends + datetime.timedelta(1)).day == 1
            assert not o.ongoing
            assert D(2023, 5, 1) <= o.due <= D(2023, 10, 31)


def test_seed_000_spot_checks(seed000: list[Plan]) -> None:
    plan = seed000[0]
    titles = {a.title: a.schedule for a in plan.activities()}
    hotline = next(s for t, s in titles.items() if "Гарячої лінії" in t)
    trainings = next(s for t, s in titles.items() if t.startswith("Тренінги"))

    def run(s: Schedule) -> list[Occurrence]:
        return generate(s, period_start="2023-05", period_end="2023-10")

    assert keys(run(hotline)) == ["m2023-05", "m2023-06", "m2023-07", "m2023-08", "m2023-09", "m2023-10"]
    assert dues(run(trainings)) == [D(2023, 6, 30), D(2023, 8, 31), D(2023, 10, 31)]
    second = plan_occurrences(seed000[1])
    assert sum(len(o) for o in second) == 12


def test_seed_002_schedules(seed002: Plan) -> None:
    def run(text: str) -> list[Occurrence]:
        return generate(by_text(seed002, text), period_start="2018-02", period_end="2020-01")

    once = run("5/2018")
    assert [(o.key, o.starts, o.due) for o in once] == [("once", D(2018, 5, 1), D(2018, 5, 31))]
    assert keys(run("9-11/2018")) == ["m2018-09", "m2018-10", "m2018-11"]
    assert len(run("9/2018 - 11/2019")) == 15

    events = run("6/2018 - 01/2020 - 4 akce")
    assert keys(events) == ["e1-of-4", "e2-of-4", "e3-of-4", "e4-of-4"]
    assert [o.starts for o in events] == [D(2018, 6, 1), D(2018, 12, 1), D(2019, 7, 1), D(2020, 1, 1)]
    assert events[-1].due == D(2020, 1, 31)

    quarterly = run("čtvrtletně po celou dobu realizace projektu, dle potřeby častěji")
    assert keys(quarterly) == ["q2018-Q1", "q2018-Q2", "q2018-Q3", "q2018-Q4", "q2019-Q1", "q2019-Q2",
                               "q2019-Q3", "q2019-Q4", "q2020-Q1"]
    # The first and the last quarter are clipped to the project's period.
    assert (quarterly[0].starts, quarterly[0].due) == (D(2018, 2, 1), D(2018, 3, 31))
    assert (quarterly[-1].starts, quarterly[-1].due) == (D(2020, 1, 1), D(2020, 1, 31))
    assert quarterly[4].due == D(2019, 3, 31)

    ongoing = run("průběžně")
    assert len(ongoing) == 24 and all(o.ongoing for o in ongoing)
    assert ongoing[0].key == "m2018-02" and ongoing[-1].key == "m2020-01"
    assert ongoing[0].due == D(2018, 2, 28)

    assert dues(run("12/2019")) == [D(2019, 12, 31)]
    assert sum(len(o) for o in plan_occurrences(seed002)) == 1 + 3 + 9 + 15 + 4 + 5 * 24 + 1


def test_seed_004_strategic_plan_by_quarter() -> None:
    strategic = read_path(SEEDS / "004_2a9c074713a9f348.txt").plans[0]
    assert strategic.period.granularity == "quarter"
    schedule = by_text(strategic, "2 кв. 2024, 4 кв. 2024, 2 кв. 2025")
    found = generate(schedule, period_start=strategic.period.start, period_end=strategic.period.end,
                     granularity="quarter")
    assert keys(found) == ["q2024-Q2", "q2024-Q4", "q2025-Q2"]
    assert [(o.starts, o.due) for o in found] == [(D(2024, 4, 1), D(2024, 6, 30)), (D(2024, 10, 1), D(2024, 12, 31)),
                                                 (D(2025, 4, 1), D(2025, 6, 30))]


@pytest.mark.parametrize("seed", ["000_e607be4f092c3acc.txt", "001_d08e3e9dbff834c8.txt",
                                  "002_716860460fdb6a89.txt", "004_2a9c074713a9f348.txt"])
def test_months_agree_with_the_load_table(seed: str) -> None:
    """Where an occurrence is a month, the months are those ``checks.due`` counts in the load table."""
    for plan in read_path(SEEDS / seed).plans:
        if plan.period.granularity != "month":
            continue
        for activity, found in zip(plan.activities(), plan_occurrences(plan), strict=True):
            schedule = activity.schedule
            if schedule.kind not in ("slots", "once", "continuous") and not (
                    schedule.kind == "range" and schedule.count is None) and not (
                    schedule.kind == "recurring" and schedule.every == "month"):
                continue
            months = sorted({o.starts.strftime("%Y-%m") for o in found})
            assert months == sorted(due_months(schedule, plan.period)), schedule.text


# ---------------------------------------------------------------------------------------------
# Relative
# ---------------------------------------------------------------------------------------------

BEFORE = parse_schedule("За 2 тижні до заходу")


def test_two_weeks_before_the_event() -> None:
    assert (BEFORE.offset_days, BEFORE.anchor) == (-14, "захід")
    found = generate(BEFORE, period_start="2025-01", period_end="2025-12", events={"захід": D(2025, 5, 20)})
    assert found == [Occurrence(key="rel", due=D(2025, 5, 6), starts=D(2025, 5, 6), ends=D(2025, 5, 6),
                                label="захід -14")]


@pytest.mark.parametrize("name", ["захід", "Захід", "  ЗАХІД ", "заходу", "«Заходу»", "ЗАХОДУ"])
def test_event_names_match_case_and_case_endings(name: str) -> None:
    found = generate(BEFORE, period_start=None, period_end=None, events={name: D(2025, 5, 20)})
    assert dues(found) == [D(2025, 5, 6)]


def test_relative_edges() -> None:
    events = {"Захід": D(2025, 5, 20), "відкриття": D(2025, 1, 10)}
    assert generate(BEFORE, period_start="2025-01", period_end="2025-12", events=None) == []
    assert generate(BEFORE, period_start="2025-01", period_end="2025-12", events={"сесія": D(2025, 5, 20)}) == []
    # Due before the plan starts: not in this plan.
    early = parse_schedule("За місяць до відкриття")
    assert generate(early, period_start="2025-01", period_end="2025-12", events=events) == []
    assert dues(generate(early, period_start=None, period_end=None, events=events)) == [D(2024, 12, 11)]
    after = parse_schedule("через тиждень після заходу")
    assert dues(generate(after, period_start="2025-01", period_end="2025-12", events=events)) == [D(2025, 5, 27)]
    # Dates stored as text or as datetimes are read too; junk is not an event.
    as_text: Any = {"захід": "2025-05-20"}
    assert dues(generate(BEFORE, period_start=None, period_end=None, events=as_text)) == [D(2025, 5, 6)]
    moment: Any = {"захід": datetime.datetime(2025, 5, 20, 18, 30, tzinfo=datetime.UTC)}
    assert dues(generate(BEFORE, period_start=None, period_end=None, events=moment)) == [D(2025, 5, 6)]
    junk: Any = {"захід": "soon", 5: D(2025, 5, 20)}
    assert generate(BEFORE, period_start=None, period_end=None, events=junk) == []
    unnamed = Schedule(text="?", kind="relative", offset_days=-14)
    assert generate(unnamed, period_start=None, period_end=None, events=events) == []


def test_event_key() -> None:
    assert event_key("  Заходу  громади ") == "захід громади"
    assert event_key("Akcí") == "akce"
    assert event_key("") == ""


# ---------------------------------------------------------------------------------------------
# Weeks, months, quarters, years, days
# ---------------------------------------------------------------------------------------------


def test_weekly_in_march_2025() -> None:
    weekly = parse_schedule("щотижня", period_start="2025-03", period_end="2025-03")
    assert (weekly.kind, weekly.every) == ("recurring", "week")
    found = generate(weekly, period_start="2025-03", period_end="2025-03")
    assert keys(found) == ["w2025-03-03", "w2025-03-10", "w2025-03-17", "w2025-03-24", "w2025-03-31"]
    assert [o.starts.weekday() for o in found] == [0] * 5
    assert [o.due.weekday() for o in found] == [6] * 5
    assert all(o.ends == o.due == o.starts + datetime.timedelta(6) for o in found)
    # The week of Monday 31 March is whole: due Sunday 6 April. The week of Monday 24 February is not March's.
    assert found[-1].due == D(2025, 4, 6)
    assert found[0].label == "2025-W10"


def test_weekly_across_a_year_boundary() -> None:
    weekly = Schedule(text="weekly", kind="recurring", every="week", start="2025-12", end="2026-01")
    found = generate(weekly, period_start=None, period_end=None)
    assert keys(found)[:5] == ["w2025-12-01", "w2025-12-08", "w2025-12-15", "w2025-12-22", "w2025-12-29"]
    assert found[4].due == D(2026, 1, 4) and found[4].label == "2026-W01"
    assert keys(found)[-1] == "w2026-01-26"
    assert len(found) == 9


def test_month_ends_leap_years_and_year_boundaries() -> None:
    monthly = Schedule(text="щомісяця", kind="recurring", every="month")
    found = generate(monthly, period_start="2023-11", period_end="2024-03")
    assert dues(found) == [D(2023, 11, 30), D(2023, 12, 31), D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]
    assert keys(found) == ["m2023-11", "m2023-12", "m2024-01", "m2024-02", "m2024-03"]
    assert dues(generate(slots("2023-02", "2100-02", "2000-02"), period_start=None, period_end=None)) == [
        D(2000, 2, 29), D(2023, 2, 28), D(2100, 2, 28)]
    quarterly = Schedule(text="щокварталу", kind="recurring", every="quarter")
    assert dues(generate(quarterly, period_start="2024-01", period_end="2024-12")) == [
        D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]
    yearly = Schedule(text="щороку", kind="recurring", every="year")
    found = generate(yearly, period_start="2023-07", period_end="2025-06")
    assert keys(found) == ["y2023", "y2024", "y2025"]
    assert [(o.starts, o.due) for o in found] == [(D(2023, 7, 1), D(2023, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31)),
                                                 (D(2025, 1, 1), D(2025, 6, 30))]


def test_daily() -> None:
    daily = Schedule(text="щодня", kind="recurring", every="day", start="2024-02", end="2024-02")
    found = generate(daily, period_start=None, period_end=None)
    assert len(found) == 29 and found[-1].key == "d2024-02-29" and found[-1].due == found[-1].starts


def test_times_per_month_split_the_month() -> None:
    twice = parse_schedule("2 рази на місяць", period_start="2024-01", period_end="2024-02")
    assert (twice.every, twice.times) == ("month", 2)
    found = generate(twice, period_start="2024-01", period_end="2024-02")
    assert keys(found) == ["m2024-01.1", "m2024-01.2", "m2024-02.1", "m2024-02.2"]
    assert [(o.starts, o.due) for o in found] == [
        (D(2024, 1, 1), D(2024, 1, 15)), (D(2024, 1, 16), D(2024, 1, 31)),
        (D(2024, 2, 1), D(2024, 2, 14)), (D(2024, 2, 15), D(2024, 2, 29))]
    thrice = Schedule(text="3x", kind="recurring", every="month", times=3)
    assert dues(generate(thrice, period_start="2025-02", period_end="2025-02")) == [
        D(2025, 2, 9), D(2025, 2, 18), D(2025, 2, 28)]


def test_times_per_year_and_week() -> None:
    bimonthly = parse_schedule("раз на 2 місяці", period_start="2025-01", period_end="2025-12")
    assert (bimonthly.every, bimonthly.times) == ("year", 6)
    found = generate(bimonthly, period_start="2025-01", period_end="2025-12")
    assert [(o.starts, o.due) for o in found][:2] == [(D(2025, 1, 1), D(2025, 2, 28)), (D(2025, 3, 1), D(2025, 4, 30))]
    assert keys(found) == [f"y2025.{n}" for n in range(1, 7)] and found[-1].due == D(2025, 12, 31)
    twice_weekly = Schedule(text="2x a week", kind="recurring", every="week", times=2)
    found = generate(twice_weekly, period_start="2025-03", period_end="2025-03")
    assert len(found) == 10
    assert [(o.starts, o.due) for o in found[:2]] == [(D(2025, 3, 3), D(2025, 3, 5)), (D(2025, 3, 6), D(2025, 3, 9))]
    many_a_day = Schedule(text="3x a day", kind="recurring", every="day", times=3, start="2025-03", end="2025-03")
    found = generate(many_a_day, period_start=None, period_end=None)
    assert len(found) == 93 and found[0].due == found[2].due == D(2025, 3, 1)


# ---------------------------------------------------------------------------------------------
# Ranges with a count of events
# ---------------------------------------------------------------------------------------------


def test_count_spread_first_at_start_last_at_end() -> None:
    def months(start: str, end: str, count: int) -> list[str]:
        found = generate(Schedule(text="", kind="range", start=start, end=end, count=count),
                         period_start=None, period_end=None)
        return [o.starts.strftime("%Y-%m") for o in found]

    assert months("2025-01", "2025-12", 2) == ["2025-01", "2025-12"]
    assert months("2025-01", "2025-12", 3) == ["2025-01", "2025-07", "2025-12"]
    assert months("2025-01", "2025-12", 12) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert months("2025-01", "2025-03", 3) == ["2025-01", "2025-02", "2025-03"]
    for count in range(2, 25):
        spread = months("2024-01", "2025-12", count)
        assert len(spread) == len(set(spread)) == count


def test_count_more_events_than_months_goes_to_days_and_one_event_takes_the_range() -> None:
    many = Schedule(text="", kind="range", start="2025-01", end="2025-01", count=3)
    assert dues(generate(many, period_start=None, period_end=None)) == [D(2025, 1, 1), D(2025, 1, 16), D(2025, 1, 31)]
    one = Schedule(text="", kind="range", start="2018-09", end="2018-11", count=1)
    found = generate(one, period_start=None, period_end=None)
    assert [(o.key, o.starts, o.due) for o in found] == [("e1-of-1", D(2018, 9, 1), D(2018, 11, 30))]


# ---------------------------------------------------------------------------------------------
# The plan's period: clipping, its absence, its granularity
# ---------------------------------------------------------------------------------------------


def test_bounds_outside_the_period_are_clipped() -> None:
    marked = slots("2023-03", "2023-05", "2023-11")
    assert keys(generate(marked, period_start="2023-05", period_end="2023-10")) == ["m2023-05"]
    span = Schedule(text="", kind="range", start="2023-01", end="2023-07")
    assert keys(generate(span, period_start="2023-05", period_end="2023-10")) == ["m2023-05", "m2023-06", "m2023-07"]
    counted = Schedule(text="", kind="range", start="2023-01", end="2023-12", count=2)
    assert [o.starts for o in generate(counted, period_start="2023-05", period_end="2023-10")] == [
        D(2023, 5, 1), D(2023, 10, 1)]
    monthly = Schedule(text="", kind="recurring", every="month", start="2023-01", end="2024-12")
    assert len(generate(monthly, period_start="2023-05", period_end="2023-10")) == 6
    outside = Schedule(text="", kind="once", start="2022-05", end="2022-05")
    assert generate(outside, period_start="2023-05", period_end="2023-10") == []
    ongoing = Schedule(text="", kind="continuous", start="2021-01", end="2021-03")
    assert generate(ongoing, period_start="2023-05", period_end="2023-10") == []
    quarter = slots("2023-Q3")
    found = generate(quarter, period_start="2023-08", period_end="2024-07")
    assert [(o.key, o.starts, o.due) for o in found] == [("q2023-Q3", D(2023, 8, 1), D(2023, 9, 30))]


def test_no_period_uses_the_schedules_own_bounds() -> None:
    monthly = Schedule(text="", kind="recurring", every="month", start="2024-11", end="2025-02")
    assert keys(generate(monthly, period_start=None, period_end=None)) == [
        "m2024-11", "m2024-12", "m2025-01", "m2025-02"]
    bare = Schedule(text="щомісяця", kind="recurring", every="month")
    assert generate(bare, period_start=None, period_end=None) == []
    assert generate(Schedule(text="постійно", kind="continuous"), period_start=None, period_end=None) == []
    # Half a period does not bound an open rhythm either.
    assert generate(bare, period_start="2024-01", period_end=None) == []
    assert len(generate(bare, period_start="2024-01", period_end="2024-12")) == 12
    assert len(generate(bare, period_start="2024-12", period_end="2024-01")) == 12  # given backwards


def test_quarter_granularity() -> None:
    ongoing = Schedule(text="постійно", kind="continuous")
    found = generate(ongoing, period_start="2023-07", period_end="2025-06", granularity="quarter")
    assert len(found) == 8 and all(o.ongoing for o in found)
    assert found[0].key == "q2023-Q3" and found[-1].key == "q2025-Q2"
    span = Schedule(text="", kind="range", start="2024-02", end="2024-07")
    found = generate(span, period_start="2023-07", period_end="2025-06", granularity="quarter")
    assert [(o.key, o.starts, o.due) for o in found] == [
        ("q2024-Q1", D(2024, 2, 1), D(2024, 3, 31)), ("q2024-Q2", D(2024, 4, 1), D(2024, 6, 30)),
        ("q2024-Q3", D(2024, 7, 1), D(2024, 7, 31))]
    # A marked month stays a month, and a monthly rhythm stays monthly, in a plan by quarters.
    assert keys(generate(slots("2024-05"), period_start="2023-07", period_end="2025-06", granularity="quarter")) == [
        "m2024-05"]
    monthly = Schedule(text="", kind="recurring", every="month", start="2024-01", end="2024-03")
    assert len(generate(monthly, period_start="2023-07", period_end="2025-06", granularity="quarter")) == 3


def test_quarter_slot_in_a_monthly_plan() -> None:
    found = generate(slots("2024-Q1", "2024-05"), period_start="2024-01", period_end="2024-12")
    assert [(o.key, o.starts, o.due) for o in found] == [("q2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
                                                         ("m2024-05", D(2024, 5, 1), D(2024, 5, 31))]


# ---------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------


def test_keys_are_stable_between_runs() -> None:
    for text in ("щомісяця", "щотижня", "2 рази на місяць", "щокварталу", "постійно", "6/2025 - 11/2025 - 4 akce",
                 "5/2025", "9-11/2025"):
        schedule = parse_schedule(text, period_start="2025-01", period_end="2025-12")
        first = generate(schedule, period_start="2025-01", period_end="2025-12")
        again = generate(parse_schedule(text, period_start="2025-01", period_end="2025-12"),
                         period_start="2025-01", period_end="2025-12")
        assert first and first == again, text
        assert len(set(keys(first))) == len(first), text


def test_adding_a_slot_keeps_the_other_keys() -> None:
    before = generate(slots("2023-05", "2023-07", "2023-09"), period_start="2023-05", period_end="2023-10")
    after = generate(slots("2023-05", "2023-06", "2023-07", "2023-09"), period_start="2023-05", period_end="2023-10")
    assert set(keys(before)) < set(keys(after))
    assert set(keys(after)) - set(keys(before)) == {"m2023-06"}
    kept = {o.key: o for o in after}
    assert all(kept[o.key] == o for o in before)


def test_moving_a_once_keeps_its_key() -> None:
    may = generate(Schedule(text="5/2025", kind="once", start="2025-05"), period_start=None, period_end=None)
    june = generate(Schedule(text="6/2025", kind="once", start="2025-06"), period_start=None, period_end=None)
    assert keys(may) == keys(june) == ["once"] and may[0].due != june[0].due


def test_duplicate_slots_give_one_occurrence() -> None:
    assert keys(generate(slots("2023-07", "2023-05", "2023-07"), period_start=None, period_end=None)) == [
        "m2023-05", "m2023-07"]


# ---------------------------------------------------------------------------------------------
# Nothing to generate, limits, never raising
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["за потреби", "dle potřeby", "", "колись", "Інтернет ресурси"])
def test_as_needed_and_unknown_give_none(text: str) -> None:
    schedule = parse_schedule(text, period_start="2025-01", period_end="2025-12")
    assert schedule.kind in ("as_needed", "unknown")
    assert generate(schedule, period_start="2025-01", period_end="2025-12") == []


def test_unknown_with_marked_slots_keeps_them_like_the_load_table() -> None:
    schedule = Schedule(text="?", kind="unknown", slots=["2025-03"])
    assert keys(generate(schedule, period_start="2025-01", period_end="2025-12")) == ["m2025-03"]
    assert due_months(schedule, Period(start="2025-01", end="2025-12")) == ["2025-03"]


def test_limit_keeps_the_earliest() -> None:
    daily = Schedule(text="щодня", kind="recurring", every="day")
    found = generate(daily, period_start="2000-01", period_end="2099-12", limit=100)
    assert len(found) == 100 and found[0].due == D(2000, 1, 1) and found[-1].due == D(2000, 4, 9)
    assert len(generate(daily, period_start="2000-01", period_end="2099-12")) == 1000
    assert generate(daily, period_start="2000-01", period_end="2000-12", limit=0) == []
    huge = Schedule(text="", kind="recurring", every="month", times=10**9)
    assert len(generate(huge, period_start="2025-01", period_end="2025-12", limit=50)) == 50
    often = Schedule(text="", kind="recurring", every="week", times=100)  # too many parts to cache
    found = generate(often, period_start="2025-03", period_end="2025-03", limit=150)
    assert len(found) == 150 and found[0].key == "w2025-03-03.1" and found[-1].key == "w2025-03-10.50"
    counted = Schedule(text="", kind="range", start="2025-01", end="2025-12", count=10**9)
    assert len(generate(counted, period_start=None, period_end=None, limit=20)) == 20
    many = slots(*[f"{year}-{month:02d}" for year in range(2000, 2030) for month in range(1, 13)])
    found = generate(many, period_start=None, period_end=None, limit=10)
    assert keys(found) == [f"m2000-{month:02d}" for month in range(1, 11)]


def test_odd_values_never_raise() -> None:
    rng = random.Random(5)
    junk: list[Any] = [None, "", "2025", "2025-13", "2025-Q5", "0000-01", "9999-12", "2025-02-30", "2025-02-28",
                       "x", 3, -1, 0, 2.0, 1e300, True, "12", [], {}, "2025-Q1", "1000-01"]
    granularities: list[Any] = ["month", "quarter", "decade", None]
    for _ in range(3000):
        schedule = Schedule(
            text="?", kind=rng.choice(KINDS), slots=[rng.choice(junk) for _ in range(rng.randint(0, 3))],
            start=rng.choice(junk), end=rng.choice(junk), count=rng.choice(junk),
            every=rng.choice(junk + ["week", "day"]),
            times=rng.choice(junk), offset_days=rng.choice(junk + [10**12]), anchor=rng.choice(junk + ["захід"]),
        )
        events: Any = rng.choice([None, {"захід": D(2025, 1, 1)}, {"захід": D.max}, {"захід": "x"}, {None: None}])
        found = generate(schedule, period_start=rng.choice(junk), period_end=rng.choice(junk),
                         granularity=rng.choice(granularities), events=events,
                         limit=rng.choice([0, 1, 5, 1000]))
        assert isinstance(found, list)
        assert dues(found) == sorted(dues(found))
        assert len(set(keys(found))) == len(found)
        assert all(o.starts <= o.ends for o in found)


def test_every_occurrence_is_within_the_period_but_whole_weeks() -> None:
    rng = random.Random(9)
    texts = ["щомісяця", "щокварталу", "щороку", "постійно", "2 рази на місяць", "раз на 2 місяці", "щодня",
             "вересень-листопад 2024", "1 квартал 2025", "6/2024 - 12/2025 - 4 заходи", "5/2024", "3x на рік"]
    for _ in range(200):
        start_year, start_month = rng.randint(2023, 2025), rng.randint(1, 12)
        length = rng.randint(0, 30)
        last = start_year * 12 + start_month - 1 + length
        start, end = f"{start_year}-{start_month:02d}", f"{last // 12}-{last % 12 + 1:02d}"
        first_day = D(start_year, start_month, 1)
        end_day = D(last // 12 + (last % 12 + 1) // 12, (last % 12 + 1) % 12 + 1, 1) - datetime.timedelta(1)
        for text in texts:
            for granularity in ("month", "quarter"):
                schedule = parse_schedule(text, period_start=start, period_end=end)
                for o in generate(schedule, period_start=start, period_end=end, granularity=granularity):
                    assert first_day <= o.starts <= o.due <= o.ends <= end_day, (text, start, end, o)
