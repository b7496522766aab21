"""The daily jobs, queued at the same local hour in every organisation.

``holos worker`` starts a thread that calls ``run_due_jobs`` every minute. Once an
organisation's local time has passed ``HOLOS_REMINDER_HOUR``, each daily job is queued for
that organisation and its local date. The day is claimed first with a ``DailyRun`` row, one
per job and organisation, whose unique constraint lets only one of several worker processes
win, so nobody gets the same mail twice, whether the tasks queue in the database or in
Redis; a worker started late in the day still runs the day's jobs.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from holos import queue
from holos.accounts.models import Organization, zone_named
from holos.work.models import DailyRun
from holos.work.tasks import send_overdue_digest, send_reminders

logger = logging.getLogger(__name__)

JOBS = {"send_reminders": send_reminders, "send_overdue_digest": send_overdue_digest}


def run_name(job: str, organization_id: int) -> str:
    return f"{job}:{organization_id}"


def run_due_jobs(now: datetime | None = None) -> list[tuple[str, str, list[int]]]:
    """Queue each daily job for the organisations whose local hour has come and whose day is unclaimed.

    Organisations sharing a local date are queued together, so a person in several of them
    gets one message. Returns what was queued: (job, ISO day, organisation ids).
    """
    now = now or timezone.now()
    hour = int(getattr(settings, "HOLOS_REMINDER_HOUR", 8))
    ready: dict[date, list[int]] = defaultdict(list)
    for pk, time_zone in Organization.objects.order_by("pk").values_list("pk", "time_zone"):
        local = now.astimezone(zone_named(time_zone))
        if local.hour >= hour:
            ready[local.date()].append(pk)
    if not ready:
        return []
    # Read what already ran, so that the usual minute tries no insert at all.
    claimed_before = set(DailyRun.objects.filter(day__in=list(ready)).values_list("name", "day"))
    queued = []
    for job_name, job in JOBS.items():
        for day, organization_ids in sorted(ready.items()):
            waiting = [pk for pk in organization_ids if (run_name(job_name, pk), day) not in claimed_before]
            if not waiting:
                continue
            with transaction.atomic():
                claimed = [pk for pk in waiting if _claim(run_name(job_name, pk), day)]
                if claimed:
                    _enqueue(job, [run_name(job_name, pk) for pk in claimed], day, day.isoformat(),
                             organization_ids=claimed)
            if claimed:
                logger.info("Queued %s for %s, organisations %s", job_name, day, claimed)
                queued.append((job_name, day.isoformat(), claimed))
    return queued


def _housekeeping_jobs() -> dict:
    """Daily jobs of the whole installation, run once per UTC day: erasing expired contacts and addresses."""
    from holos.publishing.tasks import erase_expired_subscribers
    from holos.suggestions.tasks import erase_expired_contacts

    return {"erase_expired_contacts": erase_expired_contacts, "erase_expired_subscribers": erase_expired_subscribers}


def run_housekeeping(now: datetime) -> list[tuple[str, str, list[int]]]:
    day = now.astimezone(UTC).date()
    done = set(DailyRun.objects.filter(day=day).values_list("name", flat=True))
    queued: list[tuple[str, str, list[int]]] = []
    for name, job in _housekeeping_jobs().items():
        if name in done:
            continue
        with transaction.atomic():
            if _claim(name, day):
                _enqueue(job, [name], day)
                queued.append((name, day.isoformat(), []))
    return queued


def queue_mail_due(now: datetime) -> bool:
    """Queue a round of the outbox when mail waits for its next try (a round claims what it sends)."""
    from holos.outbox.models import OutgoingMessage
    from holos.outbox.tasks import deliver_outbox

    if not OutgoingMessage.objects.due(now).exists():
        return False
    deliver_outbox.enqueue()
    return True


def _enqueue(job, names: list[str], day: date, *args, **kwargs) -> None:
    """Queue ``job`` with the claims of ``names`` for ``day``, so that it runs once.

    With the database queue the claims and the task commit together: a crash between them
    can neither lose the day's job nor run it twice. A queue outside the database (Redis)
    is given the task once the claims are committed, so a scheduler whose claims lose the
    race never queues anything; if the queue refuses the task, the claims are given back
    and the next round tries again.
    """
    if not queue.uses_rq():
        job.enqueue(*args, **kwargs)
        return

    def after_commit() -> None:
        try:
            job.enqueue(*args, **kwargs)
        except Exception:
            logger.exception("The queue refused %s for %s; it will be tried again", job.name, day)
            DailyRun.objects.filter(name__in=names, day=day).delete()

    transaction.on_commit(after_commit)


def _claim(name: str, day: date) -> bool:
    try:
        with transaction.atomic():
            DailyRun.objects.create(name=name, day=day)
    except IntegrityError:
        return False
    return True


def run_due_deliveries(now: datetime) -> None:
    """Posts whose time came, and deliveries whose retry time came, every minute."""
    from holos.publishing.delivery import run_due

    run_due(now)


def start_scheduler(*, interval: float = 60.0, stop: threading.Event | None = None) -> threading.Thread:
    """Run ``run_due_jobs`` now and then every ``interval`` seconds in a daemon thread, until ``stop`` is set.

    A failure (the database busy or gone for a moment) is logged and tried again at the next
    round; the thread dies with the worker process.
    """
    stop = stop or threading.Event()

    def loop() -> None:
        while True:
            try:
                now = timezone.now()
                run_due_jobs(now)
                run_housekeeping(now)
                queue_mail_due(now)
                run_due_deliveries(now)
            except Exception:
                logger.exception("The daily jobs could not be queued; trying again in %s seconds", interval)
            finally:
                close_old_connections()
            if stop.wait(interval):
                return

    thread = threading.Thread(target=loop, name="holos-scheduler", daemon=True)
    thread.start()
    return thread
