"""Writing many rows of a model at once, without a model instance for each.

Saving an imported plan writes tens of thousands of rows (activities, their links,
indicators, dated occurrences). Django's ``bulk_create`` builds a model instance per row
and prepares every value of it through the field, which costs several times more than
the database's work; here the rows are tuples, the columns are prepared once per call,
and the values that need it (dates, times, JSON) go through the database's adapter. The
columns not given get their field's default, as ``Model()`` would give them.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

from django.db import connections, router


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector waits while the rows of a large document are built and written.

    Reading a document of thousands of rows and building its rows makes hundreds of
    thousands of objects that all live until the save ends, none of them in a cycle; the
    collector, counting them as they come, walks the whole heap over and over, which took
    a fifth of the save. Whatever is collectable is collected at the next collection after
    the pause. Only the pause's opener resumes collection (another thread's pause, or a
    collector already off, is left as it was).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _adapter(field, connection) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind in ("JSONField", "DecimalField", "TimeField", "UUIDField", "DurationField", "BinaryField"):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _copy_rows(connection, model, fields, values: Callable[[Sequence[Any]], list[Any]], rows: Iterable[Sequence[Any]],
               count: int | None) -> list[int]:
    """On PostgreSQL, one COPY: each row goes to the server as it is made, each value written by psycopg's C code.

    The rows are not gathered first: the server stores the first ones while the next are
    still being made (an import's dated work is worked out as it is written). COPY
    cannot return the ids it gives, so when ``count`` is given (rows whose ids are
    wanted) that many are drawn from the table's sequence first, in one query, and
    written with the rows. COPY fires the same triggers and checks as INSERT.
    """
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    names = [quote(f.column) for f in fields]
    ids: list[int] = []
    written = 0
    with connection.cursor() as cursor:
        if count is not None:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(table), pk, count])
            ids = sorted(row[0] for row in cursor.fetchall())
            names.insert(0, quote(pk))
        sql = f"COPY {quote(table)} ({', '.join(names)}) FROM STDIN"
        started = time.monotonic()
        # Django's own errors (IntegrityError…), as its statements raise them.
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            if count is None:
                for row in rows:
                    write(values(row))
                    written += 1
            else:
                for pk_value, row in zip(ids, rows, strict=True):
                    write([pk_value, *values(row)])
                written = count
    log_statement(connection, f"{sql} -- {written} rows", started)
    return ids


def log_statement(connection, sql: str, started: float) -> None:
    """Log a statement run past Django's cursors (a COPY, a prepared statement) as Django logs its own.

    Only when Django logs statements (debugging, the query counts of tests); ``started``
    is the ``time.monotonic()`` of its start.
    """
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})


def _row_values(fields, columns: Sequence[str], connection) -> Callable[[Sequence[Any]], list[Any]]:
    """A function giving the values of every field, in order, for a row of ``columns``' values.

    The columns not given take their field's default, worked out once; the given ones are
    prepared for the database where their type needs it (dates, JSON…).
    """
    position = {name: index for index, name in enumerate(columns)}
    unknown = set(columns) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"unknown columns {sorted(unknown)}")
    template: list[Any] = []
    plain: list[tuple[int, int]] = []
    adapted: list[tuple[int, int, Callable[[Any], Any]]] = []
    for place, field in enumerate(fields):
        adapt = _adapter(field, connection)
        if field.attname in position:
            template.append(None)
            if adapt is None:
                plain.append((place, position[field.attname]))
            else:
                adapted.append((place, position[field.attname], adapt))
        else:
            default = field.get_default()
            template.append(adapt(default) if adapt and default is not None else default)

    def values(row: Sequence[Any]) -> list[Any]:
        result = template.copy()
        for place, index in plain:
            result[place] = row[index]
        for place, index, adapt in adapted:
            value = row[index]
            result[place] = value if value is None else adapt(value)
        return result
    return values


def _parameter_limit(connection) -> int:
    """How many parameters one statement may take: SQLite says so itself (Django assumes 999)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(getattr(connection.features, "max_query_params", None) or 65_535)


# Rows of fewer values than this go to PostgreSQL in one INSERT, more by COPY. A COPY
# takes two round trips to the server (its start, its end) and, for rows whose ids are
# wanted, a third to draw them; an INSERT takes one and gives its ids back, but psycopg
# writes each of its values into the statement in Python, some microseconds apiece, where
# COPY writes them in C: an INSERT is quicker only for a handful of rows (a plan's goals
# and tasks), and much slower for hundreds.
INSERT_UP_TO_VALUES = 256


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, returning: bool = False) -> list[int]:
    """INSERT ``rows`` (tuples of the ``columns``' values, by attribute name: "plan_id") into ``model``'s table.

    ``rows`` may be a generator: without ``returning`` they are written as they come (but
    for the first few, read to know whether they are few: ``INSERT_UP_TO_VALUES``). Split
    only where the database limits the parameters of one statement. With ``returning``,
    the new primary keys in the order of the rows.
    """
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    try:
        values = _row_values(fields, columns, connection)
    except ValueError as exc:
        raise ValueError(f"{model.__name__} has {exc}") from None
    count = None
    if returning:
        rows = list(rows)  # their ids are drawn before they are written
        if not rows:
            return []
        count = len(rows)
        few = count * len(fields) < INSERT_UP_TO_VALUES
    else:
        iterator = iter(rows)
        # Enough rows to know whether they are few, and no more: the rest still come as they are made.
        first = list(islice(iterator, INSERT_UP_TO_VALUES // len(fields) + 1))
        if not first:
            return []
        few = len(first) * len(fields) < INSERT_UP_TO_VALUES
        rows = first if few else chain(first, iterator)
    if connection.vendor == "postgresql" and not few:
        return _copy_rows(connection, model, fields, values, rows, count)
    quote = connection.ops.quote_name
    width = len(fields)
    batch = max(1, min(_parameter_limit(connection) // width, 5_000))
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    names = ", ".join(quote(f.column) for f in fields)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "  # noqa: S608 - quoted names only
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    ids: list[int] = []
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, batch)):
            params: list[Any] = []
            for row in chunk:
                params.extend(values(row))
            # Only quoted names from the model's metadata are in the SQL; every value is a parameter.
            cursor.execute(head + ", ".join([row_sql] * len(chunk)) + tail, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
