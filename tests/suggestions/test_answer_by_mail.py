"""A resident who left an email address and agreed to be answered gets the staff's answer by mail."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.suggestions import actions
from holos.suggestions.models import Suggestion
from tests.suggestions.conftest import public_post


def _answer(client, world, message, text, **extra):
    return client.post(reverse("inbox_item", args=[world.community.slug, message.pk]),
                       {"form": "answer", "answer": text, **extra})


def test_the_answer_goes_to_the_sender_in_the_language_they_wrote_in(world, as_user, client, smtp_server,
                                                                     django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "cs"
    public_post(client, world.community, category="question", text="Máte otevřeno v sobotu?",
                email="obyvatel@example.org", consent="on")
    message = Suggestion.objects.get()
    assert message.language == "cs"
    with django_capture_on_commit_callbacks(execute=True):
        _answer(as_user(world.officer), world, message, "Ano, od 9 do 14.", mail="on")
    [mail] = smtp_server.messages
    assert mail["To"] == "obyvatel@example.org"
    assert "Odpověď na vaši zprávu" in mail["Subject"] and world.community.name in mail["Subject"]
    body = mail.get_content()
    assert "Ano, od 9 do 14." in body and "Máte otevřeno v sobotu?" in body
    assert reverse("public_answers", args=[world.community.slug]) in body
    message.refresh_from_db()
    assert message.answer_mailed_at is not None
    entry = AuditEntry.objects.get(action="suggestion.answer_mailed", object_id=message.pk)
    assert "obyvatel@example.org" not in str(entry.after)  # the log keeps when, not to whom


def test_no_mail_without_an_address_or_when_staff_untick_it(world, as_user, smtp_server,
                                                            django_capture_on_commit_callbacks):
    silent = actions.receive_message(organization=world.community, category="question", text="Коли?")
    officer = as_user(world.officer)
    page = officer.get(reverse("inbox_item", args=[world.community.slug, silent.pk])).content.decode()
    assert 'name="mail"' not in page  # nothing to send to, nothing offered
    asked = actions.receive_message(organization=world.community, category="question", text="Де?",
                                    email="a@example.org", consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        _answer(officer, world, silent, "У понеділок.")
        _answer(officer, world, asked, "У ЦНАП.")  # the box left unticked
    assert smtp_server.messages == []
    asked.refresh_from_db()
    assert asked.answer == "У ЦНАП." and asked.answer_mailed_at is None


def test_an_address_erased_before_the_mail_goes_is_not_written_to(world, smtp_server):
    from holos.suggestions.tasks import send_answer

    message = actions.receive_message(organization=world.community, category="question", text="Де?",
                                      email="a@example.org", consent=True)
    message.answer = "У ЦНАП."
    message.save()
    actions.erase_personal_data(actor=None, suggestion=message)
    assert send_answer.call(message.pk) is False
    assert smtp_server.messages == []


def test_a_mail_server_that_fails_once_is_tried_again(world, smtp_server, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from holos.outbox.actions import deliver_due
    from holos.outbox.models import MessageStatus, OutgoingMessage

    smtp_server.refuse = 1
    message = actions.receive_message(organization=world.community, category="question", text="Де?",
                                      email="a@example.org", consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer_message(actor=world.officer, suggestion=message, answer="У ЦНАП.")
    kept = OutgoingMessage.objects.get(to="a@example.org")
    assert smtp_server.attempts == 1 and smtp_server.messages == []
    assert kept.status == MessageStatus.WAITING and kept.kind == "answer"
    deliver_due(now=timezone.now() + timedelta(minutes=2))  # the next try, once its wait is over
    assert smtp_server.attempts == 2 and len(smtp_server.messages) == 1
    assert OutgoingMessage.objects.get(pk=kept.pk).status == MessageStatus.SENT
