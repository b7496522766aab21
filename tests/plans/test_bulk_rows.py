"""Rows written in bulk: as they come from a generator, in batches where SQLite limits a statement."""

import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from holos.bulk_insert import collection_paused, insert_rows
from holos.plans.actions import _clean_names, _Lookup
from holos.plans.models import Activity, Goal, Task


def _task(world) -> Task:
    goal = Goal.objects.create(plan=world.plan, title="Ціль")
    return Task.objects.create(plan=world.plan, goal=goal, title="Завдання")


def _writing(queries: CaptureQueriesContext) -> bool:
    """Whether rows are already going to the database: a COPY under way, or an INSERT run."""
    if connection.vendor == "postgresql":
        from psycopg.pq import TransactionStatus

        return connection.connection.info.transaction_status == TransactionStatus.ACTIVE
    return len(queries) > 0


def test_rows_from_a_generator_are_written_as_they_are_made(world):
    task = _task(world)
    made: list[int] = []
    writing_before_the_last: list[bool] = []

    def rows():
        for n in range(5_500):  # more than one SQLite statement takes
            if n == 5_499:
                writing_before_the_last.append(_writing(queries))
            made.append(n)
            yield (world.plan.pk, task.pk, f"Захід {n}", n)

    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(Activity, ("plan_id", "task_id", "title", "position"), rows()) == []
    # The first rows were on their way before the last was made: nothing gathered them first.
    assert writing_before_the_last == [True]
    assert len(made) == 5_500
    stored = list(Activity.objects.filter(task=task).order_by("position").values_list("title", "position"))
    assert stored == [(f"Захід {n}", n) for n in range(5_500)]
    # The columns not given take their field's defaults, as Model() gives them.
    assert set(Activity.objects.filter(task=task).values_list("level", "notes").distinct()) == {("", "")}
    if connection.vendor == "postgresql":
        assert [q["sql"].rsplit("-- ", 1)[1] for q in queries.captured_queries] == ["5500 rows"]
    else:
        assert len(queries) > 1  # split where SQLite limits the parameters of a statement


def test_nothing_to_write_is_no_statement_and_ids_come_in_order(world):
    task = _task(world)
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(Activity, ("plan_id", "task_id", "title"), iter(())) == []
    assert len(queries) == 0
    ids = insert_rows(Activity, ("plan_id", "task_id", "title"),
                      ((world.plan.pk, task.pk, f"Захід {n}") for n in range(3)), returning=True)
    assert [Activity.objects.get(pk=pk).title for pk in ids] == ["Захід 0", "Захід 1", "Захід 2"]
    with pytest.raises(ValueError, match="Activity has unknown columns"):
        insert_rows(Activity, ("plan_id", "nonsense"), [(1, 2)])


def test_a_few_rows_are_one_insert_that_gives_their_ids(world):
    task = _task(world)
    with CaptureQueriesContext(connection) as queries:
        ids = insert_rows(Activity, ("plan_id", "task_id", "title"),
                          [(world.plan.pk, task.pk, f"Захід {n}") for n in range(3)], returning=True)
        insert_rows(Activity, ("plan_id", "task_id", "title"), ((world.plan.pk, task.pk, "Ще") for _ in range(2)))
    # Not a draw from the sequence and a COPY (three round trips to the server), one statement each.
    assert [q["sql"].split(" ", 1)[0] for q in queries.captured_queries] == ["INSERT", "INSERT"]
    assert [Activity.objects.get(pk=pk).title for pk in ids] == ["Захід 0", "Захід 1", "Захід 2"]


def test_catalogue_names_are_cleaned_once_and_read_as_clean_names_reads_them():
    found = {"впо": "ВПО", "молодь": "Молодь"}
    lookup = _Lookup(found=found, created=[])
    cells = [["ВПО", " впо ", "", "Молодь"], ["  ", "Молодь", "ВПО"], ["ВПО", " впо "]]
    for names in cells:
        assert lookup.entries(names) == [found[key] for _name, key in _clean_names(names)]
    assert lookup.keys == {"ВПО": "впо", " впо ": "впо", "": None, "  ": None, "Молодь": "молодь"}


def test_the_collector_waits_in_a_pause_and_only_its_opener_resumes_it():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves collection to the outer one
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError
    assert gc.isenabled()
