"""Keeping bots out of the public form without making people prove they are human.

Three checks, none of which needs JavaScript or a third party:

- a honeypot: a field people neither see nor reach by keyboard or screen reader, which
  form-filling bots fill in;
- a signed timestamp given out with the form: a submission sent sooner than a person
  could write one, or carrying no valid timestamp, is refused;
- per-address rate limits counted in the Django cache (fixed windows; see ``holos.senders``).

A refused submission gets the same redirect and thank-you page as an accepted one, so a
bot learns nothing; staff see how many were refused, and why. Addresses are hashed
before they are used as cache keys and never stored in the database.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing

from holos.senders import over_limit, sender_key
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


def over_rate_limit(request, *, scope: str = "suggestions", now: float | None = None) -> bool:
    """Count this submission against its sender; True when any of the limits is passed."""
    sender = sender_key(request)
    passed = [over_limit(f"{scope}:{sender}", limit, window, now=now) for window, limit in rate_limits()]
    return any(passed)
