"""Publishing's work in the task worker: sending posts, confirmation mail, erasing expired addresses."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from holos.publishing import actions, delivery
from holos.publishing.models import Subscriber, SubscriberStatus


@task()
def deliver_post(post_id: int, now: str | None = None) -> None:
    """Send a post to its channels; safe to run twice at once (every delivery is claimed first).

    ``now`` (ISO time) is the moment the scheduler found the work due; a worker that picks the
    task up later runs at its own present, whichever is later.
    """
    moment = timezone.now()
    if now:
        moment = max(moment, datetime.fromisoformat(now))
    delivery.deliver_post(post_id, now=moment)


@task()
def send_confirmation(subscriber_id: int) -> None:
    """The mail that asks a new subscriber to confirm their address (or, once confirmed, gives its link)."""
    subscriber = Subscriber.objects.select_related("organization").filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return
    organization = subscriber.organization
    confirmed = subscriber.status == SubscriberStatus.CONFIRMED
    with translation.override(subscriber.language or settings.LANGUAGE_CODE):
        context = {
            "organization": organization, "confirmed": confirmed,
            "confirm_url": settings.SITE_URL + reverse("subscription_confirm",
                                                       args=[organization.slug, subscriber.token]),
            "preferences_url": settings.SITE_URL + reverse("subscription", args=[organization.slug, subscriber.token]),
            "days": settings.HOLOS_SIGNUP_CONFIRM_DAYS,
        }
        subject = render_to_string("publishing/email/confirm_subject.txt", context).strip()
        text = render_to_string("publishing/email/confirm.txt", context)
        html = render_to_string("publishing/email/confirm.html", context)
    message = EmailMultiAlternatives(subject, text, None, [subscriber.email])
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def erase_expired_subscribers() -> int:
    """Erase addresses never confirmed or unsubscribed longer ago than kept (run once a day)."""
    return actions.erase_expired_subscribers()
