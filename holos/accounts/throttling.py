"""Turning away guessing: sign-in lockouts (django-axes), and limits on password reset and invitations.

Signing in: after ``HOLOS_LOGIN_FAILURE_LIMIT`` wrong passwords for one account, or from
one address, within ``HOLOS_LOGIN_LOCKOUT_MINUTES``, that account, or that address, is
locked out for those minutes, whatever password comes next. django-axes keeps the
attempts in the database, so every server process sees them. A lockout is written to the
audit log of each organisation the account belongs to, once per lockout; an organisation's
administrator sees the lockouts of its members' accounts, and of the addresses its
members' names were tried from, and can lift them (``accounts.actions.lift_lockout``).

Asking for a password reset and opening invitation links are counted too, per address
and per account (the address given, the invitation), in the shared cache that counts
public forms (``holos.senders``); past the limit the page answers 429.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import caches
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from holos.accounts.models import Membership, Organization, User
from holos.audit.actions import record
from holos.senders import address_key, client_address, over_limit


def client_ip(request) -> str:
    """The address django-axes counts sign-in failures of: the sender's, as public forms read it."""
    return client_address(request) or "0.0.0.0"  # noqa: S104 - a placeholder address, not a bind


def cool_off() -> timedelta:
    return timedelta(minutes=settings.HOLOS_LOGIN_LOCKOUT_MINUTES)


def audit_once(action: str, *, seconds: int, organizations: list, obj=None, after: dict) -> None:
    """Write ``action`` to the audit log of each organisation (or the installation's), once in ``seconds``.

    A lockout or a limit stays in force for a while and every request meanwhile meets it;
    one row says it began.
    """
    key = "holos:audited:" + hashlib.sha256(f"{action}\0{sorted(after.items())}".encode()).hexdigest()
    if not caches[settings.HOLOS_RATE_LIMIT_CACHE].add(key, 1, timeout=seconds):
        return
    for organization in organizations or [None]:
        record(actor=None, organization=organization, action=action, obj=obj, object_type="user" if obj else "",
               after=after)


@receiver(user_locked_out)
def _audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """Write the lockout to the audit log of the account's organisations."""
    user = User.objects.filter(username=username or "").first()
    organizations = list(Organization.objects.filter(memberships__user=user)) if user else []
    audit_once("account.lockout", seconds=int(cool_off().total_seconds()), organizations=organizations, obj=user,
               after={"user": username or "", "address": ip_address or ""})


@dataclass
class Lockout:
    """A locked account (``username``) or address (``address``), and until when."""

    username: str
    address: str
    failures: int
    until: datetime


def _locked(field: str, since: datetime, names: list[str] | None = None) -> list[Lockout]:
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since)
    if names is not None:
        attempts = attempts.filter(**{f"{field}__in": names})
    rows = (attempts.values(field).annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.HOLOS_LOGIN_FAILURE_LIMIT).order_by(field))
    return [Lockout(username=row[field] if field == "username" else "",
                    address=row[field] if field == "ip_address" else "",
                    failures=row["failures"], until=row["last"] + cool_off()) for row in rows]


def lockouts_for(organization) -> list[Lockout]:
    """The locked accounts of the organisation's members, and the locked addresses their names were tried from."""
    since = timezone.now() - cool_off()
    usernames = list(Membership.objects.filter(organization=organization).values_list("user__username", flat=True))
    addresses = sorted(set(AccessAttempt.objects.filter(attempt_time__gte=since, username__in=usernames)
                           .values_list("ip_address", flat=True)))
    return _locked("username", since, usernames) + _locked("ip_address", since, addresses)


def too_many(request, page: str, account: str, *, per_address: int, per_account: int, window: int) -> str:
    """Count one request to ``page`` from this address and for ``account``: "address" or "account" past a limit."""
    home = hashlib.sha256(f"{settings.SECRET_KEY}:{address_key(client_address(request))}".encode()).hexdigest()[:32]
    mark = hashlib.sha256(f"{settings.SECRET_KEY}:{account.casefold()}".encode()).hexdigest()[:32]
    by_address = over_limit(f"{page}:address:{home}", per_address, window)
    by_account = bool(account) and over_limit(f"{page}:account:{mark}", per_account, window)
    return "address" if by_address else "account" if by_account else ""


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (django-axes calls it): when to try again, and who can help."""
    return render(request, "registration/locked_out.html",
                  {"lockout_minutes": settings.HOLOS_LOGIN_LOCKOUT_MINUTES}, status=429)
