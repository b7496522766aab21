"""``/metrics`` in Prometheus' text format: request latency by route, the task queue, deliveries.

Request latency is measured by ``RequestMetricsMiddleware`` in each web process. With
several processes (gunicorn), set ``PROMETHEUS_MULTIPROC_DIR`` to a folder they share, empty
at start: each process writes its counts there and any of them answers for all. The queue
(tasks waiting, the age of the oldest, running, failed) and the deliveries are read from
where they are kept when Prometheus asks, so they are the same whichever process answers.

The page answers only a request that carries ``HOLOS_METRICS_TOKEN`` as a bearer token;
with no token set it does not exist (404).
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from holos import queue

logger = logging.getLogger(__name__)

# Latency buckets (seconds) around the 500 ms a page should stay under.
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
REQUEST_SECONDS = Histogram(
    "holos_http_request_duration_seconds", "Time to answer a request, by route and method.",
    ["route", "method"], buckets=BUCKETS,
)
RESPONSES = Counter("holos_http_responses", "Responses sent, by route, method and status class.",
                    ["route", "method", "status"])


def _route(request) -> str:
    """The URL pattern that answered ("o/<slug:slug>/plans/<int:pk>/"), never the address itself."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "(unmatched)"
    return "/" + str(match.route)


class RequestMetricsMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        route, method = _route(request), request.method if request.method in _METHODS else "other"
        REQUEST_SECONDS.labels(route, method).observe(time.perf_counter() - started)
        RESPONSES.labels(route, method, f"{response.status_code // 100}xx").inc()
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class StoredStateCollector(Collector):
    """The queue and the deliveries, read when Prometheus asks."""

    def collect(self) -> Iterator[Metric]:
        try:
            state = queue.state()
        except Exception:
            logger.exception("The task queue could not be read for the metrics")
            up = GaugeMetricFamily("holos_tasks_queue_up", "Whether the task queue could be read.")
            up.add_metric([], 0)
            yield up
            return
        up = GaugeMetricFamily("holos_tasks_queue_up", "Whether the task queue could be read.")
        up.add_metric([], 1)
        yield up
        for name, documentation, value in (
            ("holos_tasks_waiting", "Tasks queued and not started.", state.waiting),
            ("holos_tasks_oldest_waiting_age_seconds", "How long the oldest waiting task has waited.",
             state.oldest_age_seconds(timezone.now())),
            ("holos_tasks_running", "Tasks a worker is running.", state.running),
            ("holos_tasks_failed", "Tasks that ended with an error and are kept for reading.", state.failed),
        ):
            gauge = GaugeMetricFamily(name, documentation, labels=["backend"])
            gauge.add_metric([state.backend], value)
            yield gauge
        yield from _deliveries()


def _deliveries() -> Iterator[Metric]:
    """The daily jobs (reminders, overdue lists, housekeeping) claimed in the last 24 hours, by job."""
    from datetime import timedelta

    from holos.work.models import DailyRun

    gauge = GaugeMetricFamily("holos_daily_jobs_last_day", "Daily jobs queued in the last 24 hours, by job.",
                              labels=["job"])
    names = DailyRun.objects.filter(created_at__gte=timezone.now() - timedelta(days=1)).values_list("name", flat=True)
    by_job: dict[str, int] = {}
    for name in names.iterator():
        job = name.split(":", 1)[0]
        by_job[job] = by_job.get(job, 0) + 1
    for job, count in sorted(by_job.items()):
        gauge.add_metric([job], count)
    yield gauge


_stored_state = StoredStateCollector()


def registry() -> CollectorRegistry:
    """The registry to answer from: every process's counts when they share a folder, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shared = CollectorRegistry()
        MultiProcessCollector(shared)
        shared.register(_stored_state)
        return shared
    if _stored_state not in REGISTRY._collector_to_names:  # registered once per process
        REGISTRY.register(_stored_state)
    return REGISTRY


def metrics(request):
    token = settings.HOLOS_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
