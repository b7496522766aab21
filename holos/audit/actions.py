"""Writing audit rows. Every action in ``*/actions.py`` calls ``record``."""

from typing import Any

from holos.audit.models import AuditEntry


def record(
    *,
    actor: Any,
    organization: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    plan_id: int | None = None,
    programme_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        organization=organization,
        plan_ref=plan_id,
        programme_ref=programme_id,
        actor=actor,
        action=action,
        object_type=object_type or (obj._meta.model_name if obj is not None else ""),
        object_id=getattr(obj, "pk", None),
        object_repr=str(obj)[:300] if obj is not None else "",
        before=before,
        after=after,
    )
