"""Contacts are hidden until a member asks; every showing and every erasure is audited."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.suggestions import actions
from holos.suggestions.models import ErasureReason, Suggestion
from tests.suggestions.conftest import SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, message_with_contact

SECRETS = (SECRET_EMAIL, SECRET_NAME, SECRET_PHONE)


def _item(world, message):
    return reverse("inbox_item", args=[world.community.slug, message.pk])


def _audit_text():
    return str(list(AuditEntry.objects.values_list("before", "after", "object_repr")))


def test_the_item_page_hides_the_contact_until_asked(world, as_user):
    message = message_with_contact(world.community)
    html = as_user(world.officer).get(_item(world, message)).content.decode()
    for secret in SECRETS:
        assert secret not in html
    assert '/contact/"' in html
    assert not AuditEntry.objects.filter(action="suggestion.contact_shown").exists()


def test_showing_the_contact_records_who_looked(world, as_user):
    message = message_with_contact(world.community)
    for user in (world.unit_head, world.officer):
        response = as_user(user).post(_item(world, message), {"form": "show_contact"})
        assert response.status_code == 200
        html = response.content.decode()
        for secret in SECRETS:
            assert secret in html
        assert f"mailto:{SECRET_EMAIL}" in html
        assert "no-store" in response["Cache-Control"]
    entries = AuditEntry.objects.filter(action="suggestion.contact_shown", object_id=message.pk).order_by("id")
    assert [e.actor for e in entries] == [world.unit_head, world.officer]
    assert all(e.organization == world.community for e in entries)
    assert entries[0].after == {"fields": ["name", "email", "phone"]}
    # The log says who looked, never what they saw.
    for secret in SECRETS:
        assert secret not in _audit_text()
    # Showing it does not stick: the next visit hides the contact again.
    html = as_user(world.officer).get(_item(world, message)).content.decode()
    assert SECRET_EMAIL not in html


def test_the_viewer_can_neither_see_nor_reveal_a_contact(world, as_user):
    message = message_with_contact(world.community)
    client = as_user(world.viewer)
    html = client.get(_item(world, message)).content.decode()
    assert '/contact/"' not in html
    response = client.post(_item(world, message), {"form": "show_contact"})
    assert response.status_code == 403
    for secret in SECRETS:
        assert secret not in response.content.decode()
    assert not AuditEntry.objects.filter(action="suggestion.contact_shown").exists()


def test_erasure_on_request(world, as_user):
    message = message_with_contact(world.community)
    client = as_user(world.officer)
    page = client.get(reverse("inbox_erase", args=[world.community.slug, message.pk]))
    assert page.status_code == 200
    for secret in SECRETS:
        assert secret not in page.content.decode()
    response = client.post(reverse("inbox_erase", args=[world.community.slug, message.pk]))
    assert response.status_code == 302 and response["Location"] == _item(world, message)
    message.refresh_from_db()
    assert (message.name, message.email, message.phone) == ("", "", "")
    assert message.contact_erased_at is not None and message.contact_erasure_reason == ErasureReason.REQUEST
    assert message.contact_expires_at is None
    assert message.text == "Довго чекала в черзі"  # the text stays unless asked
    entry = AuditEntry.objects.get(action="suggestion.erase")
    assert entry.actor == world.officer and entry.after["erased"] == ["name", "email", "phone"]
    for secret in SECRETS:
        assert secret not in _audit_text()
    # Nothing is left to show.
    html = client.get(_item(world, message)).content.decode()
    assert '/contact/"' not in html


def test_erasing_the_text_too(world, as_user):
    message = message_with_contact(world.community, text="Мене звати Олена, живу на вул. Шевченка 5")
    actions.answer_message(actor=world.officer, suggestion=message, answer="Відповіли телефоном")
    as_user(world.admin).post(reverse("inbox_erase", args=[world.community.slug, message.pk]), {"erase_text": "on"})
    message.refresh_from_db()
    assert message.text_erased and "Шевченка" not in message.text
    assert message.answer == "Відповіли телефоном" and message.status == "answered"
    assert "Шевченка" not in _audit_text()


def test_the_text_of_a_message_never_reaches_the_audit_log(world, client):
    actions.receive_message(organization=world.community, category="complaint", text="ТАЄМНИЙ ТЕКСТ",
                            name=SECRET_NAME, email=SECRET_EMAIL, consent=True)
    assert "ТАЄМНИЙ" not in _audit_text()
    for secret in SECRETS:
        assert secret not in _audit_text()


def test_a_contact_passed_without_consent_is_not_kept(world):
    message = actions.receive_message(organization=world.community, category="question", text="Питання",
                                      email=SECRET_EMAIL, consent=False)
    assert not Suggestion.objects.get(pk=message.pk).has_contact
