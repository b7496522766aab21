"""/metrics: request latency by route, the task queue and the daily jobs, for a Prometheus that has the token."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from holos.suggestions.tasks import erase_expired_contacts

TOKEN = "a-long-random-token-for-prometheus"


@pytest.fixture
def metrics_on(settings):
    settings.HOLOS_METRICS_TOKEN = TOKEN
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def scrape(client) -> dict[str, float]:
    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for line in response.content.decode().splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def test_without_the_token_there_is_no_such_page(client, db, metrics_on, settings):
    assert client.get(reverse("metrics")).status_code == 404
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    settings.HOLOS_METRICS_TOKEN = ""
    assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_request_latency_is_counted_by_route_not_by_address(as_user, world, metrics_on):
    client = as_user(world.officer)
    route = '/o/<slug:slug>/plans/<int:pk>/'
    before = scrape(client).get(f'holos_http_request_duration_seconds_count{{method="GET",route="{route}"}}', 0)
    for _ in range(3):
        assert client.get(reverse("plan", args=[world.community.slug, world.plan.pk])).status_code == 200
    samples = scrape(client)
    assert samples[f'holos_http_request_duration_seconds_count{{method="GET",route="{route}"}}'] == before + 3
    assert samples[f'holos_http_responses_total{{method="GET",route="{route}",status="2xx"}}'] >= 3
    assert samples[f'holos_http_request_duration_seconds_sum{{method="GET",route="{route}"}}'] > 0
    text = "\n".join(samples)
    assert world.community.slug not in text
    assert re.search(rf'route="[^"]*/{world.plan.pk}/', text) is None  # no row's id in a route's label


def test_the_queue_is_read_when_asked(client, db, metrics_on):
    for _ in range(2):
        erase_expired_contacts.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))
    failed = erase_expired_contacts.enqueue()
    DBTaskResult.objects.filter(pk=failed.id).update(status="FAILED")
    samples = scrape(client)
    assert samples['holos_tasks_queue_up'] == 1
    assert samples['holos_tasks_waiting{backend="database"}'] == 2
    assert samples['holos_tasks_failed{backend="database"}'] == 1
    assert 300 <= samples['holos_tasks_oldest_waiting_age_seconds{backend="database"}'] < 400


def test_the_daily_jobs_of_the_last_day_are_counted(client, world, metrics_on, settings):
    from holos.scheduler import run_due_jobs

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = run_due_jobs(datetime(2025, 3, 4, 12, 0, tzinfo=UTC))
    organizations = len(queued[0][2])
    assert organizations == 2  # the community and the other one
    samples = scrape(client)
    assert samples['holos_daily_jobs_last_day{job="send_reminders"}'] == organizations
    assert samples['holos_daily_jobs_last_day{job="send_overdue_digest"}'] == organizations
