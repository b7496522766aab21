"""Who sent a public form, and how often: the address and the rate counters.

The suggestion box and public surveys both turn away senders who submit too often. The
address is read the same way for both (``HOLOS_TRUSTED_PROXY_COUNT``), counted per home
(an IPv6 address by its /64 network), and hashed before it becomes a cache key, so no
address is kept anywhere.

The counters live in the cache named by ``HOLOS_RATE_LIMIT_CACHE`` (``shared``). With
one server process, the embedded default, local memory is enough; several processes must
count in one place, so ``HOLOS_SHARED_CACHE`` then names the database or Redis.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches


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


def counters():
    return caches[getattr(settings, "HOLOS_RATE_LIMIT_CACHE", "shared")]


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
