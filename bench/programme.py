"""A national programme's dashboard: 1,000 organisations × 5 plans × 100 activities × 12 months.

PostgreSQL only (the second part of ``make bench``, on a durable cluster). The programme's
organisations, plans, goals and tasks are made by bulk INSERTs (``holos.bulk_insert``);
the 500,000 activities, their owners and indicators and the 6,000,000 occurrences are
loaded with COPY, through the same triggers that keep the occurrence tally in production;
then ``VACUUM ANALYZE``. Three in ten activities have no responsible unit, four in ten no
indicator; half the work due before the benchmark's "today" is done.

Measured, each beside its floor from the same run:

1. The dashboard page (the whole request, warm: the plans' gaps already counted once)
   beside the plain SQL of the same aggregate: organisations × months planned, done and
   overdue, grouped straight from the 6,000,000 occurrences. Target: under 500 ms.
2. The first view after plans changed: before each view one organisation edits an
   activity in each of its five plans (a new revision of each, so their gaps are counted
   again) and records work on ten occurrences (the month rows follow by trigger), through
   the same actions as the web. Beside the same plain aggregate. Target: under 500 ms.
3. The same warm page beside its own SQL replayed (the statements it sends, every row
   fetched), to show what is left to Python and the template. Target: under 500 ms. The
   number of queries is printed; ``tests/programmes/test_dashboard.py`` pins it.

The very first view, which counts the gaps of all 5,000 plans (after a deployment, or
when the shared cache lost them), is printed on its own.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from bench import setup_django
from bench.measure import alternate, captured_sql, report, sql_seconds, timed

# HOLOS_BENCH_ORGANIZATIONS makes a smaller programme, to try the benchmark quickly.
ORGANIZATIONS = int(os.environ.get("HOLOS_BENCH_ORGANIZATIONS", "1000"))
PLANS_PER_ORGANIZATION, ACTIVITIES_PER_PLAN, MONTHS = 5, 100, 12
TODAY = dt.date(2025, 7, 15)
FIRST_MONTH = dt.date(2025, 1, 1)

PLAIN_AGGREGATE = """
SELECT p.organization_id, date_trunc('month', o.due) AS month, count(*),
       count(*) FILTER (WHERE o.status = 'done'),
       count(*) FILTER (WHERE o.status IN ('planned', 'in_progress') AND o.due < %s)
FROM work_occurrence o JOIN plans_plan p ON p.id = o.plan_id
WHERE p.organization_id = ANY(%s)
GROUP BY 1, 2
"""


def _months() -> list[dt.date]:
    return [dt.date(2025, m, 1) for m in range(1, MONTHS + 1)]


def load(programme) -> float:
    """The programme's organisations and everything they share, written in bulk."""
    from django.db import connection, transaction

    from holos.accounts.models import Organization
    from holos.bulk_insert import insert_rows
    from holos.plans.models import Goal, Plan, Task, Unit
    from holos.programmes.models import Participation

    started = time.perf_counter()
    now = dt.datetime.now(dt.UTC)
    with transaction.atomic():
        organization_ids = insert_rows(Organization, ("name", "slug", "time_zone", "check_settings", "reminder_days",
                                                      "created_at"),
                                       [(f"Громада {n:04d}", f"bench-{n:04d}", "Europe/Kyiv", "{}", 3, now)
                                        for n in range(ORGANIZATIONS)], returning=True)
        units = insert_rows(Unit, ("organization_id", "name", "normalized", "created_at"),
                            [(org, "ЦНАП", "цнап", now) for org in organization_ids], returning=True)
        plan_ids = insert_rows(Plan, ("organization_id", "title", "organization_name", "kind", "language",
                                      "period_start", "period_end", "granularity", "approval", "notes",
                                      "created_at", "updated_at", "revision"),
                               [(org, f"План {p + 1}", "", "calendar", "uk", "2025-01", "2025-12", "month", "",
                                 "[]", now, now, 0)
                                for org in organization_ids for p in range(PLANS_PER_ORGANIZATION)],
                               returning=True)
        goal_ids = insert_rows(Goal, ("plan_id", "title", "key_message", "position", "template_key"),
                               [(plan, "Поінформувати мешканців", "", 0, "") for plan in plan_ids], returning=True)
        task_ids = insert_rows(Task, ("plan_id", "goal_id", "title", "position"),
                               [(plan, goal, "Завдання", 0) for plan, goal in zip(plan_ids, goal_ids, strict=True)],
                               returning=True)
        participation_ids = insert_rows(Participation, ("programme_id", "organization_id", "status", "invited_at",
                                                        "joined_at"),
                                        [(programme.pk, org, "active", now, now) for org in organization_ids],
                                        returning=True)
        through = Participation.plans.through
        insert_rows(through, ("participation_id", "plan_id"),
                    [(participation_ids[i // PLANS_PER_ORGANIZATION], plan) for i, plan in enumerate(plan_ids)])
        with connection.cursor() as cursor:
            _copy_activities(cursor, plan_ids, task_ids, units)
            _copy_occurrences(cursor, plan_ids)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def _copy_activities(cursor, plan_ids, task_ids, units) -> None:
    with cursor.copy("COPY plans_activity (plan_id, task_id, title, result, resources_text, notes, level, position, "
                     "schedule, created_at, updated_at) FROM STDIN") as copy:
        for plan, task in zip(plan_ids, task_ids, strict=True):
            for n in range(ACTIVITIES_PER_PLAN):
                copy.write_row((plan, task, f"Захід {n + 1}", "", "", "", "consult" if n == 0 and plan % 3 else "",
                                n, '{"kind": "slots"}', "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z"))
    cursor.execute("SELECT id, plan_id, position FROM plans_activity WHERE plan_id = ANY(%s) ORDER BY id",
                   [list(plan_ids)])
    activities = cursor.fetchall()
    unit_of_plan = {plan: units[i // PLANS_PER_ORGANIZATION] for i, plan in enumerate(plan_ids)}
    with cursor.copy("COPY plans_activityunit (activity_id, unit_id, position) FROM STDIN") as copy:
        for activity, plan, position in activities:
            if position % 10 >= 3:
                copy.write_row((activity, unit_of_plan[plan], 0))
    with cursor.copy("COPY plans_indicator (activity_id, text, unit, placeholder, source_metric, position) "
                     "FROM STDIN") as copy:
        for activity, _plan, position in activities:
            if position % 10 >= 4:
                copy.write_row((activity, "Охоплено мешканців", "осіб", False, "", 0))


def _copy_occurrences(cursor, plan_ids) -> None:
    """Twelve months of work per activity, as COPY's text lines written a megabyte at a time."""
    cursor.execute("SELECT id, plan_id FROM plans_activity WHERE plan_id = ANY(%s) ORDER BY id", [list(plan_ids)])
    activities = cursor.fetchall()
    months = [(f"m{month:%Y-%m}", month.isoformat(), month.replace(day=28).isoformat(), month.replace(day=28) < TODAY)
              for month in _months()]
    with cursor.copy("COPY work_occurrence (plan_id, activity_id, key, due, starts, ends, ongoing, status, "
                     "skip_reason, note, detached, updated_at) FROM STDIN") as copy:
        lines: list[str] = []
        for activity, plan in activities:
            for index, (key, starts, due, past) in enumerate(months):
                status = "done" if past and (activity + index) % 2 == 0 else "planned"
                lines.append(f"{plan}\t{activity}\t{key}\t{due}\t{starts}\t{due}\tf\t{status}\t\t\tf\t"
                             f"2025-01-01 00:00:00+00\n")
            if len(lines) > 20_000:
                copy.write("".join(lines).encode())
                lines.clear()
        copy.write("".join(lines).encode())


def change_one_organization(organization_id: int) -> None:
    """What an organisation does in a working hour: edits an activity of each of its plans, records work."""
    from holos.plans import actions as plan_actions
    from holos.plans.models import Activity
    from holos.work import actions as work_actions
    from holos.work.models import Occurrence, Status

    for activity in (Activity.objects.filter(plan__organization_id=organization_id, position=0)
                     .select_related("plan__organization")):
        plan_actions.update_activity(actor=None, activity=activity, data={"title": f"{activity.title} (змінено)"})
    for occurrence in Occurrence.objects.filter(plan__organization_id=organization_id, status=Status.PLANNED,
                                                due__lt=TODAY).order_by("pk")[:10]:
        work_actions.set_status(actor=None, occurrence=occurrence, status=Status.DONE)


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from holos.accounts.models import User
    from holos.programmes import actions
    from holos.work.models import Occurrence, OccurrenceMonth, OccurrenceTally

    print(f"database: {connection.vendor}")
    if connection.vendor != "postgresql":
        print("the programme dashboard at 1,000 organisations: needs PostgreSQL (the second part of make bench)")
        return
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    user = User.objects.create_user(f"bench-{time.time_ns()}", password="bench-pass-123")  # noqa: S106 - throwaway
    programme = actions.create_programme(actor=None, name="Національна програма", coordinator=user)
    actions.save_indicator_definition(actor=None, programme=programme, definition=None, name="Охоплено мешканців",
                                      unit="осіб", aggregate="sum")
    seconds = load(programme)
    occurrences = Occurrence.objects.count()
    tallies, months = OccurrenceTally.objects.count(), OccurrenceMonth.objects.count()
    print(f"  {ORGANIZATIONS:,} organisations, {occurrences:,} occurrences ({tallies:,} day tally rows, "
          f"{months:,} month rows) loaded and analysed in {seconds:.0f} s")
    assert occurrences == ORGANIZATIONS * PLANS_PER_ORGANIZATION * ACTIVITIES_PER_PLAN * MONTHS, occurrences

    import holos.programmes.views as views

    views._today = lambda: TODAY  # the figures of the benchmark's "today", as the plain aggregate counts them
    client = Client()
    client.force_login(user)
    url = f"/programmes/{programme.slug}/"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    organizations = list(programme.participations.values_list("organization_id", flat=True))
    cold = timed(page)
    print(f"  the very first view, counting the gaps of all {len(organizations) * PLANS_PER_ORGANIZATION:,} "
          f"plans once: {cold * 1000:.0f} ms")
    statements = captured_sql(page)
    print(f"  the page sends {len(statements)} queries")
    if os.environ.get("HOLOS_BENCH_VERBOSE"):
        for sql in statements:
            print(f"    {sql_seconds([sql]) * 1000:7.1f} ms  {sql[:150]}")
            if sql_seconds([sql]) > 0.05:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + sql.replace("%", "%%"))
                    print("\n".join(row[0] for row in cursor.fetchall()))
    if os.environ.get("HOLOS_BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(page)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)

    def plain_aggregate() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(PLAIN_AGGREGATE, [TODAY, organizations])
            rows = cursor.fetchall()
        assert len(rows) == ORGANIZATIONS * MONTHS, len(rows)
        return time.perf_counter() - started

    name = (f"programme dashboard, {ORGANIZATIONS:,} organisations × {PLANS_PER_ORGANIZATION} plans × "
            f"{ACTIVITIES_PER_PLAN} activities × {MONTHS} months (postgresql)")
    figures, floors = alternate(lambda: timed(page), plain_aggregate, rounds=7)
    report(name + " vs the plain aggregate", figures, floors, target="< 500 ms",
           passed=lambda median, floor: median < 500)
    changes = iter(organizations)

    def after_change() -> float:
        change_one_organization(next(changes))
        return timed(page)

    figures, floors = alternate(after_change, plain_aggregate, rounds=7)
    report(name + ", first view after one organisation changed its plans, vs the plain aggregate", figures, floors,
           target="< 500 ms", passed=lambda median, floor: median < 500)
    figures, floors = alternate(lambda: timed(page), lambda: sql_seconds(statements), rounds=7)
    report(name + " vs its SQL", figures, floors, target="< 500 ms",
           passed=lambda median, floor: median < 500)


if __name__ == "__main__":
    main()
