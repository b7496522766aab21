"""One response per code holds when many submissions with the same code arrive at once.

A real server in another process (waitress, several threads, each with its own
database connection) receives the same code from parallel clients released together;
the primary key of ``CodeUse`` lets exactly one through and every client sees the same
thank-you page. On SQLite the server works on a file copy of the test database (the
test database lives in memory, which other processes cannot open); on PostgreSQL it
works on the test database itself, where the racing inserts really overlap.
"""

import http.client
import re
import threading
import time
from urllib.parse import urlencode

import pytest

from holos.surveys import actions
from holos.surveys.models import CodeUse, RejectionCount, Response
from tests.conftest import build_world
from tests.live import Servers, query
from tests.live import database_url as live_database_url
from tests.surveys.conftest import good_answers, make_survey

CLIENTS = 8


@pytest.fixture
def server(tmp_path):
    """Start the web application on a copy (SQLite) or the test database (PostgreSQL); yield its port."""
    servers = Servers(tmp_path)
    yield lambda url: servers.waitress(url, threads=CLIENTS)
    servers.stop()


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


def _count(url: str, sql: str, *args) -> int:
    return query(url, sql, *args)[0][0]


def test_parallel_submissions_with_one_code_store_one_response(transactional_db, tmp_path, server):
    world = build_world()
    survey = make_survey(world.community, invitation_only=True)
    [code] = actions.generate_codes(actor=None, survey=survey, labels=["Олена"])
    answers = good_answers(survey)
    database_url = live_database_url(tmp_path)
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
                      "website": ""}
            release.wait(timeout=10)
            results.append(_post(port, path, cookie, fields))
        except BaseException as exc:  # reported by the assertion below
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
