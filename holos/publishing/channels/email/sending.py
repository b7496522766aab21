"""Sending a post to every subscriber it is for, at most once each, by as many workers as there are.

1. **Fan out** once per post: an ``EmailDelivery`` row per confirmed subscriber whose topics
   and audiences meet the post's (someone who chose none gets everything), in their
   language when the post has it. The unique (post, subscriber) pair makes this safe to repeat.
2. **Claim** a batch of rows in one UPDATE: waiting rows due now, or rows another worker
   claimed longer ago than ``HOLOS_DELIVERY_LEASE`` seconds (it died). On PostgreSQL
   the rows are picked with ``FOR UPDATE SKIP LOCKED``, so workers never wait for each other.
3. **Send** a few at a time, one per SMTP connection: each message is staged without its
   final dot, the rows are marked sent in one committed statement (only those whose claim
   this worker still holds), then the dots are written (see ``smtp``). A worker killed at
   any moment leaves each row either not delivered and still claimed (sent again by the
   next worker), or delivered and marked sent.
4. **Answer**: a 4xx answer or a broken connection puts the row back with a backoff; a
   5xx answer fails it; the channel's delivery row is updated with what remains.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from email import message_from_bytes
from email import policy as email_policy
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Min, Q
from django.utils import timezone

from holos.publishing.channels.base import retry_delay
from holos.publishing.channels.email import message as letters
from holos.publishing.channels.email.smtp import Letter as Outgoing
from holos.publishing.channels.email.smtp import Pipeline, Rejected
from holos.publishing.models import (
    TEXT_LANGUAGES,
    Delivery,
    DeliveryStatus,
    EmailDelivery,
    Post,
    Subscriber,
    SubscriberStatus,
)
from holos.publishing.rendering import files, news_link, pictures

logger = logging.getLogger(__name__)

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
FAN_OUT_CHUNK = 5000


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# 1. Fan out


def recipients(post: Post):
    """Confirmed subscribers the post is for: (subscriber id, their language)."""
    subscribers = Subscriber.objects.filter(organization_id=post.organization_id, status=SubscriberStatus.CONFIRMED)
    topics = list(post.topics.values_list("pk", flat=True))
    audiences = list(post.audiences.values_list("pk", flat=True))
    if topics:
        subscribers = subscribers.filter(Q(topics__in=topics) | Q(topics__isnull=True))
    if audiences:
        subscribers = subscribers.filter(Q(audiences__in=audiences) | Q(audiences__isnull=True))
    if topics or audiences:
        subscribers = subscribers.distinct()
    return subscribers.order_by("pk").values_list("pk", "language")


def fan_out(delivery: Delivery) -> int:
    """Create the post's rows, once; the number of recipients."""
    if "recipients" in delivery.state:
        return int(delivery.state["recipients"])
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if "recipients" in locked.state:
            delivery.state = locked.state
            return int(locked.state["recipients"])
        post = locked.post
        written = set(post.languages) or {TEXT_LANGUAGES[0]}
        fallback = next(lang for lang in TEXT_LANGUAGES if lang in written)
        now = timezone.now()
        batch: list[EmailDelivery] = []
        count = 0
        for subscriber_id, language in recipients(post).iterator(chunk_size=FAN_OUT_CHUNK):
            batch.append(EmailDelivery(post_id=post.pk, subscriber_id=subscriber_id, next_attempt_at=now,
                                       language=language if language in written else fallback))
            if len(batch) >= FAN_OUT_CHUNK:
                EmailDelivery.objects.bulk_create(batch, ignore_conflicts=True)
                count += len(batch)
                batch = []
        if batch:
            EmailDelivery.objects.bulk_create(batch, ignore_conflicts=True)
            count += len(batch)
        locked.state = {**locked.state, "recipients": count}
        locked.save(update_fields=["state"])
        delivery.state = locked.state
        return count


# 2. Claim


def claim_batch(post_id: int, claim: str, size: int, *, now: datetime | None = None) -> list[Mapping[str, Any]]:
    """Claim up to ``size`` rows of the post for this worker, in one statement; the rows claimed."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=setting("HOLOS_DELIVERY_LEASE", 120))
    waiting = EmailDelivery.objects.filter(post_id=post_id).filter(
        Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY], next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale))
    if connection.features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True)
    with transaction.atomic():
        picked = waiting.order_by("id").values("id")[:size]
        EmailDelivery.objects.filter(id__in=picked).update(status=DeliveryStatus.SENDING, claim=claim,
                                                           claimed_at=now)
    return list(EmailDelivery.objects.filter(post_id=post_id, claim=claim, status=DeliveryStatus.SENDING)
                .order_by("id").values("id", "language", "attempts", "subscriber_id", "subscriber__email",
                                       "subscriber__token"))


# 3. Send


class DjangoPipeline:
    """For an EMAIL_BACKEND other than SMTP (the console in development, memory in tests): the same two steps."""

    def __init__(self, width: int = 1) -> None:
        self.width = max(width, 1)
        self.staged: dict = {}

    def stage(self, letters):
        self.staged = {letter.key: letter for letter in letters}
        return list(self.staged), {}

    def commit(self, keys):
        chosen = [self.staged[key] for key in keys if key in self.staged]
        self.staged = {}
        answers: dict = {}
        backend = get_connection(fail_silently=False)
        for letter in chosen:
            sent = backend.send_messages([_Prepared(letter.sender, letter.recipient, letter.data)])
            answers[letter.key] = (250, "OK") if sent else (451, "not sent")
        return answers

    def close(self) -> None:
        self.staged = {}


class _Prepared(EmailMessage):
    """A message already written out, handed to one of Django's mail backends."""

    def __init__(self, sender: str, recipient: str, raw: bytes) -> None:
        super().__init__(from_email=sender, to=[recipient])
        self.raw = raw

    def message(self, *args, **kwargs):
        return message_from_bytes(self.raw, policy=email_policy.SMTP)


def pipeline():
    width = setting("HOLOS_NEWSLETTER_CONNECTIONS", 10)
    return Pipeline(width) if settings.EMAIL_BACKEND == SMTP_BACKEND else DjangoPipeline(width)


def _put_back(row_id: int, claim: str, attempts: int, error: str, *, permanent: bool,
              now: datetime | None = None) -> None:
    attempts += 1
    values: dict[str, Any]
    if permanent or attempts >= setting("HOLOS_DELIVERY_ATTEMPTS", 8):
        values = {"status": DeliveryStatus.FAILED, "problem": "recipient" if permanent else "gave_up"}
    else:
        wait = retry_delay(attempts, None, first=float(setting("HOLOS_DELIVERY_RETRY_SECONDS", 60)))
        values = {"status": DeliveryStatus.RETRY, "problem": "busy",
                  "next_attempt_at": (now or timezone.now()) + timedelta(seconds=wait)}
    EmailDelivery.objects.filter(pk=row_id, claim=claim).update(attempts=attempts, error=error[:500], claim="",
                                                                sent_at=None, **values)


def mark_sent(ids: list[int], claim: str) -> set[int]:
    """Mark sent, in one committed statement, the rows whose claim this worker still holds; their ids."""
    if not ids:
        return set()
    quote = connection.ops.quote_name
    table = quote(EmailDelivery._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {quote('status')} = %s, {quote('sent_at')} = %s, "  # noqa: S608 - names quoted
            f"{quote('attempts')} = {quote('attempts')} + 1, {quote('error')} = '', {quote('problem')} = '' "
            f"WHERE {quote('id')} IN ({marks}) AND {quote('claim')} = %s AND {quote('status')} = %s "
            f"RETURNING {quote('id')}",
            [DeliveryStatus.SENT, timezone.now(), *ids, claim, DeliveryStatus.SENDING])
        return {row[0] for row in cursor.fetchall()}


def send_batch(box, prepared: dict[str, letters.Letter], rows: list[Mapping[str, Any]], claim: str, *,
               now: datetime | None = None) -> int:
    """Send claimed rows (as many as the pipeline has connections); how many the server took.

    Each message is staged, then all staged rows are marked sent in one statement, then the
    dots go out for the rows so marked; a row whose claim another worker took over is dropped
    before its dot. A row put back waits from ``now``.
    """
    attempts = {row["id"]: row["attempts"] for row in rows}
    items = []
    for row in rows:
        letter = prepared[row["language"]]
        try:
            address = letters.ascii_address(row["subscriber__email"] or "")
            raw = letters.build(letter, to=address, token=row["subscriber__token"],
                                subscriber_id=row["subscriber_id"])
        except (UnicodeError, TypeError) as error:
            _put_back(row["id"], claim, row["attempts"], f"address cannot be written: {error}", permanent=True,
                      now=now)
            continue
        items.append(Outgoing(row["id"], letter.sender, address, raw))
    staged, failed = box.stage(items)
    for key, failure in failed.items():
        permanent = isinstance(failure, Rejected) and failure.permanent
        _put_back(key, claim, attempts[key], f"mail server: {failure}", permanent=permanent, now=now)
    marked = mark_sent(list(staged), claim)
    answers = box.commit([key for key in staged if key in marked])
    taken = 0
    for key in marked:
        answer = answers.get(key)
        if isinstance(answer, Exception) or answer is None:
            # The dot left or did not; the row stays sent, so nobody gets the message twice.
            logger.warning("No answer after the end of a newsletter message (row %s): %s", key, answer)
            taken += 1
        elif answer[0] == 250:
            taken += 1
        else:
            _put_back(key, claim, attempts[key], f"{answer[0]} {answer[1]}", permanent=500 <= answer[0] < 600,
                      now=now)
    return taken


def send_newsletter(delivery: Delivery, *, deadline: float | None = None,
                    now: datetime | None = None) -> dict[str, int]:
    """Send the post's waiting messages until none is left (or ``deadline``, a monotonic time, passes)."""
    post = Post.objects.select_related("organization").get(pk=delivery.post_id)
    fan_out(delivery)
    _alive(delivery)
    claim = uuid.uuid4().hex
    config = delivery.channel.config if delivery.channel else {}
    link = news_link(post)
    prepared: dict[str, letters.Letter] = {}
    images: dict[str, list] = {}
    attached = files(post)
    box = pipeline()
    counts = {"sent": 0, "not_sent": 0}
    size = max(setting("HOLOS_NEWSLETTER_BATCH", 200), 1)
    try:
        while deadline is None or time.monotonic() < deadline:
            moment = max(now, timezone.now()) if now else timezone.now()
            rows = claim_batch(post.pk, claim, size, now=moment)
            if not rows:
                break
            for language in {row["language"] for row in rows} - set(prepared):
                images[language] = pictures(post, language, with_data=False)
                prepared[language] = letters.prepare(post, language, config=config, link=link,
                                                     pictures=images[language], files=attached)
            for start in range(0, len(rows), box.width):
                chunk = rows[start:start + box.width]
                taken = send_batch(box, prepared, chunk, claim, now=moment)
                counts["sent"] += taken
                counts["not_sent"] += len(chunk) - taken
            _alive(delivery)
    finally:
        box.close()
        # Rows claimed but not reached before the deadline go back to waiting at once.
        EmailDelivery.objects.filter(post_id=post.pk, claim=claim, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, claim="")
    summarize(delivery)
    return counts


def _alive(delivery: Delivery) -> None:
    """Say the newsletter is being sent, and when a worker last got on with it (the scheduler leaves it be)."""
    Delivery.objects.filter(pk=delivery.pk).exclude(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED]).update(
        status=DeliveryStatus.SENDING, updated_at=timezone.now())


# 4. What remains


def summarize(delivery: Delivery) -> Delivery:
    """Set the newsletter's delivery from its messages: sent, failed, waiting to retry, or still going."""
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if "recipients" not in locked.state:
            return locked
        rows = EmailDelivery.objects.filter(post_id=locked.post_id)
        now = timezone.now()
        going = rows.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]).exists()
        retry = rows.filter(status=DeliveryStatus.RETRY).aggregate(first=Min("next_attempt_at"))["first"]
        sent = rows.filter(status=DeliveryStatus.SENT).count()
        failed = rows.filter(status=DeliveryStatus.FAILED).count()
        locked.remote_id = f"{sent}/{locked.state['recipients']}"
        locked.updated_at = now
        if going:
            locked.status = DeliveryStatus.SENDING
        elif retry is not None:
            locked.status, locked.next_attempt_at, locked.problem = DeliveryStatus.RETRY, retry, "busy"
        elif failed and not sent:
            locked.status, locked.problem = DeliveryStatus.FAILED, "recipient"
        else:
            locked.status, locked.problem = DeliveryStatus.SENT, "recipient" if failed else ""
            locked.sent_at = locked.sent_at or now
        locked.claim = ""
        locked.save()
        return locked
