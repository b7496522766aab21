"""Writing many rows of a model at once, without a model instance for each.

Saving an imported plan writes tens of thousands of rows (activities, their links,
indicators, dated occurrences). Django's ``bulk_create`` builds a model instance per row
and prepares every value of it through the field, which costs several times more than
the database's work; here the rows are tuples, the columns are prepared once per call,
and the values that need it (dates, times, JSON) go through the database's adapter. The
columns not given get their field's default, as ``Model()`` would give them.
"""

from __future__ import annotations

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


def _insert_arrays(connection, model, fields, plan, rows: list[Sequence[Any]], returning: bool) -> list[int]:
    """On PostgreSQL, one statement with one array per column, unnested in the rows' order.

    The SQL stays short whatever the number of rows: psycopg would otherwise scan a
    statement of a hundred thousand placeholders on the client before sending it.
    """
    quote = connection.ops.quote_name
    # An array holds one type: a float column may be given whole numbers too.
    plan = [(index, fixed, adapt if adapt is not None or f.get_internal_type() != "FloatField" else float)
            for f, (index, fixed, adapt) in zip(fields, plan, strict=True)]
    columns: list[list[Any]] = [[] for _ in fields]
    for row in rows:
        for column, (index, fixed, adapt) in zip(columns, plan, strict=True):
            if index is None:
                column.append(fixed)
            else:
                value = row[index]
                column.append(adapt(value) if adapt is not None and value is not None else value)
    names = ", ".join(quote(f.column) for f in fields)
    arrays = ", ".join(f"%b::{f.cast_db_type(connection)}[]" for f in fields)
    unnested = ", ".join(f"c{n}" for n in range(len(fields)))
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({names}) "  # noqa: S608 - quoted names and types only
           f"SELECT {unnested} FROM unnest({arrays}) WITH ORDINALITY AS u({unnested}, n) ORDER BY n")
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    # Bound by the server, in binary: Django's cursors quote every parameter into the SQL
    # on the client, which for arrays of thousands of values costs more than the INSERT.
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    wrapped = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with wrapped as cursor:
        cursor.execute(sql, columns)
        return [row[0] for row in cursor.fetchall()] if returning else []


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
        return _insert_arrays(connection, model, fields, plan, rows, returning)
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
