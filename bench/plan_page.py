"""The plan page of a generated plan with 500 activities over 12 months.

Prints the median and 90th-percentile server time of the page (the whole Django
request: middleware, queries, template) and its number of queries, at 10 and at 500
activities, so the ratio between the two is visible in one run. Target: under 150 ms
median at 500 activities, with the same number of queries as at 10.
"""

from __future__ import annotations

import random
import statistics
import time

from bench import setup_django


def build_plan(organization, activities: int, *, seed: int = 7):
    from holos.core.schedule import Schedule
    from holos.plans import actions

    rng = random.Random(seed)
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    plan = actions.create_plan(
        actor=None,
        organization=organization,
        title=f"План на {activities} заходів",
        kind="operational",
        period_start="2025-01",
        period_end="2025-12",
        granularity="month",
    )
    goals = [
        actions.create_goal(actor=None, plan=plan, title=f"Ціль {g + 1}", key_message="Ми поруч") for g in range(5)
    ]
    tasks = [actions.create_task(actor=None, goal=goals[t % 5], title=f"Завдання {t + 1}") for t in range(20)]
    for n in range(activities):
        slots = sorted(rng.sample(months, rng.randint(1, 6)))
        actions.create_activity(
            actor=None,
            task=tasks[n % 20],
            data={
                "title": f"Захід {n + 1}: інформування мешканців про послуги ЦНАП",
                "audiences": [f"Аудиторія {rng.randint(1, 12)}", "ВПО"],
                "channels": [f"Канал {rng.randint(1, 15)}", "Телеграм канал"],
                "responsible": [f"Відділ {rng.randint(1, 8)}"],
                "result": "Поінформовано не менше 100 мешканців",
                "resources_needed": rng.choice([True, False, None]),
                "resources_text": "Не потребує",
                "schedule": Schedule(text=" ".join("x" for _ in slots), kind="slots", slots=slots),
            },
        )
    return plan


def measure(client, url: str, rounds: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and templates
    times = []
    queries = 0
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], queries


def main(rounds: int = 30) -> None:
    setup_django()
    from django.conf import settings
    from django.test import Client

    from holos.accounts.actions import add_member, create_organization
    from holos.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    user = User.objects.create_user("bench", password="bench-pass-123")  # noqa: S106 - a throwaway database
    organization = create_organization(actor=None, name="Бенчмарк", admin=user)
    add_member(actor=None, organization=organization, user=user, role="editor")
    client = Client()
    client.force_login(user)
    print(f"plan page ({engine}, {rounds} requests each):")
    results = {}
    for size in (10, 500):
        plan = build_plan(organization, size)
        url = f"/o/{organization.slug}/plans/{plan.pk}/"
        median, p90, queries = measure(client, url, rounds)
        results[size] = median
        print(f"  {size:>4} activities x 12 months: median {median:7.1f} ms, p90 {p90:7.1f} ms, {queries} queries")
    print(f"  500/10 time ratio: {results[500] / results[10]:.1f}; target: median under 150 ms at 500")


if __name__ == "__main__":
    main()
