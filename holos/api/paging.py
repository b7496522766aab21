"""Cursor pagination: a page of rows after the last one the client saw.

The cursor is the sort key of the last row of the page, encoded so that clients treat it
as opaque. Rows are ordered by a key that ends with the primary key, so every row has a
place and none is skipped or repeated when rows are added between two pages; reading a
page costs one indexed query however far into the list it is.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


class BadCursor(ValueError):
    """The cursor was not given by this API for this list."""


def _encode(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, date) else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, fields: tuple[str, ...], types: tuple[type, ...]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadCursor(cursor) from exc
    if not isinstance(values, list) or len(values) != len(fields):
        raise BadCursor(cursor)
    decoded: list[Any] = []
    for value, kind in zip(values, types, strict=True):
        try:
            if kind is date:
                decoded.append(date.fromisoformat(value))
            elif kind is int and isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
                decoded.append(value)
            else:
                raise BadCursor(cursor)
        except (TypeError, ValueError) as exc:
            raise BadCursor(cursor) from exc
    return decoded


def _after(fields: tuple[str, ...], values: list[Any]) -> Q:
    """Rows whose key (fields, in order) comes after ``values``."""
    condition = Q()
    for index in reversed(range(len(fields))):
        here = Q(**{f"{fields[index]}__gt": values[index]})
        condition = here if index == len(fields) - 1 else here | (Q(**{fields[index]: values[index]}) & condition)
    return condition


def page(queryset: QuerySet, *, cursor: str | None, limit: int, key: tuple[str, ...] = ("id",),
         types: tuple[type, ...] = (int,)) -> tuple[list[Any], str | None]:
    """The rows after ``cursor`` (``limit`` of them at most) and the cursor of the next page, or None at the end."""
    queryset = queryset.order_by(*key)
    if cursor:
        queryset = queryset.filter(_after(key, _decode(cursor, key, types)))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, _encode([_path(last, field) for field in key])


def _path(obj: Any, field: str) -> Any:
    for part in field.split("__"):
        obj = getattr(obj, part)
    return obj
