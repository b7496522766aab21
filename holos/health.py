"""``/healthz``: whether this web process can reach what it needs, for load balancers and monitors.

Each check touches one dependency the way a page would: the database answers a query, the
task queue can be read, the shared cache keeps a value, the file storage answers a lookup.
The answer names each check and says "ok" or "failing", nothing more: no addresses,
versions, counts or error messages (those go to the log). 200 when all pass, 503 otherwise.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from holos import queue

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_queue() -> None:
    queue.state()


def check_cache() -> None:
    cache = caches[settings.HOLOS_RATE_LIMIT_CACHE]
    key, value = f"holos-health-{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("the shared cache did not keep a value")
    cache.delete(key)


def check_storage() -> None:
    default_storage.exists("holos-health-check")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "queue": check_queue,
    "cache": check_cache,
    "storage": check_storage,
}


def run_checks() -> dict[str, bool]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = False
        else:
            results[name] = True
    return results


@never_cache
@require_GET
def healthz(request):
    results = run_checks()
    healthy = all(results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing",
         "checks": {name: "ok" if passed else "failing" for name, passed in results.items()}},
        status=200 if healthy else 503,
    )
