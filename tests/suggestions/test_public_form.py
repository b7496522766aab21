"""The public form: anyone sends a suggestion, question or complaint, with a contact only by consent."""

import re
from datetime import timedelta

from django.urls import reverse

from holos import defences
from holos.audit.models import AuditEntry
from holos.suggestions import actions
from holos.suggestions.models import InboxSettings, Source, Status, Suggestion
from tests.suggestions.conftest import SECRET_EMAIL, public_post, started


def _form_url(world):
    return reverse("suggestion_form", args=[world.community.slug])


def test_anyone_gets_the_form_without_javascript(world, client):
    response = client.get(_form_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html
    assert 'name="category"' in html and 'type="radio"' in html
    assert 'name="text"' in html and "<textarea" in html
    assert 'type="email"' in html and 'type="tel"' in html
    assert 'name="consent"' in html
    # Every visible input has a label.
    for field in ("id_text", "id_name", "id_email", "id_phone", "id_consent", "id_category_0", "id_website"):
        assert f'for="{field}"' in html, field
    # The honeypot is out of reach of the keyboard and of screen readers.
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html


def test_the_consent_states_the_retention_period(world, client):
    InboxSettings.objects.create(organization=world.community, retention_days=90)
    html = client.get(_form_url(world)).content.decode()
    assert "90" in html
    assert html.count("90") >= 2  # in the explanation and in the checkbox's label


def test_the_consent_label_is_its_sentence_alone_in_every_language(world, client):
    # Django's Czech forms add a colon after a label ending in a full stop; the sentence has none.
    for language in ("uk", "en", "cs"):
        html = client.get(_form_url(world), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        label = re.search(r'<label for="id_consent">([^<]+)</label>', html)
        assert label is not None, language
        assert label.group(1).rstrip().endswith(".") and not label.group(1).rstrip().endswith(":"), label.group(1)


def test_a_message_without_a_contact_is_received(world, client):
    response = public_post(client, world.community, category="question", text="Коли працює ЦНАП у суботу?")
    assert response.status_code == 302
    assert response["Location"] == reverse("suggestion_thanks", args=[world.community.slug])
    message = Suggestion.objects.get()
    assert message.organization == world.community
    assert (message.category, message.source, message.status) == ("question", Source.WEB, Status.NEW)
    assert message.text == "Коли працює ЦНАП у суботу?"
    assert not message.has_contact and message.consent_at is None and message.contact_expires_at is None
    entry = AuditEntry.objects.get(action="suggestion.web")
    assert entry.actor is None and entry.organization == world.community
    assert "ЦНАП" not in str(entry.after) and "ЦНАП" not in entry.object_repr


def test_a_contact_is_kept_with_consent_until_the_retention_period_ends(world, client):
    InboxSettings.objects.create(organization=world.community, retention_days=30)
    response = public_post(client, world.community, name="Олена", email=SECRET_EMAIL, phone="", consent="on")
    assert response.status_code == 302
    message = Suggestion.objects.get()
    assert (message.name, message.email) == ("Олена", SECRET_EMAIL)
    assert message.consent_at is not None
    assert message.contact_expires_at == message.received_at + timedelta(days=30)
    assert SECRET_EMAIL not in str(list(AuditEntry.objects.values_list("before", "after", "object_repr")))


def test_a_contact_without_consent_is_refused_with_a_reason(world, client):
    for fields in ({"email": SECRET_EMAIL}, {"phone": "+380671234567"}, {"name": "Олена"}):
        response = public_post(client, world.community, **fields)
        assert response.status_code == 422
        html = response.content.decode()
        assert 'id="id_consent_error"' in html
        assert 'role="alert"' in html
        # What the person wrote is kept in the form.
        assert "Поставте лавку біля ЦНАП" in html
    assert not Suggestion.objects.exists()


def test_bad_entries_are_explained_next_to_their_fields(world, client):
    response = public_post(client, world.community, category="", text="", email="not-an-address", phone="12",
                           consent="on")
    assert response.status_code == 422
    html = response.content.decode()
    for field in ("category", "text", "email", "phone"):
        assert f'id="id_{field}_error"' in html, field
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert not Suggestion.objects.exists()


def test_correcting_a_mistake_keeps_the_first_timestamp(world, client):
    token = started(world.community, 20)
    response = public_post(client, world.community, text="", **{defences.STAMP_FIELD: token})
    assert response.status_code == 422
    assert f'value="{token}"' in response.content.decode()


def test_a_form_left_open_too_long_is_shown_again_with_the_text(world, client, settings):
    settings.HOLOS_SUGGESTION_FORM_MAX_AGE = 3600
    response = public_post(client, world.community, seconds_ago=7200, text="Довгий лист")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Довгий лист" in html
    assert 'role="alert"' in html
    assert not Suggestion.objects.exists()
    # The new form carries a fresh timestamp that works.
    assert public_post(client, world.community).status_code == 302


def test_the_thank_you_page(world, client):
    response = client.get(reverse("suggestion_thanks", args=[world.community.slug]))
    assert response.status_code == 200
    assert reverse("public_answers", args=[world.community.slug]) in response.content.decode()


def test_unknown_and_closed_boxes_do_not_exist(world, client):
    assert client.get(reverse("suggestion_form", args=["no-such-place"])).status_code == 404
    assert client.get(reverse("suggestion_thanks", args=["no-such-place"])).status_code == 404
    assert client.get(reverse("public_answers", args=["no-such-place"])).status_code == 404
    actions.save_inbox_settings(actor=None, organization=world.community, accepting=False, retention_days=365)
    assert client.get(_form_url(world)).status_code == 404
    assert public_post(client, world.community).status_code == 404
    assert not Suggestion.objects.exists()


def test_the_form_speaks_the_chosen_language(world, client):
    client.cookies["django_language"] = "en"
    html = client.get(_form_url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in html
    assert "Write to us" in html
