"""One response per code holds when many submissions with the same code arrive at once.

A real server in another process (waitress, several threads, each with its own
database connection) receives the same code from parallel clients released together;
the primary key of ``CodeUse`` lets exactly one through and every client sees the same
thank-you page. On SQLite the server works on a file copy of the test database (the
test database lives in memory, which other processes cannot open); on PostgreSQL it
works on the test database itself, where the racing inserts really overlap.
"""

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from holos.surveys import actions
from holos.surveys.models import CodeUse, RejectionCount, Response
from tests.conftest import build_world
from tests.surveys.conftest import good_answers, make_survey

CLIENTS = 8
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        target = tmp_path / "race.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def server(tmp_path):
    """Start the server on a copy (SQLite) or the test database (PostgreSQL); yield its port and a reader."""

    def start(database_url: str):
        port = _free_port()
        env = {**os.environ, "DATABASE_URL": database_url, "HOLOS_VAR_DIR": str(tmp_path), "DEBUG": "0",
               "SECRET_KEY": settings.SECRET_KEY, "ALLOWED_HOSTS": "127.0.0.1", "HOLOS_MANIFEST_STATIC": "0",
               "DJANGO_SETTINGS_MODULE": "holos.settings", "LOG_LEVEL": "ERROR"}
        process = subprocess.Popen(
            [sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", str(CLIENTS),
             "holos.wsgi:application"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return port
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    started: list[subprocess.Popen] = []
    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def _fetch_form(port: int, path: str) -> tuple[str, str, str]:
    """The CSRF cookie, the form's CSRF token and its stamp, as a browser would get them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 200, body[:500]
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    stamp = re.search(r'name="started" value="([^"]+)"', body).group(1)
    return cookie, token, stamp


def _post(port: int, path: str, cookie: str, fields: dict) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", path, body=urlencode(fields, doseq=True), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, body


def _count(database_url: str, sql: str, *args) -> int:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(sql, args).fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("?", "%s"), args)
        return cursor.fetchone()[0]


def test_parallel_submissions_with_one_code_store_one_response(transactional_db, tmp_path, server):
    world = build_world()
    survey = make_survey(world.community, invitation_only=True)
    [code] = actions.generate_codes(actor=None, survey=survey, labels=["Олена"])
    answers = good_answers(survey)
    database_url = _database_url(tmp_path)
    port = server(database_url)
    path = f"/s/{survey.token}/"

    forms = [_fetch_form(port, f"{path}?code={code.code}") for _ in range(CLIENTS)]
    time.sleep(3.2)  # a person needs a few seconds: the server's default minimum is 3
    release = threading.Barrier(CLIENTS)
    results: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def submit(cookie: str, token: str, stamp: str) -> None:
        try:
            fields = {**answers, "csrfmiddlewaretoken": token, "started": stamp, "code": code.code,
                      "extra_note": ""}
            release.wait(timeout=10)
            results.append(_post(port, path, cookie, fields))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=form) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    assert errors == []
    assert [status for status, _body in results] == [200] * CLIENTS
    # Every client saw the same page, apart from the security token in the language form.
    pages = {re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body) for _status, body in results}
    assert len(pages) == 1
    table = Response._meta.db_table
    assert _count(database_url, f"SELECT COUNT(*) FROM {table} WHERE survey_id = ?", survey.pk) == 1  # noqa: S608
    uses = CodeUse._meta.db_table
    assert _count(database_url, f"SELECT COUNT(*) FROM {uses} WHERE code_id = ?", code.pk) == 1  # noqa: S608
    counts = RejectionCount._meta.db_table
    assert _count(database_url, f"SELECT SUM(count) FROM {counts} WHERE survey_id = ? AND reason = ?",  # noqa: S608
                  survey.pk, "used_code") == CLIENTS - 1
