"""Mail that cannot be delivered waits, is given up after the configured time, and is listed for administrators."""

import datetime as dt
import json

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from holos import cli
from holos.audit.models import AuditEntry
from holos.outbox.actions import deliver_due, keep_messages
from holos.outbox.models import Failure, MessageStatus, OutgoingMessage
from holos.scheduler import queue_mail_due


def _keep(world, organization=None, to=None):
    user = world.unit_head
    message = EmailMessage("Holos: 1 activity is due soon", "Ефір", None, [to or user.email],
                           headers={"Auto-Submitted": "auto-generated"})
    [kept] = keep_messages("reminder", [(message, user, [(organization or world.community).pk])])
    return kept


def test_a_message_unsent_for_too_long_is_given_up_and_shown_to_administrators(world, as_user, settings):
    settings.HOLOS_MAIL_GIVE_UP_HOURS = 48
    kept = _keep(world)
    theirs = _keep(world, organization=world.other, to="someone@example.org")
    OutgoingMessage.objects.filter(pk__in=[kept.pk, theirs.pk]).update(
        created_at=timezone.now() - dt.timedelta(hours=49))
    assert deliver_due()["given_up"] == 2
    kept.refresh_from_db()
    assert (kept.status, kept.failure) == (MessageStatus.GIVEN_UP, Failure.EXPIRED)

    page = as_user(world.admin).get(reverse("outbox", args=[world.community.slug])).content.decode()
    assert world.unit_head.email in page and "someone@example.org" not in page
    assert "не вдавалося надіслати надто довго" in page and "expired" not in page and "given_up" not in page
    assert as_user(world.officer).get(reverse("outbox", args=[world.community.slug])).status_code == 403


def test_an_administrator_sends_given_up_mail_again_and_it_is_audited(world, as_user, smtp_server):
    kept = _keep(world)
    OutgoingMessage.objects.filter(pk=kept.pk).update(status=MessageStatus.GIVEN_UP, failure=Failure.UNREACHABLE)
    response = as_user(world.admin).post(reverse("outbox", args=[world.community.slug]), {"message": str(kept.pk)})
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.status == MessageStatus.SENT
    [message] = smtp_server.messages
    assert message["To"] == world.unit_head.email and message["Auto-Submitted"] == "auto-generated"
    entry = AuditEntry.objects.get(action="mail.retry", organization=world.community)
    assert entry.actor == world.admin and entry.after == {"messages": 1}
    page = as_user(world.admin).get(reverse("outbox", args=[world.community.slug])).content.decode()
    assert world.unit_head.email not in page


def test_holos_mail_counts_what_waits(world, capsys):
    _keep(world)
    assert cli.main(["mail", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"waiting": 1, "given_up": 0}


def test_the_scheduler_queues_a_round_when_mail_is_due(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    now = timezone.now()
    assert not queue_mail_due(now)
    kept = _keep(world)
    OutgoingMessage.objects.filter(pk=kept.pk).update(next_attempt_at=now + dt.timedelta(minutes=5))
    assert not queue_mail_due(now)
    assert queue_mail_due(now + dt.timedelta(minutes=6))
    assert [r.task.name for r in default_task_backend.results] == ["deliver_outbox"]
