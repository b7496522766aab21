"""Every task, activity, link of an activity (audience, channel, unit) and indicator names rows that are there.

On PostgreSQL triggers check all the rows of a statement at once (migration plans 0006);
SQLite checks them by foreign keys. The errors are ``IntegrityError`` either way.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from holos.bulk_insert import insert_rows
from holos.plans import actions
from holos.plans.models import (
    Activity,
    ActivityAudience,
    ActivityChannel,
    ActivityUnit,
    Audience,
    Channel,
    Goal,
    Indicator,
    Task,
    Unit,
)
from tests.racing import delete_behind_writer
from tests.work.test_occurrence_indexes import _migrate

CHECKED = import_module("holos.plans.migrations.0006_links_checked_per_statement").CHECKED

postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the triggers are PostgreSQL's")
LINKS = [(ActivityAudience, "audience_id"), (ActivityChannel, "channel_id"), (ActivityUnit, "unit_id")]


def _refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()
        connection.check_constraints()  # what is checked at commit (SQLite's keys, a removal on PostgreSQL)


def _missing(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def _linked(plan, link, column):
    """An activity of the plan and an entry it links to by ``link``."""
    row = link.objects.filter(activity__plan=plan).first()
    return row.activity_id, getattr(row, column)


@pytest.mark.parametrize(("link", "column"), LINKS)
def test_a_link_to_an_activity_or_an_entry_that_is_not_there_is_refused(world, link, column):
    activity, entry = _linked(world.plan, link, column)
    entries = link._meta.get_field(column.removesuffix("_id")).related_model
    _refused(lambda: link.objects.create(activity_id=_missing(Activity), **{column: entry}))
    _refused(lambda: link.objects.create(activity_id=activity, **{column: _missing(entries)}))
    # Written in bulk (a COPY on PostgreSQL, beside good rows) it is refused all the same, and the good ones with it.
    rows = [(activity, _missing(entries) if n == 300 else entry, n) for n in range(400)]
    before = link.objects.count()
    _refused(lambda: insert_rows(link, ("activity_id", column, "position"), rows))
    assert link.objects.count() == before


def test_an_indicator_of_an_activity_that_is_not_there_is_refused(world):
    _refused(lambda: Indicator.objects.create(activity_id=_missing(Activity), text="Охоплено 100 осіб"))
    rows = [(_missing(Activity) if n == 9 else None, f"Показник {n}", None, "", False, n) for n in range(10)]
    rows = [(activity or Activity.objects.filter(plan=world.plan).first().pk, *rest) for activity, *rest in rows]
    _refused(lambda: insert_rows(Indicator, ("activity_id", "text", "target", "unit", "placeholder", "position"),
                                 rows))


def _row_of(world, table: str, column: str):
    """A row of the world's plan in ``table`` whose ``column`` names something."""
    model = next(m for m in apps.get_app_config("plans").get_models() if m._meta.db_table == table)
    if model is Indicator:  # one of the level the column names: an indicator has one level
        owners = {"activity_id": Activity.objects.filter(plan=world.plan).first().pk,
                  "goal_id": Goal.objects.filter(plan=world.plan).first().pk, "plan_id": world.plan.pk}
        return Indicator.objects.create(text="Охоплено 100 осіб", **{column: owners[column]})
    if column == "parent_goal_id":
        task = Task.objects.filter(plan=world.plan).first()
        task.parent_goal = task.goal
        task.save()
        return task
    by_plan = "activity__plan" if "activity_id" in CHECKED[table] else "plan"
    return model.objects.filter(**{by_plan: world.plan}).first()


@pytest.mark.parametrize(("table", "column"), [(t, c) for t, columns in CHECKED.items() for c in columns])
def test_every_checked_column_refuses_an_id_that_no_row_has(world, table, column):
    row = _row_of(world, table, column)
    assert getattr(row, column) is not None
    _refused(lambda: type(row).objects.filter(pk=row.pk).update(**{column: 10**9}))
    type(row).objects.filter(pk=row.pk).update(**{column: getattr(row, column)})  # as it was: no refusal


@postgresql_only
@pytest.mark.parametrize(("link", "column"), LINKS)
def test_a_link_changed_to_a_missing_row_is_refused_and_a_change_of_position_goes_through(world, link, column):
    row = link.objects.filter(activity__plan=world.plan).first()
    entries = link._meta.get_field(column.removesuffix("_id")).related_model
    _refused(lambda: link.objects.filter(pk=row.pk).update(activity_id=_missing(Activity)))
    _refused(lambda: link.objects.filter(pk=row.pk).update(**{column: _missing(entries)}))
    link.objects.filter(pk=row.pk).update(position=7)
    assert link.objects.get(pk=row.pk).position == 7


@postgresql_only
def test_an_entry_or_an_activity_goes_only_with_its_links(world):
    audience = Audience.objects.filter(activityaudience__activity__plan=world.plan).first()
    activity = Activity.objects.filter(plan=world.plan).first()

    def raw(sql, value):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [value])
        return run

    _refused(raw("DELETE FROM plans_audience WHERE id = %s", audience.pk))
    _refused(raw("UPDATE plans_audience SET id = id + 100000 WHERE id = %s", audience.pk))
    # The activity: its work and other links gone, its audiences still hold it.
    ActivityChannel.objects.filter(activity=activity).delete()
    ActivityUnit.objects.filter(activity=activity).delete()
    _refused(raw("DELETE FROM plans_activity WHERE id = %s", activity.pk))
    # Through Holos, the links go first.
    actions.delete_catalogue_entry(actor=None, entry=audience)
    assert not Audience.objects.filter(pk=audience.pk).exists()
    assert not ActivityAudience.objects.filter(audience_id=audience.pk).exists()
    actions.delete_activity(actor=None, activity=activity)
    assert not Activity.objects.filter(pk=activity.pk).exists()


@postgresql_only
def test_merging_entries_moves_their_links(world):
    """A merge changes the entry its links name, one link at a time: each change is checked and passes."""
    unit = Unit.objects.filter(activityunit__activity__plan=world.plan).first()
    keep = actions.create_catalogue_entry(actor=None, organization=world.community, kind="units",
                                          name="Відділ комунікацій")
    linked = set(ActivityUnit.objects.filter(unit=unit).values_list("activity_id", flat=True))
    assert linked
    actions.merge_catalogue_entries(actor=None, keep=keep, duplicates=[unit])
    assert not Unit.objects.filter(pk=unit.pk).exists()
    assert set(ActivityUnit.objects.filter(unit=keep).values_list("activity_id", flat=True)) == linked


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_entry_cannot_go_while_another_transaction_links_to_it(world):
    """As a foreign key's check does, writing a link locks what it names until the writer commits."""
    activity, audience = _linked(world.plan, ActivityAudience, "audience_id")
    write = ("INSERT INTO plans_activityaudience (activity_id, audience_id, position) VALUES (%s, %s, 9)",
             [activity, audience])
    deletes = [(f"DELETE FROM {table} WHERE audience_id = %s", [audience])  # noqa: S608 - names below
               for table in ("plans_activityaudience", "plans_planaudience")]
    assert delete_behind_writer(write, [*deletes, ("DELETE FROM plans_audience WHERE id = %s", [audience])]) is False
    assert ActivityAudience.objects.filter(audience_id=audience, position=9).exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_checks_go_and_the_keys_come_back_with_the_migration(world):
    def keys():
        found = 0
        with connection.cursor() as cursor:
            for table, columns in CHECKED.items():
                constraints = connection.introspection.get_constraints(cursor, table)
                found += sum(1 for d in constraints.values() if d["foreign_key"] and d["columns"][0] in columns)
        return found

    def triggers():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s OR tgname LIKE %s",
                           ["%\\_refs\\_%", "%\\_links\\_%"])
            return cursor.fetchone()[0]

    # Two per checked table (insert, update), two per table named (delete, a changed id).
    named = {parent for columns in CHECKED.values() for parent in columns.values()}
    assert keys() == 0 and triggers() == 2 * len(CHECKED) + 2 * len(named) == 2 * 6 + 2 * 7
    try:
        _migrate(("plans", "0005_indicator_levels_and_programme_links"))
        assert keys() == 14 and triggers() == 0
    finally:
        _migrate(("plans", "0006_links_checked_per_statement"))
    assert keys() == 0 and triggers() == 26
    activity, channel = _linked(world.plan, ActivityChannel, "channel_id")
    _refused(lambda: ActivityChannel.objects.create(activity_id=activity, channel_id=_missing(Channel)))
