"""Tenant isolation for every page of the suggestion box.

The outsider (an administrator of another community) gets 404 everywhere in the first
community's inbox, reading and writing; the viewer reads without contacts and gets 403
for every change; nothing either of them sends changes anything. Signed-out people are
sent to sign in.
"""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.suggestions import actions
from holos.suggestions.models import InboxSettings, Note, Suggestion
from tests.suggestions.conftest import SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, message_with_contact

POSTS = [
    {"form": "show_contact"},
    {"form": "handle", "status": "closed", "unit": ""},
    {"form": "note", "text": "Нотатка"},
    {"form": "answer", "answer": "Відповідь"},
    {"form": "publish", "public_text": "Текст"},
    {"form": "unpublish"},
]


def _setup(world):
    message = message_with_contact(world.community)
    answered = message_with_contact(world.community, text="Друге")
    actions.answer_message(actor=world.officer, suggestion=answered, answer="Готово")
    actions.publish_answer(actor=world.officer, suggestion=answered, public_text="Друге")
    slug = world.community.slug
    read = [
        reverse("inbox", args=[slug]),
        reverse("inbox_item", args=[slug, message.pk]),
        reverse("inbox_item", args=[slug, answered.pk]),
        reverse("inbox_settings", args=[slug]),
    ]
    write = [
        (reverse("inbox_log_call", args=[slug]), {"received_at": "2025-03-10T10:00", "category": "question",
                                                  "text": "Дзвінок"}),
        (reverse("inbox_erase", args=[slug, message.pk]), {"erase_text": "on"}),
        (reverse("inbox_settings", args=[slug]), {"retention_days": "30"}),
    ] + [(reverse("inbox_item", args=[slug, m.pk]), data) for m in (message, answered) for data in POSTS]
    return message, read, write


def _state(world):
    return (
        list(Suggestion.objects.order_by("pk").values()),
        Note.objects.count(),
        AuditEntry.objects.count(),
        InboxSettings.objects.count(),
    )


def test_it_rejects_outsiders_everywhere(world, as_user):
    message, read, write = _setup(world)
    client = as_user(world.outsider)
    before = _state(world)
    for url in read:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    for url, data in write:
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, (url, data)
    assert _state(world) == before


def test_the_outsider_cannot_reach_a_message_through_their_own_organisation(world, as_user):
    message = message_with_contact(world.community)
    client = as_user(world.outsider)
    for name in ("inbox_item", "inbox_erase"):
        url = reverse(name, args=[world.other.slug, message.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"form": "show_contact"}).status_code == 404
    assert not AuditEntry.objects.filter(action="suggestion.contact_shown").exists()
    assert Suggestion.objects.get(pk=message.pk).email == SECRET_EMAIL


def test_the_viewer_reads_but_changes_nothing_and_sees_no_contact(world, as_user):
    message, read, write = _setup(world)
    client = as_user(world.viewer)
    before = _state(world)
    for url in read:
        response = client.get(url)
        assert response.status_code == 200, url
        for secret in (SECRET_EMAIL, SECRET_NAME, SECRET_PHONE):
            assert secret not in response.content.decode(), url
    for url, data in write:
        response = client.post(url, data)
        assert response.status_code == 403, (url, data)
        assert SECRET_EMAIL not in response.content.decode()
    for url in (reverse("inbox_log_call", args=[world.community.slug]),
                reverse("inbox_erase", args=[world.community.slug, message.pk])):
        assert client.get(url).status_code == 403, url
    assert _state(world) == before


def test_signed_out_people_are_sent_to_sign_in(world, client):
    message, read, write = _setup(world)
    for url in read + [url for url, _ in write]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        response = client.post(url, {"form": "show_contact"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert not AuditEntry.objects.filter(action="suggestion.contact_shown").exists()
