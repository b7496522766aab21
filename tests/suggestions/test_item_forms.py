"""Each form of a message's page is sent to an address of its own, and each keeps the roles."""

import pytest
from django.urls import reverse

from holos.suggestions import actions
from holos.suggestions.models import Note, Status

from .conftest import SECRET_PHONE, message_with_contact

FORMS = {
    "inbox_contact": {},
    "inbox_handle": {"status": "in_review", "unit": ""},
    "inbox_note": {"text": "Передзвонити в понеділок"},
    "inbox_answer": {"answer": "Пандус поставлять у травні."},
    "inbox_publish": {"public_text": "Просили пандус біля входу"},
    "inbox_unpublish": {},
}


def _url(world, name, message):
    return reverse(name, args=[world.community.slug, message.pk])


def test_the_page_sends_each_form_to_its_own_address(world, as_user):
    message = message_with_contact(world.community)
    actions.answer_message(actor=world.officer, suggestion=message, answer="Так", mail=False)
    actions.publish_answer(actor=world.officer, suggestion=message, public_text="Текст")
    html = as_user(world.officer).get(reverse("inbox_item", args=[world.community.slug, message.pk])).content.decode()
    for name in FORMS:
        assert f'action="{_url(world, name, message)}"' in html, name
    assert 'name="form"' not in html


def test_each_address_does_its_one_thing(world, as_user):
    message = message_with_contact(world.community)
    client = as_user(world.officer)
    shown = client.post(_url(world, "inbox_contact", message))
    assert shown.status_code == 200 and SECRET_PHONE in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert client.post(_url(world, "inbox_handle", message), FORMS["inbox_handle"]).status_code == 302
    assert client.post(_url(world, "inbox_note", message), FORMS["inbox_note"]).status_code == 302
    assert client.post(_url(world, "inbox_answer", message), FORMS["inbox_answer"]).status_code == 302
    assert client.post(_url(world, "inbox_publish", message), FORMS["inbox_publish"]).status_code == 302
    message.refresh_from_db()
    assert message.status == Status.ANSWERED and message.published_at is not None
    assert Note.objects.get(suggestion=message).text == "Передзвонити в понеділок"
    assert client.post(_url(world, "inbox_unpublish", message)).status_code == 302
    message.refresh_from_db()
    assert message.published_at is None


def test_a_form_with_mistakes_is_shown_again_with_what_was_typed(world, as_user):
    message = message_with_contact(world.community)
    response = as_user(world.officer).post(_url(world, "inbox_note", message), {"text": "x" * 5001})
    assert response.status_code == 422
    assert "x" * 5001 in response.content.decode()
    assert not Note.objects.exists()


@pytest.mark.parametrize("name", FORMS)
def test_the_form_addresses_take_only_a_sent_form(world, as_user, name):
    message = message_with_contact(world.community)
    assert as_user(world.officer).get(_url(world, name, message)).status_code == 405


@pytest.mark.parametrize("name", FORMS)
def test_a_viewer_is_refused_at_every_form_address(world, as_user, name):
    message = message_with_contact(world.community)
    client = as_user(world.viewer)
    assert client.post(_url(world, name, message), FORMS[name]).status_code == 403
    message.refresh_from_db()
    assert (message.status, message.answer, message.published_at) == (Status.NEW, "", None)
    assert not Note.objects.exists()


def test_an_executor_may_handle_but_not_publish(world, as_user):
    message = message_with_contact(world.community)
    actions.answer_message(actor=world.officer, suggestion=message, answer="Так", mail=False)
    client = as_user(world.unit_head)
    assert client.post(_url(world, "inbox_note", message), FORMS["inbox_note"]).status_code == 302
    assert client.post(_url(world, "inbox_publish", message), FORMS["inbox_publish"]).status_code == 403
    message.refresh_from_db()
    assert message.published_at is None


def test_the_history_names_each_change_as_the_audit_log_does(world, as_user):
    from django.utils import translation

    from holos.audit.labels import ACTION_LABELS

    message = message_with_contact(world.community)
    client = as_user(world.officer)
    client.post(_url(world, "inbox_contact", message))
    client.post(_url(world, "inbox_answer", message), FORMS["inbox_answer"])
    html = client.get(reverse("inbox_item", args=[world.community.slug, message.pk])).content.decode()
    history = html.split('class="history"')[-1] if 'class="history"' in html else html
    with translation.override("uk"):
        answered = str(ACTION_LABELS["suggestion.answer"])
        shown = str(ACTION_LABELS["suggestion.contact_shown"])
    assert answered in history
    assert f"<strong>{shown}</strong>" in history  # a look at personal data stands out
    assert "suggestion.answer" not in html and "suggestion.contact_shown" not in html
