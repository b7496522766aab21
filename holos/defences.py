"""Keeping bots out of public forms without making people prove they are human.

Public surveys, the suggestion box and the newsletter's subscribe form share three checks,
none of which needs JavaScript or a third party:

- a honeypot: a field people neither see nor reach by keyboard or screen reader, which
  form-filling bots fill in;
- a signed stamp of when (and for which survey or organisation) the form was handed out:
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

import time
from dataclasses import dataclass

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
        """A signed note that the form of ``key`` (a survey, an organisation) was handed out now."""
        moment = time.time() if now is None else now
        return signing.dumps({"k": key, "t": round(moment, 2)}, salt=self._salt)

    def stamp_problem(self, value: str, key: int, *, now: float | None = None) -> str | None:
        """Why the stamp is refused, "expired" for a genuine one too old, or None when it is fine."""
        moment = time.time() if now is None else now
        try:
            data = signing.loads(value or "", salt=self._salt)
            started, stamped_key = float(data["t"]), int(data["k"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return Refusal.BAD_STAMP
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


SURVEY = PublicForm("SURVEY")
SUGGESTION = PublicForm("SUGGESTION")
SUBSCRIBE = PublicForm("SUBSCRIBE")
