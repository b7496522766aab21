"""Saving a document writes each kind of row in bulk: the queries do not grow with its activities."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from holos.accounts.actions import create_organization
from holos.audit.models import AuditEntry
from holos.core import document as doc
from holos.core.occurrences import generate
from holos.core.schedule import Schedule
from holos.plans.actions import create_catalogue_entry, plan_to_document, save_document
from holos.plans.models import Audience, Channel, Unit
from holos.work.models import Occurrence

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
SCHEDULES = [
    Schedule(text="x x", kind="slots", slots=["2025-02", "2025-05"]),
    Schedule(text="щокварталу", kind="recurring", every="quarter", start="2025-01", end="2025-12"),
    Schedule(text="За 2 тижні до заходу", kind="relative", offset_days=-14, anchor="захід"),
    Schedule(text="у червні", kind="once", start="2025-06", end="2025-06"),
]


def generated_plan(activities: int) -> doc.Plan:
    goals = [doc.Goal(title=f"Ціль {g}", key_message="Ми поруч", tasks=[doc.Task(title=f"Завдання {g}.{t}")
                                                                        for t in range(2)]) for g in range(2)]
    tasks = [task for goal in goals for task in goal.tasks]
    for n in range(activities):
        tasks[n % len(tasks)].activities.append(doc.Activity(
            title=f"Захід {n}",
            audiences=["ВПО", f"Аудиторія {n % 5}"],
            channels=[f"Канал {n % 7}", "вайбер-спільнота", "Вайбер спільнота"],
            responsible=[f"Відділ {n % 3}"],
            result="10 публікацій",
            resources=doc.Resources(needed=False, text="Не потребує"),
            schedule=SCHEDULES[n % len(SCHEDULES)],
            indicators=[doc.Indicator(text=f"{n} учасників", target=n, unit="учасників"),
                        doc.Indicator(text="__ анкет", placeholder=True)],
        ))
    return doc.Plan(title=f"План на {activities} заходів", kind="operational", audiences=["ВПО", "Молодь"],
                    period=doc.Period(start="2025-01", end="2025-12", granularity="month"), goals=goals)


def queries_to_save(world, plan: doc.Plan, name: str) -> int:
    """The queries saving the plan takes in a new organisation that already has one of its channels."""
    organization = create_organization(actor=None, name=name)
    create_catalogue_entry(actor=None, organization=organization, kind="channels", name="Вайбер спільнота")
    with CaptureQueriesContext(connection) as queries:
        save_document(actor=world.officer, organization=organization, document=doc.PlanDocument(plans=[plan]))
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_activities(world):
    # Small enough for every kind of row to fit one INSERT on SQLite too, which splits a
    # statement at 999 parameters.
    small = queries_to_save(world, generated_plan(3), "Мала громада")
    large = queries_to_save(world, generated_plan(12), "Велика громада")
    # The transaction's savepoint and its release; the events; one read of the three
    # catalogues together, then for each catalogue a read of its new names by their exact
    # spelling and an INSERT of those still new; the plan, its audiences, goals, tasks,
    # activities, three kinds of link, indicators, occurrences and the audit row. Rows this
    # few go by INSERT on PostgreSQL too, which gives the ids back (a COPY would draw them
    # from the sequences first).
    assert small == large == 2 + 1 + 1 + 3 * 2 + 11


def test_the_events_are_read_only_for_a_plan_that_counts_from_them(world):
    dated = generated_plan(4)  # one of its schedules is "two weeks before the event"
    undated = generated_plan(4)
    for activity in undated.activities():
        if activity.schedule.kind == "relative":
            activity.schedule = SCHEDULES[0]
    reads = []
    for plan in (dated, undated):
        organization = create_organization(actor=None, name=plan.title + str(len(reads)))
        with CaptureQueriesContext(connection) as queries:
            save_document(actor=None, organization=organization, document=doc.PlanDocument(plans=[plan]))
        reads.append(len([q for q in queries.captured_queries if 'FROM "work_event"' in q["sql"]]))
    assert reads == [1, 0]


def test_a_bulk_save_stores_what_one_by_one_would(world):
    organization = create_organization(actor=None, name="Нова громада")
    existing = create_catalogue_entry(actor=None, organization=organization, kind="channels",
                                      name="Вайбер спільнота")
    original = generated_plan(12)
    [plan] = save_document(actor=world.officer, organization=organization, document=doc.PlanDocument(plans=[original]))
    assert plan_to_document(plan) == _deduplicated(original)
    # "вайбер-спільнота" and "Вайбер спільнота" are one channel, the one the organisation had.
    assert Channel.objects.filter(organization=organization, normalized="вайбер спільнота").get() == existing
    assert Audience.objects.filter(organization=organization).count() == 1 + 5 + 1
    assert Unit.objects.filter(organization=organization).count() == 3
    for activity in plan.activities.all():
        expected = generate(activity.get_schedule(), period_start="2025-01", period_end="2025-12",
                            granularity="month", events={})
        stored = Occurrence.objects.filter(activity=activity).order_by("due", "key")
        assert sorted((o.key, o.due) for o in expected) == sorted((o.key, o.due) for o in stored)
    [entry] = AuditEntry.objects.filter(plan_ref=plan.pk)
    assert entry.action == "plan.import" and entry.after["activities"] == 12


def _deduplicated(plan: doc.Plan) -> doc.Plan:
    """The plan as it reads back: a name repeated in a cell in another spelling is kept once, as catalogued."""
    for activity in plan.activities():
        activity.channels = [activity.channels[0], "Вайбер спільнота"]
    return plan
