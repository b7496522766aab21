"""The grown-up stack for the deployment tests: PostgreSQL, Redis, 3 web processes, workers, a mail server.

One stack serves the whole module (it takes half a minute to start). Mail goes to a real
SMTP server on loopback in this process, which can be told to answer slowly so that a
mailing becomes a long job.
"""

from __future__ import annotations

import asyncio
import email
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from email.policy import default as email_policy
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from holos.cluster import ROOT, Stack, free_port

ADDRESS_LIMIT = 25
REMINDER_HOUR = 12


class Mailbox:
    def __init__(self) -> None:
        self.received: list[tuple[float, str, str]] = []
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email_policy)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.received.append((time.monotonic(), recipient, str(message["Subject"])))
        return "250 OK"

    def count(self, recipients) -> Counter:
        wanted = set(recipients)
        with self.lock:
            return Counter(to for _t, to, _s in self.received if to in wanted)


@pytest.fixture(scope="session")
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


def zone_at(hours: range) -> str:
    """A time zone whose local hour is now within ``hours`` (and stays so for the next hour)."""
    now = datetime.now(ZoneInfo("UTC"))
    for offset in range(-12, 15):
        name = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
        local = now.astimezone(ZoneInfo(name))
        if local.hour in hours and (local + timedelta(hours=1)).hour in hours:
            return name
    raise AssertionError(f"no time zone has its local hour in {hours} now")


@pytest.fixture(scope="module")
def stack(mailbox):
    stack = Stack(workers=0, environment={
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(mailbox.port),
        "HOLOS_REMINDER_HOUR": str(REMINDER_HOUR),
        "HOLOS_TRUSTED_PROXY_COUNT": "1",
        "HOLOS_SURVEY_ADDRESS_LIMIT": str(ADDRESS_LIMIT),
        "HOLOS_SURVEY_ADDRESS_WINDOW": str(365 * 24 * 3600),
        "HOLOS_SURVEY_GLOBAL_LIMIT": "1000000000",
        "HOLOS_SURVEY_MIN_SECONDS": "0",
        "LOG_LEVEL": "INFO",
    })
    with stack:
        yield stack


def scene(stack: Stack, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.cluster.scenes", *args], cwd=ROOT,
                          env=stack.process_environment(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
