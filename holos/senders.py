"""Who sent a public form, and how often: the address and the rate counters.

The suggestion box and public surveys both turn away senders who submit too often. The
address is read the same way for both (``HOLOS_TRUSTED_PROXY_COUNT``), counted per home
(an IPv6 address by its /64 network), and hashed before it becomes a cache key, so no
address is kept anywhere.

The counters live in the cache named by ``HOLOS_RATE_LIMIT_CACHE`` (``shared``). With
one server process, the embedded default, local memory is enough: the counts are then kept
in a plain table of this process (``ProcessCounts``); several processes must count in one
place, so ``HOLOS_SHARED_CACHE`` then names the database or Redis.
"""

from __future__ import annotations

import hashlib
import ipaddress
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache


def client_address(request) -> str:
    """The sender's address, read from X-Forwarded-For only behind trusted proxies.

    With ``HOLOS_TRUSTED_PROXY_COUNT`` = N (default 0), the address is the Nth entry from
    the right of X-Forwarded-For: each trusted proxy appends the address it saw, and
    anything further left was written by the sender and cannot be believed. A header
    shorter than that is ignored.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "HOLOS_TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address


def address_key(address: str) -> str:
    """The unit a limit counts: one IPv4 address, or the /64 network of an IPv6 one (one home's)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return address[:100]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def sender_key(request) -> str:
    """The sender's home, hashed with the secret key: a cache key that names no address.

    Worked out once per request: a public form counts it and stores it.
    """
    known = getattr(request, "holos_sender_key", None)
    if known is None:
        home = address_key(client_address(request))
        known = request.holos_sender_key = hashlib.sha256(f"{settings.SECRET_KEY}:{home}".encode()).hexdigest()[:32]
    return known


class ProcessCounts:
    """Counts kept in this process's memory, for a counter cache that is this process's memory.

    Django's local-memory cache would keep them too, at a cost that shows under a rush of
    submissions: it pickles each count and reads it back, checks each key character by
    character, and forgets its oldest entries once it holds 300, counts of senders among
    them. Here a count is an entry of a dict, under a lock, until its window is over; the
    counts past their time are dropped as new ones come, and past ``LIMIT`` entries the
    oldest go first. Only what ``over_limit`` asks is answered: ``incr`` and ``add``.
    """

    LIMIT = 100_000
    PRUNE_SECONDS = 60.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, list] = {}  # key: [count, the monotonic moment it is forgotten]
        self._pruned = time.monotonic()

    def incr(self, key: str) -> int:
        """One more for a count that is there; ValueError when it is not (as Django's caches do)."""
        now = time.monotonic()
        with self._lock:
            entry = self._counts.get(key)
            if entry is None or entry[1] <= now:
                raise ValueError(f"no count {key!r}")
            entry[0] += 1
            return entry[0]

    def add(self, key: str, value: int, timeout: float) -> bool:
        """Start a count at ``value`` for ``timeout`` seconds, unless one is there; whether it was started."""
        now = time.monotonic()
        with self._lock:
            entry = self._counts.get(key)
            if entry is not None and entry[1] > now:
                return False
            self._counts.pop(key, None)  # a new count goes last, among the newest
            self._counts[key] = [value, now + timeout]
            if len(self._counts) > self.LIMIT or now - self._pruned > self.PRUNE_SECONDS:
                self._prune(now)
            return True

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()

    def __len__(self) -> int:
        return len(self._counts)

    def _prune(self, now: float) -> None:
        self._pruned = now
        self._counts = {key: entry for key, entry in self._counts.items() if entry[1] > now}
        excess = len(self._counts) - self.LIMIT
        if excess > 0:
            for key in list(self._counts)[:excess]:
                del self._counts[key]


# One table per cache name whose cache is local memory.
_PROCESS_COUNTS: dict[str, ProcessCounts] = {}


def counters():
    """Where the limits count: the shared cache, or this process's own table when that cache is local memory."""
    name = getattr(settings, "HOLOS_RATE_LIMIT_CACHE", "shared")
    cache = caches[name]
    if isinstance(cache, LocMemCache):
        counts = _PROCESS_COUNTS.get(name)
        if counts is None:
            counts = _PROCESS_COUNTS.setdefault(name, ProcessCounts())
        return counts
    return cache


def forget_counts() -> None:
    """Drop the counts of this process (tests start from none)."""
    for counts in _PROCESS_COUNTS.values():
        counts.clear()


def over_limit(name: str, limit: int, window: int, *, now: float | None = None) -> bool:
    """Count one more for ``name`` in the current fixed window; true when the count passes ``limit``.

    A limit or window of 0 means no limit.
    """
    if limit <= 0 or window <= 0:
        return False
    moment = time.time() if now is None else now
    key = f"holos:rate:{name}:{window}:{int(moment // window)}"
    cache = counters()
    # One call to the cache for all but the window's first count: a public form is counted
    # on every submission, and with several processes the cache is across the network.
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first count, unless another process makes it at the same moment
        count = 1 if cache.add(key, 1, timeout=window + 60) else cache.incr(key)
    return count > limit
