"""The five seed documents import as ``holos/demo/seeds/EXPECTED.md`` says.

One test per statement of EXPECTED.md. Counts are exact where it gives them. Tests of
schedules written in words (002's "5/2018", 001's "за потреби") check what the schedule
parser understood, so they depend on ``holos.core.schedule.parse_schedule``.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from holos.core.document import Activity, Plan, PlanDocument, dumps, loads
from holos.core.importers import read_path, read_text

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"


@functools.cache
def seed(number: str) -> PlanDocument:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return read_path(path)


def find(plan: Plan, title_start: str) -> Activity:
    found = [a for a in plan.activities() if a.title.startswith(title_start)]
    assert len(found) == 1, f"{len(found)} activities start with {title_start!r}"
    return found[0]


def activity_counts(plan: Plan) -> list[list[int]]:
    return [[len(task.activities) for task in goal.tasks] for goal in plan.goals]


def per_goal(plan: Plan) -> list[int]:
    return [sum(len(task.activities) for task in goal.tasks) for goal in plan.goals]


def warnings_at(document: PlanDocument, where: str) -> list[str]:
    return [w.message for w in document.warnings if w.where == where]


# --- Every seed --------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_each_seed_survives_a_round_trip_through_its_dict(number):
    document = seed(number)
    assert PlanDocument.from_dict(document.to_dict()) == document


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_each_seed_survives_a_round_trip_through_json(number):
    document = seed(number)
    assert loads(dumps(document)).to_dict() == json.loads(json.dumps(document.to_dict()))


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_warning_of_each_seed_says_where(number):
    assert all(warning.where and warning.message for warning in seed(number).warnings)


@pytest.mark.parametrize("number", ["000", "001", "002", "004"])
def test_no_markup_is_left_in_any_text(number):
    text = json.dumps(seed(number).to_dict(), ensure_ascii=False)
    for markup in ("<p>", "</p>", "<b>", "</b>", "[bookmark"):
        assert markup not in text


@pytest.mark.parametrize("number", ["000", "001", "002", "004"])
def test_every_activity_of_each_seed_names_the_line_of_its_row(number):
    activities = [a for plan in seed(number).plans for a in plan.activities()]
    assert activities
    assert all(re.fullmatch(r"line \d+", a.origin) for a in activities)
    assert all(a.to_dict()["origin"] == a.origin for a in activities)


@pytest.mark.parametrize("number", ["001", "004"])
def test_warnings_about_rows_stand_at_the_origin_of_their_activities(number):
    """The preview shows a warning next to the activity whose ``origin`` is its ``where``."""
    document = seed(number)
    activities = [a for plan in document.plans for a in plan.activities()]
    # Each line that became (part of) an activity's row, with that activity's origin: its
    # first line, and the lines joined to it after a page break.
    row_of = {a.origin: a.origin for a in activities}
    for warning in document.warnings:
        if "broken across a page" in warning.message and warning.where in row_of:
            row_of[warning.params["place"]] = warning.where
    named = [w for w in document.warnings if w.where in row_of]
    assert all(w.where == row_of[w.where] for w in named)
    assert len(named) >= 5
    # A warning that names an activity stands at that activity's origin.
    pairs = 0
    for warning in document.warnings:
        title = str(warning.params.get("title", "")).rstrip("…")
        if title:
            # The strategic and operational plans of 004 share some titles.
            assert warning.where in {a.origin for a in activities if a.title.startswith(title)}
            pairs += 1
    # 004's rows name no activity in a warning since its directions keep their indicators themselves.
    assert pairs >= (1 if number == "001" else 0)
    # Warnings about a whole table stand at its header, which is no activity's row.
    for warning in document.warnings:
        if "columns of this table are empty" in warning.message:
            assert warning.where not in row_of


def test_004_merged_cells_are_reported_at_the_row_of_their_tasks():
    dialogue = find(strategic(), "Створення майданчику для діалогу")
    assert dialogue.origin == "line 317"
    assert [a.title for a in strategic().activities() if a.origin == "line 317"][0] == dialogue.title
    messages = [m for m in warnings_at(seed("004"), dialogue.origin)]
    assert any("cells were merged" in m for m in messages)


def test_001_rows_joined_after_page_breaks_are_reported_at_their_activities():
    plan = seed("001").plans[0]
    public_requests = find(plan, "Інформування мешканців через ЦНАП")
    assert public_requests.origin == "line 32"
    assert any("broken across a page" in m for m in warnings_at(seed("001"), "line 32"))
    others = find(plan, "Запровадження інших заходів")
    assert others.origin == "line 51"
    assert any("numbering column" in m for m in warnings_at(seed("001"), "line 51"))


def test_001_bold_markdown_is_removed():
    assert "**" not in json.dumps(seed("001").to_dict(), ensure_ascii=False)


# --- 000: two calendar plans, Pokrovska hromada, May–October 2023 ------------------------------


def test_000_holds_two_calendar_plans_for_may_to_october_2023_in_ukrainian():
    plans = seed("000").plans
    assert len(plans) == 2
    for plan in plans:
        assert plan.kind == "calendar"
        assert (plan.period.start, plan.period.end, plan.period.granularity) == (
            "2023-05", "2023-10", "month")
        assert plan.language == "uk"
        assert plan.approval is None


def test_000_names_the_hromada_in_the_nominative():
    assert [p.organization for p in seed("000").plans] == [
        "Покровська селищна територіальна громада"] * 2


def test_000_source_is_tab_separated_text():
    assert seed("000").source == {"file": "000_e607be4f092c3acc.txt",
                                  "format": "text/tab-separated"}


def test_000_plan_1_goal_and_key_message():
    (goal,) = seed("000").plans[0].goals
    assert goal.title == "Проінформувати ВПО про послуги та залучити до активного життя в громаді"
    assert goal.key_message == "Зустрічасмо, підтримуємо, допомагаємо!"


def test_000_plan_1_has_three_tasks_with_5_4_3_activities():
    plan = seed("000").plans[0]
    assert activity_counts(plan) == [[5, 4, 3]]
    assert len(plan.activities()) == 12


def test_000_plan_1_tasks_are_titled_without_their_label():
    titles = [task.title for task in seed("000").plans[0].goals[0].tasks]
    assert titles[0].startswith("Роз'яснити внутрішньо переміщеним особам")
    assert titles[1] == "Підвищити обізнаність ВПО та залучити до активного життя громади"
    assert titles[2].startswith("Створити дієві, офіційні канали")


def test_000_plan_2_goal_and_key_message():
    (goal,) = seed("000").plans[1].goals
    assert goal.title == ("Залучення жителів громади до вшанування пам'яті загиблих "
                          "воїнів-земляків та патріотичного виховання молоді.")
    assert goal.key_message == "Полеглі герої в наших серцях!"


def test_000_plan_2_has_three_tasks_with_5_2_2_activities():
    plan = seed("000").plans[1]
    assert activity_counts(plan) == [[5, 2, 2]]
    assert len(plan.activities()) == 9


def test_000_hot_line_runs_all_six_months():
    hot_line = find(seed("000").plans[0], 'Робота "Гарячої лінії"')
    assert hot_line.schedule.to_dict() == {
        "text": "x x x x x x", "kind": "slots",
        "slots": ["2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10"],
    }
    assert hot_line.audiences == ["ВПО", "жителі громади"]
    assert hot_line.channels == ["Телеграм канал", "фейсбук сторінка громади", "вайбер групи"]
    assert hot_line.responsible == ["ЦНАП"]
    assert hot_line.result == "Постійний зв'язок з громадою"
    assert hot_line.resources is not None
    assert (hot_line.resources.needed, hot_line.resources.text) == (False, "Не потребує")


def test_000_trainings_run_in_june_august_and_october():
    trainings = find(seed("000").plans[0], "Тренінги, робота психологів")
    assert trainings.schedule.slots == ["2023-06", "2023-08", "2023-10"]


def test_000_viber_channel_runs_every_other_month_and_needs_the_network():
    viber = find(seed("000").plans[0], "Створити вайбер-канал/групу для ВПО")
    assert viber.schedule.slots == ["2023-05", "2023-07", "2023-09"]
    assert viber.resources is not None
    assert (viber.resources.needed, viber.resources.text) == (True, "Доступ до мережі")


def test_000_small_business_activity_aims_at_20_percent_in_july():
    business = find(seed("000").plans[0], "Проінформувати про можливість створення малого бізнесу")
    assert business.title == ("Проінформувати про можливість створення малого бізнесу 20% ВПО "
                              "у громаді")
    assert business.schedule.slots == ["2023-07"]
    ((target, unit, placeholder),) = [(i.target, i.unit, i.placeholder)
                                      for i in business.indicators]
    assert (target, unit, placeholder) == (20, "%", False)


def test_000_honouring_the_defenders_aims_at_500_residents():
    honouring = find(seed("000").plans[1], "Залучити до заходів вшанування захисників")
    assert honouring.title == ("Залучити до заходів вшанування захисників принаймні 500 "
                               "мешканців громади")
    assert honouring.schedule.slots == ["2023-06", "2023-08", "2023-10"]
    ((indicator),) = honouring.indicators
    assert (indicator.target, indicator.unit) == (500, "мешканців")


def test_000_specialists_for_the_alley_have_no_channel_and_need_resources():
    specialists = find(seed("000").plans[1], "Залучення спеціалістів до створення проєкту")
    assert specialists.title == "Залучення спеціалістів до створення проєкту Алеї слави захисників"
    assert specialists.channels == []
    assert specialists.resources is not None
    assert (specialists.resources.needed, specialists.resources.text) == (True, "Потребує")


def test_000_leading_numbering_is_not_part_of_a_title():
    titles = [a.title for plan in seed("000").plans for a in plan.activities()]
    assert not [title for title in titles if title[0].isdigit()]
    assert "Відкриття Алеї слави захисників" in titles


def test_000_unit_names_with_commas_stay_whole():
    opening = find(seed("000").plans[1], "Відкриття Алеї слави захисників")
    assert opening.responsible == ["Відділ культури, туризму, національностей і релігій"]
    business = find(seed("000").plans[0], "Проінформувати про можливість")
    assert business.responsible == ["Центр зайнятості", "відділ економічного розвитку"]


# --- 001: CNAP communication plan for 2021 -----------------------------------------------------


def test_001_is_one_thematic_plan_for_2021():
    (plan,) = seed("001").plans
    assert plan.kind == "thematic"
    assert (plan.period.start, plan.period.end) == ("2021-01", "2021-12")
    assert plan.language == "uk"
    assert plan.title.startswith("Комунікаційний план з інформування мешканців")


def test_001_names_its_approval():
    assert seed("001").plans[0].approval == "розпорядження від 27.11.2020 № 211"


def test_001_source_is_markdown():
    assert seed("001").source == {"file": "001_d08e3e9dbff834c8.txt", "format": "text/markdown"}


def test_001_has_four_thematic_blocks_with_their_lost_headings_found():
    titles = [goal.title for goal in seed("001").plans[0].goals]
    assert titles[0] == "ІНФОРМУВАННЯ НАСЕЛЕННЯ ПРО РОБОТУ ЦНАП"
    assert titles[1] == "ІНФОРМУВАННЯ ПРО НОВІ ПОСЛУГИ"
    assert titles[2].startswith("ЗАЛУЧЕННЯ МІШКАНЦІВ ДО ДІАЛОГУ З МІСЦЕВОЮ ВЛАДОЮ")
    assert titles[3] == "ГРУПИ НАСЕЛЕННЯ"
    assert len(titles) == 4
    assert warnings_at(seed("001"), "line 34")
    assert warnings_at(seed("001"), "line 36")


def test_001_numbered_topics_are_tasks():
    tasks = [task.title for task in seed("001").plans[0].goals[0].tasks]
    assert tasks == ["Поширення інформації", "Співпраця з цільовими аудиторіями",
                     "Інформаційні кампанії", "Робота з репутацією", "Онлайн комунікація",
                     "Співпраця з проектами міжнародної технічної допомоги"]


def test_001_has_at_least_20_activities():
    assert len(seed("001").plans[0].activities()) >= 20


def test_001_pairs_each_kind_of_work_with_its_period_in_one_cell():
    plan = seed("001").plans[0]
    assert find(plan, "Продуктування та поширення інформації").schedule.text == (
        "оперативне інформування")
    assert find(plan, "Підготовка тематичних цільових розсилок").schedule.text == "за потреби"
    assert find(plan, "Підготовка друкованої продукції").schedule.text == (
        "відповідно до плану роботи")
    assert find(plan, "Поширення інформації про ЦНАП через старости").schedule.text == "постійно"


def test_001_keeps_every_period_written_in_words():
    texts = " | ".join(a.schedule.text.lower() for a in seed("001").plans[0].activities())
    for period in ("постійно", "оперативне інформування", "за потреби", "1 раз у місяць",
                   "1 раз у тиждень", "вересень-листопад 2021", "1 квартал 2021",
                   "за 2 тижні до заходу", "за півроку до відкриття"):
        assert period in texts


def test_001_population_groups_are_audiences_not_activities():
    plan = seed("001").plans[0]
    groups = {
        "wheelchairs": "Групи населення, які мають інвалідність та переміщуються за допомогою "
                       "інвалідних візків",
        "sight": "Групи населення, які мають вади зору",
        "remote villages": "Жителі віддалених населених пунктів",
        "aged 14-45": "Мешканці громади - потенційні споживачі послуг у ЦНАП, 14-45 років",
    }
    titles = {activity.title for activity in plan.activities()}
    for group in groups.values():
        assert group in plan.audiences
        assert group not in titles
    sight = find(plan, "Будівля ЦНАП облаштована графіками роботи")
    assert sight.audiences == [groups["sight"]]


def test_001_opening_of_the_centre_is_an_activity_not_an_audience():
    """Line 50 merges several rows: a heading of work sits among the groups of people."""
    plan = seed("001").plans[0]
    assert "Інформування про відкриття ЦНАП" not in plan.audiences
    opening = find(plan, "Інформування про відкриття ЦНАП")
    assert opening.audiences == ["Мешканці громади - потенційні споживачі послуг у ЦНАП",
                                 "Мешканці віддалених населених пунктів - потенційні споживачі послуг у ЦНАП"]
    remote = find(plan, "Пошири інформацію про діяльність: основного ЦНАП")
    assert remote.audiences == ["Мешканці віддалених населених пунктів - потенційні споживачі послуг у ЦНАП, "
                                "20+ років"]
    assert opening.origin == remote.origin == "line 48"
    assert any("names work, not people" in m for m in warnings_at(seed("001"), "line 48"))


def test_001_joins_rows_broken_across_pages_and_says_so():
    document = seed("001")
    # The warning stands at the row that was joined to, naming where its rest was.
    joined = {(w.where, w.params.get("place")) for w in document.warnings
              if "broken across a page" in w.message}
    assert joined == {("line 10", "line 12"), ("line 32", "line 38"), ("line 48", "line 50")}
    public_requests = find(document.plans[0], "Інформування мешканців через ЦНАП")
    assert "Надання допомоги при оформленні звернень громадян та запитів" in public_requests.title


def test_001_says_which_rows_it_could_not_read():
    document = seed("001")
    assert any("could not be placed" in m for m in warnings_at(document, "line 29"))
    assert any("lost its heading" in m for m in warnings_at(document, "line 31"))
    assert warnings_at(document, "line 51")


def test_001_channels_are_split_into_entries():
    new_service = find(seed("001").plans[0], "Роз'яснення алгоритму дії отримання послуги")
    assert new_service.channels == ["Анонс на сайті", "Використання Viber"]
    reputation = find(seed("001").plans[0], "Формування позитивних відгуків")
    assert reputation.channels[:2] == ["працівники ЦНАП", "листівки про послуги ЦНАП"]


def test_001_periods_in_words_are_understood():
    # Waits for the schedule parser (holos.core.schedule.parse_schedule).
    plan = seed("001").plans[0]
    assert find(plan, "Поширення інформації про ЦНАП через старости").schedule.kind == (
        "continuous")
    assert find(plan, "Підготовка тематичних цільових розсилок").schedule.kind == "as_needed"
    campaign = find(plan, "Інформування та поширення інформації про ЦНАП під час")
    assert (campaign.schedule.kind, campaign.schedule.offset_days) == ("relative", -14)
    monthly = find(plan, "Моніторинг послуг, що є найбільш поширеними")
    assert (monthly.schedule.kind, monthly.schedule.every) == ("recurring", "month")


# --- 002: information campaign, Czech EU project, 02/2018 – 01/2020 -----------------------------


def test_002_is_one_czech_campaign_plan_from_february_2018_to_january_2020():
    (plan,) = seed("002").plans
    assert plan.kind == "campaign"
    assert (plan.period.start, plan.period.end) == ("2018-02", "2020-01")
    assert plan.language == "cs"
    assert plan.title == "Plán informační kampaně"


def test_002_has_11_activities_all_run_by_the_project_team():
    activities = seed("002").plans[0].activities()
    assert len(activities) == 11
    assert all(activity.responsible == ["realizační tým KPSS"] for activity in activities)


def test_002_keeps_the_schedule_text_as_written():
    texts = [a.schedule.text for a in seed("002").plans[0].activities()]
    assert texts[:5] == ["5/2018", "9-11/2018",
                         "čtvrtletně po celou dobu realizace projektu, dle potřeby častěji",
                         "9/2018 - 11/2019", "6/2018 - 01/2020 - 4 akce"]
    assert texts[5:10] == ["průběžně"] * 5
    assert texts[10] == "12/2019"


def test_002_audiences_are_split_on_commas():
    first = seed("002").plans[0].activities()[0]
    assert first.audiences == ["uživatelé", "zadavatelé",
                               "poskytovatelé sociálních služeb a služeb doplňkových",
                               "široká veřejnost"]


def test_002_organisation_is_taken_from_the_project_line_with_a_warning():
    document = seed("002")
    assert document.plans[0].organization == "ORP Strakonice"
    (warning,) = [w for w in document.warnings if w.params.get("organization") == "ORP Strakonice"]
    assert "project's name" in warning.message


def test_002_keeps_the_footnote_as_a_note():
    assert any(n.startswith("** Plán informační kampaně může být") for n in
               seed("002").plans[0].notes)


# The schedules below wait for the schedule parser (holos.core.schedule.parse_schedule).


def schedule_of(title: str) -> dict[str, object]:
    return find(seed("002").plans[0], title).schedule.to_dict()


def test_002_opening_hearing_is_once_in_may_2018():
    schedule = schedule_of("úvodní veřejné projednání")
    assert (schedule["kind"], schedule.get("start")) == ("once", "2018-05")


def test_002_closing_hearing_is_a_range_from_september_to_november_2018():
    schedule = schedule_of("závěrečné veřejné projednání")
    assert (schedule["kind"], schedule.get("start"), schedule.get("end")) == (
        "range", "2018-09", "2018-11")


def test_002_steering_committee_meets_quarterly_over_the_whole_period():
    schedule = schedule_of("jednání řídicího výboru")
    assert (schedule["kind"], schedule.get("every")) == ("recurring", "quarter")
    assert (schedule.get("start"), schedule.get("end")) == ("2018-02", "2020-01")


def test_002_working_groups_meet_from_september_2018_to_november_2019():
    schedule = schedule_of("jednání pracovních skupin")
    assert (schedule["kind"], schedule.get("start"), schedule.get("end")) == (
        "range", "2018-09", "2019-11")


def test_002_round_tables_are_four_events_from_june_2018_to_january_2020():
    schedule = schedule_of("jednání u kulatého stolu")
    assert (schedule["kind"], schedule.get("start"), schedule.get("end"), schedule.get("count")) == (
        "range", "2018-06", "2020-01", 4)


def test_002_web_pages_run_continuously():
    assert schedule_of("www stránky realizátora a partnera")["kind"] == "continuous"


def test_002_catalogue_is_once_in_december_2019():
    schedule = schedule_of("katalog poskytovatelů")
    assert (schedule["kind"], schedule.get("start")) == ("once", "2019-12")


# --- 003: an article, not a plan ----------------------------------------------------------------


def test_003_has_no_plan_and_says_so():
    document = seed("003")
    assert document.plans == []
    assert len(document.warnings) == 1
    assert "No plan was found" in document.warnings[0].message


def test_003_read_as_text_gives_the_same_answer():
    text = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    document = read_text(text, filename="003.txt")
    assert document.plans == []
    assert document.source == {"file": "003.txt", "format": "text/plain"}


# --- 004: strategic and operational plan, IDP council, Kolomyia --------------------------------

DIRECTIONS = [
    "Дослідження та аналіз потреб ВПО",
    "Сприяння професійній самореалізації ВПО",
    "Соціальна інтеграція та адаптація ВПО",
    "Розвиток партнерства з ОМС, іншими партнерами ради ВПО та стейкхолдерами",
    "Інформаційно-консультативна робота",
    "Сприяння забезпеченню ВПО гідним житлом для середньострокового та довгострокового "
    "проживання",
]
STAKEHOLDER_GROUPS = ["Вразливі ВПО", "Працездатні (зайнятість та співпраця з бізнесом)",
                      "Сім'ї з дітьми", "Соціально активні"]


def strategic() -> Plan:
    return seed("004").plans[0]


def operational() -> Plan:
    return seed("004").plans[1]


def test_004_holds_a_strategic_and_an_operational_plan():
    assert [plan.kind for plan in seed("004").plans] == ["strategic", "operational"]
    assert all(plan.language == "uk" for plan in seed("004").plans)


def test_004_strategic_plan_has_six_directions_each_with_its_aim():
    plan = strategic()
    assert [goal.title for goal in plan.goals] == DIRECTIONS
    for direction in DIRECTIONS:
        assert any(note.startswith(f"{direction}: Мета:") for note in plan.notes)


def test_004_strategic_plan_runs_in_quarters_from_2023_q3_to_2025_q2():
    plan = strategic()
    assert (plan.period.start, plan.period.end, plan.period.granularity) == (
        "2023-07", "2025-06", "quarter")
    slots = sorted({slot for a in plan.activities() for slot in a.schedule.slots})
    assert slots[0] == "2023-Q3"
    assert slots[-1] == "2025-Q2"
    assert all(len(slot) == 7 and "-Q" in slot for slot in slots)


def test_004_strategic_tasks_sit_in_the_quarters_they_are_written_in():
    inclusion = find(strategic(), "Дослідження потреб в інклюзії")
    assert inclusion.schedule.kind == "slots"
    assert inclusion.schedule.slots == ["2024-Q2", "2025-Q2"]
    monitoring = find(strategic(), "Моніторинг та контроль виконання рішень")
    assert monitoring.schedule.slots == ["2024-Q2", "2024-Q4", "2025-Q2"]


def test_004_strategic_rows_with_merged_cells_have_unknown_quarters_and_a_warning():
    dialogue = find(strategic(), "Створення майданчику для діалогу")
    assert dialogue.schedule.kind == "unknown"
    assert any("cells were merged" in m for m in warnings_at(seed("004"), "line 317"))


def test_004_strategic_directions_have_indicators_of_their_own():
    plan = strategic()
    assert not [i for a in plan.activities() for i in a.indicators]
    assert all(goal.indicators for goal in plan.goals)
    first = plan.goals[0]
    assert [i.text for i in first.indicators][:2] == [
        "Жодне рішення про ВПО не приймається без участі ВПО", "__ діалогових сесій"]
    indicators = [i for goal in plan.goals for i in goal.indicators]
    placeholders = [i for i in indicators if i.placeholder]
    assert len(placeholders) >= 10
    assert all(i.target is None for i in placeholders)
    assert any(i.text == "__ (кількість) ВПО, що пройшли опитування" for i in placeholders)


def test_004_operational_plan_runs_from_august_2023_to_july_2024_in_months():
    plan = operational()
    assert (plan.period.start, plan.period.end, plan.period.granularity) == (
        "2023-08", "2024-07", "month")


def test_004_operational_plan_has_the_six_directions_as_goals():
    assert [goal.title for goal in operational().goals] == DIRECTIONS


def test_004_operational_plan_has_45_tasks_split_6_11_9_12_6_1():
    plan = operational()
    assert per_goal(plan) == [6, 11, 9, 12, 6, 1]
    assert len(plan.activities()) == 45


def test_004_operational_components_are_tasks():
    first = operational().goals[0]
    assert [task.title for task in first.tasks] == [
        "Підтримка діалогу із ВПО", "Опитування та систематизація отриманої інформації",
        "Підтримка зворотного зв'язку"]
    assert [len(task.activities) for task in first.tasks] == [2, 3, 1]


def test_004_operational_schedules_are_unknown_not_invented():
    activities = operational().activities()
    assert all(a.schedule.to_dict() == {"text": "", "kind": "unknown"} for a in activities)
    assert any("month columns of this table are empty" in w.message
               for w in seed("004").warnings)


def test_004_operational_tasks_have_their_indicator_text():
    activities = operational().activities()
    without = [a.title for a in activities if not a.indicators]
    # The copy itself leaves this one task's indicator cell empty (line 1296).
    assert without == ["Обрати співголову ради ВПО"]
    assert all(i.text for a in activities for i in a.indicators)


def test_004_operational_placeholders_are_found():
    indicators = [i for a in operational().activities() for i in a.indicators]
    placeholders = [i for i in indicators if i.placeholder]
    assert len(placeholders) >= 20
    mentoring = find(operational(), "Залучення менторів/фасилітаторів")
    assert [(i.placeholder, i.unit) for i in mentoring.indicators] == [(True, "осіб")]
    dialogue = find(operational(), "Створення майданчику для діалогу")
    assert [(i.text, i.placeholder) for i in dialogue.indicators] == [
        ("Жодне рішення про ВПО не приймається без участі ВПО", False)]


def test_004_analysis_tables_are_notes_not_activities():
    for plan in seed("004").plans:
        notes = "\n".join(plan.notes)
        for label in ("Проблемне питання", "Роль Ради у вирішенні проблем",
                      "Функції, які виконує Рада з питань ВПО", "Групи стейкхолдерів"):
            assert label in notes
        titles = " ".join(a.title for a in plan.activities())
        assert "Забезпечення ВПО житлом для середньострокового" not in titles
        assert "Перенаправлення (карта/адресність)" not in titles


def test_004_stakeholder_groups_are_audiences_of_both_plans():
    for plan in seed("004").plans:
        assert plan.audiences == STAKEHOLDER_GROUPS


def test_004_names_the_council():
    for plan in seed("004").plans:
        assert plan.organization.startswith("Рада з питань ВПО")
