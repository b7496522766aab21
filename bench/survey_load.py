"""Load test of the public survey: many people answering at once, served as in production.

Runs on the PostgreSQL that DATABASE_URL names (``make bench`` starts a durable one),
migrates it, creates the demo survey, and serves Holos two ways in turn: gunicorn with
3 worker processes, and ``holos serve`` (waitress, one process with its threads), both
with DEBUG off on 127.0.0.1 and a free port. Concurrent clients (threads with
http.client) each fetch the form, as a browser does, for its CSRF cookie and token and
its signed stamp, and post answers, for ``DURATION`` seconds a run. Rate limits are
raised and the minimum fill time set to 0 through the environment.

The floor is measured on the same server in the same run, runs alternating: a view
under Holos's whole middleware, as every page but the public forms has, that answers the
GET with a small form and its token, and the POST with one INSERT (``bench.floor_urls``).
Target: 300 responses/s or more, and at least 0.8 × the floor. Each survey run also checks
in the database that every response the server accepted was stored once and none twice
(each carries a unique mark).

Beside the rates it prints the server's CPU time per accepted response (the server
process and its children, from ``/proc``), survey against floor. Where the server's CPU
is what limits the rate, the two ratios agree, and the survey's extra cost is in the
web process; where they part, the limit is elsewhere (the database, the clients).
"""

from __future__ import annotations

import http.client
import itertools
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.measure import alternate, report

ROOT = Path(__file__).resolve().parent.parent
DURATION = 6.0
ROUNDS = 5
MAX_RESPONSES = 50_000
CLIENTS = 24
WORKERS = 3
SETTINGS_MODULE = "bench.survey_settings"
# Every answer sent in the whole benchmark carries its own mark, across runs and servers.
MARKS = itertools.count(1)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAMP_FIELD = re.compile(r'name="started" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(var_dir: str) -> dict[str, str]:
    return {
        "HOLOS_VAR_DIR": var_dir,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "HOLOS_MANIFEST_STATIC": "0",
        "LOG_LEVEL": "ERROR",
        # Keep database connections between requests, as a production deployment does.
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        # Raised for the test: every client comes from 127.0.0.1, and a program answers at once.
        "HOLOS_SURVEY_ADDRESS_LIMIT": "1000000000",
        "HOLOS_SURVEY_GLOBAL_LIMIT": "1000000000",
        "HOLOS_SURVEY_MIN_SECONDS": "0",
    }


def _prepare():
    """Migrate and create the demo survey; return it with the form data that answers it."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from holos.accounts.actions import create_organization
    from holos.accounts.models import User
    from holos.surveys.demo import create_demo_survey
    from holos.surveys.models import QuestionKind, Survey

    admin = User.objects.create_user("load-bench", password=secrets.token_urlsafe(12))
    organization = create_organization(actor=None, name="Навантаження", slug="load-bench")
    create_demo_survey(organization=organization, admin=admin)
    survey = Survey.objects.get(organization=organization)
    questions = {q.kind: q for q in survey.questions.prefetch_related("choices")}
    answers = {
        questions[QuestionKind.SCALE].field_name: "5",
        questions[QuestionKind.YES_NO].field_name: "1",
        questions[QuestionKind.SINGLE].field_name: str(questions[QuestionKind.SINGLE].choices.first().pk),
    }
    return survey, answers, questions[QuestionKind.LONG_TEXT].field_name


def _start_server(env: dict[str, str], port: int, kind: str) -> subprocess.Popen:
    """gunicorn with ``WORKERS`` processes, or ``holos serve`` (waitress)."""
    if kind == "gunicorn":
        command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
                   "--log-level", "warning", "--backlog", "2048", "holos.wsgi:application"]
    else:
        command = [sys.executable, "-m", "holos.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                   "--no-worker"]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
                              stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{kind} stopped")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{kind} did not start")


class Budget:
    """At most ``limit`` responses, handed out one at a time to the clients, until ``deadline``."""

    def __init__(self, limit: int, deadline: float) -> None:
        self.limit, self.deadline, self.given = limit, deadline, 0
        self.lock = threading.Lock()

    def take(self) -> int | None:
        with self.lock:
            if self.given >= self.limit or time.monotonic() >= self.deadline:
                return None
            self.given += 1
            return self.given


def _request(port: int, method: str, path: str, body: str | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        conn.close()


def _client(port: int, path: str, answers: dict, text_field: str, budget: Budget, results: dict) -> None:
    """A person answering the survey, again and again: the form, then the answers with a unique mark."""
    while budget.take() is not None:
        mark = f"load-mark-{next(MARKS)}"
        try:
            status, cookie, page = _request(port, "GET", path)
            if status != 200:
                results["errors"].append(f"GET {status}")
                continue
            fields = {**answers, "csrfmiddlewaretoken": CSRF_FIELD.search(page).group(1)}
            if text_field:
                fields.update({text_field: mark, "website": "", "started": STAMP_FIELD.search(page).group(1)})
            status, _cookie, _page = _request(port, "POST", path, urlencode(fields), {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={CSRF_COOKIE.search(cookie).group(1)}",
            })
            if status == 200:
                results["accepted"].append(mark)
            else:
                results["errors"].append(f"POST {status}")
        except (OSError, http.client.HTTPException, AttributeError) as exc:
            results["errors"].append(f"{type(exc).__name__}: {exc}")


def _load(port: int, path: str, answers: dict, text_field: str, duration: float) -> tuple[float, dict]:
    """Responses per second of ``CLIENTS`` people answering for ``duration`` seconds, and what they got."""
    results: dict[str, list] = {"accepted": [], "errors": []}
    started = time.monotonic()
    budget = Budget(MAX_RESPONSES, started + duration)
    threads = [threading.Thread(target=_client, args=(port, path, answers, text_field, budget, results))
               for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(results["accepted"]) / (time.monotonic() - started), results


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) of a process and its children so far, or None without ``/proc``."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    total = 0.0
    for process in (str(pid), *children):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a child gone meanwhile
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _last_response() -> int:
    from holos.surveys.models import Response

    return Response.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _check_stored(survey, accepted: list[str], after: int) -> str:
    """Whether every answer accepted by this server was stored once, none twice, and nothing else.

    Only responses written after the response ``after`` are looked at: those of the
    server measured before stay, so that deleting them (and the database cleaning up
    after it) does not weigh on this server's runs.
    """
    from django.db.models import Count

    from holos.surveys.models import Answer, RejectionCount

    stored = dict(Answer.objects.filter(question__survey=survey, question__kind="long_text", response__gt=after)
                  .values_list("text").annotate(n=Count("id")).values_list("text", "n"))
    twice = [mark for mark, n in stored.items() if n > 1]
    missing = [mark for mark in accepted if mark not in stored]
    unexpected = set(stored) - set(accepted)
    rejected = sum(RejectionCount.objects.filter(survey=survey).values_list("count", flat=True))  # none, ever
    ok = not (twice or missing or unexpected or rejected)
    return (f"stored once: {len(accepted) - len(missing):,} of {len(accepted):,}, twice: {len(twice)}, "
            f"unasked: {len(unexpected)}, turned away: {rejected} — {'OK' if ok else 'FAILED'}")


def run(duration: float = DURATION, rounds: int = ROUNDS) -> None:
    var_dir = tempfile.mkdtemp(prefix="holos-load-")
    # No static file is asked for under this load: an empty folder where they would be
    # collected keeps the static files' middleware from warning in every worker.
    (Path(var_dir) / "static").mkdir()
    env = _environment(var_dir)
    os.environ.update(env)
    survey, answers, text_field = _prepare()
    print(f"survey ingest (PostgreSQL, {CLIENTS} clients, {os.cpu_count()} cores, {duration:.0f} s a run):")
    for kind, label in (("gunicorn", f"gunicorn {WORKERS} workers"), ("serve", "holos serve")):
        _one_server(kind, label, env, survey, answers, text_field, duration, rounds)


def _one_server(kind: str, label: str, env: dict[str, str], survey, answers: dict, text_field: str,
                duration: float, rounds: int) -> None:
    survey_path, floor_path = f"/s/{survey.token}/", f"/bench/floor/{survey.pk}/"
    port = _free_port()
    after = _last_response()
    server = _start_server(env, port, kind)
    accepted: list[str] = []
    errors: list[str] = []
    try:
        for _ in range(2 * WORKERS):
            _request(port, "GET", survey_path)  # the workers load the code and templates
            _request(port, "GET", floor_path)

        cpu: dict[str, list[float]] = {"survey": [], "floor": []}

        def run(path: str, form: dict, field: str, kind: str) -> tuple[float, dict]:
            before = _cpu_seconds(server.pid)
            rate, results = _load(port, path, form, field, duration)
            after = _cpu_seconds(server.pid)
            if before is not None and after is not None and results["accepted"]:
                cpu[kind].append((after - before) / len(results["accepted"]))
            errors.extend(results["errors"])
            return rate, results

        def measured() -> float:
            rate, results = run(survey_path, answers, text_field, "survey")
            accepted.extend(results["accepted"])
            return rate

        def floor() -> float:
            return run(floor_path, {}, "", "floor")[0]

        rates, floors = alternate(measured, floor, rounds, warmup=0)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    report(f"survey ingest, {label} (postgresql)", rates, floors, unit="/s", target="≥ 300/s and ≥ 0.8 × floor",
           passed=lambda median, floor: median >= 300 and floor is not None and median >= 0.8 * floor)
    print(f"    {_check_stored(survey, accepted, after)}; client errors: {len(errors)}"
          + (f" (first: {errors[:2]})" if errors else ""))
    if cpu["survey"] and cpu["floor"]:
        survey_cpu, floor_cpu = statistics.median(cpu["survey"]), statistics.median(cpu["floor"])
        print(f"    server CPU per accepted response: survey {survey_cpu * 1000:.2f} ms,"
              f" floor {floor_cpu * 1000:.2f} ms (floor / survey {floor_cpu / survey_cpu:.2f})")


def main() -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        run()
        return
    from bench.postgres import durable_cluster

    with durable_cluster() as url:
        subprocess.run([sys.executable, "-m", "bench.survey_load"], cwd=ROOT, check=True,
                       env={**os.environ, "DATABASE_URL": url})


if __name__ == "__main__":
    main()
