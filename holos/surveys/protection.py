"""Keeping bots and ballot stuffing out of public surveys, with no third-party service.

Four checks, cheapest first: how many submissions came from the sender's address and
from everyone in the last minutes (counters in Django's cache), a hidden field that
people leave empty and form-filling bots do not, and a signed stamp of when the form was
handed out (a person needs some seconds to answer; a forged or missing stamp is a bot).
A submission turned away gets the same thank-you page as an accepted one, so a bot
learns nothing; staff see a count per survey and reason.

The sender's address and the counters are those of ``holos.senders``, shared with the
suggestion box.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from holos.senders import over_limit, sender_key
from holos.surveys.models import Rejection

STAMP_SALT = "holos.surveys.form-stamp"
HONEYPOT_FIELD = "extra_note"
STAMP_FIELD = "started"


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def rate_limited(request) -> str | None:
    """The reason to turn the submission away for its rate, or None."""
    if over_limit(f"survey-address:{sender_key(request)}", setting("HOLOS_SURVEY_ADDRESS_LIMIT", 30),
                  setting("HOLOS_SURVEY_ADDRESS_WINDOW", 600)):
        return Rejection.ADDRESS_RATE
    if over_limit("survey-all", setting("HOLOS_SURVEY_GLOBAL_LIMIT", 600), setting("HOLOS_SURVEY_GLOBAL_WINDOW", 60)):
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


# One response per browser, and what a response keeps to find bursts

ANSWERED_SALT = "holos.surveys.answered"
ANSWERED_MAX_AGE = 365 * 24 * 3600


def _answered_cookie(survey) -> str:
    return f"holos_answered_{survey.pk}"


def answered_here(request, survey) -> bool:
    """Whether this browser holds the signed cookie of a response to the survey."""
    value = request.get_signed_cookie(_answered_cookie(survey), default=None, salt=ANSWERED_SALT,
                                      max_age=ANSWERED_MAX_AGE)
    return value == survey.token


def mark_answered(response, survey) -> None:
    """Give the browser the signed cookie that says it has answered (for "one response per browser")."""
    response.set_signed_cookie(_answered_cookie(survey), survey.token, salt=ANSWERED_SALT, max_age=ANSWERED_MAX_AGE,
                               httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def stamp_key(stamp: str) -> str:
    """The form's stamp as a response keeps it: a keyed hash, equal for responses sent with one form."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{stamp}".encode()).hexdigest()[:32] if stamp else ""
