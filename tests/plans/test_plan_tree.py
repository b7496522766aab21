"""The plan's tree as pages and exports read it: each activity's values as the database holds them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from holos.core import document as doc
from holos.core.schedule import Schedule
from holos.plans.actions import save_document
from holos.plans.grid import IndicatorRow, load_plan_tree
from holos.plans.models import Activity, ActivityAudience, ActivityChannel, ActivityUnit, Indicator


def _plan_document(activities_per_task: int = 3) -> doc.Plan:
    """Two goals, three tasks, activities whose every value differs: resources needed, not and unknown, text
    schedules and marked months, indicators with and without a target, placeholders, notes."""
    def activity(n: int) -> doc.Activity:
        needed = [True, False, None][n % 3]
        return doc.Activity(
            title=f"Захід {n}", audiences=[f"Аудиторія {n % 4}", "ВПО"][: 1 + n % 2],
            channels=["Телеграм", f"Канал {n % 3}", "Сайт"][: n % 4], responsible=[f"Відділ {n % 2}"],
            result=f"Результат {n}" if n % 2 else "",
            resources=doc.Resources(needed=needed, text="Кошти громади" if n % 2 else "") if n % 5 else None,
            schedule=(Schedule(text="x x", kind="slots", slots=["2025-01", f"2025-0{1 + n % 6}"]) if n % 2
                      else Schedule(text="щомісяця", kind="recurring", slots=["2025-02", "2025-03"])),
            indicators=[doc.Indicator(text=f"{n} учасників", target=n * 1.5 if n % 2 else None, unit="учасників",
                                      placeholder=bool(n % 3 == 0))] * (n % 3),
            notes=f"Примітка {n}" if n % 4 == 0 else "",
        )

    counter = iter(range(100))
    tasks = [doc.Task(title=f"Завдання {t}", activities=[activity(next(counter)) for _ in range(activities_per_task)])
             for t in range(3)]
    return doc.Plan(
        title="План", period=doc.Period(start="2025-01", end="2025-06", granularity="month"),
        goals=[doc.Goal(title="Ціль 1", tasks=tasks[:2], indicators=[doc.Indicator(text="Охоплення", target=1000)]),
               doc.Goal(title="Ціль 2", tasks=tasks[2:])],
        indicators=[doc.Indicator(text="Довіра", placeholder=True)],
    )


def _names(link, activity, name: str) -> list[tuple[int, str]]:
    rows = link.objects.filter(activity=activity).order_by("position", "id").select_related(name)
    return [(getattr(row, f"{name}_id"), getattr(row, name).name) for row in rows]


def test_each_activity_of_the_tree_has_the_values_the_database_holds(world):
    [plan] = save_document(actor=None, organization=world.community, document=doc.PlanDocument(
        plans=[_plan_document()]))
    # Positions that the order of creation does not give: each list and each task's activities reversed.
    for link in (ActivityAudience, ActivityChannel, ActivityUnit):
        for row in link.objects.filter(activity__plan=plan):
            link.objects.filter(pk=row.pk).update(position=100 - row.position)
    for activity in Activity.objects.filter(plan=plan):
        Activity.objects.filter(pk=activity.pk).update(position=100 - activity.position)
    tree = load_plan_tree(plan)
    stored = list(Activity.objects.filter(plan=plan).order_by("task__goal__position", "task__position",
                                                                "position", "id"))
    rows = tree.activities()
    assert [row.pk for row in rows] == [activity.pk for activity in stored]
    assert len(rows) == 9
    for row, activity in zip(rows, stored, strict=True):
        for name in ("plan_id", "task_id", "title", "result", "resources_text", "notes", "level", "position"):
            assert getattr(row, name) == getattr(activity, name), name
        # ``is``: a 0 or 1 from SQLite is not a boolean, and the grid tells True, False and None apart.
        assert row.resources_needed is activity.resources_needed
        assert row.schedule == activity.schedule and isinstance(row.schedule, dict)
        assert row.get_schedule() == activity.get_schedule()
        assert str(row) == activity.title
        assert [tuple(entry) for entry in row.audience_list] == _names(ActivityAudience, activity, "audience")
        assert [tuple(entry) for entry in row.channel_list] == _names(ActivityChannel, activity, "channel")
        assert [tuple(entry) for entry in row.unit_list] == _names(ActivityUnit, activity, "unit")
        indicators = Indicator.objects.filter(activity=activity).order_by("position", "id")
        assert row.indicator_list == [IndicatorRow(i.text, i.target, i.unit, i.placeholder) for i in indicators]
        assert all(type(i.placeholder) is bool for i in row.indicator_list)
        slots = set(activity.schedule["slots"])
        assert row.cells == [column in slots for column in tree.columns]
        assert (row.schedule_kind, row.schedule_text) == (activity.schedule["kind"], activity.schedule["text"])
    assert {row.resources_needed for row in rows} == {True, False, None}
    assert [goal.indicator_list for goal in tree.goals] == [[IndicatorRow("Охоплення", 1000.0, "", False)], []]
    assert tree.indicator_list == [IndicatorRow("Довіра", None, "", True)]
    assert [[task.title for task in goal.task_list] for goal in tree.goals] == [
        ["Завдання 0", "Завдання 1"], ["Завдання 2"]]


def test_the_tree_is_read_in_the_same_number_of_statements_for_any_size(world):
    def statements(activities_per_task: int) -> int:
        [plan] = save_document(actor=None, organization=world.community, document=doc.PlanDocument(
            plans=[_plan_document(activities_per_task)]))
        with CaptureQueriesContext(connection) as queries:
            tree = load_plan_tree(plan)
        assert tree.activity_count == 3 * activities_per_task
        return len(queries)

    assert statements(1) == statements(20) == 6


def test_a_plan_of_goals_without_activities_reads_its_own_indicators_only(world):
    plan_document = _plan_document()
    for goal in plan_document.goals:
        for task in goal.tasks:
            task.activities = []
    [plan] = save_document(actor=None, organization=world.community, document=doc.PlanDocument(plans=[plan_document]))
    tree = load_plan_tree(plan)
    assert tree.activity_count == 0 and tree.activities() == []
    assert [goal.indicator_list for goal in tree.goals] == [[IndicatorRow("Охоплення", 1000.0, "", False)], []]
    assert tree.indicator_list == [IndicatorRow("Довіра", None, "", True)]
