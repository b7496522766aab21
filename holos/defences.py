"""Keeping bots out of public forms without making people prove they are human.

Public surveys, the suggestion box and the newsletter's subscribe form share three checks,
none of which needs JavaScript or a third party:

- a honeypot: a field people neither see nor reach by keyboard or screen reader, which
  form-filling bots fill in;
- a stamp of when (and for which survey or organisation) the form was handed out, with
  a keyed hash (HMAC) of both:
  a form sent sooner than a person could fill it in, or with no valid stamp, is refused;
  a genuine stamp too old is a person who left the page open, who gets the form again
  with what they typed;
- rate limits per sender's address (an IPv6 home by its /64) and for everyone at once,
  counted in the shared cache (``holos.senders``).

A refused submission gets the same answer as an accepted one, so a bot learns nothing;
staff see how many were refused and why (each form counts them in a table of its app).

Each form reads its settings under its own name, ``HOLOS_<FORM>_...`` (``SURVEY``,
``SUGGESTION``, ``SUBSCRIBE``): ``MIN_SECONDS``, ``FORM_MAX_AGE``, ``ADDRESS_LIMIT`` per
``ADDRESS_WINDOW`` seconds, ``DAILY_LIMIT`` per address a day, ``GLOBAL_LIMIT`` per
``GLOBAL_WINDOW`` seconds; a limit of 0 is no limit. All are declared in settings.py.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _

from holos.senders import over_limit, sender_key

HONEYPOT_FIELD = "website"
STAMP_FIELD = "started"
DAY = 24 * 3600


class Refusal(models.TextChoices):
    """Why the defences turned a submission away; each form's count of refusals uses these."""

    HONEYPOT = "honeypot", _("a hidden field was filled in")
    TOO_FAST = "too_fast", _("sent too fast after the form was opened")
    BAD_STAMP = "bad_stamp", _("the form's timestamp was missing or forged")
    ADDRESS_RATE = "address_rate", _("too many from one address")
    GLOBAL_RATE = "global_rate", _("too many from everyone at once")


@dataclass(frozen=True)
class Verdict:
    """What the defences found: a refusal, or a form to give again (``expired``), and the stamp to send with it."""

    refusal: str | None
    expired: bool
    stamp: str


@dataclass(frozen=True)
class PublicForm:
    """The defences of one public form; ``name`` names its settings (``HOLOS_<name>_...``)."""

    name: str

    def setting(self, what: str) -> int:
        return int(getattr(settings, f"HOLOS_{self.name}_{what}"))

    @property
    def _salt(self) -> str:
        return f"holos.defences.{self.name.lower()}"

    def stamp(self, key: int, *, now: float | None = None) -> str:
        """A note that the form of ``key`` (a survey, an organisation) was handed out now: ``key.centiseconds.mac``.

        The mac is an HMAC of the rest under a key made from the secret key and this form's
        name; a public survey hands out one with every page, so it is cheap to make and to check.
        """
        moment = time.time() if now is None else now
        note = f"{int(key)}.{round(moment * 100)}"
        return f"{note}.{_mac(self._salt, settings.SECRET_KEY, note)}"

    def _stamped(self, value: str) -> tuple[float, int] | None:
        """When and for which key a genuine stamp was made, or None for a forged one."""
        if ":" in value:
            return self._stamped_before(value)
        note, _dot, mac = value.rpartition(".")
        sent = mac.encode()
        if not note or not any(hmac.compare_digest(sent, _mac(self._salt, secret, note).encode())
                               for secret in _secrets()):
            return None
        key, _dot, centiseconds = note.partition(".")
        try:
            return int(centiseconds) / 100, int(key)
        except ValueError:
            return None

    def _stamped_before(self, value: str) -> tuple[float, int] | None:
        """A stamp of the shape made before: signed JSON (``django.core.signing``), still in open pages."""
        try:
            data = signing.loads(value, salt=self._salt)
            return float(data["t"]), int(data["k"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None

    def stamp_problem(self, value: str, key: int, *, now: float | None = None) -> str | None:
        """Why the stamp is refused, "expired" for a genuine one too old, or None when it is fine."""
        moment = time.time() if now is None else now
        stamped = self._stamped(value or "")
        if stamped is None:
            return Refusal.BAD_STAMP
        started, stamped_key = stamped
        if stamped_key != key or started > moment + 5:
            return Refusal.BAD_STAMP
        elapsed = moment - started
        minimum = self.setting("MIN_SECONDS")
        if minimum > 0 and elapsed < minimum:
            return Refusal.TOO_FAST
        if elapsed > self.setting("FORM_MAX_AGE"):
            return "expired"
        return None

    def rate_problem(self, request, *, now: float | None = None) -> str | None:
        """Count this submission against its sender and everyone; the limit it passed, or None."""
        scope = self.name.lower()
        sender = sender_key(request)
        address = [
            over_limit(f"{scope}:{sender}", self.setting("ADDRESS_LIMIT"), self.setting("ADDRESS_WINDOW"), now=now),
            over_limit(f"{scope}:{sender}", self.setting("DAILY_LIMIT"), DAY, now=now),
        ]
        if any(address):
            return Refusal.ADDRESS_RATE
        if over_limit(f"{scope}:all", self.setting("GLOBAL_LIMIT"), self.setting("GLOBAL_WINDOW"), now=now):
            return Refusal.GLOBAL_RATE
        return None

    def check(self, request, key: int, *, now: float | None = None) -> Verdict:
        """The honeypot, then the stamp, then the rate limits (only a plausible submission is counted)."""
        sent = request.POST.get(STAMP_FIELD, "")
        if request.POST.get(HONEYPOT_FIELD, "").strip():
            return Verdict(Refusal.HONEYPOT, False, sent)
        problem = self.stamp_problem(sent, key, now=now)
        if problem == "expired":
            return Verdict(None, True, self.stamp(key, now=now))
        if problem is None:
            problem = self.rate_problem(request, now=now)
        return Verdict(problem, False, sent)


def _secrets() -> list[str]:
    """The secret key, then the old ones still accepted while it is being changed."""
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]


@lru_cache(maxsize=32)
def _mac_key(salt: str, secret: str) -> bytes:
    return hashlib.sha256(f"{salt}:{secret}".encode()).digest()


def _mac(salt: str, secret: str, note: str) -> str:
    return hmac.digest(_mac_key(salt, secret), note.encode(), "sha256")[:16].hex()


SURVEY = PublicForm("SURVEY")
SUGGESTION = PublicForm("SUGGESTION")
SUBSCRIBE = PublicForm("SUBSCRIBE")
