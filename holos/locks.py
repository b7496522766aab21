"""Changing a shared row from what it is now, not from what a page read a moment ago.

A view reads a row, a person edits it, an action writes it back. Two such writes at
once must not lose one of them: an action takes the row's lock first and reads the row
again under it, so a second writer waits and then starts from what the first one wrote.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def lock(obj: M) -> M:
    """Hold ``obj``'s row until the transaction ends, and read its fields again as they are now.

    Call it inside ``transaction.atomic``. On PostgreSQL the row is locked with ``SELECT …
    FOR UPDATE`` and the fields are read after the lock was granted, so they are the last
    committed ones. On SQLite a transaction takes the database's write lock when it begins
    (see the settings), so writers take turns already and the row is only read again.
    Raises the model's ``DoesNotExist`` when the row was deleted in the meantime.
    """
    model = type(obj)
    found = list(model._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True))
    if not found:
        # Every concrete model has its DoesNotExist; the stubs know it of concrete classes only.
        raise model.DoesNotExist(f"{model.__name__} {obj.pk} was deleted")  # type: ignore[attr-defined]
    obj.refresh_from_db()
    return obj
