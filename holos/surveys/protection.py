"""Keeping bots and ballot stuffing out of public surveys, with no third-party service.

Four checks, cheapest first: how many submissions came from the sender's address and
from everyone in the last minutes (counters in Django's cache), a hidden field that
people leave empty and form-filling bots do not, and a signed stamp of when the form was
handed out (a person needs some seconds to answer; a forged or missing stamp is a bot).
A submission turned away gets the same thank-you page as an accepted one, so a bot
learns nothing; staff see a count per survey and reason.

The counters live in the cache named by ``HOLOS_RATE_LIMIT_CACHE`` (``default``, as
for the suggestion box). With several server processes, give them a shared cache
(Redis, Memcached or the database); with the local-memory default each process counts
on its own, so the limits hold per process.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import caches

from holos.surveys.models import Rejection

STAMP_SALT = "holos.surveys.form-stamp"
HONEYPOT_FIELD = "extra_note"
STAMP_FIELD = "started"


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# Addresses


def client_address(request) -> str:
    """The sender's address, read from X-Forwarded-For only behind trusted proxies.

    With ``HOLOS_TRUSTED_PROXY_COUNT`` = N (default 0; the suggestion box reads the same
    setting), the address is the Nth entry from the right of X-Forwarded-For: each
    trusted proxy appends the address it saw, and anything further left was written by
    the sender and cannot be believed. A header shorter than that is ignored.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = setting("HOLOS_TRUSTED_PROXY_COUNT", 0)
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


# Rate limits


def _over_limit(name: str, limit: int, window: int) -> bool:
    """Count one more in the current window; true when the count passes the limit (0: no limit)."""
    if limit <= 0 or window <= 0:
        return False
    slot = int(time.time() // window)
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    key = f"holos:survey-rate:{digest}:{window}:{slot}"
    counters = caches[getattr(settings, "HOLOS_RATE_LIMIT_CACHE", "default")]
    counters.add(key, 0, timeout=window + 5)
    try:
        count = counters.incr(key)
    except ValueError:
        # The window's counter expired between add and incr.
        counters.set(key, 1, timeout=window + 5)
        count = 1
    return count > limit


def rate_limited(request) -> str | None:
    """The reason to turn the submission away for its rate, or None."""
    address = address_key(client_address(request))
    if _over_limit(f"address:{address}", setting("HOLOS_SURVEY_ADDRESS_LIMIT", 30),
                   setting("HOLOS_SURVEY_ADDRESS_WINDOW", 600)):
        return Rejection.ADDRESS_RATE
    if _over_limit("all", setting("HOLOS_SURVEY_GLOBAL_LIMIT", 600), setting("HOLOS_SURVEY_GLOBAL_WINDOW", 60)):
        return Rejection.GLOBAL_RATE
    return None


# The form's stamp


def make_stamp(survey, *, now: float | None = None) -> str:
    """A signed note of which survey's form was handed out and when."""
    moment = time.time() if now is None else now
    return signing.dumps({"s": survey.pk, "t": round(moment, 2)}, salt=STAMP_SALT)


@dataclass(frozen=True)
class StampCheck:
    rejection: str | None = None
    expired: bool = False


def check_stamp(value: str, survey, *, now: float | None = None) -> StampCheck:
    """Whether the form was handed out for this survey, long enough ago and not too long ago.

    A stamp too old is not a bot's doing (a person left the page open over a weekend):
    the form is shown again with a fresh stamp and the answers kept.
    """
    moment = time.time() if now is None else now
    try:
        data = signing.loads(value or "", salt=STAMP_SALT)
        started = float(data["t"])
        survey_pk = int(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return StampCheck(rejection=Rejection.BAD_STAMP)
    if survey_pk != survey.pk:
        return StampCheck(rejection=Rejection.BAD_STAMP)
    elapsed = moment - started
    minimum = setting("HOLOS_SURVEY_MIN_SECONDS", 3)
    if minimum > 0 and elapsed < minimum:
        return StampCheck(rejection=Rejection.TOO_FAST)
    if elapsed > setting("HOLOS_SURVEY_FORM_MAX_AGE", 2 * 24 * 3600):
        return StampCheck(expired=True)
    return StampCheck()


def honeypot_filled(request) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())
