"""Plan checks: a plan read against the method, on the seeds and on small plans built here.

Each check has a test that makes its finding appear and a twin that makes it disappear,
so that a check that always or never fires cannot pass. Pure Python, no database:
``.venv/bin/python -m pytest tests/core/test_checks.py -q``.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from holos.core.checks import (
    CODES,
    GROUPS,
    KINDS,
    LEVELS,
    CheckOptions,
    CheckReport,
    FitTable,
    audience_groups,
    channel_kinds,
    engagement_level,
    engagement_level_of,
    is_measurable,
    run_checks,
)
from holos.core.checks import messages as m
from holos.core.document import Activity, Goal, Indicator, Period, Plan, Task
from holos.core.importers import read_path
from holos.core.schedule import Schedule, parse_schedule

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "holos" / "demo" / "seeds"
SEED_FILES = sorted(SEEDS.glob("00*.txt"))


# ---------------------------------------------------------------------------------------------
# Building plans
# ---------------------------------------------------------------------------------------------

def slots(*months: str) -> Schedule:
    return Schedule(text=" ".join("x" for _ in months), kind="slots", slots=list(months))


def activity(**changes: object) -> Activity:
    """An activity that satisfies every check: audience, fitting channel, owner, result, date, measure."""
    values: dict[str, object] = {
        "title": "Зустрічі старост з мешканцями про послуги ЦНАП",
        "audiences": ["Жителі віддалених сіл"],
        "channels": ["Староста", "Дошка оголошень у селі"],
        "responsible": ["ЦНАП"],
        "result": "Проведено 6 зустрічей, 120 учасників",
        "schedule": slots("2024-03", "2024-04", "2024-05"),
        "indicators": [Indicator(text="120 учасників", target=120, unit="учасників")],
    }
    values.update(changes)
    return Activity(**values)  # type: ignore[arg-type]


def plan(*activities: Activity, key_message: str = "ЦНАП поруч з кожним селом", start: str | None = "2024-03",
         end: str | None = "2024-05", granularity: str = "month", audiences: list[str] | None = None) -> Plan:
    return Plan(
        title="План комунікації ЦНАП",
        period=Period(start=start, end=end, granularity=granularity),
        goals=[Goal(title="Мешканці знають про послуги ЦНАП", key_message=key_message,
                    tasks=[Task(title="Розповісти про послуги", activities=list(activities or [activity()]))])],
        audiences=audiences or [],
    )


def codes(report: CheckReport) -> list[str]:
    return [f.code for f in report.findings]


def found(report: CheckReport, code: str) -> list[tuple[str, str]]:
    return [(f.where, f.text()) for f in report.findings if f.code == code]


def seed(name: str) -> list[Plan]:
    return read_path(SEEDS / name).plans


# ---------------------------------------------------------------------------------------------
# The seeds
# ---------------------------------------------------------------------------------------------

def test_seed_000_memorial_alley_project_has_no_channel() -> None:
    second = seed("000_e607be4f092c3acc.txt")[1]
    report = run_checks(second)
    titles = [f.place.title for f in report.findings if f.code == "activity-no-channel"]
    assert any("Залучення спеціалістів до створення проєкту Алеї слави захисників" in t for t in titles)
    finding = next(f for f in report.findings if f.code == "activity-no-channel")
    assert finding.severity == "problem"
    assert finding.where == "g1.t1.a4"
    assert (finding.place.goal, finding.place.task, finding.place.activity) == (0, 0, 3)


def test_seed_004_operational_plan_has_many_placeholder_indicators() -> None:
    operational = next(p for p in seed("004_2a9c074713a9f348.txt") if p.kind == "operational")
    report = run_checks(operational)
    placeholders = [f for f in report.findings if f.code == "indicator-placeholder"]
    assert len(placeholders) >= 15
    assert all(f.where.count(".") == 2 for f in placeholders)
    assert all("__" in str(f.params["indicator"]) or "_%" in str(f.params["indicator"]) for f in placeholders)


def test_seed_000_first_plan_consults_in_its_survey_and_does_not_close_the_loop() -> None:
    first, second = seed("000_e607be4f092c3acc.txt")
    report = run_checks(first)
    activities = first.activities()
    survey = next(i for i, a in enumerate(activities) if a.title.startswith("Провести опитування"))
    assert report.levels[survey] == "consult"
    assert len(report.levels) == len(activities) == 12
    assert found(report, "no-feedback-loop")
    # The second plan tells residents the results of its survey about the alley.
    assert "no-feedback-loop" not in codes(run_checks(second))


def test_seed_001_names_hard_to_reach_groups_and_misses_remote_villages() -> None:
    report = run_checks(seed("001_d08e3e9dbff834c8.txt")[0])
    assert "accessibility-gap" not in codes(report)
    unreached = [f.params["audience"] for f in report.findings if f.code == "audience-unreached"]
    assert unreached == ["Жителі віддалених населених пунктів"]
    assert found(report, "relative-no-anchor")


def test_seed_002_one_team_carries_the_whole_campaign() -> None:
    report = run_checks(seed("002_716860460fdb6a89.txt")[0])
    shares = [f for f in report.findings if f.code == "unit-overload"]
    assert [f.params for f in shares] == [{"unit": "realizační tým KPSS", "count": 11, "total": 11, "percent": 100}]
    assert report.levels[2] == "empower"  # the steering committee co-decides ("spolurozhodování")
    # "6/2018 - 01/2020 - 4 akce": four events spread over the range.
    round_table = seed("002_716860460fdb6a89.txt")[0].activities()[4]
    one_activity = plan(activity(schedule=round_table.schedule, responsible=["tým"]), start="2018-02", end="2020-01")
    assert sum(run_checks(one_activity).load["tým"].values()) == 4


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_every_seed_plan_is_read_without_error_and_in_known_words(path: Path) -> None:
    for each in read_path(path).plans:
        report = run_checks(each)
        assert len(report.levels) == len(each.activities())
        assert set(report.levels) <= set(LEVELS)
        for finding in report.findings:
            assert finding.code in CODES
            assert finding.severity == m.CHECKS[finding.code].severity
            assert finding.text() and finding.hint_text()
        json.dumps(report.to_dict(), ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# A complete activity
# ---------------------------------------------------------------------------------------------

def test_a_complete_activity_in_a_plan_that_names_hard_to_reach_groups_gives_no_finding() -> None:
    report = run_checks(plan(activity()))
    assert report.findings == []
    assert report.counts() == {"problem": 0, "suggestion": 0}


def test_a_complete_activity_has_no_activity_finding_even_in_a_longer_period() -> None:
    report = run_checks(plan(activity(), start="2024-01", end="2024-12"))
    assert not [f for f in report.findings if f.where == "g1.t1.a1"]
    assert set(codes(report)) == {"empty-month"}


# ---------------------------------------------------------------------------------------------
# Problems, each appearing and disappearing
# ---------------------------------------------------------------------------------------------

def test_activity_no_audience_appears() -> None:
    report = run_checks(plan(activity(audiences=[" "])))
    assert found(report, "activity-no-audience") == [
        ("g1.t1.a1", "\u201cЗустрічі старост з мешканцями про послуги ЦНАП\u201d names no audience.")
    ]


def test_activity_no_audience_disappears() -> None:
    assert "activity-no-audience" not in codes(run_checks(plan(activity(audiences=["Жителі сіл"]))))


def test_activity_no_channel_appears() -> None:
    report = run_checks(plan(activity(channels=[])))
    [finding] = [f for f in report.findings if f.code == "activity-no-channel"]
    assert finding.hint.startswith("Name the channels through which this audience actually gets news")


def test_activity_no_channel_disappears() -> None:
    assert "activity-no-channel" not in codes(run_checks(plan(activity(channels=["Вайбер-група"]))))


def test_activity_no_responsible_appears() -> None:
    assert found(run_checks(plan(activity(responsible=[]))), "activity-no-responsible")


def test_activity_no_responsible_disappears() -> None:
    assert "activity-no-responsible" not in codes(run_checks(plan(activity(responsible=["Відділ культури"]))))


def test_activity_no_result_appears() -> None:
    report = run_checks(plan(activity(result="  ")))
    assert found(report, "activity-no-result")
    assert "result-not-measurable" not in codes(report)  # one finding for one gap


def test_activity_no_result_disappears() -> None:
    assert "activity-no-result" not in codes(run_checks(plan(activity(result="10 публікацій"))))


def test_activity_no_schedule_appears_for_an_empty_and_for_an_unread_schedule() -> None:
    empty = run_checks(plan(activity(schedule=Schedule())))
    unread = run_checks(plan(activity(schedule=parse_schedule("коли буде змога"))))
    assert found(empty, "activity-no-schedule") == [
        ("g1.t1.a1", "It is not said when \u201cЗустрічі старост з мешканцями про послуги ЦНАП\u201d happens.")
    ]
    [(_, text)] = found(unread, "activity-no-schedule")
    assert "\u201cколи буде змога\u201d could not be read as a date" in text


@pytest.mark.parametrize("text", ["щомісяця", "за потреби", "постійно", "березень 2024", "За тиждень до сесії"])
def test_activity_no_schedule_disappears_for_any_readable_schedule(text: str) -> None:
    schedule = parse_schedule(text, period_start="2024-03", period_end="2024-05")
    assert schedule.kind != "unknown"
    assert "activity-no-schedule" not in codes(run_checks(plan(activity(schedule=schedule))))


def test_indicator_placeholder_appears_once_per_placeholder() -> None:
    indicators = [
        Indicator(text="__ (кількість) учасників", placeholder=True),
        Indicator(text="120 учасників", target=120),
        Indicator(text="_% задоволених", placeholder=True, unit="%"),
    ]
    report = run_checks(plan(activity(indicators=indicators)))
    placeholders = [f for f in report.findings if f.code == "indicator-placeholder"]
    assert [(f.where, f.params["indicator"], f.params["number"]) for f in placeholders] == [
        ("g1.t1.a1", "__ (кількість) учасників", 1),
        ("g1.t1.a1", "_% задоволених", 3),
    ]
    assert all(f.severity == "problem" for f in placeholders)


def test_indicator_placeholder_disappears_when_filled() -> None:
    indicators = [Indicator(text="40 учасників", target=40), Indicator(text="80% задоволених", target=80, unit="%")]
    assert "indicator-placeholder" not in codes(run_checks(plan(activity(indicators=indicators))))


def test_goal_no_key_message_appears() -> None:
    report = run_checks(plan(activity(), key_message=""))
    [finding] = [f for f in report.findings if f.code == "goal-no-key-message"]
    assert (finding.where, finding.place.goal, finding.place.task) == ("g1", 0, None)
    assert finding.text() == "The goal \u201cМешканці знають про послуги ЦНАП\u201d has no key message."


def test_goal_no_key_message_disappears() -> None:
    assert "goal-no-key-message" not in codes(run_checks(plan(activity(), key_message="Ми поруч")))


def test_audience_unreached_appears_for_people_who_cannot_see_a_poster() -> None:
    aimed = activity(audiences=["Люди з вадами зору"], channels=["Плакати в амбулаторії"])
    report = run_checks(plan(activity(), aimed))
    [finding] = [f for f in report.findings if f.code == "audience-unreached"]
    assert finding.where == "g1.t1.a2"
    assert finding.params == {"audience": "Люди з вадами зору", "channels": "Плакати в амбулаторії",
                              "group": "impaired_sight"}
    assert finding.hint == m.UNREACHED_HINTS["impaired_sight"]


def test_audience_unreached_disappears_with_a_channel_they_can_use() -> None:
    aimed = activity(audiences=["Люди з вадами зору"], channels=["Плакати в амбулаторії", "Аудіооголошення"])
    assert "audience-unreached" not in codes(run_checks(plan(activity(), aimed)))


def test_audience_unreached_is_placed_at_the_first_activity_naming_the_audience() -> None:
    first = activity(audiences=["Пенсіонери"], channels=["Фейсбук"])
    second = activity(audiences=["пенсіонери "], channels=["Телеграм канал"])
    report = run_checks(plan(activity(), first, second))
    assert found(report, "audience-unreached") == [
        ("g1.t1.a2", "None of the channels aimed at \u201cПенсіонери\u201d reaches them: Фейсбук; Телеграм канал.")
    ]
    # One activity with radio reaches them, wherever it is in the plan.
    reached = activity(audiences=["Пенсіонери"], channels=["Місцеве радіо"])
    assert "audience-unreached" not in codes(run_checks(plan(activity(), first, second, reached)))


def test_audience_unreached_appears_for_an_audience_only_the_plan_names() -> None:
    report = run_checks(plan(activity(), audiences=["Сім'ї з дітьми"]))
    assert found(report, "audience-unreached") == [
        ("plan", "\u201cСім'ї з дітьми\u201d is named in the plan, but no activity is aimed at them.")
    ]
    aimed = activity(audiences=["Сім'ї з дітьми"], channels=["Вайбер-група батьків"])
    assert "audience-unreached" not in codes(run_checks(plan(activity(), aimed, audiences=["Сім'ї з дітьми"])))


def test_outside_period_appears_for_slots_once_and_range() -> None:
    late = activity(schedule=slots("2024-05", "2024-06"))
    early = activity(schedule=Schedule(text="01/2024", kind="once", start="2024-01"))
    spanning = activity(schedule=Schedule(text="4-7/2024", kind="range", start="2024-04", end="2024-07"))
    report = run_checks(plan(late, early, spanning))
    assert [(w, f.params["when"]) for f in report.findings if f.code == "outside-period" for w in [f.where]] == [
        ("g1.t1.a1", "2024-06"), ("g1.t1.a2", "2024-01"), ("g1.t1.a3", "2024-07"),
    ]
    assert found(report, "outside-period")[0][1] == (
        "\u201cЗустрічі старост з мешканцями про послуги ЦНАП\u201d is planned for 2024-06, "
        "outside the plan's period 2024-03 to 2024-05."
    )


def test_outside_period_disappears_inside_the_period() -> None:
    inside = [
        activity(schedule=slots("2024-03", "2024-05")),
        activity(schedule=Schedule(text="04/2024", kind="once", start="2024-04")),
        activity(schedule=Schedule(text="3-5/2024", kind="range", start="2024-03", end="2024-05")),
    ]
    assert "outside-period" not in codes(run_checks(plan(*inside)))
    # A quarter overlapping the period is inside it.
    quarterly = plan(activity(schedule=slots("2023-Q3")), start="2023-07", end="2025-06", granularity="quarter")
    assert "outside-period" not in codes(run_checks(quarterly))


def test_relative_no_anchor_appears_without_the_events_date() -> None:
    before = activity(schedule=parse_schedule("За 2 тижні до заходу"))
    report = run_checks(plan(before), events={"сесія": "2024-04-20", "захід": "не знаємо"})
    assert found(report, "relative-no-anchor") == [
        ("g1.t1.a1", "\u201cЗустрічі старост з мешканцями про послуги ЦНАП\u201d is timed from \u201cзахід\u201d, "
                     "but that event has no date.")
    ]


def test_relative_no_anchor_disappears_once_the_event_has_a_date() -> None:
    before = activity(schedule=parse_schedule("За 2 тижні до заходу"))
    assert "relative-no-anchor" not in codes(run_checks(plan(before), events={"Захід": "2024-04-20"}))


# ---------------------------------------------------------------------------------------------
# Suggestions, each appearing and disappearing
# ---------------------------------------------------------------------------------------------

def test_activity_no_indicator_appears() -> None:
    report = run_checks(plan(activity(indicators=[])))
    [finding] = [f for f in report.findings if f.code == "activity-no-indicator"]
    assert finding.severity == "suggestion"


def test_activity_no_indicator_disappears() -> None:
    indicators = [Indicator(text="3 зустрічі", target=3)]
    assert "activity-no-indicator" not in codes(run_checks(plan(activity(indicators=indicators))))


@pytest.mark.parametrize("result", ["Інформування населення", "Постійний зв'язок з громадою", "Lepší informovanost",
                                    "Better awareness of services"])
def test_result_not_measurable_appears(result: str) -> None:
    report = run_checks(plan(activity(result=result)))
    assert found(report, "result-not-measurable") == [
        ("g1.t1.a1", f"The result of \u201cЗустрічі старост з мешканцями про послуги ЦНАП\u201d cannot be counted: "
                     f"\u201c{result}\u201d.")
    ]


@pytest.mark.parametrize("result", ["10 публікацій", "Звіт про потреби", "опубліковано звіт", "500 учасників",
                                    "20 % ВПО поінформовано", "Протокол засідання", "Závěrečná zpráva",
                                    "Počet účastníků", "A published report", "кількість звернень"])
def test_result_not_measurable_disappears(result: str) -> None:
    assert is_measurable(result)
    assert "result-not-measurable" not in codes(run_checks(plan(activity(result=result))))


def test_accessibility_gap_appears_once_when_no_hard_to_reach_group_is_named() -> None:
    everyone = [activity(audiences=["Жителі громади"], channels=["Сайт"]),
                activity(audiences=["ВПО"], channels=["Вайбер"])]
    report = run_checks(plan(*everyone))
    assert [f.where for f in report.findings if f.code == "accessibility-gap"] == ["plan"]


@pytest.mark.parametrize("audience", ["Люди з вадами зору", "Незрячі та слабозрячі", "Osoby nevidomé",
                                      "Люди з вадами слуху", "Neslyšící", "Deaf residents",
                                      "Люди на інвалідних візках", "Wheelchair users",
                                      "Люди без інтернету", "Мешканці віддалених сіл", "Obyvatelé odlehlých obcí"])
def test_accessibility_gap_disappears_when_the_plan_names_a_hard_to_reach_group(audience: str) -> None:
    report = run_checks(plan(activity(audiences=["Жителі громади"], channels=["Сайт"]), audiences=[audience]))
    assert "accessibility-gap" not in codes(report)


def test_engagement_inform_only_appears_for_three_activities_that_only_inform() -> None:
    informing = [activity(title=t) for t in ("Новини на сайті", "Листівки про послуги", "Радіоефір голови")]
    report = run_checks(plan(*informing))
    assert found(report, "engagement-inform-only") == [
        ("plan", "Every activity of the plan only informs residents; none asks, involves them or decides with them "
                 "(activities: 3).")
    ]


def test_engagement_inform_only_disappears_with_a_survey_or_with_fewer_activities() -> None:
    informing = [activity(title=t) for t in ("Новини на сайті", "Листівки про послуги")]
    asking = activity(title="Опитування мешканців про якість послуг")
    assert "engagement-inform-only" not in codes(run_checks(plan(*informing, asking)))
    assert "engagement-inform-only" not in codes(run_checks(plan(*informing)))
    # A stored level counts as much as a guessed one.
    stored = run_checks(plan(*informing, activity(title="Зустріч")), levels=[None, None, "involve"])
    assert "engagement-inform-only" not in codes(stored)


def test_no_feedback_loop_appears_when_residents_are_asked_and_never_answered() -> None:
    survey = activity(title="Опитування мешканців про якість послуг")
    report = run_checks(plan(activity(), survey))
    assert [f.where for f in report.findings if f.code == "no-feedback-loop"] == ["g1.t1.a2"]


@pytest.mark.parametrize("answer", ["Інформування про результати опитування", "Звіт про врахування пропозицій",
                                    "You said, we did: what changed after the survey",
                                    "Zveřejnění výsledků dotazníku"])
def test_no_feedback_loop_disappears_when_an_activity_tells_the_results(answer: str) -> None:
    survey = activity(title="Опитування мешканців про якість послуг")
    assert "no-feedback-loop" not in codes(run_checks(plan(activity(), survey, activity(title=answer))))


def test_unit_overload_appears_for_too_many_activities_in_one_month() -> None:
    busy = [activity(title=f"Захід {n}", responsible=["Секретар"], schedule=slots("2024-04")) for n in range(9)]
    report = run_checks(plan(*busy), options=CheckOptions(unit_share_threshold=1.0))
    overloads = [f for f in report.findings if f.code == "unit-overload"]
    assert [(f.where, f.params) for f in overloads] == [
        ("plan", {"unit": "Секретар", "month": "2024-04", "count": 9, "threshold": 8})
    ]
    assert overloads[0].text() == "Activities due for Секретар in 2024-04: 9."
    assert "more than 8 at once" in overloads[0].hint_text()


def test_unit_overload_disappears_at_the_threshold_or_when_it_is_raised() -> None:
    eight = [activity(title=f"Захід {n}", responsible=["Секретар"], schedule=slots("2024-04")) for n in range(8)]
    options = CheckOptions(unit_share_threshold=1.0)
    assert "unit-overload" not in codes(run_checks(plan(*eight), options=options))
    nine = [*eight, activity(title="Ще один", responsible=["Секретар"], schedule=slots("2024-04"))]
    raised = CheckOptions(unit_month_threshold=9, unit_share_threshold=1.0)
    assert "unit-overload" not in codes(run_checks(plan(*nine), options=raised))


def test_unit_overload_appears_for_one_unit_carrying_most_of_the_plan() -> None:
    work = [activity(title=f"Захід {n}", responsible=["ЦНАП"]) for n in range(4)]
    report = run_checks(plan(*work, activity(responsible=["Відділ культури"])))
    overloads = [f for f in report.findings if f.code == "unit-overload"]
    assert [f.params for f in overloads] == [{"unit": "ЦНАП", "count": 4, "total": 5, "percent": 80}]
    assert overloads[0].text() == "ЦНАП is responsible for 80% of the plan's activities (4 of 5)."


def test_unit_overload_disappears_for_a_fair_share_or_a_small_plan() -> None:
    three = [activity(title=f"Захід {n}", responsible=["ЦНАП"]) for n in range(3)]
    others = [activity(responsible=["Відділ культури"]), activity(responsible=["Староста"])]
    assert "unit-overload" not in codes(run_checks(plan(*three, *others)))  # 60 % is not more than 60 %
    four = [activity(title=f"Захід {n}", responsible=["ЦНАП"]) for n in range(4)]
    assert "unit-overload" not in codes(run_checks(plan(*four)))  # fewer than five activities


def test_empty_month_appears_once_per_empty_column() -> None:
    report = run_checks(plan(activity(schedule=slots("2024-03")), start="2024-02", end="2024-05"))
    assert found(report, "empty-month") == [
        ("plan", "Nothing is planned for 2024-02."),
        ("plan", "Nothing is planned for 2024-04."),
        ("plan", "Nothing is planned for 2024-05."),
    ]
    quarterly = plan(activity(schedule=slots("2024-Q1", "2024-Q3")), start="2024-01", end="2024-12",
                     granularity="quarter")
    assert [f.params["month"] for f in run_checks(quarterly).findings if f.code == "empty-month"] == [
        "2024-Q2", "2024-Q4",
    ]


def test_empty_month_disappears_when_every_month_has_work_or_nothing_is_dated() -> None:
    monthly = parse_schedule("щомісяця", period_start="2024-03", period_end="2024-05")
    covered = plan(activity(schedule=slots("2024-03")), activity(schedule=monthly))
    assert "empty-month" not in codes(run_checks(covered))
    undated = plan(activity(schedule=parse_schedule("за потреби")), start="2024-01", end="2024-12")
    assert "empty-month" not in codes(run_checks(undated))
    no_period = plan(activity(schedule=slots("2024-03")), start=None, end=None)
    assert "empty-month" not in codes(run_checks(no_period))


def test_every_code_has_a_test_that_makes_it_appear() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for code in CODES:
        assert f"def test_{code.replace('-', '_')}_appears" in source, code
        assert f"def test_{code.replace('-', '_')}_disappears" in source, code


# ---------------------------------------------------------------------------------------------
# The fit table
# ---------------------------------------------------------------------------------------------

def test_a_fit_table_that_lets_posters_reach_people_with_impaired_sight_removes_the_finding() -> None:
    aimed = activity(audiences=["Незрячі мешканці"], channels=["Плакат у ЦНАП"])
    assert "audience-unreached" in codes(run_checks(plan(activity(), aimed)))
    default = FitTable.default().to_dict()
    table = FitTable.from_dict({"impaired_sight": [*default["impaired_sight"], "poster"]})
    assert "audience-unreached" not in codes(run_checks(plan(activity(), aimed), fit=table))


def test_a_fit_table_without_radio_for_older_people_creates_the_finding() -> None:
    aimed = activity(audiences=["Люди похилого віку"], channels=["Місцеве радіо"])
    assert "audience-unreached" not in codes(run_checks(plan(activity(), aimed)))
    elderly = [kind for kind in FitTable.default().to_dict()["elderly"] if kind != "radio"]
    table = FitTable.default().with_group("elderly", elderly)
    report = run_checks(plan(activity(), aimed), fit=table)
    assert [f.params["group"] for f in report.findings if f.code == "audience-unreached"] == ["elderly"]


def test_the_fit_table_survives_json_and_refuses_unknown_names() -> None:
    table = FitTable.default()
    assert FitTable.from_dict(json.loads(json.dumps(table.to_dict()))) == table
    assert set(table.to_dict()) == set(GROUPS)
    assert table.to_dict()["impaired_sight"] == sorted(
        ["audio", "voice_message", "large_print", "braille", "phone", "radio", "in_person"]
    )
    assert "poster" not in table.to_dict()["impaired_sight"] and "print" not in table.to_dict()["impaired_sight"]
    with pytest.raises(ValueError, match="unknown channel kinds"):
        FitTable.from_dict({"elderly": ["radio", "carrier pigeon"]})
    with pytest.raises(ValueError, match="unknown audience group"):
        FitTable.from_dict({"martians": ["radio"]})
    with pytest.raises(ValueError, match="must be a list"):
        FitTable.from_dict({"elderly": "radio"})


def test_groups_reached_by_any_channel_are_reached_by_an_unrecognised_one() -> None:
    aimed = activity(audiences=["ВПО", "Люди на інвалідних візках"], channels=["Щось своє"])
    assert channel_kinds("Щось своє") == frozenset()
    assert "audience-unreached" not in codes(run_checks(plan(activity(), aimed)))


@pytest.mark.parametrize(("name", "groups"), [
    ("Групи населення, які мають вади зору", {"impaired_sight"}),
    ("Незрячі та слабозрячі", {"impaired_sight"}),
    ("Slabozrací občané", {"impaired_sight"}),
    ("Blind and partially sighted people", {"impaired_sight"}),
    ("Neslyšící", {"impaired_hearing"}),
    ("Групи населення, які переміщуються за допомогою інвалідних візків", {"wheelchair"}),
    ("Osoby na wózkach", {"wheelchair"}),
    ("Мешканці без інтернету", {"no_internet"}),
    ("ВПО похилого віку", {"idp", "elderly"}),
    ("Senioři", {"elderly"}),
    ("Жителі старостинських округів", {"remote"}),
    ("Remote villages", {"remote"}),
    ("Учні старших класів", {"youth"}),
    ("Mládež", {"youth"}),
    ("Внутрішньо переміщені особи", {"idp"}),
    ("Жителі громади", {"general"}),
])
def test_audience_groups_are_recognised_in_four_languages(name: str, groups: set[str]) -> None:
    assert audience_groups(name) == groups


@pytest.mark.parametrize(("name", "kinds"), [
    ("Телеграм канал", {"messenger"}),
    ("Вайбер-групи", {"messenger"}),
    ("фейсбук сторінка громади", {"social_media"}),
    ("сайт", {"website"}),
    ("Місцеве радіо", {"radio"}),
    ("Obecní rozhlas", {"radio"}),
    ("дошка оголошень \"Покровщина Єднає\"", {"boards"}),
    ("Úřední nástěnka", {"boards"}),
    ("листівки про послуги ЦНАП", {"print"}),
    ("Тел.зв'язок", {"phone"}),
    ("Гаряча лінія", {"phone"}),
    ("Особистий прийом", {"in_person"}),
    ("старостинські округи", {"starosta"}),
    ("Мобільний ЦНАП", {"mobile_service"}),
    ("Таблички шрифтом Брайля", {"braille"}),
    ("Е-mail розсилки", {"email"}),
    ("Екскурсії для учнів шкіл", {"in_person", "school"}),
    ("Сурдопереклад", {"sign_language"}),
])
def test_channel_kinds_are_recognised_in_four_languages(name: str, kinds: set[str]) -> None:
    assert channel_kinds(name) == kinds
    assert kinds <= set(KINDS)


# ---------------------------------------------------------------------------------------------
# Options: dismissals and checks turned off
# ---------------------------------------------------------------------------------------------

def test_dismissing_a_finding_removes_exactly_that_finding() -> None:
    many = plan(activity(channels=[]), activity(channels=[], responsible=[]), key_message="")
    before = run_checks(many)
    assert ("activity-no-channel", "g1.t1.a2") in [f.key for f in before.findings]
    after = run_checks(many, options=CheckOptions(dismissed=frozenset({("activity-no-channel", "g1.t1.a2")})))
    assert [f.key for f in after.findings] == [f.key for f in before.findings if f.key != ("activity-no-channel",
                                                                                             "g1.t1.a2")]
    assert len(after.findings) == len(before.findings) - 1
    assert [f.key for f in after.dismissed] == [("activity-no-channel", "g1.t1.a2")]


def test_checks_turned_off_are_not_run() -> None:
    many = plan(activity(channels=[], responsible=[]), key_message="")
    report = run_checks(many, options=CheckOptions(enabled=frozenset({"activity-no-channel"})))
    assert codes(report) == ["activity-no-channel"]
    assert run_checks(many, options=CheckOptions(enabled=frozenset())).findings == []


# ---------------------------------------------------------------------------------------------
# The load table
# ---------------------------------------------------------------------------------------------

def test_the_load_table_counts_activities_due_per_unit_and_month() -> None:
    period = {"period_start": "2024-01", "period_end": "2024-03"}
    activities = [
        activity(responsible=["ЦНАП"], schedule=slots("2024-01", "2024-03")),
        activity(responsible=["ЦНАП", "Відділ культури"], schedule=Schedule(text="02/2024", kind="once",
                                                                            start="2024-02")),
        activity(responsible=["Відділ культури"], schedule=parse_schedule("щомісяця", **period)),
        activity(responsible=[" цнап "], schedule=parse_schedule("постійно", **period)),
        activity(responsible=["ЦНАП"], schedule=Schedule(text="2 заходи", kind="range", start="2024-01",
                                                         end="2024-03", count=2)),
        activity(responsible=["ЦНАП"], schedule=parse_schedule("За 2 тижні до заходу")),
        activity(responsible=["ЦНАП"], schedule=parse_schedule("за потреби")),
        activity(responsible=[], schedule=slots("2024-02")),
        activity(responsible=["Відділ культури"], schedule=parse_schedule("щотижня", **period)),
    ]
    report = run_checks(plan(*activities, start="2024-01", end="2024-03"))
    assert report.load == {
        "ЦНАП": {"2024-01": 3, "2024-02": 2, "2024-03": 3},
        "Відділ культури": {"2024-01": 2, "2024-02": 3, "2024-03": 2},
    }
    assert report.columns == ["2024-01", "2024-02", "2024-03"]
    assert report.to_dict()["load"] == report.load


def test_the_load_table_of_a_quarterly_plan_counts_quarters() -> None:
    period = {"period_start": "2024-01", "period_end": "2024-12"}
    activities = [
        activity(responsible=["Рада ВПО"], schedule=slots("2024-Q1", "2024-Q3")),
        activity(responsible=["Рада ВПО"], schedule=parse_schedule("щокварталу", **period)),
        activity(responsible=["Рада ВПО"], schedule=parse_schedule("щомісяця", **period)),
        activity(responsible=["Рада ВПО"], schedule=slots("2024-05")),
    ]
    report = run_checks(plan(*activities, start="2024-01", end="2024-12", granularity="quarter"))
    assert report.load == {"Рада ВПО": {"2024-Q1": 3, "2024-Q2": 3, "2024-Q3": 3, "2024-Q4": 2}}


# ---------------------------------------------------------------------------------------------
# Engagement levels
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "level"), [
    ("Інформування мешканців про послуги ЦНАП", "inform"),
    ("Використання Viber (спільнота)", "inform"),
    ("Провести опитування користувачів фейсбук", "consult"),
    ("Громадські слухання щодо генплану", "consult"),
    ("Анкетування відвідувачів ЦНАП", "consult"),
    ("Створення робочої групи з мешканців", "involve"),
    ("Залучення молоді до волонтерства", "involve"),
    ("Спільно з ГО облаштувати сквер", "collaborate"),
    ("Партнерство з бізнесом", "collaborate"),
    ("Бюджет участі: голосування за проєкти", "empower"),
    ("Tisková zpráva o projektu", "inform"),
    ("Dotazník spokojenosti občanů", "consult"),
    ("Veřejné slyšení k rozpočtu", "consult"),
    ("Jednání pracovní skupiny", "involve"),
    ("Kulatý stůl s rodiči", "involve"),
    ("Spolupráce s neziskovými organizacemi", "collaborate"),
    ("Participativní rozpočet města", "empower"),
    ("Monthly newsletter to residents", "inform"),
    ("Online survey of parents", "consult"),
    ("Workshop with young people", "involve"),
    ("Co-create the park design with residents", "collaborate"),
    ("Participatory budget", "empower"),
    ("Ankieta dla mieszkańców", "consult"),
    ("Budżet obywatelski", "empower"),
])
def test_engagement_levels_are_guessed_from_words(phrase: str, level: str) -> None:
    assert engagement_level_of(phrase) == level
    assert engagement_level(Activity(title=phrase)) == level


def test_engagement_level_reads_the_result_and_channels_too() -> None:
    assert engagement_level(Activity(title="Інформування мешканців", result="Почути думку жителів")) == "consult"
    assert engagement_level(Activity(title="Jednání řídicího výboru", channels=["spolurozhodování"])) == "empower"


def test_stored_levels_override_the_guess() -> None:
    activities = [activity(title="Новини на сайті"), activity(title="Опитування"), activity(title="Листівки")]
    report = run_checks(plan(*activities), levels=["empower", None, "not-a-level"])
    assert report.levels == ["empower", "consult", "inform"]


# ---------------------------------------------------------------------------------------------
# Words for translators, the report's shapes, the core's independence
# ---------------------------------------------------------------------------------------------

def _marked_strings() -> set[str]:
    """Every literal wrapped in gettext_noop in the checks package: what makemessages extracts."""
    marked: set[str] = set()
    for path in (ROOT / "holos" / "core" / "checks").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop":
                [argument] = node.args
                assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), path
                # xgettext does not decode escapes such as \u201c: the msgid would not match at run time.
                assert "\\u" not in (ast.get_source_segment(source, argument) or ""), argument.value
                marked.add(argument.value)
    return marked


def test_every_message_and_hint_is_marked_for_translation_and_fills_from_its_params() -> None:
    marked = _marked_strings()
    reports = [run_checks(p) for path in SEED_FILES for p in read_path(path).plans]
    reports.append(run_checks(plan(activity(audiences=[], channels=[], responsible=[], result="", indicators=[],
                                            schedule=Schedule()), key_message="")))
    seen: set[str] = set()
    for report in reports:
        for finding in report.findings:
            assert finding.message in marked and finding.hint in marked, finding.code
            finding.text()
            finding.hint_text()
            seen.add(finding.code)
    assert len(seen) >= 12
    for check in m.CHECKS.values():
        assert check.title in marked and check.hint in marked


def test_the_report_counts_and_serialises_findings() -> None:
    report = run_checks(plan(activity(channels=[], indicators=[])))
    assert report.counts() == {"problem": 1, "suggestion": 1}
    assert report.to_dict() == {
        "findings": [
            {"code": "activity-no-channel", "severity": "problem", "where": "g1.t1.a1",
             "message": "\u201cЗустрічі старост з мешканцями про послуги ЦНАП\u201d names no channel."},
            {"code": "activity-no-indicator", "severity": "suggestion", "where": "g1.t1.a1",
             "message": "\u201cЗустрічі старост з мешканцями про послуги ЦНАП\u201d has no indicator."},
        ],
        "load": {"ЦНАП": {"2024-03": 1, "2024-04": 1, "2024-05": 1}},
    }


def test_long_titles_are_shortened_in_messages_but_kept_in_the_place() -> None:
    title = "Підготовка та оприлюднення періодичних звітів " * 6
    report = run_checks(plan(activity(title=title, channels=[])))
    [finding] = report.findings
    assert finding.place.title == title
    assert len(str(finding.params["title"])) <= 101 and str(finding.params["title"]).endswith("\u2026")


def test_the_checks_do_not_import_django() -> None:
    code = "import sys, holos.core.checks; assert not [m for m in sys.modules if m.startswith('django')]"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_docs_explain_every_code() -> None:
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in docs, code


def test_the_benchmark_builds_the_plan_it_measures() -> None:
    from bench.checks import build_plan

    generated = build_plan(200, seed=3)
    assert len(generated.activities()) == 200
    assert build_plan(200, seed=3) == generated
    report = run_checks(generated)
    assert report.load and report.findings
