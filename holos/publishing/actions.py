"""Every write of publishing: settings, topics, channels, posts and their approval, sending, subscribers.

Each function owns its transaction and its audit row, and queues its work after commit.
Subscribers' addresses never go into the audit log: a row names the subscriber by number,
so erasing a subscriber leaves no address behind.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from holos.accounts.policy import Do, require
from holos.audit.actions import record
from holos.publishing import vault
from holos.publishing.models import (
    TEXT_LANGUAGES,
    ChannelKind,
    ConnectedChannel,
    ConsentBasis,
    Delivery,
    DeliveryStatus,
    EmailDelivery,
    IndicatorSource,
    Post,
    PostAttachment,
    PostImage,
    PostStatus,
    PublishingSettings,
    SignupRejection,
    Subscriber,
    SubscriberStatus,
    Topic,
    email_key,
)


class NotAllowed(Exception):
    """The post is not in a state where this can be done (sent posts cannot be edited, for one)."""


def _audit(actor, organization, action: str, obj=None, *, before=None, after=None, object_type: str = ""):
    return record(actor=actor, organization=organization, action=action, obj=obj, object_type=object_type,
                  before=before, after=after)


# Settings and topics


@transaction.atomic
def update_settings(*, actor, organization, approval_required: bool, languages: list[str], retention_days: int,
                    approvers: Iterable[Any], audiences: Iterable[Any] | None = None) -> PublishingSettings:
    current = PublishingSettings.for_organization(organization)
    current = PublishingSettings.objects.select_for_update().get(pk=current.pk)
    was_required = current.approval_required
    before = {"languages": ", ".join(current.languages), "retention_days": current.retention_days,
              "approvers": ", ".join(str(u) for u in current.approvers.all()),
              "audiences": ", ".join(str(a) for a in current.audiences.all())}
    current.approval_required = approval_required
    current.languages = [lang for lang in TEXT_LANGUAGES if lang in languages] or [TEXT_LANGUAGES[0]]
    current.retention_days = retention_days
    current.save()
    current.approvers.set(list(approvers))
    if audiences is not None:
        current.audiences.set(list(audiences))
    _audit(actor, organization, "publishing.settings", current, before=before, after={
        "languages": ", ".join(current.languages), "retention_days": retention_days,
        "approvers": ", ".join(str(u) for u in current.approvers.all()),
        "audiences": ", ".join(str(a) for a in current.audiences.all())})
    if was_required != approval_required:
        _audit(actor, organization, "publishing.approval_on" if approval_required else "publishing.approval_off",
               current)
    return current


@transaction.atomic
def save_topic(*, actor, organization, topic: Topic | None, name: dict[str, str]) -> Topic:
    before = None
    if topic is None:
        position = Topic.objects.filter(organization=organization).count()
        topic = Topic(organization=organization, position=position)
    else:
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        before = {"name": _by_language(topic.name)}
    topic.name = name
    topic.save()
    _audit(actor, organization, "topic.save", topic, before=before, after={"name": _by_language(name)})
    return topic


@transaction.atomic
def delete_topic(*, actor, topic: Topic) -> None:
    _audit(actor, topic.organization, "topic.delete", topic, before={"name": _by_language(topic.name)})
    topic.delete()


# Channels


def _shown_config(config: dict) -> dict[str, str]:
    """A channel's settings for the audit log: the chat, page or address; never a secret (none is in config)."""
    return {"address": ", ".join(str(v) for v in config.values() if v)}


@transaction.atomic
def connect_channel(*, actor, organization, kind: str, name: str, language: str, config: dict, secret: str,
                    catalogue_channels: Iterable[Any] = (), active: bool = True) -> ConnectedChannel:
    name = str(name)
    channel = ConnectedChannel.objects.create(
        organization=organization, kind=kind, name=name, language=language, config=config,
        sealed_secret=vault.seal(secret), active=active)
    channel.catalogue_channels.set(list(catalogue_channels))
    _audit(actor, organization, "channel.connect", channel, after={"name": name, **_shown_config(config)})
    return channel


@transaction.atomic
def update_channel(*, actor, channel: ConnectedChannel, name: str, language: str, config: dict, secret: str = "",
                   catalogue_channels: Iterable[Any] = (), active: bool = True) -> ConnectedChannel:
    channel = ConnectedChannel.objects.select_for_update().get(pk=channel.pk)
    before = {"name": channel.name, "language": channel.language, **_shown_config(channel.config)}
    channel.name, channel.language, channel.config, channel.active = name, language, config, active
    if secret:
        channel.sealed_secret = vault.seal(secret)
    channel.updated_at = timezone.now()
    channel.save()
    channel.catalogue_channels.set(list(catalogue_channels))
    _audit(actor, channel.organization, "channel.update", channel, before=before,
           after={"name": name, "language": language, **_shown_config(config)})
    if secret:
        _audit(actor, channel.organization, "channel.secret", channel)
    return channel


@transaction.atomic
def disconnect_channel(*, actor, channel: ConnectedChannel) -> None:
    _audit(actor, channel.organization, "channel.disconnect", channel,
           before={"name": channel.name, **_shown_config(channel.config)})
    channel.delete()


# Posts


@dataclass
class PostContent:
    """What a post says and where it goes: the part an approval is of."""

    title: dict[str, str]
    body: dict[str, str]
    topics: list[Any] = field(default_factory=list)
    audiences: list[Any] = field(default_factory=list)
    channels: list[Any] = field(default_factory=list)
    publish_at: datetime | None = None


def _fingerprint(post: Post) -> str:
    """A digest of everything that goes out: texts, images and their alt texts, files, channels, time."""
    parts = {
        "title": post.title, "body": post.body,
        "topics": sorted(post.topics.values_list("pk", flat=True)),
        "audiences": sorted(post.audiences.values_list("pk", flat=True)),
        "channels": sorted(post.channels.values_list("pk", flat=True)),
        "publish_at": post.publish_at.isoformat() if post.publish_at else None,
        "images": list(post.images.values_list("pk", "alt")),
        "attachments": list(post.attachments.values_list("pk", flat=True)),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _by_language(texts: dict[str, str]) -> str:
    return "\n".join(f"{lang}: {texts[lang]}" for lang in TEXT_LANGUAGES if (texts or {}).get(lang))


def _summary(post: Post) -> dict[str, Any]:
    """What the post says and where it goes, as the audit log shows it (words, not stored codes)."""
    return {
        "title": _by_language(post.title), "text": _by_language(post.body),
        "topics": ", ".join(str(t) for t in post.topics.all()),
        "audiences": ", ".join(str(a) for a in post.audiences.all()),
        "channels": ", ".join(c.name for c in post.channels.all()),
        "publish_at": timezone.localtime(post.publish_at).strftime("%Y-%m-%d %H:%M") if post.publish_at else None,
    }


def _apply(post: Post, content: PostContent) -> None:
    post.title = {k: v for k, v in content.title.items() if v.strip()}
    post.body = {k: v for k, v in content.body.items() if v.strip()}
    post.publish_at = content.publish_at
    post.updated_at = timezone.now()
    post.save()
    post.topics.set(content.topics)
    post.audiences.set(content.audiences)
    post.channels.set(content.channels)


@transaction.atomic
def create_post(*, actor, organization, content: PostContent, occurrence=None) -> Post:
    post = Post(organization=organization, occurrence=occurrence, created_by=actor if getattr(
        actor, "is_authenticated", False) else None)
    _apply(post, content)
    _audit(actor, organization, "post.create", post, after={**_summary(post), "work": occurrence.pk if occurrence
                                                            else None})
    return post


def _locked(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("organization").get(pk=post.pk)


def _content_changed(post: Post, before: str, *, actor, action: str, summary_before: dict) -> Post:
    """Count a new revision when what goes out changed; an approved post then asks for approval again."""
    if _fingerprint(post) == before:
        return post
    post.revision += 1
    status_before = post.status
    if post.status == PostStatus.APPROVED:
        if PublishingSettings.for_organization(post.organization).approval_required:
            post.status = PostStatus.REVIEW
        else:
            post.approved_revision = post.revision
    post.updated_at = timezone.now()
    post.save(update_fields=["revision", "status", "approved_revision", "updated_at"])
    after = _summary(post)
    _audit(actor, post.organization, action, post, before=summary_before, after=after)
    if post.status != status_before:
        _audit(actor, post.organization, "post.reapproval", post, after={"revision": post.revision})
    return post


def _editable(post: Post) -> None:
    if not post.is_editable:
        raise NotAllowed


@contextmanager
def _changing(actor, post: Post, **noted: Any) -> Iterator[Post]:
    """Change a post under its lock; afterwards a new revision, the audit row and re-approval if it changed."""
    post = _locked(post)
    _editable(post)
    before, summary = _fingerprint(post), {**_summary(post), **noted}
    yield post
    _content_changed(post, before, actor=actor, action="post.update", summary_before=summary)


@transaction.atomic
def update_post(*, actor, post: Post, content: PostContent) -> Post:
    with _changing(actor, post) as post:
        _apply(post, content)
    return post


IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif",
               b"GIF89a": "image/gif"}


def image_type(head: bytes) -> str | None:
    """The image's type from its first bytes (PNG, JPEG, GIF, WebP), or None for anything else."""
    for magic, content_type in IMAGE_TYPES.items():
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _alt(alt: dict[str, str]) -> dict[str, str]:
    return {k: v.strip() for k, v in alt.items() if v.strip()}


@transaction.atomic
def add_image(*, actor, post: Post, upload, alt: dict[str, str]) -> PostImage:
    with _changing(actor, post) as post:
        head = upload.read(16)
        upload.seek(0)
        image = PostImage(post=post, content_type=image_type(head) or "application/octet-stream", alt=_alt(alt),
                          position=post.images.count())
        image.file.save(upload.name, upload, save=False)
        image.save()
    return image


@transaction.atomic
def set_image_alt(*, actor, image: PostImage, alt: dict[str, str]) -> PostImage:
    with _changing(actor, image.post, alt=_by_language(image.alt)):
        image.alt = _alt(alt)
        image.save(update_fields=["alt"])
    return image


@transaction.atomic
def remove_image(*, actor, image: PostImage) -> None:
    with _changing(actor, image.post, image=str(image)):
        image.file.delete(save=False)
        image.delete()


@transaction.atomic
def add_attachment(*, actor, post: Post, upload) -> PostAttachment:
    with _changing(actor, post) as post:
        attachment = PostAttachment(post=post, name=upload.name[-255:])
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment: PostAttachment) -> None:
    with _changing(actor, attachment.post, file=attachment.name):
        attachment.file.delete(save=False)
        attachment.delete()


def attachment_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def blocking_findings(post: Post) -> list:
    """The checks that stop approval (an image without alt text)."""
    from holos.publishing.checks import post_findings

    return [f for f in post_findings(post) if f.severity == "problem"]


@transaction.atomic
def submit_post(*, actor, post: Post) -> Post:
    """Ask for approval; with approval switched off, the post is approved (and scheduled) at once."""
    post = _locked(post)
    if post.status not in (PostStatus.DRAFT, PostStatus.RETURNED):
        raise NotAllowed
    if blocking_findings(post) or not post.channels.exists() or not post.languages:
        raise NotAllowed
    if PublishingSettings.for_organization(post.organization).approval_required:
        post.status = PostStatus.REVIEW
        post.updated_at = timezone.now()
        post.save(update_fields=["status", "updated_at"])
        _audit(actor, post.organization, "post.submit", post, after={"revision": post.revision})
        return post
    return _approve(actor, post, automatic=True)


def _approve(actor, post: Post, *, automatic: bool = False, comment: str = "") -> Post:
    post.status = PostStatus.APPROVED
    post.approved_revision = post.revision
    post.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    post.approved_at = timezone.now()
    post.review_comment = comment
    post.updated_at = post.approved_at
    post.save()
    after: dict[str, Any] = {"revision": post.revision}
    if comment:
        after["comment"] = comment
    _audit(actor, post.organization, "post.approve_auto" if automatic else "post.approve", post, after=after)
    if post.publish_at is None or post.publish_at <= timezone.now():
        transaction.on_commit(lambda: start_due_posts())
    return post


@transaction.atomic
def approve_post(*, actor, post: Post, comment: str = "") -> Post:
    require(actor, Do.APPROVE_POST, post)
    post = _locked(post)
    if post.status != PostStatus.REVIEW or blocking_findings(post):
        raise NotAllowed
    return _approve(actor, post, comment=comment)


@transaction.atomic
def return_post(*, actor, post: Post, comment: str) -> Post:
    """Send a post back to its editor with a comment on what to change."""
    require(actor, Do.APPROVE_POST, post)
    post = _locked(post)
    if post.status not in (PostStatus.REVIEW, PostStatus.APPROVED):
        raise NotAllowed
    post.status = PostStatus.RETURNED
    post.review_comment = comment
    post.updated_at = timezone.now()
    post.save(update_fields=["status", "review_comment", "updated_at"])
    _audit(actor, post.organization, "post.return", post, after={"comment": comment})
    return post


@transaction.atomic
def delete_post(*, actor, post: Post) -> None:
    post = _locked(post)
    if post.status in (PostStatus.SENDING, PostStatus.SENT):
        raise NotAllowed
    _audit(actor, post.organization, "post.delete", post, before=_summary(post))
    for stored in [*(image.file for image in post.images.all()), *(item.file for item in post.attachments.all())]:
        stored.delete(save=False)
    post.delete()


# Sending


def start_due_posts(now: datetime | None = None) -> list[int]:
    """Start every approved post whose time has come: a delivery row per channel, then the task."""
    now = now or timezone.now()
    started = []
    due = Post.objects.filter(status=PostStatus.APPROVED).filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now))
    for pk in due.values_list("pk", flat=True):
        if start_sending(post_id=pk, now=now):
            started.append(pk)
    return started


@transaction.atomic
def start_sending(*, post_id: int, now: datetime | None = None) -> bool:
    post = Post.objects.select_for_update().select_related("organization").filter(pk=post_id).first()
    if post is None or post.status != PostStatus.APPROVED or post.approved_revision != post.revision:
        return False
    now = now or timezone.now()
    post.status = PostStatus.SENDING
    post.sent_at = now
    post.save(update_fields=["status", "sent_at"])
    for channel in post.channels.all():
        Delivery.objects.get_or_create(post=post, channel=channel, defaults={
            "channel_kind": channel.kind, "channel_name": channel.name, "next_attempt_at": now,
            "status": DeliveryStatus.PENDING if channel.active else DeliveryStatus.FAILED,
            "problem": "" if channel.active else "no_channel"})
    _audit(None, post.organization, "post.send", post, after={"channels": ", ".join(c.name for c in
                                                                                     post.channels.all())})
    _queue_delivery(post.pk, now)
    return True


def _queue_delivery(post_id: int, now: datetime | None = None) -> None:
    from holos.publishing.tasks import deliver_post

    moment = (now or timezone.now()).isoformat()
    transaction.on_commit(lambda: deliver_post.enqueue(post_id, now=moment))


@transaction.atomic
def send_again(*, actor, post: Post) -> int:
    """Try again what failed, and only that: the failed channels and the failed messages of the newsletter."""
    post = _locked(post)
    now = timezone.now()
    failed = Delivery.objects.filter(post=post, status=DeliveryStatus.FAILED, channel__isnull=False)
    names = list(failed.values_list("channel_name", flat=True))
    count = failed.update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, problem="", error="",
                          updated_at=now)
    messages = EmailDelivery.objects.filter(post=post, status=DeliveryStatus.FAILED, subscriber__isnull=False,
                                            subscriber__status=SubscriberStatus.CONFIRMED)
    message_count = messages.update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, problem="",
                                    error="")
    if message_count:
        Delivery.objects.filter(post=post, channel_kind=ChannelKind.EMAIL).exclude(
            status=DeliveryStatus.SENDING).update(status=DeliveryStatus.PENDING, next_attempt_at=now)
    if count or message_count:
        if post.status == PostStatus.SENT:
            post.status = PostStatus.SENDING
            post.save(update_fields=["status"])
        _audit(actor, post.organization, "post.retry", post, after={"channels": ", ".join(names),
                                                                    "messages": message_count})
        _queue_delivery(post.pk)
    return count + message_count


# Subscribers


def _subscriber_audit(actor, organization, action: str, subscriber: Subscriber, after=None, before=None):
    return _audit(actor, organization, action, subscriber, object_type="subscriber", after=after, before=before)


@transaction.atomic
def subscribe(*, organization, email: str, language: str, topics: Iterable[Any] = (),
              audiences: Iterable[Any] = ()) -> Subscriber:
    """A sign-up from the public form: a pending subscriber and a confirmation mail (double opt-in).

    Signing up an address that is already confirmed changes nothing but sends a mail with its
    preferences link; the page says the same in both cases, so it tells nobody who subscribes.
    """
    key = email_key(email)
    subscriber = Subscriber.objects.select_for_update().filter(organization=organization, email_key=key).first()
    now = timezone.now()
    if subscriber is None:
        subscriber = Subscriber(organization=organization, email=email.strip(), language=language,
                                consent_basis=ConsentBasis.FORM)
        try:
            with transaction.atomic():
                subscriber.save()
        except IntegrityError:  # the same address signed up at the same moment
            subscriber = Subscriber.objects.select_for_update().get(organization=organization, email_key=key)
    if subscriber.status != SubscriberStatus.CONFIRMED:
        subscriber.status = SubscriberStatus.PENDING
        subscriber.language = language
        subscriber.consent_basis = ConsentBasis.FORM
        subscriber.unsubscribed_at = None
        subscriber.updated_at = now
        subscriber.save()
        subscriber.topics.set(list(topics))
        subscriber.audiences.set(list(audiences))
    _subscriber_audit(None, organization, "subscriber.signup", subscriber)
    from holos.publishing.tasks import send_confirmation

    transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk))
    return subscriber


@transaction.atomic
def confirm_subscription(*, subscriber: Subscriber) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == SubscriberStatus.CONFIRMED:
        return subscriber
    now = timezone.now()
    subscriber.status = SubscriberStatus.CONFIRMED
    subscriber.confirmed_at = subscriber.consent_at = now
    subscriber.unsubscribed_at = None
    subscriber.updated_at = now
    subscriber.save()
    _subscriber_audit(None, subscriber.organization, "subscriber.confirm", subscriber)
    return subscriber


@transaction.atomic
def update_preferences(*, subscriber: Subscriber, language: str, topics: Iterable[Any],
                       audiences: Iterable[Any]) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    before = {"language": subscriber.language, "topics": sorted(subscriber.topics.values_list("pk", flat=True)),
              "audiences": sorted(subscriber.audiences.values_list("pk", flat=True))}
    subscriber.language = language
    subscriber.updated_at = timezone.now()
    subscriber.save(update_fields=["language", "updated_at"])
    subscriber.topics.set(list(topics))
    subscriber.audiences.set(list(audiences))
    _subscriber_audit(None, subscriber.organization, "subscriber.preferences", subscriber, before=before, after={
        "language": language, "topics": sorted(subscriber.topics.values_list("pk", flat=True)),
        "audiences": sorted(subscriber.audiences.values_list("pk", flat=True))})
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber, how: str) -> Subscriber:
    """Stop the newsletter for this address; messages not yet sent to it are not sent."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return subscriber
    now = timezone.now()
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    subscriber.unsubscribed_at = subscriber.updated_at = now
    subscriber.save(update_fields=["status", "unsubscribed_at", "updated_at"])
    EmailDelivery.objects.filter(subscriber=subscriber, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY]
                                 ).update(status=DeliveryStatus.FAILED, problem="unsubscribed")
    action = "subscriber.one_click" if how == "one-click" else "subscriber.unsubscribe"
    _subscriber_audit(None, subscriber.organization, action, subscriber)
    return subscriber


@transaction.atomic
def erase_subscriber(*, actor, subscriber: Subscriber, reason: str) -> None:
    """Erase a subscriber on request: the address, choices and consent; delivery counts stay, nameless."""
    organization = subscriber.organization
    _subscriber_audit(actor, organization, "subscriber.erase", subscriber, after={"reason": reason})
    EmailDelivery.objects.filter(subscriber=subscriber, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY]
                                 ).update(status=DeliveryStatus.FAILED, problem="unsubscribed")
    subscriber.delete()


@transaction.atomic
def erase_expired_subscribers(*, now: datetime | None = None) -> int:
    """Erase addresses never confirmed, or unsubscribed, longer ago than each organisation keeps them."""
    now = now or timezone.now()
    erased = 0
    confirm_days = int(getattr(settings, "HOLOS_SIGNUP_CONFIRM_DAYS", 7))
    for current in PublishingSettings.objects.select_related("organization"):
        keep = timedelta(days=max(current.retention_days, 0))
        expired = Subscriber.objects.filter(organization=current.organization).filter(
            Q(status=SubscriberStatus.PENDING, created_at__lt=now - max(keep, timedelta(days=confirm_days)))
            | Q(status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at__lt=now - keep))
        count = expired.count()
        if count:
            expired.delete()
            _audit(None, current.organization, "subscriber.expired", object_type="subscriber",
                   after={"count": count, "days": current.retention_days})
            erased += count
    return erased


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def import_subscribers(*, actor, organization, rows: Iterable[tuple[int, str, str]], basis: str, note: str,
                       topics: Iterable[Any] = ()) -> ImportResult:
    """Add a list of confirmed subscribers whose consent was given elsewhere; the basis is kept with each.

    ``rows`` are (line number, address, language). An address already on the list keeps its
    own choices and status (someone who unsubscribed stays unsubscribed).
    """
    now = timezone.now()
    topics = list(topics)
    result = ImportResult()
    existing = set(Subscriber.objects.filter(organization=organization).values_list("email_key", flat=True))
    for _line, address, language in rows:
        key = email_key(address)
        if key in existing:
            result.updated += 1
            continue
        subscriber = Subscriber.objects.create(
            organization=organization, email=address, language=language, status=SubscriberStatus.CONFIRMED,
            consent_basis=basis, consent_note=note, consent_at=now, confirmed_at=now)
        if topics:
            subscriber.topics.set(topics)
        existing.add(key)
        result.added += 1
    _audit(actor, organization, "subscriber.import", object_type="subscriber", after={
        "added": result.added, "already": result.updated, "basis": str(ConsentBasis(basis).label), "note": note,
        "topics": [str(t) for t in topics]})
    return result


def record_list_view(*, actor, organization, filters: dict[str, Any]) -> None:
    """Note in the audit log that someone looked at the list of subscribers, with what they filtered."""
    shown = {k: v for k, v in filters.items() if v}
    if shown.get("status"):
        shown["status"] = str(SubscriberStatus(shown["status"]).label)
    _audit(actor, organization, "subscriber.list_view", object_type="subscriber", after=shown or None)


def count_signup_rejection(*, organization, reason: str) -> None:
    """One more sign-up the bot defences turned away. Nothing about the sender is kept."""
    day = timezone.localdate()
    if SignupRejection.objects.filter(organization=organization, day=day, reason=reason).update(
            count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            SignupRejection.objects.create(organization=organization, day=day, reason=reason, count=1)
    except IntegrityError:
        SignupRejection.objects.filter(organization=organization, day=day, reason=reason).update(
            count=F("count") + 1)


# Indicators


@transaction.atomic
def link_indicator(*, actor, indicator, metric: str, channel=None, topic=None) -> IndicatorSource:
    source, _created = IndicatorSource.objects.update_or_create(
        indicator=indicator, defaults={"metric": metric, "channel": channel, "topic": topic})
    plan = indicator.activity.plan
    record(actor=actor, organization=plan.organization, action="publishing.link_indicator", obj=indicator,
           plan_id=plan.pk, after={"metric": metric, "channel": getattr(channel, "name", None),
                                   "topic": str(topic) if topic else None})
    return source


@transaction.atomic
def unlink_indicator(*, actor, source: IndicatorSource) -> None:
    plan = source.indicator.owning_plan
    record(actor=actor, organization=plan.organization, action="publishing.unlink_indicator", obj=source.indicator,
           plan_id=plan.pk, before={"metric": source.metric})
    source.delete()


@transaction.atomic
def record_indicator_values(*, actor, organization, day=None) -> list[tuple[IndicatorSource, float]]:
    """Write each linked indicator's count as a measurement of today (posts on a channel, subscribers of a topic)."""
    from holos.publishing.counts import indicator_value
    from holos.work.actions import add_measurement

    day = day or timezone.localdate()
    written = []
    sources = IndicatorSource.objects.filter(indicator__activity__plan__organization=organization).select_related(
        "indicator__activity__plan", "channel", "topic")
    for source in sources:
        value = indicator_value(source)
        add_measurement(actor=actor, indicator=source.indicator, day=day, value=value,
                        note=source.get_metric_display()[:300])
        written.append((source, value))
    return written
