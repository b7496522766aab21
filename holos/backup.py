"""``holos backup FILE`` and ``holos restore FILE``: the database and the uploaded files in one archive.

The archive is a gzipped tar file:

- ``data/<app>.<model>.jsonl``: one table per member, its field names on the first line and
  one row per line after it, as JSON values that mean the same to SQLite and PostgreSQL
  (times in UTC, ISO 8601). This is what makes a backup of the embedded SQLite database
  restorable into PostgreSQL when an office grows, and back.
- ``files/<name>``: every uploaded file a row refers to (imported documents, evidence), as
  the file storage keeps it, on disk or in a bucket.
- ``manifest.json``, last: the format, when and from what it was made, the migrations the
  database had, the rows of each table, and the size and SHA-256 of every other member.

The rows are read in one read-only transaction (REPEATABLE READ on PostgreSQL, one read
transaction on SQLite), so they are a consistent snapshot while the site keeps running;
files are written once and never changed in place, so the files a snapshot names are the
ones it saw. Sessions and the database task queue are left out: they are state of the
running site, not its data.

Restore checks every checksum before it changes anything, migrates the target database,
refuses one that already holds data, copies the files, and loads every row in one
transaction with the same primary keys, so links, the audit log's references and the
addresses of pages stay as they were.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext_noop

FORMAT = "holos.backup/1"
MANIFEST = "manifest.json"
# State of the running site, not its data.
# Sessions and finished tasks are not kept; the occurrences' tallies (by day and by month)
# are made again by the database's own triggers as the occurrences are restored.
LEFT_OUT = {"sessions.session", "django_tasks_database.dbtaskresult", "work.occurrencetally",
            "work.occurrencemonth"}
# Made again by every migration; a restore replaces them with the backup's, keys and all.
REPLACED = {"contenttypes.contenttype", "auth.permission"}
BATCH = 2000
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A problem with an archive or the target, told to the person as it is."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template, self.params = template, params


@dataclass
class Summary:
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    missing_files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def backed_up_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in LEFT_OUT]


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _file_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in _columns(model) if isinstance(f, models.FileField)]


def _encode(value: Any) -> Any:
    """A database value as JSON that both engines read back the same: times in UTC, exact decimals."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


class _Hashing(io.RawIOBase):
    """A file read through while its SHA-256 and length are counted."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        self.sha256.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _snapshot() -> Iterator[None]:
    """One read-only transaction whose reads all see the same moment."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name"):
        applied.setdefault(app, []).append(name)
    return applied


def backup(target: Path) -> Summary:
    """Write the database and the uploaded files to ``target`` (a new file, or one to replace)."""
    summary = Summary()
    members: dict[str, dict[str, Any]] = {}
    file_names: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="holos-backup-", dir=target.parent) as work:
        work_dir = Path(work)
        with _snapshot():
            migrations = _migrations()
            for model in backed_up_models():
                name = f"data/{model._meta.label_lower}.jsonl"
                path = work_dir / name.replace("/", "_")
                rows = _dump_table(model, path, file_names)
                summary.tables[model._meta.label_lower] = rows
                members[name] = {"path": path, "rows": rows}
        partial = target.with_name(f".{target.name}.partial")
        with tarfile.open(partial, "w:gz") as archive:
            entries: dict[str, dict[str, Any]] = {}
            for name, member in members.items():
                path = member["path"]
                archive.add(path, arcname=name, recursive=False)
                entries[name] = {"sha256": _sha256_of(path), "size": path.stat().st_size, "rows": member["rows"]}
            for name in sorted(file_names):
                entry = _add_file(archive, name)
                if entry is None:
                    summary.missing_files.append(name)
                    continue
                entries[f"files/{name}"] = entry
                summary.files += 1
                summary.file_bytes += entry["size"]
            manifest = {
                "format": FORMAT,
                "created_at": datetime.now(UTC).isoformat(),
                "database": connection.vendor,
                "migrations": migrations,
                "tables": summary.tables,
                "missing_files": summary.missing_files,
                "members": entries,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.now(UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, target)
    return summary


def _dump_table(model: type[models.Model], path: Path, file_names: set[str]) -> int:
    columns = [f.attname for f in _columns(model)]
    file_positions = [columns.index(name) for name in _file_fields(model)]
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(columns) + "\n")
        queryset = model._base_manager.order_by("pk").values_list(*columns)
        for row in queryset.iterator(chunk_size=BATCH):
            out.write(json.dumps([_encode(value) for value in row], ensure_ascii=False) + "\n")
            for position in file_positions:
                if row[position]:
                    file_names.add(row[position])
            rows += 1
    return rows


def _add_file(archive: tarfile.TarFile, name: str) -> dict[str, Any] | None:
    try:
        size = default_storage.size(name)
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return None
    with handle:
        info = tarfile.TarInfo(f"files/{name}")
        info.size, info.mtime = size, int(datetime.now(UTC).timestamp())
        reader = _Hashing(handle)
        archive.addfile(info, io.BufferedReader(reader, CHUNK))
    if reader.size != size:
        raise BackupError(gettext_noop("the file %(name)s changed while it was copied"), name=name)
    return {"sha256": reader.sha256.hexdigest(), "size": size}


# restore


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of an archive, after every member was checked against it."""
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(gettext_noop("%(name)s is not a Holos backup"), name=source.name) from exc
    seen: dict[str, tuple[str, int]] = {}
    manifest = None
    with archive:
        try:
            for info in archive:
                if not info.isfile():
                    continue
                handle = archive.extractfile(info)
                assert handle is not None
                if info.name == MANIFEST:
                    manifest = json.loads(handle.read())
                    continue
                digest = hashlib.sha256()
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                seen[info.name] = (digest.hexdigest(), info.size)
        except (OSError, tarfile.TarError, EOFError, gzip.BadGzipFile, ValueError) as exc:
            raise BackupError(gettext_noop("%(name)s is damaged: it cannot be read to the end"),
                              name=source.name) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(gettext_noop("%(name)s is not a Holos backup"), name=source.name)
    expected = {name: (entry["sha256"], entry["size"]) for name, entry in manifest["members"].items()}
    for name in sorted(set(expected) | set(seen)):
        if expected.get(name) != seen.get(name):
            raise BackupError(gettext_noop("%(name)s is damaged: %(member)s does not match its checksum"),
                              name=source.name, member=name)
    return manifest


def _check_migrations(manifest: dict[str, Any]) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = {key for key in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
               if (app, name) not in known]
    if unknown:
        raise BackupError(gettext_noop("the backup was made by a newer Holos (it has migration %(migration)s); "
                          "update Holos first"), migration=unknown[0])


def _not_empty() -> list[str]:
    return [model._meta.label_lower for model in backed_up_models()
            if model._meta.label_lower not in REPLACED and model._base_manager.exists()]


def restore(source: Path) -> Summary:
    """Load an archive into the migrated, empty database and its files into the file storage."""
    manifest = read_manifest(source)
    _check_migrations(manifest)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    holding = _not_empty()
    if holding:
        raise BackupError(gettext_noop("the database already holds data (%(table)s); restore into an empty one"),
                          table=holding[0])
    by_label = {model._meta.label_lower: model for model in backed_up_models()}
    unknown = [label for label in manifest["tables"] if label not in by_label and label not in LEFT_OUT]
    if unknown:
        raise BackupError(gettext_noop("the backup holds a table this Holos does not know: %(table)s"),
                          table=unknown[0])
    summary = Summary(missing_files=list(manifest.get("missing_files", [])))
    with tarfile.open(source, "r:gz") as archive, transaction.atomic(), connection.constraint_checks_disabled():
        for label in REPLACED:
            by_label[label]._base_manager.all().delete()
        for info in archive:
            handle = archive.extractfile(info) if info.isfile() else None
            if handle is None:
                continue
            if info.name.startswith("data/"):
                label = info.name.removeprefix("data/").removesuffix(".jsonl")
                summary.tables[label] = _load_table(by_label[label], handle)
            elif info.name.startswith("files/"):
                _restore_file(info.name.removeprefix("files/"), handle, manifest["members"][info.name]["sha256"])
                summary.files += 1
                summary.file_bytes += info.size
        connection.check_constraints()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(by_label.values())):
                cursor.execute(statement)
    return summary


def _restore_file(name: str, handle: IO[bytes], sha256: str) -> None:
    """Put a file back under its own name; one already there must be the same file."""
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as existing:
            digest = hashlib.sha256()
            while chunk := existing.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            raise BackupError(gettext_noop("the file storage already holds another file named %(name)s"), name=name)
        return
    saved = default_storage.save(name, File(handle, name=name))
    if saved != name:
        raise BackupError(gettext_noop("the file storage renamed %(name)s to %(saved)s"), name=name, saved=saved)


@contextmanager
def _times_as_given(model: type[models.Model]) -> Iterator[None]:
    """Keep stored times: fields that stamp "now" on save would replace them."""
    stamped = [f for f in _columns(model)
               if isinstance(f, models.DateField | models.TimeField) and (f.auto_now or f.auto_now_add)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _load_table(model: type[models.Model], handle: IO[bytes]) -> int:
    lines = io.TextIOWrapper(handle, encoding="utf-8")
    names = json.loads(next(lines))
    by_attname = {f.attname: f for f in _columns(model)}
    if set(names) - set(by_attname):
        missing = sorted(set(names) - set(by_attname))[0]
        raise BackupError(gettext_noop("the backup holds a column this Holos does not know: %(table)s.%(column)s"),
                          table=model._meta.label_lower, column=missing)
    fields = [by_attname[name] for name in names]
    rows = 0
    batch: list[models.Model] = []
    with _times_as_given(model):
        for line in lines:
            values = json.loads(line)
            batch.append(model(**{f.attname: _decode(f, v) for f, v in zip(fields, values, strict=True)}))
            if len(batch) >= BATCH:
                model._base_manager.bulk_create(batch)
                rows += len(batch)
                batch = []
        if batch:
            model._base_manager.bulk_create(batch)
            rows += len(batch)
    return rows


def _decode(field_: models.Field, value: Any) -> Any:
    if value is None or isinstance(field_, models.JSONField):
        return value
    if isinstance(field_, models.ForeignKey):
        return field_.target_field.to_python(value)
    return field_.to_python(value)
