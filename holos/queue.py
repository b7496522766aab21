"""The task queue, whichever backend holds it: its state for health and metrics, and its worker.

Holos queues background work through the tasks API. The database backend (the embedded
default) keeps tasks in a table that ``holos worker`` polls; the RQ backend keeps them in
Redis, where workers on any number of machines take them. This module answers the same
questions of both (is the queue reachable, how many tasks wait, how old is the oldest, how
many failed) and runs the right worker.

A worker that dies in the middle of a job (a machine lost, a process killed) stops sending
its heartbeat. With RQ another worker notices within ``HEARTBEAT_SECONDS`` plus
``MAINTENANCE_SECONDS`` and puts the job back on the queue, where the next free worker
takes it from the start. Holos's jobs are written to be run again: what they finished is
marked as they go (reminders mark each occurrence once its people were told).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

RQ_BACKEND = "django_tasks_rq.RQBackend"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"

# A running job's worker reports every JOB_MONITORING_SECONDS that it is alive; a job whose
# worker has not reported for HEARTBEAT_SECONDS is abandoned. Workers look for abandoned
# jobs every MAINTENANCE_SECONDS; one is started again at most ABANDONED_RESTARTS times.
JOB_MONITORING_SECONDS = 5
HEARTBEAT_SECONDS = 20
MAINTENANCE_SECONDS = 15
ABANDONED_RESTARTS = 3


@dataclass(frozen=True)
class QueueState:
    backend: str
    waiting: int
    oldest_waiting_since: datetime | None
    running: int
    failed: int

    def oldest_age_seconds(self, now: datetime | None = None) -> float:
        if self.oldest_waiting_since is None:
            return 0.0
        return max(0.0, ((now or timezone.now()) - self.oldest_waiting_since).total_seconds())


def backend_path() -> str:
    return str(settings.TASKS["default"]["BACKEND"])


def uses_rq() -> bool:
    return backend_path() == RQ_BACKEND


def state() -> QueueState:
    """The queue as it is now; raises when the queue cannot be reached."""
    if uses_rq():
        return _rq_state()
    if backend_path() == DATABASE_BACKEND:
        return _database_state()
    # Backends that keep nothing (the immediate backend of tests) have no queue to read.
    return QueueState("immediate", 0, None, 0, 0)


def _database_state() -> QueueState:
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    waiting = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return QueueState(
        backend="database",
        waiting=ready.count(),
        oldest_waiting_since=waiting,
        running=DBTaskResult.objects.running().count(),
        failed=DBTaskResult.objects.failed().count(),
    )


def _rq_state() -> QueueState:
    import django_rq
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    queue = django_rq.get_queue("default")
    oldest = None
    first = queue.get_job_ids(0, 1)
    if first:
        job = queue.fetch_job(first[0])
        if job is not None and job.enqueued_at is not None:
            # RQ keeps times in UTC, without a zone in older versions.
            oldest = job.enqueued_at if timezone.is_aware(job.enqueued_at) else job.enqueued_at.replace(tzinfo=UTC)
    return QueueState(
        backend="rq",
        waiting=queue.count,
        oldest_waiting_since=oldest,
        running=StartedJobRegistry(queue=queue).count,
        failed=FailedJobRegistry(queue=queue).count,
    )


def run_worker(*, name: str | None = None) -> None:
    """Run the worker of the configured backend until it is stopped (SIGTERM or Ctrl+C)."""
    if uses_rq():
        _run_rq_worker(name=name)
        return
    from django.core.management import call_command

    call_command("db_worker", reload=False, verbosity=1, **({"worker_id": name} if name else {}))


def _run_rq_worker(*, name: str | None) -> None:
    import django_rq
    from django.db import connections
    from django_tasks_rq import Job
    from rq import Worker
    from rq.exceptions import AbandonedJobError

    class HolosWorker(Worker):
        """RQ's forking worker, with a short heartbeat so that another worker takes over soon."""

        def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
            return HEARTBEAT_SECONDS

        def execute_job(self, job, queue):
            # The job runs in a forked process: it must open database connections of its own.
            connections.close_all()
            return super().execute_job(job, queue)

    def restart_abandoned(job, exc_type, exc_value, traceback):
        """Put a job whose worker died back on the queue, a few times at most.

        RQ starts again the abandoned jobs that still have retries left; Holos's jobs are
        enqueued without retries (a job that raised is not tried again), so a job left
        behind by a dead worker is given one here.
        """
        if exc_type is not AbandonedJobError:
            return True
        restarts = int(job.meta.get("holos_restarts", 0))
        if restarts < ABANDONED_RESTARTS:
            job.meta["holos_restarts"] = restarts + 1
            job.save_meta()
            job.retries_left = 1
        return True

    queue = django_rq.get_queue("default", job_class=Job)
    worker = HolosWorker(
        [queue], connection=queue.connection, job_class=Job, name=name,
        exception_handlers=[restart_abandoned], disable_default_exception_handler=False,
        job_monitoring_interval=JOB_MONITORING_SECONDS, maintenance_interval=MAINTENANCE_SECONDS,
        # An idle worker waits this long minus 15 s for a job before it looks after the registries again.
        worker_ttl=MAINTENANCE_SECONDS + 15,
    )
    worker.work(with_scheduler=True, logging_level="INFO")
