"""Two schedulers racing for the same day queue each daily job once, on either queue.

Every ``holos worker`` runs the scheduler, so on a deployment with several workers the
schedulers race each minute. Here two of them (threads, each with its own database
connection) are released at the same instant, again and again, for days in a row.
"""

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import django_rq
import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from holos.cluster import free_port
from holos.scheduler import run_due_jobs
from holos.work import tasks
from holos.work.models import DailyRun

DAYS = 6
# Several workers share a PostgreSQL database. SQLite's in-memory test database turns a second
# writer away at once ("table is locked") where a database file would make it wait.
racing = pytest.mark.skipif(connection.vendor == "sqlite", reason="schedulers race on PostgreSQL")


def race(now: datetime) -> list:
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scheduler() -> None:
        try:
            barrier.wait(timeout=30)
            results.extend(run_due_jobs(now))
        except Exception as error:  # handed to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    return results


def queued_by_the_race(live_world, queued_tasks):
    organizations = {live_world.community.pk, live_world.other.pk}
    reported = []
    for day in range(DAYS):
        reported += race(datetime(2025, 3, 4, 10, 0, tzinfo=UTC) + timedelta(days=day))
    tasks = queued_tasks()
    # One task per job and day, covering every organisation once.
    assert Counter((name, args[0]) for name, args, _kwargs in tasks) == Counter(
        {(job, (date(2025, 3, 4) + timedelta(days=d)).isoformat()): 1
         for job in ("send_reminders", "send_overdue_digest") for d in range(DAYS)})
    assert all(set(kwargs["organization_ids"]) == organizations for _name, _args, kwargs in tasks)
    assert len(reported) == 2 * DAYS


@racing
def test_on_the_database_queue(live_world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    def queued_tasks():
        return [(row.task_path.rsplit(".", 1)[1], row.args_kwargs["args"], row.args_kwargs["kwargs"])
                for row in DBTaskResult.objects.filter(task_path__startswith="holos.work.tasks.")]

    queued_by_the_race(live_world, queued_tasks)


@racing
def test_on_the_redis_queue(live_world, settings, redis_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url(2)}}
    queue = django_rq.get_queue("default")
    queue.empty()

    def queued_tasks():
        return [(job.func_name.rsplit(".", 1)[1], job.args, job.kwargs) for job in queue.get_jobs()
                if job.func_name.startswith("holos.work.tasks.")]

    try:
        queued_by_the_race(live_world, queued_tasks)
    finally:
        queue.empty()


def test_a_day_the_queue_refused_is_claimed_again(live_world, settings, redis_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    now = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{free_port()}/2"}}  # Redis is down
    assert run_due_jobs(now)  # claimed, but the queue refused the tasks after the commit
    assert not DailyRun.objects.filter(name__startswith="send_").exists()

    settings.RQ_QUEUES = {"default": {"URL": redis_server.url(2)}}
    queue = django_rq.get_queue("default")
    queue.empty()
    run_due_jobs(now)
    assert DailyRun.objects.filter(name__startswith="send_").count() == 4
    assert sorted(job.func_name for job in queue.get_jobs()) == [
        tasks.send_overdue_digest.module_path, tasks.send_reminders.module_path]
    queue.empty()
