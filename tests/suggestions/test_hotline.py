"""Staff log hotline calls: the date and time of the call, what was said, a contact only with consent."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.suggestions.models import Source, Suggestion
from tests.suggestions.conftest import SECRET_PHONE


def _url(world):
    return reverse("inbox_log_call", args=[world.community.slug])


def test_editors_admins_and_executors_log_calls(world, as_user):
    for n, user in enumerate((world.admin, world.officer, world.unit_head)):
        client = as_user(user)
        assert client.get(_url(world)).status_code == 200
        response = client.post(_url(world), {"received_at": f"2025-03-0{n + 1}T09:30", "category": "question",
                                             "text": f"Дзвінок {n}"})
        message = Suggestion.objects.get(text=f"Дзвінок {n}")
        assert response.status_code == 302
        assert response["Location"] == reverse("inbox_item", args=[world.community.slug, message.pk])
        assert message.source == Source.HOTLINE and message.logged_by == user
        assert AuditEntry.objects.filter(action="suggestion.hotline", object_id=message.pk, actor=user).exists()


def test_the_time_of_the_call_is_read_in_the_organisations_time_zone(world, as_user):
    world.community.time_zone = "Europe/Prague"
    world.community.save()
    as_user(world.officer).post(_url(world), {"received_at": "2025-03-10T14:05", "category": "complaint",
                                              "text": "Скарга телефоном"})
    message = Suggestion.objects.get()
    assert message.received_at == datetime(2025, 3, 10, 14, 5, tzinfo=ZoneInfo("Europe/Prague"))


def test_a_callers_contact_needs_their_consent(world, as_user):
    client = as_user(world.officer)
    data = {"received_at": "2025-03-10T14:05", "category": "complaint", "text": "Прохання передзвонити",
            "name": "Петро", "phone": SECRET_PHONE}
    response = client.post(_url(world), data)
    assert response.status_code == 422 and 'id="id_consent_error"' in response.content.decode()
    assert not Suggestion.objects.exists()
    assert client.post(_url(world), {**data, "consent": "on"}).status_code == 302
    message = Suggestion.objects.get()
    assert (message.name, message.phone) == ("Петро", SECRET_PHONE) and message.consent_at is not None


def test_the_viewer_cannot_log_a_call(world, as_user):
    client = as_user(world.viewer)
    assert client.get(_url(world)).status_code == 403
    response = client.post(_url(world), {"received_at": "2025-03-10T14:05", "category": "question", "text": "x"})
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


def test_a_call_cannot_be_logged_in_the_future(world, as_user):
    response = as_user(world.officer).post(_url(world), {"received_at": "2999-01-01T10:00", "category": "question",
                                                         "text": "Дзвінок з майбутнього"})
    assert response.status_code == 422 and 'id="id_received_at_error"' in response.content.decode()
    assert not Suggestion.objects.exists()
