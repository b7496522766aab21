"""Occurrences keep the indexes and checks their reads and writes need; the migration keeps the tallies' triggers."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from holos.plans import actions as plan_actions
from holos.plans.models import Activity
from holos.work.models import Occurrence, OccurrenceMonth, OccurrenceTally

SINGLE = (["plan_id"], ["activity_id"], ["done_by_id"])
OPEN_WORK = ["status", "due", "plan_id"]
REPLACED = (["status", "due"], ["due", "status", "plan_id"])
LATEST = "0006_occurrence_activity_checked_per_statement"


def _indexes():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "work_occurrence")
    return {name: details["columns"] for name, details in constraints.items()
            if (details["index"] or details["unique"]) and not details["primary_key"]}


def _plan_checked() -> bool:
    """Whether the database checks each occurrence's plan (a foreign key constraint)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "work_occurrence")
    return any(details["foreign_key"] and details["columns"] == ["plan_id"] for details in constraints.values())


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()


def _tallied(world, slots):
    activity = Activity.objects.filter(plan=world.plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=slots)
    return (Occurrence.objects.filter(plan=world.plan).count(),
            sum(OccurrenceTally.objects.filter(plan_id=world.plan.pk).values_list("count", flat=True)),
            sum(OccurrenceMonth.objects.filter(plan_id=world.plan.pk).values_list("planned", flat=True)))


@pytest.mark.django_db(transaction=True)
def test_the_single_column_indexes_go_and_come_back_and_the_tallies_still_follow(world):
    indexes = _indexes()
    # Of the three, only the partial index on who did the work is left.
    assert [columns for columns in indexes.values() if columns in SINGLE] == [["done_by_id"]]
    assert ["activity_id", "key"] in indexes.values() and ["plan_id", "due"] in indexes.values()
    # PostgreSQL checks the activity of each occurrence, not its plan too; SQLite keeps its table as it was.
    assert _plan_checked() == (connection.vendor == "sqlite")
    counted, by_day, by_month = _tallied(world, ["2025-01", "2025-02"])
    assert counted == by_day == by_month and counted >= 2
    try:
        _migrate(("work", "0003_occurrence_month"))
        assert sorted(c for c in _indexes().values() if c in SINGLE) == sorted(SINGLE)
        assert _plan_checked()
    finally:
        _migrate(("work", LATEST))
    assert [columns for columns in _indexes().values() if columns in SINGLE] == [["done_by_id"]]
    assert _plan_checked() == (connection.vendor == "sqlite")
    # Dropping indexes did not rebuild the table, so the triggers that keep the tallies are still there.
    counted, by_day, by_month = _tallied(world, ["2025-03", "2025-04", "2025-05"])
    assert counted == by_day == by_month and counted >= 3


@pytest.mark.django_db(transaction=True)
def test_open_work_has_one_index_where_it_had_two_and_the_tallies_still_follow(world):
    indexes = list(_indexes().values())
    assert OPEN_WORK in indexes and not [columns for columns in indexes if columns in REPLACED]
    try:
        _migrate(("work", "0004_lighter_occurrence_writes"))
        indexes = list(_indexes().values())
        assert OPEN_WORK not in indexes and sorted(c for c in indexes if c in REPLACED) == sorted(REPLACED)
        counted, by_day, by_month = _tallied(world, ["2025-01", "2025-02"])
        assert counted == by_day == by_month and counted >= 2
    finally:
        _migrate(("work", LATEST))
    indexes = list(_indexes().values())
    assert OPEN_WORK in indexes and not [columns for columns in indexes if columns in REPLACED]
    # Only indexes changed: SQLite did not rebuild the table, so its tally triggers are still there.
    counted, by_day, by_month = _tallied(world, ["2025-03", "2025-04", "2025-05"])
    assert counted == by_day == by_month and counted >= 3
