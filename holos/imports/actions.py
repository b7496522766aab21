"""Every write of the import flow: read a file into a preview, then save or discard it."""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from holos.audit.actions import record
from holos.bulk_insert import collection_paused
from holos.core.document import PlanDocument, gettext_noop
from holos.core.importers import UnreadableSource, refuse_at_sight
from holos.core.importers.sandbox import ProcessLimits, read_sandboxed
from holos.core.review import apply_review
from holos.imports.models import ImportRecord, ImportStatus
from holos.plans.actions import write_document
from holos.plans.models import Plan


def _safe_name(name: str) -> str:
    name = Path(name or "plan.txt").name.replace("\x00", "")
    return name[-120:] or "plan.txt"


def start_import(*, actor, organization, name: str, content: bytes) -> ImportRecord:
    """Keep the file and queue its reading; the import is "being read" until the worker is done.

    A file refused at sight (too large, empty, of a kind that is never read) raises
    ``holos.core.importers.UnreadableSource`` at once, and nothing is kept.
    """
    from holos.imports.tasks import read_import

    name = _safe_name(name)
    refuse_at_sight(content, name, settings.HOLOS_IMPORT_MAX_BYTES)
    with transaction.atomic():
        record_ = ImportRecord(organization=organization, created_by=actor, source_name=name,
                               status=ImportStatus.READING)
        record_.source_file.save(name, ContentFile(content), save=False)
        record_.save()
        record(actor=actor, organization=organization, action="import.start", obj=record_,
               after={"file": name, "size": len(content)})
        # Queued in the same transaction: the import and its reading are kept together or not at all.
        read_import.enqueue(record_.pk)
    return record_


def process_limits() -> ProcessLimits:
    """What the child process reading one document may use, from the settings."""
    return ProcessLimits(cpu_seconds=settings.HOLOS_IMPORT_CPU_SECONDS,
                         memory_bytes=settings.HOLOS_IMPORT_MEMORY_MB * 1024 * 1024,
                         output_bytes=settings.HOLOS_IMPORT_OUTPUT_MB * 1024 * 1024,
                         wall_seconds=settings.HOLOS_IMPORT_WALL_SECONDS,
                         niceness=settings.HOLOS_IMPORT_NICENESS)


def read_document(name: str, content: bytes, columns: Mapping[str, Mapping[int, str]] | None,
                  headers: Mapping[str, int] | None = None) -> PlanDocument:
    """Read a file's content as the file it was, in a child process held to the limits of the settings."""
    with tempfile.TemporaryDirectory(prefix="holos-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return read_sandboxed(path, max_bytes=settings.HOLOS_IMPORT_MAX_BYTES, columns=columns, headers=headers,
                              limits=process_limits())


def read_source(*, import_id: int, columns: Mapping[str, Mapping[int, str]] | None = None,
                headers: Mapping[str, int] | None = None) -> str:
    """Read an import's file and keep what was understood, or why it could not be read.

    Run by the task worker. ``columns`` are the roles chosen for columns, and ``headers``
    the header lines marked, when a person asked to read the file again (None: the first
    reading). Returns what happened:
    "read", "refused", or "skipped" for an import no longer waiting to be read.
    """
    with transaction.atomic():
        import_record = ImportRecord.objects.select_for_update().filter(pk=import_id).first()
        if import_record is None or import_record.status != ImportStatus.READING:
            return "skipped"
        import_record.reading_since = timezone.now()
        import_record.save(update_fields=["reading_since"])
    chosen = {} if columns is None else columns
    try:
        with import_record.source_file.open("rb") as handle:
            content = handle.read()
        document = read_document(import_record.source_name, content, chosen, headers)
    except (UnreadableSource, OSError) as exc:
        _keep_problem(import_id, exc)
        return "refused"
    with transaction.atomic():
        import_record = ImportRecord.objects.select_for_update().get(pk=import_id)
        if import_record.status != ImportStatus.READING:
            return "skipped"
        import_record.document = document.to_dict()
        if columns is not None:
            import_record.column_roles = {table: {str(i): role for i, role in sorted(roles.items())}
                                          for table, roles in columns.items()}
            import_record.header_rows = dict(headers or {})
            import_record.row_roles = {}
        import_record.status = ImportStatus.PREVIEW
        import_record.problem = {}
        import_record.save(update_fields=["document", "column_roles", "header_rows", "row_roles", "status",
                                          "problem"])
    return "read"


def _keep_problem(import_id: int, exc: Exception) -> None:
    """Say why the file could not be read; a file never read is not kept, an earlier reading is."""
    if isinstance(exc, UnreadableSource):
        problem = {"template": exc.template, "params": exc.params, "limit": getattr(exc, "limit", "")}
    else:
        problem = {"template": gettext_noop("The source file of this import is missing, so it cannot be read."),
                   "params": {}, "limit": ""}
    with transaction.atomic():
        import_record = ImportRecord.objects.select_for_update().get(pk=import_id)
        if import_record.status != ImportStatus.READING:
            return
        import_record.problem = problem
        first_reading = not import_record.document
        import_record.status = ImportStatus.FAILED if first_reading else ImportStatus.PREVIEW
        import_record.save(update_fields=["problem", "status"])
        if first_reading and import_record.source_file:
            import_record.source_file.delete(save=False)
            ImportRecord.objects.filter(pk=import_id).update(source_file="")
        record(actor=None, organization=import_record.organization, action="import.fail", obj=import_record,
               after={"file": import_record.source_name})


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
    """Queue a new reading of the kept file with the roles a person chose for its columns.

    ``columns`` replaces every earlier choice: table id → {column index: role}; ``headers``,
    when given, replaces the marked header lines: table id → row index. The rows may come
    out otherwise, so the row roles chosen before are dropped once it is read. An import
    no longer in preview is left as it is.
    """
    from holos.imports.tasks import read_import

    chosen = {str(table): {int(index): str(role) for index, role in roles.items()}
              for table, roles in columns.items() if roles}
    marked = {str(table): int(row) for table, row in (headers if headers is not None
                                                       else stored_headers(import_record)).items()}
    with transaction.atomic():
        import_record = ImportRecord.objects.select_for_update().get(pk=import_record.pk)
        if import_record.status != ImportStatus.PREVIEW:
            return import_record
        import_record.status = ImportStatus.READING
        import_record.reading_since = None
        import_record.save(update_fields=["status", "reading_since"])
        record(actor=actor, organization=import_record.organization, action="import.reread", obj=import_record,
               before={"file": import_record.source_name, "columns": import_record.column_roles,
                       "headers": import_record.header_rows},
               after={"file": import_record.source_name,
                      "columns": {table: {str(i): role for i, role in sorted(roles.items())}
                                  for table, roles in chosen.items()}, "headers": marked})
        read_import.enqueue(import_record.pk, {table: {str(i): role for i, role in roles.items()}
                                               for table, roles in chosen.items()}, marked)
    import_record.refresh_from_db()
    return import_record


@transaction.atomic
def choose_columns(*, actor, import_record: ImportRecord, table: Mapping, roles: Mapping[int, str],
                   header: int | None) -> ImportRecord:
    """Read the kept file again with the roles a person chose for one table's columns and its header line.

    ``table`` is the table as the preview shows it (its ``id`` and ``columns`` with their
    guesses); only the roles that differ from the reader's guess are kept, and the other
    tables keep what was chosen for them.
    """
    guesses = {column["index"]: column.get("guess", column.get("role")) for column in table.get("columns", [])}
    columns = stored_columns(import_record)
    columns[table["id"]] = {index: role for index, role in roles.items() if role != guesses.get(index)}
    headers = stored_headers(import_record)
    if header is None:
        headers.pop(table["id"], None)
    else:
        headers[table["id"]] = header
    return reread_import(actor=actor, import_record=import_record, columns=columns, headers=headers)


@transaction.atomic
def confirm_import(*, actor, import_record: ImportRecord, roles: dict[str, str], chosen: Collection[int]) -> list[Plan]:
    """Save the reviewed plans that were ``chosen`` (by their place in the document), all or none."""
    organization = import_record.organization  # as the caller read it: the import stays in its organisation
    # From reading the document's JSON on, the save makes objects that live until it ends.
    with collection_paused():
        import_record = ImportRecord.objects.select_for_update().get(pk=import_record.pk)
        if import_record.status != ImportStatus.PREVIEW:
            return list(Plan.objects.filter(pk__in=import_record.plan_ids))
        document = PlanDocument.from_dict(import_record.document)
        skip = {p for p in range(len(document.plans)) if p not in chosen}
        document = apply_review(document, roles, skip_plans=skip)
        if not document.plans:
            return []  # nothing chosen: the preview waits for a choice
        # In this action's transaction: saving fails whole, the import's status with it.
        plans = write_document(actor=actor, organization=organization, document=document,
                               source=import_record.source_name, source_import=import_record)
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
