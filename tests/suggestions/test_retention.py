"""Contacts are erased when the retention period ends, by a daily task, and the period is set per organisation."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from holos.audit.models import AuditEntry
from holos.suggestions import actions, tasks
from holos.suggestions.models import ErasureReason, InboxSettings, Suggestion
from tests.suggestions.conftest import SECRET_EMAIL, message_with_contact


def _received_days_ago(organization, days, **fields):
    return message_with_contact(organization, received_at=timezone.now() - timedelta(days=days), **fields)


def test_contacts_older_than_the_period_are_erased_and_younger_ones_kept(world):
    InboxSettings.objects.create(organization=world.community, retention_days=30)
    old = _received_days_ago(world.community, 31)
    young = _received_days_ago(world.community, 29)
    other_old = _received_days_ago(world.other, 31)  # the default period (365 days) applies there
    assert actions.erase_expired_contacts() == 1
    old.refresh_from_db()
    young.refresh_from_db()
    other_old.refresh_from_db()
    assert (old.name, old.email, old.phone) == ("", "", "")
    assert old.contact_erasure_reason == ErasureReason.RETENTION and old.contact_erased_at is not None
    assert old.text == "Довго чекала в черзі" and old.category == "complaint"
    assert young.email == SECRET_EMAIL and other_old.email == SECRET_EMAIL
    entry = AuditEntry.objects.get(action="suggestion.contacts_expired")
    assert entry.organization == world.community and entry.actor is None and entry.after["count"] == 1
    assert SECRET_EMAIL not in str(entry.after)
    # Running again finds nothing more.
    assert actions.erase_expired_contacts() == 0


def test_the_default_period_comes_from_settings(world, settings):
    settings.HOLOS_SUGGESTION_RETENTION_DAYS = 10
    message = _received_days_ago(world.community, 11)
    assert message.contact_expires_at == message.received_at + timedelta(days=10)
    assert actions.erase_expired_contacts() == 1


def test_a_shorter_period_applies_to_contacts_already_kept(world):
    message = _received_days_ago(world.community, 40)  # promised 365 days
    assert actions.erase_expired_contacts() == 0
    actions.save_inbox_settings(actor=world.admin, organization=world.community, accepting=True, retention_days=30)
    assert actions.erase_expired_contacts() == 1
    message.refresh_from_db()
    assert not message.has_contact


def test_a_longer_period_does_not_keep_a_contact_longer_than_promised(world):
    InboxSettings.objects.create(organization=world.community, retention_days=30)
    message = _received_days_ago(world.community, 20)  # told: 30 days
    actions.save_inbox_settings(actor=world.admin, organization=world.community, accepting=True, retention_days=365)
    assert actions.erase_expired_contacts(now=timezone.now() + timedelta(days=11)) == 1
    message.refresh_from_db()
    assert not message.has_contact


def test_the_daily_task_runs_through_the_tasks_api(world):
    _received_days_ago(world.community, 400)
    result = tasks.erase_expired_contacts.enqueue()
    assert result.return_value == 1
    _received_days_ago(world.community, 400)
    assert tasks.erase_expired_contacts.call() == 1
    assert not Suggestion.objects.with_contact().exists()


def test_the_item_page_says_when_the_contact_goes(world, as_user):
    InboxSettings.objects.create(organization=world.community, retention_days=30)
    message = message_with_contact(world.community)
    client = as_user(world.officer)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("inbox_item", args=[world.community.slug, message.pk])).content.decode()
    assert "It will be erased on" in html


def test_only_an_administrator_changes_the_settings(world, as_user):
    url = reverse("inbox_settings", args=[world.community.slug])
    for user in (world.officer, world.unit_head, world.viewer):
        client = as_user(user)
        assert client.get(url).status_code == 200
        assert client.post(url, {"accepting": "on", "retention_days": "30"}).status_code == 403
    assert not InboxSettings.objects.exists()
    client = as_user(world.admin)
    assert client.post(url, {"accepting": "on", "retention_days": "3"}).status_code == 422
    response = client.post(url, {"retention_days": "90"})
    assert response.status_code == 302
    saved = InboxSettings.objects.get(organization=world.community)
    assert (saved.accepting, saved.retention_days) == (False, 90)
    entry = AuditEntry.objects.get(action="suggestion.settings")
    assert entry.before == {"accepting": True, "retention_days": 365}
    assert entry.after == {"accepting": False, "retention_days": 90}
