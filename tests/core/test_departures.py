"""How a plan started from a template departs from it."""

from holos.core.departures import compare
from holos.core.document import Activity, Goal, Plan, Task


def template() -> Plan:
    return Plan(title="Шаблон", goals=[
        Goal(title="Поінформувати мешканців", tasks=[
            Task(title="Сайт", activities=[Activity(title="Новини на сайті"), Activity(title="Гаряча лінія")]),
        ]),
        Goal(title="Залучити молодь", tasks=[Task(title="Школи", activities=[Activity(title="Уроки")])]),
    ])


def test_an_unchanged_plan_follows_its_template():
    departure = compare(template(), template(), ["1", "2"])
    assert departure.follows and departure.changes == 0


def test_a_renamed_goal_is_matched_by_its_place_and_what_it_dropped_and_added_is_listed():
    plan = template()
    plan.goals[0].title = "Інформувати ВПО"
    plan.goals[0].tasks[0].activities = [Activity(title="новини  на сайті"), Activity(title="Телеграм-канал")]
    plan.goals.append(Goal(title="Власна ціль"))
    departure = compare(template(), plan, ["1", "2", ""])
    first = departure.goals[0]
    assert first.renamed and not first.dropped
    assert first.missing_activities == ["Гаряча лінія"] and first.added_activities == ["Телеграм-канал"]
    assert departure.added_goals == ["Власна ціль"]
    assert not departure.goals[1].changed
    assert departure.changes == 4


def test_a_dropped_goal_and_goals_matched_by_title_without_keys():
    plan = template()
    plan.goals = [plan.goals[1]]
    departure = compare(template(), plan)
    assert departure.goals[0].dropped and not departure.goals[1].changed
    assert departure.changes == 1
