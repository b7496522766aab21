"""Every write of the outbox: keep a message, send what is due, give up what waited too long, try again.

Reminders and digests are kept here first, in the transaction of the day's run, so the
run is done once its messages exist; sending is a separate step of the task worker that
a mail server being down cannot lose. A message is tried when it is kept, then again
after 1, 5, 15, 30 and 60 minutes and every hour after that, until the server takes it
or ``HOLOS_MAIL_GIVE_UP_HOURS`` have passed. A message the server refuses for itself
(an unknown address, content it will not take: a 5xx answer) is given up at once. Each
round claims the messages it sends for a few minutes, so two workers never send one
message twice.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection as database
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from holos.audit.actions import record
from holos.outbox.models import Failure, MessageStatus, OutgoingMessage

logger = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 5, 15, 30, 60)
CLAIM = timedelta(minutes=10)  # how long a round keeps the messages it is sending to itself
ROUND = 500  # messages sent in one round at most; the next round takes the rest


def keep_messages(kind: str, letters: Sequence[tuple[EmailMessage, Any, Iterable[int]]]) -> list[OutgoingMessage]:
    """Keep messages (each to one recipient) to be sent by the worker, in a fixed number of queries.

    ``letters``: (message, the user it goes to, the ids of the organisations it is about).
    Call it inside the transaction of the run that writes them.
    """
    kept = OutgoingMessage.objects.bulk_create([
        OutgoingMessage(kind=kind, recipient=recipient, to=message.to[0], subject=str(message.subject)[:300],
                        body=str(message.body), headers=dict(message.extra_headers))
        for message, recipient, _organizations in letters])
    link = OutgoingMessage.organizations.through
    link.objects.bulk_create([link(outgoingmessage_id=message.pk, organization_id=organization_id)
                              for message, (_m, _r, organizations) in zip(kept, letters, strict=True)
                              for organization_id in sorted(set(organizations))])
    return kept


def deliver_soon() -> None:
    """Ask the worker to send what is due; call it after the transaction that kept the messages."""
    from holos.outbox.tasks import deliver_outbox

    deliver_outbox.enqueue()


def deliver_due(*, now: datetime | None = None, everything: bool = False) -> dict[str, int]:
    """Send the messages whose turn has come (with ``everything``, every undelivered one, given up or not)."""
    now = now or timezone.now()
    expired = give_up_expired(now)
    claimed = _claim(now, everything=everything)
    sent = failed = 0
    mail = get_connection()
    unreachable = False
    try:
        for message in claimed:
            if unreachable:
                _failed(message, Failure.UNREACHABLE, now)
                failed += 1
                continue
            try:
                mail.send_messages([_email(message)])
            except OSError as error:  # SMTP errors, refused connections and timeouts all are
                failure = _failure(error)
                logger.warning("Holos could not send %s to %s (attempt %d): %r", message.kind, message.to,
                               message.attempts + 1, error)
                _failed(message, failure, now)
                failed += 1
                unreachable = failure == Failure.UNREACHABLE
                _close_quietly(mail)
                continue
            OutgoingMessage.objects.filter(pk=message.pk).update(
                status=MessageStatus.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, failure="")
            sent += 1
    finally:
        _close_quietly(mail)
    if failed:
        logger.error("Holos outbox: %d of %d message(s) could not be sent", failed, len(claimed))
    return {"sent": sent, "failed": failed, "given_up": expired}


def give_up_expired(now: datetime) -> int:
    """Give up the messages that could not be sent for ``HOLOS_MAIL_GIVE_UP_HOURS``."""
    cutoff = now - timedelta(hours=settings.HOLOS_MAIL_GIVE_UP_HOURS)
    count = OutgoingMessage.objects.filter(status=MessageStatus.WAITING, created_at__lt=cutoff).update(
        status=MessageStatus.GIVEN_UP, failure=Failure.EXPIRED)
    if count:
        logger.error("Holos outbox: %d message(s) given up after %d hours unsent", count,
                     settings.HOLOS_MAIL_GIVE_UP_HOURS)
    return count


@transaction.atomic
def try_again(*, actor, organization, messages: Iterable[OutgoingMessage]) -> int:
    """Send undelivered messages again at the next round, given up ones too; the person's request is audited."""
    pks = [message.pk for message in messages]
    count = OutgoingMessage.objects.undelivered().filter(pk__in=pks).update(
        status=MessageStatus.WAITING, next_attempt_at=timezone.now(), created_at=timezone.now())
    record(actor=actor, organization=organization, action="mail.retry", after={"messages": count})
    return count


def _claim(now: datetime, *, everything: bool) -> list[OutgoingMessage]:
    """The messages this round sends, held for ``CLAIM`` so that no other round sends them too."""
    with transaction.atomic():
        waiting = OutgoingMessage.objects.undelivered() if everything else OutgoingMessage.objects.due(now)
        if database.features.has_select_for_update_skip_locked:
            waiting = waiting.select_for_update(skip_locked=True)
        claimed = list(waiting.order_by("next_attempt_at", "id")[:ROUND])
        OutgoingMessage.objects.filter(pk__in=[m.pk for m in claimed]).update(
            status=MessageStatus.WAITING, next_attempt_at=now + CLAIM)
    return claimed


def _failed(message: OutgoingMessage, failure: str, now: datetime) -> None:
    attempts = message.attempts + 1
    permanent = failure in (Failure.RECIPIENT, Failure.REFUSED)
    wait = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
    OutgoingMessage.objects.filter(pk=message.pk).update(
        attempts=F("attempts") + 1, failure=failure, next_attempt_at=now + timedelta(minutes=wait),
        status=MessageStatus.GIVEN_UP if permanent else MessageStatus.WAITING)


def _failure(error: OSError) -> str:
    """Why sending failed: a 5xx answer about this message is final, anything else is tried again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _answer in error.recipients.values()]
        return Failure.RECIPIENT if codes and min(codes) >= 500 else Failure.DEFERRED
    if isinstance(error, smtplib.SMTPResponseException):
        return Failure.REFUSED if error.smtp_code >= 500 else Failure.DEFERRED
    return Failure.UNREACHABLE


def _email(message: OutgoingMessage) -> EmailMessage:
    return EmailMessage(message.subject, message.body, None, [message.to], headers=message.headers)


def _close_quietly(mail) -> None:
    try:
        mail.close()
    except OSError:
        pass
