"""Every write of the import flow: read a file into a preview, then save or discard it."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
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
    document = _read(name, content, {})
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


def _read(name: str, content: bytes, columns: Mapping[str, Mapping[int, str]],
          headers: Mapping[str, int] | None = None):
    """Read a file's content as the file it was; the plan tables are listed for the preview."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return read_path(path, max_bytes=settings.HOLOS_IMPORT_MAX_BYTES, columns=columns, headers=headers)


def stored_columns(import_record: ImportRecord) -> dict[str, dict[int, str]]:
    """The column roles kept with an import, with the column indices as numbers again."""
    return {
        table: {int(index): role for index, role in roles.items()}
        for table, roles in (import_record.column_roles or {}).items()
    }


def stored_headers(import_record: ImportRecord) -> dict[str, int]:
    """The header lines marked for the tables of an import, by table id."""
    return {str(table): int(row) for table, row in (import_record.header_rows or {}).items()}


def reread_import(*, actor, import_record: ImportRecord, columns: Mapping[str, Mapping[int, str]],
                  headers: Mapping[str, int] | None = None) -> ImportRecord:
    """Read the kept source file again with the roles a person chose for its columns.

    ``columns`` replaces every earlier choice: table id → {column index: role}; ``headers``,
    when given, replaces the marked header lines: table id → row index. The rows may
    come out otherwise, so the row roles chosen before are dropped. An import no longer in
    preview is left as it is. Raises ``UnreadableSource`` or ``OSError`` when the file
    cannot be read again, and ``ValueError`` for a role the importer does not know.
    """
    chosen = {str(table): {int(index): str(role) for index, role in roles.items()}
              for table, roles in columns.items() if roles}
    with import_record.source_file.open("rb") as handle:
        content = handle.read()
    marked = {str(table): int(row) for table, row in (headers if headers is not None
                                                       else stored_headers(import_record)).items()}
    document = _read(import_record.source_name, content, chosen, marked)
    with transaction.atomic():
        import_record = ImportRecord.objects.select_for_update().get(pk=import_record.pk)
        if import_record.status != ImportStatus.PREVIEW:
            return import_record
        before = import_record.column_roles
        before_headers = import_record.header_rows
        import_record.document = document.to_dict()
        import_record.header_rows = marked
        import_record.column_roles = {table: {str(i): role for i, role in sorted(roles.items())}
                                      for table, roles in chosen.items()}
        import_record.row_roles = {}
        import_record.save(update_fields=["document", "column_roles", "header_rows", "row_roles"])
        record(
            actor=actor,
            organization=import_record.organization,
            action="import.reread",
            obj=import_record,
            before={"file": import_record.source_name, "columns": before, "headers": before_headers},
            after={"file": import_record.source_name, "columns": import_record.column_roles, "headers": marked,
                   "plans": len(document.plans), "warnings": len(document.warnings)},
        )
    return import_record


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
