"""Writing many rows of a model at once, without a model instance for each.

Saving an imported plan writes tens of thousands of rows (activities, their links,
indicators, dated occurrences). Django's ``bulk_create`` builds a model instance per row
and prepares every value of it through the field, which costs several times more than
the database's work; here the rows are tuples, the columns are prepared once per call,
and the values that need it (dates, times, JSON) go through the database's adapter. The
columns not given get their field's default, as ``Model()`` would give them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, router


def _adapter(field, connection) -> Callable[[Any], Any] | None:
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind in ("JSONField", "DecimalField", "TimeField", "UUIDField", "DurationField", "BinaryField"):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _copy_rows(connection, model, fields, plan, rows: list[Sequence[Any]], returning: bool) -> list[int]:
    """On PostgreSQL, one COPY: the rows stream to the server, each value written by psycopg's C code.

    COPY cannot return the ids it gives, so with ``returning`` they are drawn from the
    table's sequence first, in one query, and written with the rows. COPY fires the same
    triggers and checks as INSERT.
    """
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    names = [quote(f.column) for f in fields]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(table), pk, len(rows)])
            ids = sorted(row[0] for row in cursor.fetchall())
            names.insert(0, quote(pk))
        sql = f"COPY {quote(table)} ({', '.join(names)}) FROM STDIN"
        started = time.monotonic()
        # Django's own errors (IntegrityError…), as its statements raise them.
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            for n, row in enumerate(rows):
                values = [fixed if index is None
                          else adapt(row[index]) if adapt is not None and row[index] is not None else row[index]
                          for index, fixed, adapt in plan]
                write([ids[n], *values] if returning else values)
    if connection.queries_logged:  # as Django logs its own statements, for the query counts of tests and debugging
        seconds = time.monotonic() - started
        connection.queries_log.append({"sql": f"{sql} -- {len(rows)} rows", "time": f"{seconds:.3f}"})
    return ids


def _parameter_limit(connection) -> int:
    """How many parameters one statement may take: SQLite says so itself (Django assumes 999)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(getattr(connection.features, "max_query_params", None) or 65_535)


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, returning: bool = False) -> list[int]:
    """INSERT ``rows`` (tuples of the ``columns``' values, by attribute name: "plan_id") into ``model``'s table.

    Split only where the database limits the parameters of one statement. With
    ``returning``, the new primary keys in the order of the rows.
    """
    rows = list(rows)
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    position = {name: index for index, name in enumerate(columns)}
    unknown = set(columns) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    plan: list[tuple[int | None, Any, Callable[[Any], Any] | None]] = []
    for field in fields:
        adapt = _adapter(field, connection)
        if field.attname in position:
            plan.append((position[field.attname], None, adapt))
        else:
            default = field.get_default()
            plan.append((None, adapt(default) if adapt and default is not None else default, None))
    if connection.vendor == "postgresql":
        return _copy_rows(connection, model, fields, plan, rows, returning)
    width = len(fields)
    limit = _parameter_limit(connection)
    batch = max(1, min(limit // width, 5_000))
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    names = ", ".join(quote(f.column) for f in fields)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "  # noqa: S608 - quoted names only
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            params: list[Any] = []
            for row in chunk:
                for index, fixed, adapt in plan:
                    if index is None:
                        params.append(fixed)
                    else:
                        value = row[index]
                        params.append(adapt(value) if adapt is not None and value is not None else value)
            # Only quoted names from the model's metadata are in the SQL; every value is a parameter.
            cursor.execute(head + ", ".join([row_sql] * len(chunk)) + tail, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
