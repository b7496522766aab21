"""Progress dashboards: a plan's dashboard at 500 activities, the organisation's totals at a million occurrences.

1. The dashboard page of the generated 500-activity plan over 12 months (a third of its
   work done, one indicator per activity), the whole request with the Django test client,
   beside the SQL it sends replayed on the same database. Target: at most 6 × its SQL.
2. With ``DATABASE_URL`` pointing at PostgreSQL (the second part of ``make bench``): an
   organisation with 20 plans of 50 activities and 1,000,000 occurrences over two years,
   written by one ``INSERT … SELECT … FROM generate_series`` (the triggers keep the rows
   per plan and month and the day tally as they go), then ``VACUUM ANALYZE``;
   ``organization_summary`` beside its SQL replayed. It reads the rows kept per plan and
   month, so its SQL takes a few milliseconds and a ratio to it measures Django's fixed
   cost of building three queries: the target is under 500 ms with at most 10 ms of
   Python over its SQL. Then beside the aggregate it replaced, grouped straight from the
   occurrences by plan and month (its SQL replayed): at most a tenth of it. On SQLite it
   says that this part needs PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import time

from bench import setup_django
from bench.measure import alternate, captured_sql, report, sql_seconds, timed
from bench.plan_page import make_plan

OCCURRENCES = 1_000_000
PLANS, ACTIVITIES_PER_PLAN = 20, 50
TODAY = dt.date(2025, 1, 15)


def _record_some_work(plan) -> None:
    """A third of the work done with people reached, some skipped; an indicator per activity."""
    from django.db.models import F

    from holos.plans.models import Activity, Indicator
    from holos.work.models import Measurement, Occurrence

    occurrences = Occurrence.objects.filter(plan=plan)
    occurrences.filter(id__in=[pk for pk in occurrences.values_list("id", flat=True) if pk % 3 == 0]).update(
        status="done", people_reached=F("id") % 200)
    occurrences.filter(id__in=[pk for pk in occurrences.values_list("id", flat=True) if pk % 7 == 1]).update(
        status="skipped")
    activities = list(Activity.objects.filter(plan=plan))
    indicators = Indicator.objects.bulk_create([
        Indicator(activity=a, text=f"Поінформовано {100 + n} мешканців", target=100 + n, unit="мешканців",
                  placeholder=n % 10 == 0, source_metric="people_reached" if n % 2 else "")
        for n, a in enumerate(activities)
    ])
    links = Indicator.source_activities.through
    links.objects.bulk_create([links(indicator=i, activity=i.activity) for i in indicators if i.source_metric])
    Measurement.objects.bulk_create([
        Measurement(indicator=i, date=dt.date(2025, m, 1), value=10 * m) for i in indicators[::2] for m in (3, 6)
    ])


def plan_dashboard(organization, client, rounds: int = 15) -> None:
    """The dashboard page of a 500-activity plan beside the SQL it sends, replayed."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    plan = make_plan(organization, 500)
    _record_some_work(plan)
    url = f"/o/{organization.slug}/plans/{plan.pk}/dashboard/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    statements = captured_sql(page)
    figures, floors = alternate(lambda: timed(page), lambda: sql_seconds(statements), rounds)
    report(f"plan dashboard, 500 activities ({engine})", figures, floors, target="≤ 6 × its SQL",
           passed=lambda median, floor: floor is not None and median <= 6 * floor)


def _insert_million(organization) -> float:
    """Plans and activities through the ORM in bulk, then the occurrences by one INSERT … SELECT."""
    from django.db import connection, transaction

    from holos.plans.models import Activity, Goal, Plan, Task

    started = time.perf_counter()
    with transaction.atomic():
        plans = Plan.objects.bulk_create([
            Plan(organization=organization, title=f"План {n + 1}", period_start="2024-01", period_end="2025-12")
            for n in range(PLANS)
        ])
        goals = Goal.objects.bulk_create([Goal(plan=p, title="Ціль") for p in plans])
        tasks = Task.objects.bulk_create([Task(plan=g.plan, goal=g, title="Завдання") for g in goals])
        Activity.objects.bulk_create([
            Activity(plan=t.plan, task=t, title=f"Захід {n + 1}", position=n)
            for t in tasks for n in range(ACTIVITIES_PER_PLAN)
        ])
        activities = PLANS * ACTIVITIES_PER_PLAN
        with connection.cursor() as cursor:
            # Occurrence g belongs to activity g / 1000 (so each index grows in runs, not at random)
            # and is due on one of the 731 days of 2024-2025; seven in ten of those already due are
            # done with people reached, one in ten skipped, one in progress.
            cursor.execute(
                """
                INSERT INTO work_occurrence (plan_id, activity_id, key, due, starts, ends, ongoing, status,
                                             skip_reason, note, people_reached, detached, updated_at)
                SELECT a.plan_id, a.id, 'b' || g, d.due, date_trunc('month', d.due)::date, d.due, false,
                       CASE WHEN mod(g, 10) = 7 THEN 'skipped'
                            WHEN mod(g, 10) = 8 THEN 'in_progress'
                            WHEN mod(g, 10) < 7 AND d.due < %s THEN 'done'
                            ELSE 'planned' END,
                       '', '', CASE WHEN mod(g, 10) < 7 AND d.due < %s THEN mod(g, 200) END, false, now()
                FROM generate_series(0, %s - 1) AS g
                JOIN (SELECT id, plan_id, row_number() OVER (ORDER BY id) - 1 AS n
                      FROM plans_activity WHERE plan_id = ANY(%s)) AS a ON a.n = g / %s
                CROSS JOIN LATERAL (SELECT date '2024-01-01' + mod(g * 7, 731) AS due) AS d
                ORDER BY g
                """,
                [TODAY, TODAY, OCCURRENCES, [p.pk for p in plans], OCCURRENCES // activities],
            )
    with connection.cursor() as cursor:
        # VACUUM marks the pages all-visible, as autovacuum soon would after such an insert.
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def _straight_aggregate(organization) -> list[str]:
    """The SQL of the summary counted straight from the occurrences, grouped by plan and month, as it once was."""
    from django.db.models.functions import TruncMonth

    from holos.plans.models import Plan
    from holos.work.dashboard import count_columns
    from holos.work.models import Occurrence

    plans = list(Plan.objects.filter(organization=organization).values_list("pk", flat=True))
    rows = (Occurrence.objects.filter(plan_id__in=plans).annotate(month=TruncMonth("due"))
            .values("plan_id", "month").annotate(**count_columns(TODAY)).order_by())
    return captured_sql(lambda: list(rows))


def million(organization, rounds: int = 10) -> None:
    from holos.work.dashboard import organization_summary
    from holos.work.models import Occurrence

    print(f"organisation summary over {OCCURRENCES:,} occurrences (postgresql):")
    seconds = _insert_million(organization)
    count = Occurrence.objects.filter(plan__organization=organization).count()
    print(f"  {count:,} occurrences in {PLANS} plans written and analysed in {seconds:.1f} s")
    summary = organization_summary(organization, TODAY)
    assert summary.totals.planned == OCCURRENCES, summary.totals
    statements = captured_sql(lambda: organization_summary(organization, TODAY))
    print(f"  the summary sends {len(statements)} statements")
    figures, floors = alternate(lambda: timed(lambda: organization_summary(organization, TODAY)),
                                lambda: sql_seconds(statements), rounds)
    report("organisation summary, 1M occurrences (postgresql)", figures, floors,
           target="< 500 ms, ≤ its SQL + 10 ms",
           passed=lambda median, floor: floor is not None and median <= floor + 10 and median < 500)
    # Beside what counting every occurrence costs: the query the summary replaced.
    straight = _straight_aggregate(organization)
    figures, floors = alternate(lambda: timed(lambda: organization_summary(organization, TODAY)),
                                lambda: sql_seconds(straight), max(3, rounds // 2))
    report("organisation summary beside the straight aggregate over 1M occurrences (postgresql)", figures, floors,
           target="≤ 0.1 × the straight aggregate",
           passed=lambda median, floor: floor is not None and median <= 0.1 * floor)


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from holos.accounts.actions import create_organization
    from holos.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    user = User.objects.create_user(f"bench-{time.time_ns()}", password="bench-pass-123")  # noqa: S106 - throwaway
    organization = create_organization(actor=None, name="Бенчмарк", admin=user)
    client = Client()
    client.force_login(user)
    print(f"database: {connection.vendor}")
    plan_dashboard(organization, client)
    if connection.vendor != "postgresql":
        print("organisation summary at 1,000,000 occurrences: needs PostgreSQL (the second part of make bench)")
        return
    big = create_organization(actor=None, name="Мільйон", admin=user)
    million(big)


if __name__ == "__main__":
    main()
