"""holos backup / holos restore: every row and every file the same, from SQLite to PostgreSQL and back.

The source is the test database with the people of every test, the demo organisation, a
survey answered through its public form, evidence and an imported document. It is backed up
here, restored into an empty database of the other engine by another process, backed up
there and restored into a third, empty database of the first engine. Each copy is compared
with the source through Django's own serializer (every table, every row, every field) and
the files through their SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.urls import reverse

from holos.cli import main
from holos.cluster import Postgres
from holos.demo.build import build_demo
from holos.plans import actions as plan_actions
from holos.work.models import Occurrence
from tests.surveys.conftest import make_survey, post_answers

ROOT = Path(__file__).resolve().parents[2]
LEFT_OUT = {"sessions.session", "django_tasks_database.dbtaskresult"}
MUST_HOLD = ["plans.plan", "work.occurrence", "surveys.response", "surveys.answer", "audit.auditentry",
             "work.attachment", "imports.importrecord", "accounts.user_user_permissions"]


def fingerprint() -> dict:
    """Every row of every table as Django serializes it, and every uploaded file's checksum."""
    tables, files = {}, {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in LEFT_OUT:
            continue
        rows = json.loads(serializers.serialize("json", model._base_manager.order_by("pk")))
        if label in ("work.occurrencetally", "work.occurrencemonth"):  # made again by the triggers, under new keys
            rows = sorted((row["fields"] for row in rows), key=json.dumps)
        tables[label] = rows
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                for name in model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True):
                    with default_storage.open(name, "rb") as handle:
                        files[name] = hashlib.sha256(handle.read()).hexdigest()
    return {"tables": tables, "files": files}


FINGERPRINT = "import json, django; django.setup(); " \
              "from tests.deploy.test_backup import fingerprint; print(json.dumps(fingerprint()))"


def holos(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "holos.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def installation(tmp_path: Path, name: str, database_url: str) -> dict:
    folder = tmp_path / name
    folder.mkdir()
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "holos.settings", "HOLOS_VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media"), "DATABASE_URL": database_url, "HOLOS_LANGUAGE": "en"}


def fingerprint_of(env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", FINGERPRINT], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server for the other side: the suite's own when it runs on PostgreSQL, else a throwaway one."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="holos-backup-pg-"))
    folder.chmod(0o711)  # PostgreSQL's own user works inside it
    server = Postgres(folder / "postgres", durable=False)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def empty_postgres_url(postgres, name: str) -> str:
    if postgres is not None:
        return postgres.create_database(name)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    settings_dict = connection.settings_dict
    return f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{name}"


@pytest.fixture
def everything(live_world, client):
    """Data of every kind, committed, with files on disk."""
    build_demo()
    survey = make_survey(live_world.community)
    for score in (5, 4):
        assert post_answers(client, survey).status_code == 200, score
    activity = live_world.plan.activities.first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03", "2025-04"])
    occurrence = Occurrence.objects.filter(activity=activity).first()
    client.force_login(live_world.unit_head)
    client.post(reverse("occurrence", args=[live_world.community.slug, occurrence.pk]), {
        "form": "record", "status": "planned",
        "file": SimpleUploadedFile("zvit.pdf", b"%PDF-1.4 the report", "application/pdf")})
    client.force_login(live_world.officer)
    content = (ROOT / "holos" / "demo" / "seeds" / "000_e607be4f092c3acc.txt").read_bytes()
    client.post(reverse("import_new", args=[live_world.community.slug]),
                {"file": SimpleUploadedFile("plan.txt", content)})
    from django.contrib.auth.models import Permission

    live_world.viewer.user_permissions.add(Permission.objects.get(codename="view_plan"))
    return live_world


@pytest.mark.both_databases
def test_sqlite_and_postgresql_both_ways(everything, tmp_path, postgres):
    source = fingerprint()
    for label in MUST_HOLD:
        assert source["tables"][label], label
    assert len(source["files"]) == 2
    first = tmp_path / "first.tar.gz"
    assert main(["backup", str(first)]) == 0

    # Into the other engine, in another process with its own file storage.
    if connection.vendor == "sqlite":
        other = installation(tmp_path, "other", empty_postgres_url(postgres, "restored"))
        back = installation(tmp_path, "back", f"sqlite:///{tmp_path / 'back.sqlite3'}")
    else:
        other = installation(tmp_path, "other", f"sqlite:///{tmp_path / 'other.sqlite3'}")
        back = installation(tmp_path, "back", empty_postgres_url(postgres, "restored_back"))
    done = holos(other, "restore", str(first))
    assert done.returncode == 0, done.stderr
    assert fingerprint_of(other) == source

    # And back again, from a backup the other engine made.
    second = tmp_path / "second.tar.gz"
    done = holos(other, "backup", str(second))
    assert done.returncode == 0, done.stderr
    done = holos(back, "restore", str(second))
    assert done.returncode == 0, done.stderr
    assert fingerprint_of(back) == source

    # The restored site goes on numbering rows after the restored ones.
    done = holos(back, "import", str(ROOT / "holos" / "demo" / "seeds" / "000_e607be4f092c3acc.txt"),
                 "--org", everything.community.slug, "--save")
    assert done.returncode == 0, done.stderr

    # A restore refuses a database that holds data, and says so in the person's language.
    done = holos({**back, "HOLOS_LANGUAGE": "uk"}, "restore", str(second))
    assert done.returncode == 2
    assert "уже містить дані" in done.stderr


def test_the_archive_holds_a_manifest_with_checksums(everything, tmp_path):
    target = tmp_path / "holos.tar.gz"
    assert main(["backup", str(target)]) == 0
    with tarfile.open(target) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
        for name, entry in manifest["members"].items():
            assert hashlib.sha256(archive.extractfile(name).read()).hexdigest() == entry["sha256"]
    assert names[-1] == "manifest.json"
    assert manifest["format"] == "holos.backup/1" and manifest["database"] == connection.vendor
    assert manifest["tables"]["surveys.response"] == 2
    assert "work" in manifest["migrations"]
    assert sorted(n for n in names if n.startswith("files/")) == sorted(
        f"files/{name}" for name in fingerprint()["files"])


def test_a_damaged_archive_is_refused_before_anything_changes(everything, tmp_path, capsys):
    target = tmp_path / "holos.tar.gz"
    assert main(["backup", str(target)]) == 0
    with tarfile.open(target) as archive:
        members = [(info, archive.extractfile(info).read()) for info in archive.getmembers()]
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as archive:
        for info, data in members:
            if info.name == "data/surveys.answer.jsonl":
                data = data.replace(b"5", b"1")
            archive.addfile(info, io.BytesIO(data))
    env = installation(tmp_path, "target", f"sqlite:///{tmp_path / 'target.sqlite3'}")
    done = holos(env, "restore", str(damaged))
    assert done.returncode == 2
    assert "data/surveys.answer.jsonl does not match its checksum" in done.stderr
    assert not (tmp_path / "target.sqlite3").exists()
    done = holos(env, "restore", str(tmp_path / "nothing.tar.gz"))
    assert done.returncode == 2 and "no such file" in done.stderr
