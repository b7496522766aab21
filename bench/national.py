"""A national programme on the grown-up stack: 1,500 organisations, 6,000 plans, 8.6 million work items.

Starts the stack of ``make cluster`` (PostgreSQL with durable settings: fsync, synchronous
commits and full page writes on; Redis; 3 gunicorn web processes behind one port), then
writes the programme straight into PostgreSQL with COPY: 1,500 organisations, each with 9
people, 8 units, 10 audiences, 8 channels, an open survey and 4 plans of 3 goals, 6 tasks
and 60 activities; every activity linked to a unit, 2 audiences and 2 channels, with an
indicator and a work item in every month of two years (2025 and 2026): 360,000 activities
and 8,640,000 work items, the past ones mostly done. The first plan of each organisation
is published.

Then 16 clients, each signed in as the administrator of another organisation, ask for the
ten busiest pages in turn (organisation home, plan page, my work, the organisation's and
the plan's dashboards, a unit's work, the plan's indicators, the public organisation page,
the public plan, the survey form) and a trivial page (the sign-in form) for ``DURATION``
seconds. Prints the generation time, the database size, and for each page the median and
the 95th percentile with the trivial page's in the same run. Target: every p95 under 500 ms.

Needs about 6 GB of disk for a while; everything is removed at the end.
``python -m bench.national --organizations 50`` runs a small programme quickly.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from holos.cluster import Stack

ORGANIZATIONS = 1500
PLANS = 4
GOALS = 3
TASKS_PER_GOAL = 2
ACTIVITIES_PER_TASK = 10
UNITS = 8
PEOPLE = 9  # an administrator and a head of each unit
AUDIENCES = 10
CHANNELS = 8
MONTHS = [f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13)]
CLIENTS = 16
DURATION = 90.0
TARGET_P95 = 0.5
PASSWORD = "national-bench-password"  # noqa: S105 - the generated people's, on a throwaway database
DISK_NEEDED = 6 * 1024**3
TRIVIAL = "trivial page (sign-in form)"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Writing rows with COPY


def _text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime | date):
        value = value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Varying:
    """A column whose value each row gives (in the order the columns are named)."""


VARY = Varying()


class Table:
    """COPY into a model's table: the columns a row gives vary, the others keep their model default or a given value.

    Each row becomes one line of a template made once, so millions of rows cost one string
    formatting each. Lines are kept in a file and copied when the table is closed, so that
    several tables can be filled in one pass (a connection runs one COPY at a time).
    """

    def __init__(self, cursor, model, **values) -> None:
        self.cursor, self.model = cursor, model
        columns, parts = [], []
        for field in model._meta.concrete_fields:
            columns.append(field.column)
            value = values.pop(field.attname) if field.attname in values else field.get_default()
            parts.append("%s" if value is VARY else _text(value).replace("%", "%%"))
        assert not values, f"{model.__name__} has no fields {sorted(values)}"
        self.template = "\t".join(parts) + "\n"
        self.statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        self.rows, self.buffer = 0, []

    def __enter__(self) -> Table:
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", dir=os.environ.get("HOLOS_VAR_DIR"))
        return self

    def row(self, *varying) -> None:
        self.buffer.append(self.template % varying)
        self.rows += 1
        if len(self.buffer) >= 20000:
            self.spool.write("".join(self.buffer))
            self.buffer = []

    def __exit__(self, *exc_info) -> None:
        try:
            if exc_info[0] is None:
                self.spool.write("".join(self.buffer))
                self.spool.seek(0)
                with self.cursor.copy(self.statement) as copy:
                    while chunk := self.spool.read(1 << 20):
                        copy.write(chunk)
        finally:
            self.spool.close()


@contextmanager
def bare(cursor, table: str):
    """The table without its indexes and foreign keys while it is filled; made again after, in one pass each."""
    cursor.execute("""SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                      WHERE conrelid = %s::regclass AND contype = 'f'""", [table])
    foreign_keys = cursor.fetchall()
    cursor.execute("""SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s
                      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)""",
                   [table, table])
    indexes = cursor.fetchall()
    for name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def generate(organizations: int) -> dict:  # noqa: C901 - every table of the programme written in one pass of COPY
    """Write the programme; returns what the clients need: each organisation's addresses."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from holos.accounts.models import Membership, Organization, Role, User
    from holos.core.occurrences import generate as occurrences_of
    from holos.core.schedule import Schedule
    from holos.plans.models import (
        Activity,
        ActivityAudience,
        ActivityChannel,
        ActivityUnit,
        Audience,
        Channel,
        Goal,
        Indicator,
        Plan,
        PlanAudience,
        Task,
        Unit,
        normalize_name,
    )
    from holos.surveys.models import Choice, Question, QuestionKind, Survey
    from holos.work.models import Occurrence

    now = timezone.now()
    today = now.date()
    password = make_password(PASSWORD)
    schedule = {"kind": "slots", "text": " ".join("x" for _ in MONTHS), "slots": MONTHS}
    items = list(occurrences_of(Schedule.from_dict(schedule), period_start=MONTHS[0], period_end=MONTHS[-1],
                                granularity="month", events={}))
    audiences = [f"Аудиторія {n}" for n in range(AUDIENCES)]
    channels = [f"Канал {n}" for n in range(CHANNELS)]
    units = [f"Відділ {n}" for n in range(UNITS)]
    sites = []
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        ids = {"activity": 0, "occurrence": 0, "indicator": 0, "link": 0}
        with (
            transaction.atomic(),
            Table(cursor, Organization, id=VARY, name=VARY, slug=VARY, created_at=now) as orgs,
            Table(cursor, User, id=VARY, password=password, username=VARY, email=VARY, date_joined=now,
                  first_name=VARY, last_name="Бенч") as users,
            Table(cursor, Membership, id=VARY, user_id=VARY, organization_id=VARY, role=VARY,
                  created_at=now) as members,
            Table(cursor, Unit, id=VARY, organization_id=VARY, name=VARY, normalized=VARY,
                  created_at=now) as unit_rows,
            Table(cursor, Unit.members.through, id=VARY, unit_id=VARY, user_id=VARY) as unit_members,
            Table(cursor, Audience, id=VARY, organization_id=VARY, name=VARY, normalized=VARY,
                  created_at=now) as audience_rows,
            Table(cursor, Channel, id=VARY, organization_id=VARY, name=VARY, normalized=VARY,
                  created_at=now) as channel_rows,
            Table(cursor, Survey, id=VARY, organization_id=VARY, token=VARY, opens_at=now - timedelta(days=30),
                  title={"uk": "Оцінка якості послуг", "en": "Quality of services"}, created_at=now,
                  updated_at=now) as surveys,
            Table(cursor, Question, id=VARY, survey_id=VARY, position=VARY, kind=VARY, text=VARY) as questions,
            Table(cursor, Choice, id=VARY, question_id=VARY, position=VARY, text=VARY) as choices,
        ):
            for o in range(1, organizations + 1):
                orgs.row(o, f"Громада {o}", f"hromada-{o}")
                for p in range(PEOPLE):
                    user = (o - 1) * PEOPLE + p + 1
                    users.row(user, f"h{o}-p{p}", f"Особа {p}", f"h{o}-p{p}@example.org")
                    members.row(user, user, o, Role.ADMIN if p == 0 else Role.EXECUTOR)
                for u in range(UNITS):
                    unit = (o - 1) * UNITS + u + 1
                    unit_rows.row(unit, o, units[u], normalize_name(units[u]))
                    # The head of each unit; the administrator also works in the first one.
                    unit_members.row(2 * unit - 1, unit, (o - 1) * PEOPLE + u + 2)
                    unit_members.row(2 * unit, unit, (o - 1) * PEOPLE + 1) if u == 0 else None
                for a in range(AUDIENCES):
                    audience_rows.row((o - 1) * AUDIENCES + a + 1, o, audiences[a], normalize_name(audiences[a]))
                for c in range(CHANNELS):
                    channel_rows.row((o - 1) * CHANNELS + c + 1, o, channels[c], normalize_name(channels[c]))
                surveys.row(o, o, secrets.token_urlsafe(16))
                kinds = [(QuestionKind.SCALE, "Наскільки ви задоволені?"),
                         (QuestionKind.YES_NO, "Чи вирішили питання?"),
                         (QuestionKind.SINGLE, "Звідки ви дізналися?"), (QuestionKind.LONG_TEXT, "Що покращити?")]
                for q, (kind, text) in enumerate(kinds):
                    question = (o - 1) * len(kinds) + q + 1
                    questions.row(question, o, q, kind, _text({"uk": text}))
                    if kind == QuestionKind.SINGLE:
                        for c, choice in enumerate(("Сайт", "Телеграм", "Знайомі")):
                            choices.row((o - 1) * 3 + c + 1, question, c, _text({"uk": choice}))
        with (
            transaction.atomic(),
            Table(cursor, Plan, id=VARY, organization_id=VARY, title=VARY, organization_name=VARY,
                  period_start=MONTHS[0], period_end=MONTHS[-1], approval="", published_at=VARY, created_at=now,
                  updated_at=now) as plans,
            Table(cursor, PlanAudience, id=VARY, plan_id=VARY, audience_id=VARY, position=VARY) as plan_audiences,
            Table(cursor, Goal, id=VARY, plan_id=VARY, title=VARY, key_message="Ми поруч", position=VARY) as goals,
            Table(cursor, Task, id=VARY, plan_id=VARY, goal_id=VARY, title=VARY, position=VARY) as tasks,
            Table(cursor, Activity, id=VARY, plan_id=VARY, task_id=VARY, title=VARY, result="Поінформовано 500 осіб",
                  resources_text="", schedule=schedule, notes="", level="", position=VARY, created_at=now,
                  updated_at=now) as activities,
            Table(cursor, ActivityUnit, id=VARY, activity_id=VARY, unit_id=VARY, position=0) as activity_units,
            Table(cursor, ActivityAudience, id=VARY, activity_id=VARY, audience_id=VARY,
                  position=VARY) as activity_audiences,
            Table(cursor, ActivityChannel, id=VARY, activity_id=VARY, channel_id=VARY,
                  position=VARY) as activity_channels,
            Table(cursor, Indicator, id=VARY, activity_id=VARY, text="Кількість охоплених осіб", target=500,
                  unit="осіб", source_metric="", position=0) as indicators,
        ):
            for o in range(1, organizations + 1):
                for p in range(PLANS):
                    plan = (o - 1) * PLANS + p + 1
                    plans.row(plan, o, f"План комунікацій {p + 1} громади {o}", f"Громада {o}",
                              _text(now) if p == 0 else r"\N")
                    for a in range(3):
                        plan_audiences.row(plan * 3 + a, plan, (o - 1) * AUDIENCES + (p + a) % AUDIENCES + 1, a)
                    for g in range(GOALS):
                        goal = (plan - 1) * GOALS + g + 1
                        goals.row(goal, plan, f"Мета {g + 1}", g)
                        for t in range(TASKS_PER_GOAL):
                            task = (goal - 1) * TASKS_PER_GOAL + t + 1
                            tasks.row(task, plan, goal, f"Завдання {g + 1}.{t + 1}", t)
                            for n in range(ACTIVITIES_PER_TASK):
                                ids["activity"] += 1
                                activity = ids["activity"]
                                activities.row(activity, plan, task, f"Захід {g + 1}.{t + 1}.{n + 1}", n)
                                activity_units.row(activity, activity, (o - 1) * UNITS + activity % UNITS + 1)
                                for k in range(2):
                                    activity_audiences.row(2 * activity - k, activity,
                                                           (o - 1) * AUDIENCES + (activity + k) % AUDIENCES + 1, k)
                                    activity_channels.row(2 * activity - k, activity,
                                                          (o - 1) * CHANNELS + (activity + k) % CHANNELS + 1, k)
                                indicators.row(activity, activity)
        # The work items: past months mostly done, some overdue or skipped; the rest planned.
        with bare(cursor, Occurrence._meta.db_table), Table(
                cursor, Occurrence, id=VARY, plan_id=VARY, activity_id=VARY, key=VARY, due=VARY, starts=VARY,
                   ends=VARY, ongoing=False, status=VARY, skip_reason=VARY, done_by_id=VARY, done_at=VARY,
                   note="", people_reached=VARY, updated_at=now) as occurrences:
            activity = 0
            for o in range(1, organizations + 1):
                done_by = (o - 1) * PEOPLE + 2
                for p in range(PLANS):
                    plan = (o - 1) * PLANS + p + 1
                    for _ in range(GOALS * TASKS_PER_GOAL * ACTIVITIES_PER_TASK):
                        activity += 1
                        for item in items:
                            ids["occurrence"] += 1
                            number = ids["occurrence"]
                            if item.due >= today:
                                state = ("planned", "", r"\N", r"\N", r"\N")
                            elif number % 10 == 0:
                                state = ("planned", "", r"\N", r"\N", r"\N")
                            elif number % 20 == 1:
                                state = ("skipped", "Перенесено", r"\N", r"\N", r"\N")
                            else:
                                state = ("done", "", done_by, f"{item.due.isoformat()}T12:00:00+00:00",
                                         100 + number % 400)
                            occurrences.row(number, plan, activity, item.key, item.due.isoformat(),
                                            item.starts.isoformat() if item.starts else r"\N",
                                            item.ends.isoformat() if item.ends else r"\N", *state)
        counts = {"organizations": organizations, "people": organizations * PEOPLE,
                  "plans": organizations * PLANS, "activities": ids["activity"], "work items": ids["occurrence"]}
        from django.apps import apps
        from django.core.management.color import no_style

        tables = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
        for statement in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(statement)
        # As after any bulk load: statistics for the planner, the visibility map for index-only
        # scans, hint bits set once rather than by the first readers, and a checkpoint written.
        cursor.execute("VACUUM (FREEZE, ANALYZE)")
        cursor.execute("CHECKPOINT")
        cursor.execute("SELECT pg_database_size(current_database())")
        counts["database bytes"] = cursor.fetchone()[0]
        cursor.execute("SELECT id, token FROM surveys_survey ORDER BY id")
        tokens = dict(cursor.fetchall())
    for o in range(1, organizations + 1):
        plan = (o - 1) * PLANS + 1
        slug = f"hromada-{o}"
        sites.append({
            "user": f"h{o}-p0",
            "pages": {
                "organisation home": f"/o/{slug}/",
                "plan page": f"/o/{slug}/plans/{plan}/",
                "my work": "/work/",
                "organisation dashboard": f"/o/{slug}/dashboard/",
                "plan dashboard": f"/o/{slug}/plans/{plan}/dashboard/",
                "unit work": f"/o/{slug}/units/{(o - 1) * UNITS + 1}/",
                "plan indicators": f"/o/{slug}/plans/{plan}/indicators/",
                "public organisation": f"/p/{slug}/",
                "public plan": f"/p/{slug}/plans/{plan}/",
                "survey form": f"/s/{tokens[o]}/",
                TRIVIAL: "/accounts/login/",
            },
        })
    return {"counts": counts, "sites": sites}


# The clients


class Client:
    """A browser of one person: a session cookie, and requests to the stack's one port."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, value = header.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.read().decode()
        finally:
            connection.close()

    def sign_in(self, username: str) -> None:
        from urllib.parse import urlencode

        status, page = self.request("GET", "/accounts/login/")
        token = CSRF_FIELD.search(page).group(1)
        status, _page = self.request("POST", "/accounts/login/", urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}))
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status})")


def load(port: int, sites: list[dict], duration: float, clients: int) -> tuple[dict[str, list[float]], list[str]]:
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    chosen = random.Random(7).sample(sites, min(clients, len(sites)))
    clock = {"deadline": 0.0}

    def start() -> None:
        clock["deadline"] = time.monotonic() + duration

    ready = threading.Barrier(len(chosen), action=start, timeout=600)

    def run(site: dict) -> None:
        client, anonymous = Client(port), Client(port)
        client.sign_in(site["user"])
        pages = list(site["pages"].items())
        for name, path in pages:  # warm up: the processes load code and templates
            (anonymous if name == TRIVIAL else client).request("GET", path)
        ready.wait()
        order = random.Random(site["user"])
        while time.monotonic() < clock["deadline"]:
            order.shuffle(pages)
            for name, path in pages:
                started = time.perf_counter()
                status, _body = (anonymous if name == TRIVIAL else client).request("GET", path)
                elapsed = time.perf_counter() - started
                with lock:
                    if status == 200:
                        latencies.setdefault(name, []).append(elapsed)
                    else:
                        errors.append(f"{name} {path}: {status}")

    threads = [threading.Thread(target=run, args=(site,)) for site in chosen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.national")
    parser.add_argument("--organizations", type=int, default=ORGANIZATIONS)
    parser.add_argument("--duration", type=float, default=DURATION)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="holos-national-"))
    free = shutil.disk_usage(folder).free
    needed = DISK_NEEDED * args.organizations // ORGANIZATIONS
    if free < needed:
        print(f"national: {free / 1024**3:.1f} GB free under {folder.parent}, {needed / 1024**3:.1f} GB needed")
        return 1
    stack = Stack(folder=folder, workers=0, web_processes=3, environment={"LOG_LEVEL": "ERROR"},
                  postgres_settings={"shared_buffers": "1GB", "max_wal_size": "4GB", "checkpoint_timeout": "15min"})
    with stack:
        os.environ.update(stack.env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holos.settings")
        import django

        django.setup()
        started = time.perf_counter()
        programme = generate(args.organizations)
        generation = time.perf_counter() - started
        counts = programme["counts"]
        print(f"national programme on PostgreSQL 15 (durable: fsync, synchronous_commit, full_page_writes on), "
              f"{os.cpu_count()} cores:")
        print("  generated with COPY in {:.0f} s: {}".format(generation, ", ".join(
            f"{value:,} {name}" for name, value in counts.items() if name != "database bytes")))
        print(f"  database size: {counts['database bytes'] / 1024**3:.2f} GB")
        load_before = os.getloadavg()[0]
        latencies, errors = load(stack.port, programme["sites"], args.duration, args.clients)
        load_after = os.getloadavg()[0]
    trivial_name = TRIVIAL
    trivial = latencies.get(trivial_name, [0.0])
    floor = statistics.median(trivial)
    print(f"  {args.clients} clients for {args.duration:.0f} s against 3 gunicorn processes "
          f"({sum(len(v) for v in latencies.values()):,} pages, {len(errors)} errors; "
          f"machine load average {load_before:.1f} before, {load_after:.1f} after):")
    print(f"  {'page':<28} {'n':>6} {'median':>8} {'min–max':>15} {'p95':>8} {'p95/floor':>9}  target")
    missed = []
    for name, values in latencies.items():
        median, p95 = statistics.median(values), percentile(values, 0.95)
        verdict = "" if name == trivial_name else ("PASS" if p95 < TARGET_P95 else "MISS")
        if verdict == "MISS":
            missed.append(name)
        print(f"  {name:<28} {len(values):>6} {median * 1000:>6.0f}ms {min(values) * 1000:>6.0f}–"
              f"{max(values) * 1000:<6.0f}ms {p95 * 1000:>6.0f}ms {p95 / floor if floor else 0:>8.1f}x"
              f"  {'' if name == trivial_name else f'p95 < {TARGET_P95 * 1000:.0f} ms {verdict}'}")
    if errors:
        print(f"  first errors: {errors[:5]}")
    print(f"  floor (trivial page median): {floor * 1000:.0f} ms; "
          f"{'PASS' if not missed and not errors else 'MISS'}: every page's p95 under {TARGET_P95 * 1000:.0f} ms"
          + (f" (missed: {', '.join(missed)})" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
