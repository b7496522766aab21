"""Posts, the channels they go to, their deliveries, and the newsletter's subscribers.

A post is written once (in each language the organisation publishes in), approved, and
delivered to each channel it names: a ``Delivery`` row per post and channel, and for the
newsletter an ``EmailDelivery`` row per post and subscriber, claimed before its message
is sent so that nobody gets a post twice. Every write goes through ``holos.publishing.actions``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from holos.surveys.models import FALLBACK_LANGUAGE, TEXT_LANGUAGES, LocalText, pick_text

__all__ = ["FALLBACK_LANGUAGE", "TEXT_LANGUAGES", "LocalText", "pick_text"]


def _default_languages() -> list[str]:
    return [FALLBACK_LANGUAGE]


def _token() -> str:
    return secrets.token_urlsafe(24)


class PublishingSettings(models.Model):
    """How an organisation publishes: approval, its languages, who approves, how long addresses are kept."""

    organization = models.OneToOneField("accounts.Organization", on_delete=models.CASCADE,
                                        related_name="publishing_settings")
    approval_required = models.BooleanField(
        _("posts need approval"), default=True,
        help_text=_("An approver reads each post before it goes out. Without approval, a submitted post is "
                    "scheduled at once."))
    languages = models.JSONField(_("languages of posts"), default=_default_languages)
    approvers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                       verbose_name=_("approvers"))
    audiences = models.ManyToManyField(
        "plans.Audience", blank=True, related_name="+", verbose_name=_("audiences residents may choose"),
        help_text=_("Shown on the sign-up form, so that people get the posts for their group."))
    retention_days = models.PositiveIntegerField(
        _("keep unconfirmed and unsubscribed addresses for (days)"), default=30,
        help_text=_("After this many days an address that was never confirmed, or that unsubscribed, is erased."))

    class Meta:
        verbose_name = _("publishing settings")

    def __str__(self) -> str:
        return f"publishing of {self.organization_id}"

    @classmethod
    def for_organization(cls, organization) -> PublishingSettings:
        found, _created = cls.objects.get_or_create(organization=organization)
        return found


class TopicQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)


class Topic(models.Model):
    """What posts are about ("services of the centre", "repairs"); subscribers choose topics."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    name = models.JSONField(_("name"), default=dict)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return pick_text(self.name, FALLBACK_LANGUAGE)

    @property
    def name_shown(self) -> LocalText:
        return pick_text(self.name)


class ChannelKind(models.TextChoices):
    NEWS = "news", _("news page")
    EMAIL = "email", _("email newsletter")
    TELEGRAM = "telegram", _("Telegram channel")
    VIBER = "viber", _("Viber channel")
    FACEBOOK = "facebook", _("Facebook page")
    WEBHOOK = "webhook", _("webhook")


# Kinds an organisation has once: its own news page and its own newsletter.
SINGLE_KINDS = (ChannelKind.NEWS, ChannelKind.EMAIL)


class ConnectedChannelQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)

    def active(self):
        return self.filter(active=True)


class ConnectedChannel(models.Model):
    """A channel an organisation has connected: its settings, and its secret sealed with HOLOS_SECRETS_KEY.

    The secret (a bot token, a page token, a signing key) is stored encrypted
    (``holos.publishing.vault``) and never shown again once saved.
    """

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ChannelKind.choices)
    name = models.CharField(_("name"), max_length=200)
    config = models.JSONField(default=dict, blank=True)
    sealed_secret = models.TextField(blank=True, default="")
    language = models.CharField(_("language of posts here"), max_length=8, blank=True, default="")
    catalogue_channels = models.ManyToManyField(
        "plans.Channel", blank=True, related_name="+", verbose_name=_("channels of the plans"),
        help_text=_("The channels named in plans that this is: posts from their work go here."))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ConnectedChannelQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name", "id"]
        verbose_name = _("connected channel")
        verbose_name_plural = _("connected channels")
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], condition=Q(kind__in=["news", "email"]),
                                    name="one_news_page_and_newsletter"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_secret(self) -> bool:
        return bool(self.sealed_secret)


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("waiting for approval")
    RETURNED = "returned", _("sent back")
    APPROVED = "approved", _("approved, scheduled")
    SENDING = "sending", _("going out")
    SENT = "sent", _("sent")


# A post in these states can still be changed by its editors.
EDITABLE = (PostStatus.DRAFT, PostStatus.REVIEW, PostStatus.RETURNED, PostStatus.APPROVED)


class PostQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)


class Post(models.Model):
    """An announcement written once and sent to several channels, after approval."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    occurrence = models.ForeignKey("work.Occurrence", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="posts", verbose_name=_("work item"))
    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("text"), default=dict)
    topics = models.ManyToManyField(Topic, blank=True, related_name="posts", verbose_name=_("topics"))
    audiences = models.ManyToManyField("plans.Audience", blank=True, related_name="+", verbose_name=_("audiences"))
    channels = models.ManyToManyField(ConnectedChannel, blank=True, related_name="posts", verbose_name=_("channels"))
    publish_at = models.DateTimeField(_("goes out at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.DRAFT)
    # Each change of what the post says counts one more; approval is of one revision.
    revision = models.PositiveIntegerField(default=1)
    approved_revision = models.PositiveIntegerField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("went out"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_at"])]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return pick_text(self.title, FALLBACK_LANGUAGE)

    @property
    def title_shown(self) -> LocalText:
        return pick_text(self.title)

    @property
    def body_shown(self) -> LocalText:
        title = self.title_shown
        text = (self.body or {}).get(title.lang) or ""
        return LocalText(text, title.lang) if text.strip() else pick_text(self.body)

    def version(self, language: str) -> tuple[str, str, str]:
        """(language, title, text) of the version in ``language``, else of the first one written."""
        title = pick_text(self.title, language)
        return title.lang, str(title), (self.body or {}).get(title.lang, "")

    @property
    def languages(self) -> list[str]:
        return [lang for lang in TEXT_LANGUAGES if (self.title or {}).get(lang, "").strip()]

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def public_url(self) -> str:
        return settings.SITE_URL + reverse("news_item", args=[self.organization.slug, self.pk])


def _image_path(instance, filename: str) -> str:
    return f"posts/{timezone.now():%Y/%m}/{secrets.token_hex(8)}-{filename[-80:]}"


class PostImage(models.Model):
    """An image of a post, with the text that says what it shows, in each language."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(_("image"), upload_to=_image_path, max_length=300)
    content_type = models.CharField(max_length=40)
    alt = models.JSONField(_("text for people who cannot see the image"), default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return pick_text(self.alt, FALLBACK_LANGUAGE) or self.file.name

    @property
    def alt_shown(self) -> LocalText:
        return pick_text(self.alt)

    def public_url(self) -> str:
        return settings.SITE_URL + reverse("news_image", args=[self.post.organization.slug, self.post_id, self.pk])


class PostAttachment(models.Model):
    """A file that goes with a post (a list, a form to fill in), linked from every channel."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_image_path, max_length=300)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def public_url(self) -> str:
        return settings.SITE_URL + reverse("news_attachment", args=[self.post.organization.slug, self.post_id,
                                                                     self.pk])


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("sending")
    RETRY = "retry", _("will be tried again")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Problem(models.TextChoices):
    TOKEN = "token", _("The service refused the channel's token: it was revoked, expired or mistyped. "
                       "Connect the channel again with a new token.")
    TARGET = "target", _("The service has no such channel, page or address, or Holos may not post there.")
    CONTENT = "content", _("The service did not take the post as it is.")
    BUSY = "busy", _("The service was busy or out of reach; Holos waits and tries again.")
    GAVE_UP = "gave_up", _("The service stayed busy or out of reach after every attempt.")
    INTERRUPTED = "interrupted", _("Sending stopped half way; the post may or may not be on the channel. "
                                   "Look there before sending again.")
    SECRET = "secret", _("The saved token cannot be read with the current key; connect the channel again.")
    RECIPIENT = "recipient", _("The mail server refused the address.")
    NO_CHANNEL = "no_channel", _("The channel was disconnected.")


# Deliveries that still have work to do.
OPEN_DELIVERY = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.RETRY)


class Delivery(models.Model):
    """One post on one channel: its state, when, the remote id or link, the error."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.ForeignKey(ConnectedChannel, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    channel_kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    channel_name = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=40, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    remote_id = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    # Why it failed or waits (a code told in words by ``problem_label``), and the service's own words.
    problem = models.CharField(max_length=16, blank=True)
    error = models.TextField(blank=True)
    # What a transport already sent of this post, so that a retry does not send it twice.
    state = models.JSONField(default=dict, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["channel_kind", "channel_name", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "channel"], name="one_delivery_per_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.channel_name} ({self.status})"


class EmailDelivery(models.Model):
    """One post to one subscriber. Claimed before the message is sent; see ``holos.publishing.channels.email``."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="email_deliveries")
    subscriber = models.ForeignKey("Subscriber", null=True, on_delete=models.SET_NULL, related_name="deliveries")
    language = models.CharField(max_length=8)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=40, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(max_length=16, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "subscriber"], name="one_message_per_subscriber")]
        indexes = [models.Index(fields=["post", "status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.post_id} → subscriber {self.subscriber_id} ({self.status})"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("not confirmed yet")
    CONFIRMED = "confirmed", _("confirmed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


class ConsentBasis(models.TextChoices):
    FORM = "form", _("signed up on the public form and confirmed by email")
    WRITTEN = "written", _("gave written consent (a paper form kept by the organisation)")
    ELECTRONIC = "electronic", _("gave consent electronically elsewhere (a record kept by the organisation)")
    CONFIRMED_LIST = "confirmed_list", _("confirmed their address on an earlier newsletter service")


# Bases an imported list may state.
IMPORT_BASES = [(value, label) for value, label in ConsentBasis.choices if value != ConsentBasis.FORM]


class SubscriberQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)

    def confirmed(self):
        return self.filter(status=SubscriberStatus.CONFIRMED)


def email_key(address: str) -> str:
    """The form addresses are compared in: "Olena@Example.org " and "olena@example.org" are one person."""
    return address.strip().casefold()


class Subscriber(models.Model):
    """A resident who asked for the newsletter: their address, language, topics, audiences and consent."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email"), max_length=254)
    email_key = models.CharField(max_length=254, editable=False)
    language = models.CharField(_("language"), max_length=8, default=FALLBACK_LANGUAGE)
    status = models.CharField(_("status"), max_length=14, choices=SubscriberStatus.choices,
                              default=SubscriberStatus.PENDING)
    topics = models.ManyToManyField(Topic, blank=True, related_name="subscribers", verbose_name=_("topics"))
    audiences = models.ManyToManyField("plans.Audience", blank=True, related_name="+", verbose_name=_("audiences"))
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    consent_basis = models.CharField(_("consent"), max_length=16, choices=ConsentBasis.choices,
                                     default=ConsentBasis.FORM)
    consent_note = models.CharField(_("where the consent is kept"), max_length=300, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email_key"]
        constraints = [models.UniqueConstraint(fields=["organization", "email_key"], name="one_subscriber_per_address")]
        indexes = [models.Index(fields=["organization", "status"])]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return f"subscriber {self.pk}"

    def save(self, *args, **kwargs):
        self.email_key = email_key(self.email)
        super().save(*args, **kwargs)


class SignupRejection(models.Model):
    """How many sign-ups the bot defences turned away, per day and reason; nothing about who sent them."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    reason = models.CharField(max_length=16)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "day", "reason"], name="one_signup_count")]

    def __str__(self) -> str:
        return f"{self.reason} {self.day}: {self.count}"


class Metric(models.TextChoices):
    POSTS = "posts", _("posts sent on a channel")
    SUBSCRIBERS = "subscribers", _("confirmed subscribers of a topic")


class IndicatorSource(models.Model):
    """An indicator of a plan that publishing counts: posts on a channel, or subscribers of a topic."""

    indicator = models.OneToOneField("plans.Indicator", on_delete=models.CASCADE, related_name="publishing_source",
                                     verbose_name=_("indicator"))
    metric = models.CharField(_("counts"), max_length=16, choices=Metric.choices)
    channel = models.ForeignKey(ConnectedChannel, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("channel"))
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("topic"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.indicator_id} ← {self.metric}"

    # Set by the indicators page: the value counted now.
    value: float | None
