"""The suggestion box: what residents send, the calls staff log, and how each is handled.

A message may carry a name, an email address and a phone number. They are personal
data: kept only with consent, hidden from every page until a member asks to see them
(which is written to the audit log), and erased when the organisation's retention period
ends or when someone asks. Nothing that names the sender is ever copied elsewhere: not
into the audit log, not into ``__str__``, not onto public pages.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from holos.defences import Refusal

DEFAULT_RETENTION_DAYS = 365
MIN_RETENTION_DAYS = 7
MAX_RETENTION_DAYS = 3650


def default_retention_days() -> int:
    return int(settings.HOLOS_SUGGESTION_RETENTION_DAYS)


class Category(models.TextChoices):
    SUGGESTION = "suggestion", _("suggestion")
    QUESTION = "question", _("question")
    COMPLAINT = "complaint", _("complaint")


class Status(models.TextChoices):
    NEW = "new", _("new")
    IN_REVIEW = "in_review", _("in review")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class Source(models.TextChoices):
    WEB = "web", _("public form")
    HOTLINE = "hotline", _("hotline call")


class ErasureReason(models.TextChoices):
    RETENTION = "retention", _("the retention period ended")
    REQUEST = "request", _("on request")


class SuggestionQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)

    def published(self):
        return self.filter(published_at__isnull=False)

    def with_contact(self):
        """Messages that still hold a name, an email address or a phone number."""
        return self.filter(Q(name__gt="") | Q(email__gt="") | Q(phone__gt=""))


class Suggestion(models.Model):
    """A suggestion, question or complaint, sent on the public form or taken on the hotline."""

    organization_path = "organization"  # how access finds its organisation

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("organisation")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.WEB)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    text = models.TextField(_("message"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("logged by"),
    )

    # Personal data: only with consent, erased at contact_expires_at at the latest.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    # The end of the period the sender was told about; a shorter period set later wins.
    contact_expires_at = models.DateTimeField(_("contact kept until"), null=True, blank=True, db_index=True)
    contact_erased_at = models.DateTimeField(_("contact erased"), null=True, blank=True)
    contact_erasure_reason = models.CharField(
        _("why the contact was erased"), max_length=16, choices=ErasureReason.choices, blank=True
    )
    text_erased = models.BooleanField(_("message erased"), default=False)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    unit = models.ForeignKey(
        "plans.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions",
        verbose_name=_("unit"),
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The language the sender wrote in (the public form's), for the answer sent by mail.
    language = models.CharField(_("language"), max_length=8, blank=True)
    answer_mailed_at = models.DateTimeField(_("answer sent by email"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the public page shows of the message: written or checked by staff, so that
    # nothing identifying a person reaches it.
    public_text = models.TextField(_("the message as published"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["organization", "-received_at", "-id"], name="suggestion_inbox"),
            models.Index(fields=["organization", "status", "-received_at"], name="suggestion_inbox_status"),
            models.Index(fields=["organization", "-published_at"], name="suggestion_published"),
        ]

    def __str__(self) -> str:
        # Never the text or the name: this string is kept in the audit log for good.
        return f"#{self.pk} {self.get_category_display()}"

    @property
    def has_contact(self) -> bool:
        return bool(self.name or self.email or self.phone)

    @property
    def can_be_published(self) -> bool:
        return bool(self.answer.strip()) and self.status in (Status.ANSWERED, Status.CLOSED)


class Note(models.Model):
    """An internal note on a message. Never shown outside the organisation."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"note {self.pk} on #{self.suggestion_id}"


class InboxSettings(models.Model):
    """How an organisation's suggestion box works. Without a row, the defaults apply."""

    organization = models.OneToOneField(
        "accounts.Organization", on_delete=models.CASCADE, related_name="inbox_settings"
    )
    accepting = models.BooleanField(
        _("accept messages on the public form"), default=True,
        help_text=_("When off, the public form is not shown; staff can still log hotline calls."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep contacts for this many days"), default=default_retention_days,
        validators=[MinValueValidator(MIN_RETENTION_DAYS), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_("Names, email addresses and phone numbers are erased this many days after a message arrives. "
                    "Residents are told this period on the form."),
    )

    class Meta:
        verbose_name = _("suggestion box settings")
        verbose_name_plural = _("suggestion box settings")

    def __str__(self) -> str:
        return f"inbox settings of {self.organization_id}"

    @classmethod
    def for_organization(cls, organization) -> InboxSettings:
        """The saved settings, or unsaved defaults: reading never writes."""
        found = cls.objects.filter(organization=organization).first()
        return found or cls(organization=organization, retention_days=default_retention_days())

    def contact_expiry(self, received_at):
        return received_at + timedelta(days=self.retention_days)


class RejectedCount(models.Model):
    """How many submissions were turned away, per day and reason; nothing about who sent them."""

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    reason = models.CharField(max_length=16, choices=Refusal.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "day", "reason"], name="one_rejected_count_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.day}: {self.count}"
