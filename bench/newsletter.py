"""One post to 100,000 newsletter subscribers on PostgreSQL with durable settings, through a loopback SMTP
server, with the worker killed half way and started again.

Starts a throwaway PostgreSQL with fsync, synchronous_commit and full_page_writes on
(``scripts/with-postgres`` with HOLOS_PG_DURABLE=1) unless DATABASE_URL names one, an aiosmtpd
server in its own process (``bench.smtp_sink``, which writes a line per message it takes), and
``holos worker`` processes, as a deployment runs them. Prints:

- messages per second per worker: the median of 5,000-message stretches, with min–max, and the
  floor measured in the same run (the same SMTP connections sending prebuilt messages of about the same
  size to the same server, with no database); target 200/s or more;
- the worker's peak memory (VmHWM) sending to 10,000 and to 100,000 subscribers: flat, within 25 %;
- after SIGKILL of the worker half way and a new worker started: messages missing and doubled,
  counted from what the SMTP server received; target 0 and 0.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBSCRIBERS = int(os.environ.get("HOLOS_BENCH_SUBSCRIBERS", "100000"))
SMALL = SUBSCRIBERS // 10
STRETCH = max(SMALL // 2, 100)
TARGET_RATE = 200.0
MEMORY_GROWTH = 1.25
LEASE = 15
FLOOR_MESSAGES = 3_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _durable() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        values = {}
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            cursor.execute(f"SHOW {name}")
            values[name] = cursor.fetchone()[0]
    return values


def _lines(path: Path) -> list[tuple[float, str, str]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            rows.append((float(parts[0]), parts[1], parts[2]))
    return rows


def _count(path: Path, prefix: str) -> int:
    """Messages received so far for recipients whose address starts with ``prefix``."""
    marker = f"\t{prefix}".encode()
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if marker in line)
    except FileNotFoundError:
        return 0


def _peak_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def _subscribers(organization, count: int, prefix: str) -> None:
    from django.db import transaction

    from holos.publishing.models import Subscriber, SubscriberStatus, email_key

    done = 0
    while done < count:
        size = min(5_000, count - done)
        with transaction.atomic():
            Subscriber.objects.bulk_create([
                Subscriber(organization=organization, email=f"{prefix}{n}@example.org",
                           email_key=email_key(f"{prefix}{n}@example.org"), status=SubscriberStatus.CONFIRMED,
                           language=("uk", "uk", "uk", "en", "cs")[n % 5])
                for n in range(done, done + size)], batch_size=5_000)
        done += size


def _organization(slug: str, count: int, prefix: str):
    from holos.accounts.actions import create_organization
    from holos.publishing import actions

    organization = create_organization(actor=None, name=f"Громада {slug}", slug=slug)
    channel = actions.connect_channel(actor=None, organization=organization, kind="email", name="Розсилка",
                                      language="uk", config={}, secret="")
    actions.update_settings(actor=None, organization=organization, approval_required=True,
                            languages=["uk", "en", "cs"], retention_days=30, approvers=[])
    _subscribers(organization, count, prefix)
    return organization, channel


def _approve(organization, channel) -> int:
    """Write, submit and approve a post; its delivery task is queued when the approval commits."""
    from django.db import transaction

    from holos.publishing import actions

    body = ("Шановні мешканці! Центр надання адміністративних послуг працює **щодня** з 8:00 до 20:00.\n\n"
            "- паспорти та ID-картки\n- реєстрація місця проживання\n- допомога ВПО\n\n"
            "Розклад — на [сторінці ЦНАП](https://example.org/cnap).")
    with transaction.atomic():
        post = actions.create_post(actor=None, organization=organization, content=actions.PostContent(
            title={"uk": "Графік роботи ЦНАП у червні", "en": "Opening hours in June"},
            body={"uk": body, "en": "The centre is open **every day** from 8:00 to 20:00."}, channels=[channel]))
        actions.submit_post(actor=None, post=post)
        actions.approve_post(actor=None, post=post)
    return post.pk


class Worker:
    """``holos worker`` in its own process, with its output in a log file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log.open("ab")
        self.process = subprocess.Popen([sys.executable, "-m", "holos.cli", "worker"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def peak(self) -> int:
        return _peak_kib(self.process.pid)

    def kill(self) -> int:
        peak = self.peak()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        return peak

    def stop(self) -> int:
        peak = self.peak()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        return peak


def _wait_for(condition, *, limit: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def _rates(rows: list[tuple[float, str, str]]) -> list[float]:
    """Messages per second over each stretch of STRETCH messages while a worker was sending.

    The arrivals are cut where no message came for two seconds (the kill, and the new worker
    starting), so that no stretch counts the time without a worker.
    """
    times = sorted(t for t, _r, _m in rows)
    runs: list[list[float]] = [[]]
    for moment in times:
        if runs[-1] and moment - runs[-1][-1] > 2.0:
            runs.append([])
        runs[-1].append(moment)
    rates = []
    for run in runs:
        for start in range(0, len(run) - STRETCH + 1, STRETCH):
            span = run[start + STRETCH - 1] - run[start]
            if span > 0:
                rates.append((STRETCH - 1) / span)
    return rates


def _floor(size: int) -> float:
    """The same connections sending prebuilt messages with no database: what the server takes at most."""
    from django.conf import settings

    from holos.publishing.channels.email.smtp import Letter, Pipeline

    body = (b"From: holos@localhost\r\nTo: floor@example.org\r\nSubject: floor\r\n"
            b"Message-ID: <floor@localhost>\r\n\r\n" + (b"x" * 76 + b"\r\n") * max(size // 78, 1))
    box = Pipeline(int(getattr(settings, "HOLOS_NEWSLETTER_CONNECTIONS", 10)))
    started = time.perf_counter()
    sent = 0
    while sent < FLOOR_MESSAGES:
        letters = [Letter(n, "holos@localhost", f"floor{n}@example.org", body)
                   for n in range(sent, min(sent + box.width, FLOOR_MESSAGES))]
        staged, failed = box.stage(letters)
        answers = box.commit(staged)
        assert not failed and all(answer == (250, "OK") for answer in answers.values()), (failed, answers)
        sent += len(letters)
    elapsed = time.perf_counter() - started
    box.close()
    return FLOOR_MESSAGES / elapsed


def run() -> int:
    from bench import setup_django

    var = tempfile.mkdtemp(prefix="holos-newsletter-")
    os.environ["HOLOS_VAR_DIR"] = var
    smtp_port = _free_port()
    env = {**os.environ, "HOLOS_VAR_DIR": var, "SECRET_KEY": "newsletter-benchmark-" + "k" * 40,
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "SITE_URL": "https://hromada.example",
           "HOLOS_DELIVERY_LEASE": str(LEASE), "LOG_LEVEL": "ERROR", "DEBUG": "0", "HOLOS_MANIFEST_STATIC": "0",
           "PYTHONPATH": str(ROOT)}
    os.environ.update({k: env[k] for k in ("SECRET_KEY", "EMAIL_HOST", "EMAIL_PORT", "SITE_URL",
                                            "HOLOS_DELIVERY_LEASE")})
    setup_django()
    durable = _durable()
    print(f"newsletter: PostgreSQL {', '.join(f'{k}={v}' for k, v in durable.items())}")
    if set(durable.values()) != {"on"}:
        print("newsletter: MISS — the database is not durable")
        return 1
    from holos.publishing.models import EmailDelivery, Post

    received = Path(var) / "received.tsv"
    sink = subprocess.Popen([sys.executable, "-m", "bench.smtp_sink", str(smtp_port), str(received)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, text=True)
    assert sink.stdout is not None and sink.stdout.readline().strip() == "ready"
    log = Path(var) / "worker.log"
    try:
        # 1. 10,000 subscribers, one worker start to end: its peak memory.
        small, small_channel = _organization("small", SMALL, "s")
        worker = Worker(env, log)
        started = time.perf_counter()
        small_post = _approve(small, small_channel)
        if not _wait_for(lambda: _count(received, "s") >= SMALL, limit=600):
            print(f"newsletter: MISS — only {_count(received, 's')} of {SMALL} arrived")
            return 1
        small_seconds = time.perf_counter() - started
        small_peak = worker.stop()

        # 2. 100,000 subscribers; the worker is killed half way and a new one finishes.
        made = time.perf_counter()
        large, large_channel = _organization("large", SUBSCRIBERS, "l")
        print(f"newsletter: {SUBSCRIBERS:,} subscribers stored in {time.perf_counter() - made:.1f} s")
        first = Worker(env, log)
        started = time.perf_counter()
        large_post = _approve(large, large_channel)
        _wait_for(lambda: _count(received, "l") >= SUBSCRIBERS // 2, limit=1800, every=0.05)
        killed_at = _count(received, "l")
        first_peak = first.kill()
        first_seconds = time.perf_counter() - started
        claimed = EmailDelivery.objects.filter(post_id=large_post, status="sending").count()
        print(f"newsletter: worker killed (SIGKILL) after {killed_at:,} messages, {first_seconds:.0f} s; "
              f"{claimed} messages were claimed by it and not yet marked sent")
        second = Worker(env, log)
        finished = _wait_for(lambda: not EmailDelivery.objects.filter(post_id=large_post).exclude(
            status="sent").exists(), limit=1800, every=0.5)
        _wait_for(lambda: Post.objects.get(pk=large_post).status == "sent", limit=180)
        second_peak = second.stop()
        total_seconds = time.perf_counter() - started
        floor = _floor(4000)
    finally:
        sink.terminate()
        sink.wait(timeout=30)

    everything = _lines(received)
    small_rows = [row for row in everything if row[1].startswith("s")]
    rows = [row for row in everything if row[1].startswith("l")]
    per_recipient = Counter(recipient for _t, recipient, _m in rows)
    expected = {f"l{n}@example.org" for n in range(SUBSCRIBERS)}
    missing = len(expected - set(per_recipient))
    doubled = sum(n - 1 for n in per_recipient.values() if n > 1)
    small_counts = Counter(r for _t, r, _m in small_rows)
    small_missing = SMALL - len(small_counts)
    small_doubled = sum(n - 1 for n in small_counts.values() if n > 1)
    statuses = Counter(EmailDelivery.objects.filter(post_id=large_post).values_list("status", flat=True))
    rates = _rates(small_rows) + _rates(rows)

    median = statistics.median(rates)
    print(f"newsletter: {SMALL:,} messages in {small_seconds:.1f} s (post {small_post}); "
          f"{SUBSCRIBERS:,} in {total_seconds:.1f} s with the kill (post {large_post}), finished: {finished}")
    print(f"newsletter: messages per second per worker: median {median:.0f} (min {min(rates):.0f} – max "
          f"{max(rates):.0f}, {len(rates)} stretches of {STRETCH:,}); floor (the same connections, no database) "
          f"{floor:.0f}/s; ratio {median / floor:.2f}; target ≥ {TARGET_RATE:.0f}/s: "
          f"{'PASS' if median >= TARGET_RATE else 'MISS'}")
    large_peak = max(first_peak, second_peak)
    growth = large_peak / small_peak if small_peak else float("inf")
    print(f"newsletter: worker peak memory: {small_peak / 1024:.1f} MiB for {SMALL:,} subscribers, "
          f"{first_peak / 1024:.1f} MiB (killed) and {second_peak / 1024:.1f} MiB (finished) for {SUBSCRIBERS:,}; "
          f"ratio {growth:.2f}; target ≤ {MEMORY_GROWTH:.2f}: {'PASS' if growth <= MEMORY_GROWTH else 'MISS'}")
    ok = missing == doubled == small_missing == small_doubled == 0 and statuses == {"sent": SUBSCRIBERS}
    print(f"newsletter: after the kill: {len(rows):,} messages received, {missing} missing, {doubled} doubled "
          f"(first run: {small_missing} missing, {small_doubled} doubled); rows: {dict(statuses)}; "
          f"target 0 and 0: {'PASS' if ok else 'MISS'}")
    return 0 if ok and median >= TARGET_RATE and growth <= MEMORY_GROWTH else 1


def main() -> int:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return run()
    env = {**os.environ, "HOLOS_PG_DURABLE": "1"}
    return subprocess.run([str(ROOT / "scripts" / "with-postgres"), sys.executable, "-m", "bench.newsletter"],
                          cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
