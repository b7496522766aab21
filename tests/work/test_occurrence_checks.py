"""Every occurrence names an activity that is there, in the occurrence's own plan, whatever writes it.

On PostgreSQL triggers check all the rows of a statement at once (migration work 0006);
SQLite checks the activity by its foreign key. The errors are ``IntegrityError`` either way.
"""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from holos.bulk_insert import insert_rows
from holos.plans import actions as plan_actions
from holos.plans.models import Activity
from holos.work.actions import OCCURRENCE_COLUMNS
from holos.work.models import Occurrence
from tests.conftest import make_plan
from tests.racing import delete_behind_writer
from tests.work.test_occurrence_indexes import _migrate

postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the triggers are PostgreSQL's")


def _scheduled(plan, slots=("2025-01", "2025-02", "2025-03")):
    activity = Activity.objects.filter(plan=plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=list(slots))
    return activity


def _row(plan_id, activity_id, key):
    day = date(2025, 5, 1)
    values = {"plan_id": plan_id, "activity_id": activity_id, "key": key, "due": day, "starts": day, "ends": day,
              "ongoing": False}
    return tuple(values[column] for column in OCCURRENCE_COLUMNS)


def _refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()
        if connection.vendor == "sqlite":
            connection.check_constraints(["work_occurrence"])  # SQLite's keys are checked at commit


def test_an_occurrence_of_an_activity_that_is_not_there_is_refused(world):
    activity = _scheduled(world.plan)
    missing = Activity.objects.order_by("-pk").first().pk + 1000
    _refused(lambda: Occurrence.objects.create(plan=world.plan, activity_id=missing, key="x", due=date(2025, 5, 1),
                                               starts=date(2025, 5, 1), ends=date(2025, 5, 1)))
    # Written in bulk (a COPY on PostgreSQL, beside good rows) it is refused all the same, and the good ones with it.
    rows = [_row(world.plan.pk, missing if n == 300 else activity.pk, f"k{n}") for n in range(400)]
    before = Occurrence.objects.count()
    _refused(lambda: insert_rows(Occurrence, OCCURRENCE_COLUMNS, rows))
    assert Occurrence.objects.count() == before


@postgresql_only
def test_an_occurrence_in_another_plan_than_its_activitys_is_refused(world):
    activity = _scheduled(world.plan)
    other = make_plan(world.community, title="Другий")
    _refused(lambda: Occurrence.objects.create(plan=other, activity=activity, key="x", due=date(2025, 5, 1),
                                               starts=date(2025, 5, 1), ends=date(2025, 5, 1)))
    occurrence = Occurrence.objects.filter(activity=activity).first()
    _refused(lambda: Occurrence.objects.filter(pk=occurrence.pk).update(plan=other))
    elsewhere = Activity.objects.filter(plan=other).first()
    _refused(lambda: Occurrence.objects.filter(pk=occurrence.pk).update(activity=elsewhere))
    # Moving it to another activity of the same plan is fine.
    sibling = Activity.objects.filter(plan=world.plan).exclude(pk=activity.pk).first()
    Occurrence.objects.filter(pk=occurrence.pk).update(activity=sibling, key="moved")
    assert Occurrence.objects.get(pk=occurrence.pk).activity_id == sibling.pk


@postgresql_only
def test_an_activity_goes_only_with_its_work(world):
    activity = _scheduled(world.plan)
    assert Occurrence.objects.filter(activity=activity).exists()

    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM plans_activity WHERE id = %s", [activity.pk])
    _refused(raw_delete)
    _refused(lambda: Activity.objects.filter(pk=activity.pk).update(plan=make_plan(world.community, title="Інший")))
    plan_actions.delete_activity(actor=None, activity=activity)  # its work goes first, then the activity
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not Occurrence.objects.filter(activity_id=activity.pk).exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_activity_cannot_go_while_another_transaction_writes_its_work(world):
    """As a foreign key's check does, writing work locks the activity until the writer commits."""
    activity = _scheduled(world.plan)
    write = ("INSERT INTO work_occurrence (plan_id, activity_id, key, due, starts, ends, ongoing, status, skip_reason, "
             "note, detached, updated_at) VALUES (%s, %s, 'late', '2025-07-01', '2025-07-01', '2025-07-01', false, "
             "'planned', '', '', false, now())", [world.plan.pk, activity.pk])
    # Everything else that names the activity goes first, so that only the new work can hold it.
    tables = ("work_occurrence", "plans_activityaudience", "plans_activitychannel", "plans_activityunit",
              "plans_indicator")
    deletes = [(f"DELETE FROM {table} WHERE activity_id = %s", [activity.pk])  # noqa: S608 - names above
               for table in tables]
    assert delete_behind_writer(write, [*deletes, ("DELETE FROM plans_activity WHERE id = %s", [activity.pk])]) is False
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert Occurrence.objects.filter(activity=activity, key="late").exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_checks_go_and_the_key_comes_back_with_the_migration(world):
    def checked_by_key():
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, "work_occurrence")
        return any(d["foreign_key"] and d["columns"] == ["activity_id"] for d in constraints.values())

    def triggers():
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s OR tgname LIKE %s ORDER BY 1",
                           ["work_occurrence_activity_%", "plans_activity_work_%"])
            return [row[0] for row in cursor.fetchall()]

    assert not checked_by_key() and len(triggers()) == 4
    try:
        _migrate(("work", "0005_open_work_index"))
        assert checked_by_key() and triggers() == []
    finally:
        _migrate(("work", "0006_occurrence_activity_checked_per_statement"))
    assert not checked_by_key() and len(triggers()) == 4
    activity = _scheduled(world.plan)
    assert Occurrence.objects.filter(activity=activity).count() == 3
