"""Every write of the import flow: read a file into a preview, then save or discard it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from holos.audit.actions import record
from holos.core.document import PlanDocument
from holos.core.importers import read_path
from holos.core.review import apply_review
from holos.imports.models import ImportRecord, ImportStatus
from holos.plans.actions import save_document
from holos.plans.models import Plan


def _safe_name(name: str) -> str:
    name = Path(name or "plan.txt").name.replace("\x00", "")
    return name[-120:] or "plan.txt"


def start_import(*, actor, organization, name: str, content: bytes) -> ImportRecord:
    """Read the file and keep it with what was understood, for a person to review.

    Raises ``holos.core.importers.UnreadableSource`` (nothing is kept then).
    """
    name = _safe_name(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        document = read_path(path, max_bytes=settings.HOLOS_IMPORT_MAX_BYTES)
    with transaction.atomic():
        record_ = ImportRecord(
            organization=organization, created_by=actor, source_name=name, document=document.to_dict()
        )
        record_.source_file.save(name, ContentFile(content), save=False)
        record_.save()
        record(
            actor=actor,
            organization=organization,
            action="import.start",
            obj=record_,
            after={"file": name, "plans": len(document.plans), "warnings": len(document.warnings)},
        )
    return record_


@transaction.atomic
def confirm_import(*, actor, import_record: ImportRecord, roles: dict[str, str], skip_plans: set[int]) -> list[Plan]:
    """Save the reviewed plans, all or none, each linked to the source file."""
    import_record = ImportRecord.objects.select_for_update().get(pk=import_record.pk)
    if import_record.status != ImportStatus.PREVIEW:
        return list(Plan.objects.filter(pk__in=import_record.plan_ids))
    document = apply_review(PlanDocument.from_dict(import_record.document), roles, skip_plans=skip_plans)
    plans = save_document(
        actor=actor, organization=import_record.organization, document=document, source=import_record.source_name
    )
    Plan.objects.filter(pk__in=[p.pk for p in plans]).update(source_import=import_record)
    import_record.status = ImportStatus.SAVED
    import_record.row_roles = roles
    import_record.plan_ids = [p.pk for p in plans]
    import_record.save(update_fields=["status", "row_roles", "plan_ids"])
    return plans


@transaction.atomic
def discard_import(*, actor, import_record: ImportRecord) -> None:
    import_record.status = ImportStatus.DISCARDED
    import_record.save(update_fields=["status"])
    record(
        actor=actor,
        organization=import_record.organization,
        action="import.discard",
        obj=import_record,
        before={"file": import_record.source_name},
    )
