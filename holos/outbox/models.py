"""Mail waiting to go out: kept until the mail server has taken it, or it is given up."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    WAITING = "waiting", _("waiting to be sent")
    SENT = "sent", _("sent")
    GIVEN_UP = "given_up", _("given up")


class Failure(models.TextChoices):
    """Why the last try failed, in words a person reads (the server's own answer is logged)."""

    UNREACHABLE = "unreachable", _("the mail server could not be reached")
    DEFERRED = "deferred", _("the mail server asked to try again later")
    RECIPIENT = "recipient", _("the mail server refused the address")
    REFUSED = "refused", _("the mail server refused the message")
    EXPIRED = "expired", _("it could not be sent for too long")


class OutgoingMessageQuerySet(models.QuerySet):
    def undelivered(self):
        return self.exclude(status=MessageStatus.SENT)

    def due(self, now):
        return self.filter(status=MessageStatus.WAITING, next_attempt_at__lte=now)

    def for_organization(self, organization):
        return self.filter(organizations=organization)


class OutgoingMessage(models.Model):
    """One message to one person (a reminder, a digest), written when its day's run happened."""

    kind = models.CharField(max_length=20)  # "reminder", "digest": for the list of undelivered mail
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    organizations = models.ManyToManyField("accounts.Organization", related_name="+", blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    failure = models.CharField(max_length=12, choices=Failure.choices, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}"
