"""Keeping bots out of the public form without making people prove they are human.

Three checks, none of which needs JavaScript or a third party:

- a honeypot: a field people neither see nor reach by keyboard or screen reader, which
  form-filling bots fill in;
- a signed timestamp given out with the form: a submission sent sooner than a person
  could write one, or carrying no valid timestamp, is refused;
- per-address rate limits counted in the Django cache (fixed windows).

A refused submission gets the same redirect and thank-you page as an accepted one, so a
bot learns nothing; staff see how many were refused, and why. Addresses are hashed
before they are used as cache keys and never stored in the database.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches

from holos.suggestions.models import RejectionReason

HONEYPOT_FIELD = "website"
STARTED_FIELD = "started"
_SALT = "holos.suggestions.form"


def min_seconds() -> float:
    return float(getattr(settings, "HOLOS_SUGGESTION_MIN_SECONDS", 3))


def max_age_seconds() -> float:
    return float(getattr(settings, "HOLOS_SUGGESTION_FORM_MAX_AGE", 2 * 24 * 3600))


def rate_limits() -> list[tuple[int, int]]:
    """(window in seconds, most submissions per address in that window) pairs."""
    return [(int(w), int(n)) for w, n in getattr(settings, "HOLOS_SUGGESTION_RATE_LIMITS", ((600, 5), (86400, 30)))]


def form_token(organization, now: float | None = None) -> str:
    """The signed moment the form was given out, bound to the organisation."""
    issued = int(now if now is not None else time.time())
    return signing.dumps({"o": organization.pk, "t": issued}, salt=_SALT)


class Expired(Exception):
    """The form was opened so long ago that its timestamp is no longer accepted."""


def token_problem(organization, token: str, now: float | None = None) -> str | None:
    """Why the timestamp is refused (a RejectionReason), or None when it is fine.

    Raises Expired for a genuine but old timestamp: a person who left the page open,
    who should be given the form again rather than be silently turned away.
    """
    now = now if now is not None else time.time()
    try:
        payload = signing.loads(token or "", salt=_SALT)
        issued = int(payload["t"])
        organization_id = int(payload["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return RejectionReason.BAD_TOKEN
    if organization_id != organization.pk or issued > now + 5:
        return RejectionReason.BAD_TOKEN
    elapsed = now - issued
    if elapsed < min_seconds():
        return RejectionReason.TOO_FAST
    if elapsed > max_age_seconds():
        raise Expired
    return None


def client_address(request) -> str:
    """The sender's address; behind trusted proxies, the one they saw.

    ``HOLOS_TRUSTED_PROXY_COUNT`` says how many proxies of our own stand in front of the
    server: the address is then taken that many places from the right of
    X-Forwarded-For, which a client cannot forge past our own proxies.
    """
    proxies = int(getattr(settings, "HOLOS_TRUSTED_PROXY_COUNT", 0))
    address = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        # One household or phone usually holds a whole /64.
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _cache():
    return caches[getattr(settings, "HOLOS_RATE_LIMIT_CACHE", "default")]


def over_rate_limit(request, *, scope: str = "suggestions", now: float | None = None) -> bool:
    """Count this submission against its address; True when a limit is passed."""
    now = now if now is not None else time.time()
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    cache = _cache()
    over = False
    for window, limit in rate_limits():
        key = f"holos:rate:{scope}:{window}:{int(now // window)}:{digest}"
        cache.add(key, 0, timeout=window + 60)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=window + 60)
            count = 1
        if count > limit:
            over = True
    return over
