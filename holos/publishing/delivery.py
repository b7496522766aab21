"""Running deliveries: each channel of a post on its own, retried with backoff, then the evidence.

``deliver_post`` is the task's body. It runs each open delivery of a post: the news page
first (so that the other channels can link to it), the newsletter last. One channel
failing never holds the others back. A social channel's delivery is claimed with one
UPDATE before its service is called, so two workers never post it twice; one left
claimed by a worker that died is not posted again blindly but marked interrupted, since
it may already be on the channel. The newsletter's messages are claimed one batch at a
time (``channels.email.sending``), so several workers share a large newsletter.

When every delivery of a post has ended, the post is sent: the work item it was written
for gets the links as evidence, its number of publications, and is marked done; the
indicators that count posts are measured.

``run_due`` is called every minute by the worker's scheduler: it starts approved posts
whose time has come and queues the deliveries whose retry time has come.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from holos.audit.actions import record
from holos.publishing import vault
from holos.publishing.channels import channel_type
from holos.publishing.channels.base import Refused, TryLater, retry_delay
from holos.publishing.channels.email.sending import send_newsletter
from holos.publishing.models import (
    OPEN_DELIVERY,
    ChannelKind,
    Delivery,
    DeliveryStatus,
    IndicatorSource,
    Metric,
    Post,
    PostStatus,
)
from holos.publishing.rendering import channel_language, rendition

logger = logging.getLogger(__name__)

ORDER = {ChannelKind.NEWS: 0, ChannelKind.EMAIL: 9}


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def deliver_post(post_id: int, *, deadline: float | None = None, now: datetime | None = None) -> None:
    """Run every open delivery of the post whose time has come (``now``, the present unless given)."""
    post = Post.objects.select_related("organization").filter(pk=post_id).first()
    if post is None or post.status != PostStatus.SENDING:
        return
    now = now or timezone.now()
    deliveries = sorted(post.deliveries.filter(status__in=OPEN_DELIVERY).select_related("channel"),
                        key=lambda d: (ORDER.get(d.channel_kind, 5), d.pk))
    for delivery in deliveries:
        if delivery.channel_kind == ChannelKind.EMAIL:
            if delivery.status == DeliveryStatus.RETRY and delivery.next_attempt_at > now:
                continue
            try:
                send_newsletter(delivery, deadline=deadline, now=now)
            except Exception:  # one channel's trouble must not hold the others back
                logger.exception("The newsletter of post %s stopped; the rest is sent later", post.pk)
        else:
            run_channel(delivery, now=now)
    finish(post.pk)


def _claim(delivery: Delivery, now: datetime) -> str | None:
    claim = uuid.uuid4().hex
    claimed = Delivery.objects.filter(
        pk=delivery.pk, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY], next_attempt_at__lte=now,
    ).update(status=DeliveryStatus.SENDING, claim=claim, claimed_at=now, updated_at=now)
    return claim if claimed else None


def _settle(delivery: Delivery, claim: str, **values) -> bool:
    values.setdefault("updated_at", timezone.now())
    return bool(Delivery.objects.filter(pk=delivery.pk, claim=claim).update(claim="", **values))


def run_channel(delivery: Delivery, *, now: datetime | None = None) -> Delivery:
    """Post to one channel: sent, waiting to retry (as long as the service asked), or failed."""
    now = now or timezone.now()
    claim = _claim(delivery, now)
    if claim is None:
        return delivery
    delivery.refresh_from_db()
    post = Post.objects.select_related("organization").get(pk=delivery.post_id)
    channel = delivery.channel
    organization = post.organization
    if channel is None or not channel.active:
        _settle(delivery, claim, status=DeliveryStatus.FAILED, problem="no_channel", error="")
        return delivery
    try:
        secret = vault.unseal(channel.sealed_secret)
    except vault.SecretUnreadable:
        _settle(delivery, claim, status=DeliveryStatus.FAILED, problem="secret", error="")
        _audit_result(delivery, post, "post.delivery_failed", {"channel": channel.name})
        return delivery
    language = channel_language(channel, organization)
    config = {**channel.config, "delivery": delivery.pk, "organization": organization.slug}
    state = dict(delivery.state or {})
    attempts = delivery.attempts + 1
    try:
        with translation.override(language):
            outcome = channel_type(channel.kind).publish(rendition(post, language), config, secret, state)
    except TryLater as wait:
        if attempts >= setting("HOLOS_DELIVERY_ATTEMPTS", 8):
            _settle(delivery, claim, status=DeliveryStatus.FAILED, problem="gave_up", error=str(wait)[:2000],
                    attempts=attempts, state=state)
            _audit_result(delivery, post, "post.delivery_failed", {"channel": channel.name,
                                                                   "error": str(wait)[:300]})
        else:
            delay = retry_delay(attempts, wait.after, first=float(setting("HOLOS_DELIVERY_RETRY_SECONDS", 60)))
            _settle(delivery, claim, status=DeliveryStatus.RETRY, problem="busy", error=str(wait)[:2000],
                    attempts=attempts, state=state, next_attempt_at=now + timedelta(seconds=delay))
        return delivery
    except Refused as refusal:
        _settle(delivery, claim, status=DeliveryStatus.FAILED, problem=refusal.problem,
                error=refusal.detail[:2000], attempts=attempts, state=state)
        _audit_result(delivery, post, "post.delivery_failed", {"channel": channel.name,
                                                               "error": refusal.detail[:300]})
        return delivery
    except Exception as error:  # a fault of ours: logged, and tried again like a busy service
        logger.exception("Delivery %s of post %s failed unexpectedly", delivery.pk, post.pk)
        delay = retry_delay(attempts, None, first=float(setting("HOLOS_DELIVERY_RETRY_SECONDS", 60)))
        status = DeliveryStatus.FAILED if attempts >= setting("HOLOS_DELIVERY_ATTEMPTS", 8) else DeliveryStatus.RETRY
        _settle(delivery, claim, status=status, problem="gave_up" if status == DeliveryStatus.FAILED else "busy",
                error=f"{error.__class__.__name__}: {error}"[:2000], attempts=attempts, state=state,
                next_attempt_at=now + timedelta(seconds=delay))
        return delivery
    _settle(delivery, claim, status=DeliveryStatus.SENT, problem="", error="", attempts=attempts, state=state,
            remote_id=outcome.remote_id[:200], url=outcome.url[:1000], sent_at=timezone.now())
    _audit_result(delivery, post, "post.delivered", {"channel": channel.name, "url": outcome.url,
                                                     "remote_id": outcome.remote_id[:200]})
    return delivery


def _audit_result(delivery: Delivery, post: Post, action: str, after: dict) -> None:
    record(actor=None, organization=post.organization, action=action, obj=post, after=after)


def interrupt_stale(now: datetime | None = None) -> int:
    """Mark interrupted the social deliveries whose worker died while calling the service."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=setting("HOLOS_DELIVERY_LEASE", 120))
    return Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=stale).exclude(
        channel_kind=ChannelKind.EMAIL).update(status=DeliveryStatus.FAILED, problem="interrupted", claim="",
                                               updated_at=now)


def finish(post_id: int) -> bool:
    """When every delivery of the post has ended: the post is sent, with evidence and counts. True if it just was."""
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related(
            "organization", "occurrence__plan__organization", "created_by").filter(pk=post_id).first()
        if post is None or post.status != PostStatus.SENDING:
            return False
        if post.deliveries.filter(status__in=OPEN_DELIVERY).exists():
            return False
        post.status = PostStatus.SENT
        post.save(update_fields=["status"])
        deliveries = list(post.deliveries.all())
        sent = [d for d in deliveries if d.status == DeliveryStatus.SENT]
        record(actor=None, organization=post.organization, action="post.sent", obj=post, after={
            "sent": ", ".join(d.channel_name for d in sent),
            "failed": ", ".join(d.channel_name for d in deliveries if d.status == DeliveryStatus.FAILED)})
        if post.occurrence is not None and sent:
            _evidence(post, sent)
        if sent:
            _measure(post)
        return True


def _evidence(post: Post, sent: list[Delivery]) -> None:
    """The work item gets the links of what went out, its publications, and is marked done."""
    from holos.work import actions as work
    from holos.work.models import Status

    occurrence = post.occurrence
    if occurrence is None:
        return
    actor = post.created_by
    known = set(occurrence.attachments.values_list("url", flat=True))
    links = [d.url for d in sent if d.url]
    links.append(settings.SITE_URL + reverse("post", args=[post.organization.slug, post.pk]))
    for url in dict.fromkeys(links):
        if url not in known:
            work.add_attachment(actor=actor, occurrence=occurrence, url=url)
    work.record_work(actor=actor, occurrence=occurrence, note=occurrence.note,
                     numbers={"publications": (occurrence.publications or 0) + len(sent)})
    if occurrence.status != Status.DONE:
        work.set_status(actor=actor, occurrence=occurrence, status=Status.DONE)


def _measure(post: Post) -> None:
    """Indicators that count posts on the channels this post went to get today's count."""
    from holos.publishing.counts import indicator_value
    from holos.work.actions import add_measurement

    channels = list(post.deliveries.filter(status=DeliveryStatus.SENT).values_list("channel_id", flat=True))
    sources = IndicatorSource.objects.filter(metric=Metric.POSTS, indicator__activity__plan__organization_id=(
        post.organization_id)).filter(Q(channel_id__in=channels) | Q(channel__isnull=True)).select_related(
        "indicator__activity__plan__organization", "channel")
    for source in sources:
        add_measurement(actor=None, indicator=source.indicator, day=timezone.localdate(),
                        value=indicator_value(source), note=str(source.get_metric_display())[:300])


def run_due(now: datetime | None = None) -> dict[str, list[int]]:
    """Start what is due and queue what must be tried again; called every minute by the worker."""
    from holos.publishing.actions import start_due_posts
    from holos.publishing.tasks import deliver_post as deliver_task

    now = now or timezone.now()
    started = start_due_posts(now)
    interrupt_stale(now)
    stale = now - timedelta(seconds=setting("HOLOS_DELIVERY_LEASE", 120))
    due = Delivery.objects.filter(post__status=PostStatus.SENDING).filter(
        Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY], next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, channel_kind=ChannelKind.EMAIL, updated_at__lt=stale))
    queued = sorted(set(due.values_list("post_id", flat=True)) - set(started))
    for post_id in queued:
        deliver_task.enqueue(post_id, now=now.isoformat())
    ended = Post.objects.filter(status=PostStatus.SENDING).exclude(deliveries__status__in=OPEN_DELIVERY)
    finished = [pk for pk in ended.values_list("pk", flat=True) if finish(pk)]
    return {"started": started, "queued": queued, "finished": finished}
