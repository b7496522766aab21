"""What a survey adds to the defences of public forms (``holos.defences``).

One response per browser (a signed cookie), and what a response keeps to find bursts of
responses sent with one form: a keyed hash of the form's stamp.
"""

from __future__ import annotations

import hashlib

from django.conf import settings

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
