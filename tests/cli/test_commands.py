"""The ``holos`` command, as a person at a terminal uses it."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from holos.accounts.models import Organization, User
from holos.cli import main
from holos.plans.models import Plan

HOLOS = str(Path(sys.executable).parent / "holos")
SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"


def test_plans_lists_every_plan_as_json(world, capsys):
    assert main(["plans", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    mine = next(r for r in rows if r["id"] == world.plan.pk)
    assert mine == {
        "id": world.plan.pk,
        "organization": "pokrovska",
        "title": "План комунікацій 2025",
        "kind": "calendar",
        "period": {"start": "2025-01", "end": "2025-06", "granularity": "month"},
        "activities": 2,
        "url": f"/o/pokrovska/plans/{world.plan.pk}/",
    }
    assert len(rows) == Plan.objects.count()


def test_plans_as_text_has_one_line_per_plan(world, capsys):
    assert main(["plans", "--org", "insha"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert "Чужий план" in lines[0]


def test_demo_is_refused_without_debug_unless_forced(db, settings, capsys):
    settings.DEBUG = False
    assert main(["demo"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    assert not Organization.objects.filter(slug="demo").exists()


def test_demo_builds_the_organisation_user_and_seed_plans(db, settings, capsys):
    settings.DEBUG = True
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "demo" in out and "Демо-громада" in out
    organization = Organization.objects.get(slug="demo")
    assert organization.name == "Демо-громада"
    user = User.objects.get(username="demo")
    assert user.check_password("demo")
    assert user.memberships.get(organization=organization).role == "admin"
    # 000 holds two plans, 001 and 002 one each, 003 none, 004 a strategic and an operational one.
    assert organization.plans.count() == 6
    titles = list(organization.plans.values_list("kind", flat=True))
    assert sorted(titles) == ["calendar", "calendar", "campaign", "operational", "strategic", "thematic"]
    # A second run keeps what is there; --reset builds it anew.
    assert main(["demo"]) == 0
    assert organization.plans.count() == 6
    assert main(["demo", "--reset"]) == 0
    assert Organization.objects.get(slug="demo").plans.count() == 6


def test_import_prints_the_document_as_json(capsys):
    assert main(["import", str(SEEDS / "002_716860460fdb6a89.txt"), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "holos.plan/1"
    [plan] = document["plans"]
    assert plan["kind"] == "campaign"
    assert sum(len(t["activities"]) for g in plan["goals"] for t in g["tasks"]) == 11


def test_import_saves_into_an_organisation(world, capsys):
    before = world.community.plans.count()
    assert main(["import", str(SEEDS / "000_e607be4f092c3acc.txt"), "--org", "pokrovska", "--save"]) == 0
    assert world.community.plans.count() == before + 2


def test_import_of_a_text_without_a_plan_says_so_and_succeeds(capsys):
    assert main(["import", str(SEEDS / "003_fadc3f483482b6ec.txt"), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["plans"] == []
    assert document["warnings"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["import", "/no/such/file.docx"], "no such file"),
        (["import", str(SEEDS), "--json"], "folder"),
        (["import", str(SEEDS / "000_e607be4f092c3acc.txt"), "--save"], "--org"),
        (["frobnicate"], "invalid choice"),
        (["serve", "--port", "eighty"], "invalid int"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(argv, words, monkeypatch, capsys):
    monkeypatch.setenv("LANG", "C")  # the words looked for are English
    with pytest.raises(SystemExit) if argv[0] in ("frobnicate", "serve") else _no_exit() as outcome:
        code = main(argv)
    if outcome is not None and hasattr(outcome, "value"):
        code = outcome.value.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert words in err
    assert "Traceback" not in err


class _no_exit:  # reads as a context like pytest.raises
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_unknown_organisation_for_save(db, capsys):
    code = main(["import", str(SEEDS / "002_716860460fdb6a89.txt"), "--org", "nobody", "--save"])
    assert code == 2
    assert "nobody" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not shutil.which(HOLOS) and not Path(HOLOS).exists(), reason="holos is not installed")
def test_serve_answers_and_its_worker_runs_tasks(tmp_path):
    """The installed command: migrate, serve on the port given, run queued tasks beside it."""
    env = {**os.environ, "HOLOS_VAR_DIR": str(tmp_path), "DEBUG": "0", "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    port = _free_port()
    server = subprocess.Popen(
        [HOLOS, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        first_line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first_line, first_line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=10) as response:
            page = response.read().decode()
        assert response.status == 200
        assert 'lang="uk"' in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/htmx-2.0.11.min.js", timeout=10) as r:
            assert r.status == 200
        enqueue = (
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'holos.settings'); django.setup();"
            "from holos.accounts.tasks import send_invitation; print(send_invitation.enqueue(0).id)"
        )
        task_id = subprocess.run(
            [sys.executable, "-c", enqueue], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = ""
        check = (
            "import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'holos.settings'); django.setup();"
            "from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.get(id=sys.argv[1]).status)"
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = subprocess.run(
                [sys.executable, "-c", check, task_id], env=env, capture_output=True, text=True, check=True
            ).stdout.strip()
            if status == "SUCCESSFUL":
                break
            time.sleep(0.5)
        assert status == "SUCCESSFUL"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    assert server.returncode == 0
