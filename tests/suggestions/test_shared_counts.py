"""Several server processes count a sender's submissions in one place when told to.

Each process here is a real Python process with its own memory; they share only the
SQLite file. With ``HOLOS_SHARED_CACHE=database`` the second process sees the first
one's count; with local memory it counts from zero.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from holos.settings import _shared_cache

ROOT = Path(__file__).resolve().parents[2]

SUBMIT_TWICE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from holos.defences import SUGGESTION

call_command("createcachetable", verbosity=0)
settings.HOLOS_SUGGESTION_ADDRESS_LIMIT = 3
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
print(json.dumps([SUGGESTION.rate_problem(request, now=1000.0) is not None for _ in range(2)]))
"""


def submit_twice(tmp_path: Path, shared_cache: str) -> list[bool]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "holos.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'holos.sqlite3'}",
        "HOLOS_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "a key both processes share",
        "HOLOS_SHARED_CACHE": shared_cache,
    }
    done = subprocess.run(  # our own interpreter and script
        [sys.executable, "-c", SUBMIT_TWICE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_processes_sharing_the_database_cache_count_together(tmp_path):
    assert submit_twice(tmp_path, "database") == [False, False]
    assert submit_twice(tmp_path, "database") == [False, True]


def test_processes_counting_in_their_own_memory_each_start_from_zero(tmp_path):
    assert submit_twice(tmp_path, "memory") == [False, False]
    assert submit_twice(tmp_path, "memory") == [False, False]


def test_the_shared_cache_setting_names_a_backend_or_is_refused():
    assert _shared_cache("")["BACKEND"].endswith("LocMemCache")
    assert _shared_cache("database") == {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                         "LOCATION": "holos_cache"}
    assert _shared_cache("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(ImproperlyConfigured):
        _shared_cache("memcached")
