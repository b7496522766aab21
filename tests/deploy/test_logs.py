"""LOG_FORMAT=json: one JSON object per line, which a log collector reads without guessing."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOG_SOME = """
import logging
import django
django.setup()
from django.test import Client
logger = logging.getLogger("holos.example")
logger.warning("Queued %s for %s", "send_reminders", "2025-03-04", extra={"organizations": 3})
try:
    1 / 0
except ZeroDivisionError:
    logger.exception("Could not count")
Client().get("/no-such-page/")
"""


def run_with(tmp_path, log_format):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "holos.settings", "HOLOS_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'holos.sqlite3'}", "LOG_FORMAT": log_format,
           "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "testserver", "HOLOS_MANIFEST_STATIC": "0"}
    done = subprocess.run([sys.executable, "-c", LOG_SOME], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()


def test_each_line_is_a_json_object(tmp_path):
    lines = run_with(tmp_path, "json")
    records = [json.loads(line) for line in lines]
    queued, failed, not_found = [r for r in records if r["logger"] != "py.warnings"]
    assert queued["message"] == "Queued send_reminders for 2025-03-04"
    assert queued["level"] == "WARNING" and queued["logger"] == "holos.example"
    assert queued["organizations"] == 3
    assert queued["time"].endswith("+00:00") and isinstance(queued["process"], int)
    assert failed["level"] == "ERROR" and "ZeroDivisionError" in failed["exception"]
    assert not_found["logger"] == "django.request" and not_found["path"] == "/no-such-page/"
    assert not_found["method"] == "GET" and not_found["status_code"] == 404


def test_people_read_plain_lines_by_default(tmp_path):
    lines = run_with(tmp_path, "text")
    assert lines[0] == "Queued send_reminders for 2025-03-04"
    assert any(line.startswith("Traceback") for line in lines)
