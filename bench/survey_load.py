"""Load test of the public survey: many people answering at once, served as in production.

Starts a throwaway PostgreSQL (``scripts/with-postgres``) unless DATABASE_URL already
names one, migrates it, creates the demo survey, and serves ``holos.wsgi:application``
with gunicorn (several worker processes, DEBUG off, on 127.0.0.1 and a free port). Then
concurrent clients (threads with http.client) each fetch the form, as a browser does,
for its CSRF cookie and token and its signed stamp, and post answers, for at most
``DURATION`` seconds or ``MAX_RESPONSES`` responses. Rate limits are raised and the
minimum fill time set to 0 for the test through the environment.

Prints responses per second (each one a GET of the form and a POST; target: 300/s or
more on 2 cores) and checks in the database that every response the server accepted
was stored once and none twice: each carries a unique mark in its free-text answer.
"""

from __future__ import annotations

import http.client
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

ROOT = Path(__file__).resolve().parent.parent
DURATION = 20.0
MAX_RESPONSES = 20_000
CLIENTS = 24
WORKERS = (os.cpu_count() or 1) + 1
SETTINGS_MODULE = "survey_bench_settings"
# The survey settings, read from the environment here until holos/settings.py reads them itself.
OVERLAY = '''"""Holos' settings, with the survey limits taken from the environment for the load test."""
import os

from holos.settings import *  # noqa: F403

for _name, _default in {
    "HOLOS_SURVEY_ADDRESS_LIMIT": 30, "HOLOS_SURVEY_ADDRESS_WINDOW": 600,
    "HOLOS_SURVEY_GLOBAL_LIMIT": 600, "HOLOS_SURVEY_GLOBAL_WINDOW": 60,
    "HOLOS_SURVEY_MIN_SECONDS": 3, "HOLOS_TRUSTED_PROXY_COUNT": 0,
}.items():
    globals()[_name] = int(os.environ.get(_name, _default))
'''
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAMP_FIELD = re.compile(r'name="started" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(var_dir: str) -> dict[str, str]:
    Path(var_dir, f"{SETTINGS_MODULE}.py").write_text(OVERLAY)
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
        "PYTHONPATH": os.pathsep.join([var_dir, str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
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


def _start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--backlog", "2048", "holos.wsgi:application"],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


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


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its children still running (Linux /proc), in seconds."""
    total = 0.0
    pids = [pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return float("nan")
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _busy_seconds() -> float:
    """CPU time the whole machine spent busy so far (Linux /proc/stat), in seconds."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _request(port: int, method: str, path: str, body: str | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        conn.close()


def _client(port: int, path: str, answers: dict, text_field: str, budget: Budget, results: dict) -> None:
    while (number := budget.take()) is not None:
        mark = f"load-mark-{number}"
        try:
            started = time.perf_counter()
            status, cookie, page = _request(port, "GET", path)
            if status != 200:
                results["errors"].append(f"GET {status}")
                continue
            fields = {**answers, text_field: mark, "extra_note": "",
                      "csrfmiddlewaretoken": CSRF_FIELD.search(page).group(1),
                      "started": STAMP_FIELD.search(page).group(1)}
            status, _cookie, _page = _request(port, "POST", path, urlencode(fields), {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={CSRF_COOKIE.search(cookie).group(1)}",
            })
            results["latency"].append(time.perf_counter() - started)
            if status == 200:
                results["accepted"].append(mark)
            else:
                results["errors"].append(f"POST {status}")
        except (OSError, http.client.HTTPException, AttributeError) as exc:
            results["errors"].append(f"{type(exc).__name__}: {exc}")


def run(duration: float = DURATION, max_responses: int = MAX_RESPONSES, clients: int = CLIENTS,
        workers: int = WORKERS) -> None:
    var_dir = tempfile.mkdtemp(prefix="holos-load-")
    env = _environment(var_dir)
    os.environ.update(env)
    sys.path.insert(0, var_dir)
    survey, answers, text_field = _prepare()
    from django.db.models import Count

    from holos.surveys.models import Answer, RejectionCount

    port = _free_port()
    server = _start_server(env, port, workers)
    path = f"/s/{survey.token}/"
    results: dict[str, list] = {"accepted": [], "errors": [], "latency": []}
    try:
        for _ in range(2 * workers):
            _request(port, "GET", path)  # the workers load the code and templates
        server_cpu = _cpu_seconds(server.pid)
        client_cpu = time.process_time()
        busy = _busy_seconds()
        started = time.monotonic()
        budget = Budget(max_responses, started + duration)
        threads = [threading.Thread(target=_client, args=(port, path, answers, text_field, budget, results))
                   for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        server_cpu = _cpu_seconds(server.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
        busy = _busy_seconds() - busy
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    stored = dict(Answer.objects.filter(question__survey=survey, question__kind="long_text")
                  .values_list("text").annotate(n=Count("id")).values_list("text", "n"))
    accepted = results["accepted"]
    twice = [mark for mark, n in stored.items() if n > 1]
    missing = [mark for mark in accepted if mark not in stored]
    unexpected = [mark for mark in stored if mark not in set(accepted)]
    rejected = sum(RejectionCount.objects.filter(survey=survey).values_list("count", flat=True))
    latency = sorted(results["latency"]) or [0.0]
    print(f"survey load (gunicorn, {workers} workers, {clients} clients, {os.cpu_count()} cores, PostgreSQL):")
    print(f"  {len(accepted):,} responses in {elapsed:.1f} s: {len(accepted) / elapsed:.0f} responses/s "
          f"({2 * len(accepted) / elapsed:.0f} requests/s; target: 300 responses/s on 2 cores)")
    print(f"  form + answer round trip: median {statistics.median(latency) * 1000:.0f} ms, "
          f"p95 {latency[int(len(latency) * 0.95) - 1] * 1000:.0f} ms")
    print(f"  stored once: {len(accepted) - len(missing):,} of {len(accepted):,}; stored twice: {len(twice)}; "
          f"stored without being accepted: {len(unexpected)}; turned away: {rejected}; "
          f"client errors: {len(results['errors'])}")
    print(f"  CPU during the run: web server {server_cpu:.1f} s, clients {client_cpu:.1f} s, "
          f"everything {busy:.1f} s (PostgreSQL and the system: the difference), "
          f"of {elapsed * (os.cpu_count() or 1):.1f} s on {os.cpu_count()} cores")
    if results["errors"]:
        print(f"  first errors: {results['errors'][:3]}")
    ok = not missing and not twice and not unexpected and not results["errors"] and rejected == 0
    print(f"  correctness: {'OK' if ok else 'FAILED'}")


def main() -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        run()
        return
    subprocess.run([str(ROOT / "scripts" / "with-postgres"), sys.executable, "-m", "bench.survey_load"],
                   cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
