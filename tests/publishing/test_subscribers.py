"""Subscribers: the public sign-up with bot defences, double opt-in, preferences, erasure, retention, import,
and the list of addresses that only administrators see, each look written in the audit log."""

import time
from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from holos import defences
from holos.audit.models import AuditEntry
from holos.publishing import actions
from holos.publishing.models import ConsentBasis, SignupRejection, Subscriber, SubscriberStatus


def sign_up(client, organization, *, seconds_ago=30, address="203.0.113.7", **fields):
    data = {"email": "olena@example.org", "language": "uk", "consent": "on",
            defences.STAMP_FIELD: defences.SUBSCRIBE.stamp(organization.pk, now=time.time() - seconds_ago)}
    data.update(fields)
    return client.post(reverse("subscribe", args=[organization.slug]), data, REMOTE_ADDR=address)


def test_sign_up_confirm_by_the_button_in_the_letter(world, newsletter, client, topic,
                                                     django_capture_on_commit_callbacks):
    page = client.get(reverse("subscribe", args=[world.community.slug]))
    assert page.status_code == 200 and "Послуги ЦНАП" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, world.community, topics=[topic.pk])
    assert response["Location"] == reverse("subscribe_thanks", args=[world.community.slug])
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING and list(subscriber.topics.all()) == [topic]
    assert subscriber.consent_basis == ConsentBasis.FORM
    [letter] = mail.outbox
    assert letter.to == ["olena@example.org"]
    confirm = reverse("subscription_confirm", args=[world.community.slug, subscriber.token])
    assert confirm in letter.body and letter.alternatives
    # A mail scanner that opens the link confirms nothing; the person's button does.
    assert client.get(confirm).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    assert client.post(confirm)["Location"] == reverse("subscription", args=[world.community.slug,
                                                                             subscriber.token])
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED and subscriber.consent_at is not None


def test_signing_up_a_known_address_tells_nobody_it_is_known(world, newsletter, client,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_up(client, world.community)
    actions.confirm_subscription(subscriber=Subscriber.objects.get())
    with django_capture_on_commit_callbacks(execute=True):
        second = sign_up(client, world.community, email="OLENA@example.org ")
    assert first["Location"] == second["Location"]
    assert Subscriber.objects.count() == 1 and Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
    assert "subscription/" in mail.outbox[1].body and "confirm" not in mail.outbox[1].body


def test_bots_are_turned_away_with_the_same_page(world, newsletter, client, settings):
    settings.HOLOS_SUBSCRIBE_MIN_SECONDS = 5
    thanks = reverse("subscribe_thanks", args=[world.community.slug])
    assert sign_up(client, world.community, website="http://spam.example")["Location"] == thanks
    assert sign_up(client, world.community, seconds_ago=1)["Location"] == thanks
    assert sign_up(client, world.community, **{defences.STAMP_FIELD: "forged"})["Location"] == thanks
    assert not Subscriber.objects.exists()
    counts = dict(SignupRejection.objects.values_list("reason", "count"))
    assert counts == {"honeypot": 1, "too_fast": 1, "bad_stamp": 1}
    settings.HOLOS_SUBSCRIBE_ADDRESS_LIMIT = 2
    for n in range(3):
        sign_up(client, world.community, email=f"p{n}@example.org")
    assert Subscriber.objects.count() == 2
    assert sign_up(client, world.community, email="other@example.org", address="198.51.100.9")["Location"] == thanks
    assert Subscriber.objects.count() == 3


def test_a_bad_address_keeps_what_was_typed(world, newsletter, client):
    response = sign_up(client, world.community, email="не адреса", consent="")
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="не адреса"' in page and "role=\"alert\"" in page
    assert not Subscriber.objects.exists()


def test_preferences_unsubscribe_and_erasure_from_the_secret_link(world, newsletter, client, topic):
    actions.update_settings(actor=None, organization=world.community, approval_required=True,
                            languages=["uk", "en"], retention_days=30, approvers=[])
    subscriber = Subscriber.objects.create(organization=world.community, email="olena@example.org",
                                           status=SubscriberStatus.CONFIRMED)
    url = reverse("subscription", args=[world.community.slug, subscriber.token])
    page = client.get(url).content.decode()
    assert "olena@example.org" not in page
    assert client.post(url, {"language": "en", "topics": [topic.pk]}).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.language == "en" and list(subscriber.topics.all()) == [topic]
    client.post(url, {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    response = client.post(url, {"action": "erase"})
    assert response.status_code == 200 and not Subscriber.objects.exists()
    entries = AuditEntry.objects.filter(organization=world.community, object_type="subscriber")
    assert "olena@example.org" not in str(list(entries.values_list("object_repr", "before", "after")))
    assert set(entries.values_list("action", flat=True)) >= {"subscriber.preferences", "subscriber.unsubscribe",
                                                             "subscriber.erase"}


def test_unconfirmed_and_unsubscribed_addresses_are_erased_after_the_retention_days(world, newsletter):
    current = actions.update_settings(actor=None, organization=world.community, approval_required=True,
                                      languages=["uk"], retention_days=10, approvers=[])
    now = timezone.now()
    old = now - timedelta(days=11)
    kept = Subscriber.objects.create(organization=world.community, email="kept@example.org",
                                     status=SubscriberStatus.CONFIRMED, created_at=old)
    Subscriber.objects.create(organization=world.community, email="never@example.org", created_at=old)
    Subscriber.objects.create(organization=world.community, email="fresh@example.org", created_at=now)
    Subscriber.objects.create(organization=world.community, email="left@example.org",
                              status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=old)
    assert current.retention_days == 10
    assert actions.erase_expired_subscribers(now=now) == 2
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["fresh@example.org", "kept@example.org"]
    assert kept.pk in Subscriber.objects.values_list("pk", flat=True)
    assert AuditEntry.objects.get(action="subscriber.expired").after == {"count": 2, "days": 10}


def test_an_imported_list_needs_a_consent_basis_kept_with_each_address(world, newsletter, as_user, topic):
    client = as_user(world.admin)
    url = reverse("subscribers_import", args=[world.community.slug])
    csv = "email;language\nolena@example.org;uk\njohn@example.org;en\nне адреса;uk\nOLENA@example.org;uk\n"
    missing = client.post(url, {"file": SimpleUploadedFile("list.csv", csv.encode()), "note": "папка 12"})
    assert missing.status_code == 422 and not Subscriber.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("list.csv", csv.encode()), "basis": "written",
                                 "note": "паперові згоди, папка 12", "topics": [topic.pk]}, follow=True)
    assert response.status_code == 200
    imported = Subscriber.objects.order_by("email")
    assert [(s.email, s.language, s.status, s.consent_basis, s.consent_note) for s in imported] == [
        ("john@example.org", "en", "confirmed", "written", "паперові згоди, папка 12"),
        ("olena@example.org", "uk", "confirmed", "written", "паперові згоди, папка 12")]
    assert "не адреса" in response.content.decode()


def test_only_administrators_see_the_addresses_and_every_look_is_logged(world, newsletter, as_user):
    Subscriber.objects.create(organization=world.community, email="olena@example.org",
                              status=SubscriberStatus.CONFIRMED)
    url = reverse("subscribers", args=[world.community.slug])
    for user in (world.officer, world.viewer, world.unit_head):
        assert as_user(user).get(url).status_code == 403
    assert as_user(world.outsider).get(url).status_code == 404
    page = as_user(world.admin).get(url, {"q": "olena"})
    assert "olena@example.org" in page.content.decode()
    as_user(world.admin).get(url, {"status": "confirmed"})
    looks = AuditEntry.objects.filter(action="subscriber.list_view", organization=world.community)
    assert looks.count() == 2 and looks.filter(actor=world.admin).count() == 2
    assert {"q": "olena", "page": 1} in [entry.after for entry in looks]


def test_addresses_never_reach_public_pages(world, newsletter, news, client, smtp_server, send):
    Subscriber.objects.create(organization=world.community, email="secret.person@example.org",
                              status=SubscriberStatus.CONFIRMED)
    from tests.publishing.conftest import write

    post = send(write(world.community, [news, newsletter]))
    slug = world.community.slug
    for url in (reverse("public_organization", args=[slug]), reverse("news", args=[slug]),
                reverse("news_item", args=[slug, post.pk]), reverse("news_rss", args=[slug]),
                reverse("news_atom", args=[slug]), reverse("subscribe", args=[slug])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "secret.person" not in response.content.decode(), url


def test_staff_can_erase_an_address_on_request(world, newsletter, as_user):
    subscriber = Subscriber.objects.create(organization=world.community, email="olena@example.org")
    url = reverse("subscriber_erase", args=[world.community.slug, subscriber.pk])
    assert as_user(world.officer).post(url, {"reason": "x"}).status_code == 403
    assert as_user(world.admin).post(url, {"reason": "попросила телефоном 3 червня"}).status_code == 302
    assert not Subscriber.objects.exists()
    entry = AuditEntry.objects.get(action="subscriber.erase")
    assert entry.after == {"reason": "попросила телефоном 3 червня"} and entry.actor == world.admin


def test_the_form_offers_the_audiences_the_administrator_chose(world, newsletter, client, as_user):
    from holos.plans.models import Audience

    idp = Audience.objects.get(organization=world.community, name="ВПО")
    url = reverse("subscribe", args=[world.community.slug])
    assert "ВПО" not in client.get(url).content.decode()
    as_user(world.admin).post(reverse("publishing_settings", args=[world.community.slug]), {
        "approval_required": "on", "languages": ["uk", "en"], "retention_days": 30, "audiences": [idp.pk]})
    page = client.get(url).content.decode()
    assert "ВПО" in page and "жителі громади" not in page and 'name="language"' in page
    sign_up(client, world.community, audiences=[idp.pk], language="en")
    subscriber = Subscriber.objects.get()
    assert list(subscriber.audiences.all()) == [idp] and subscriber.language == "en"
