"""The newsletter through a real SMTP server on loopback: who gets what, once, with the right headers."""

import pytest
from django.urls import reverse

from holos.publishing import actions, delivery
from holos.publishing.channels.email import sending
from holos.publishing.models import DeliveryStatus, EmailDelivery, PostStatus, Subscriber, SubscriberStatus
from tests.publishing.conftest import write


def confirmed(world, address, *, language="uk", topics=(), audiences=()):
    subscriber = Subscriber.objects.create(organization=world.community, email=address, language=language,
                                           status=SubscriberStatus.CONFIRMED)
    subscriber.topics.set(topics)
    subscriber.audiences.set(audiences)
    return subscriber


def _started(world, newsletter, count):
    """A post approved and started for ``count`` confirmed subscribers (r0@…), its messages fanned out, none sent."""
    for n in range(count):
        confirmed(world, f"r{n}@example.org")
    post = write(world.community, [newsletter])
    actions.submit_post(actor=world.officer, post=post)
    actions.approve_post(actor=world.admin, post=post)
    actions.start_sending(post_id=post.pk)
    sending.fan_out(post.deliveries.get())
    return post


def test_each_subscriber_gets_one_letter_in_their_language_with_text_and_html(world, newsletter, news, smtp_server,
                                                                              send, settings):
    settings.SITE_URL = "https://hromada.example"
    olena = confirmed(world, "olena@example.org")
    john = confirmed(world, "john@example.org", language="en")
    confirmed(world, "czech@example.org", language="cs")
    Subscriber.objects.create(organization=world.community, email="pending@example.org")
    post = send(write(world.community, [newsletter, news], body="Прийом **щодня**.",
                      extra={"title": {"en": "Opening hours in June"}, "body": {"en": "Open **every day**."}}))
    assert post.status == PostStatus.SENT
    by_address = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_address) == ["czech@example.org", "john@example.org", "olena@example.org"]
    english = by_address["john@example.org"]
    assert english["Subject"] == "Opening hours in June"
    assert by_address["czech@example.org"]["Subject"] == "Графік роботи ЦНАП у червні"  # no Czech version: Ukrainian
    assert english.is_multipart() and [p.get_content_type() for p in english.iter_parts()] == [
        "text/plain", "text/html"]
    text = english.get_body(("plain",)).get_content()
    html = english.get_body(("html",)).get_content()
    assert "Open every day." in text and "<strong>every day</strong>" in html
    unsubscribe = f"https://hromada.example/p/pokrovska/unsubscribe/{john.token}/"
    preferences = f"https://hromada.example/p/pokrovska/subscription/{john.token}/"
    assert english["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text and preferences in text and unsubscribe in html and preferences in html
    assert f"https://hromada.example/p/pokrovska/news/{post.pk}/" in html
    assert olena.token not in english.as_string()
    # No tracking: no image but the post's own, no address that differs per person but the two links.
    assert "<img" not in html
    assert english["Message-ID"] == f"<post-{post.pk}.{john.pk}@hromada.example>"
    rows = EmailDelivery.objects.filter(post=post)
    assert rows.count() == 3 and set(rows.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_topics_and_audiences_choose_who_gets_a_post(world, newsletter, smtp_server, send, topic, other_topic):
    from holos.plans.models import Audience

    idp = Audience.objects.get(organization=world.community, name="ВПО")
    residents = Audience.objects.get(organization=world.community, name="жителі громади")
    confirmed(world, "everything@example.org")
    confirmed(world, "services@example.org", topics=[topic])
    confirmed(world, "roads@example.org", topics=[other_topic])
    confirmed(world, "services-idp@example.org", topics=[topic], audiences=[idp])
    confirmed(world, "services-residents@example.org", topics=[topic], audiences=[residents])
    send(write(world.community, [newsletter], topics=[topic]))
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "everything@example.org", "services-idp@example.org", "services-residents@example.org",
        "services@example.org"]
    smtp_server.messages.clear()
    # Someone who chose no audience belongs to every one; someone who chose others does not get it.
    send(write(world.community, [newsletter], topics=[topic], audiences=[idp], title="Для ВПО"))
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "everything@example.org", "services-idp@example.org", "services@example.org"]


def test_a_refusing_server_is_tried_again_later_and_a_refused_address_fails(world, newsletter, smtp_server, send,
                                                                            settings):
    settings.HOLOS_DELIVERY_RETRY_SECONDS = 60
    confirmed(world, "a@example.org")
    confirmed(world, "b@example.org")
    smtp_server.refuse = 1
    post = send(write(world.community, [newsletter]))
    rows = {r.subscriber.email: r for r in EmailDelivery.objects.filter(post=post).select_related("subscriber")}
    assert sorted(r.status for r in rows.values()) == [DeliveryStatus.RETRY, DeliveryStatus.SENT]
    waiting = next(r for r in rows.values() if r.status == DeliveryStatus.RETRY)
    assert waiting.error.startswith("451")
    channel_row = post.deliveries.get()
    assert channel_row.status == DeliveryStatus.RETRY and channel_row.next_attempt_at == waiting.next_attempt_at
    delivery.deliver_post(post.pk, now=waiting.next_attempt_at)
    assert sorted(m["To"] for m in smtp_server.messages) == ["a@example.org", "b@example.org"]
    post.refresh_from_db()
    assert post.status == PostStatus.SENT and post.deliveries.get().status == DeliveryStatus.SENT


def test_a_worker_that_died_after_marking_sends_nothing_twice(world, newsletter, smtp_server, settings):
    """Rows claimed by a dead worker go to the next; rows it marked sent are never sent again."""
    settings.HOLOS_DELIVERY_LEASE = 0
    post = _started(world, newsletter, 6)
    dead = sending.claim_batch(post.pk, "dead-worker", 4)
    assert len(dead) == 4
    # The dead worker got as far as marking two rows sent (and handing them over), then died.
    letter = sending.letters.prepare(post, "uk", config={}, link="", pictures=[], files=[])
    box = sending.pipeline()
    assert sending.send_batch(box, {"uk": letter}, dead[:2], "dead-worker") == 2
    box.close()
    assert len(smtp_server.messages) == 2
    delivery.deliver_post(post.pk)
    assert sorted(m["To"] for m in smtp_server.messages) == [f"r{n}@example.org" for n in range(6)]
    assert EmailDelivery.objects.filter(post=post, status=DeliveryStatus.SENT).count() == 6


def test_a_message_whose_claim_was_taken_over_is_abandoned_before_its_end(world, newsletter, smtp_server):
    post = _started(world, newsletter, 1)
    [claimed] = sending.claim_batch(post.pk, "slow-worker", 10)
    EmailDelivery.objects.filter(pk=claimed["id"]).update(claim="other-worker")
    letter = sending.letters.prepare(post, "uk", config={}, link="", pictures=[], files=[])
    box = sending.pipeline()
    assert sending.send_batch(box, {"uk": letter}, [claimed], "slow-worker") == 0
    box.close()
    assert smtp_server.messages == [] and smtp_server.attempts == 0
    assert EmailDelivery.objects.get(pk=claimed["id"]).status == DeliveryStatus.SENDING  # the other worker's now


@pytest.mark.parametrize("how", ["one-click", "page"])
def test_unsubscribing_in_one_click_or_from_the_page(world, newsletter, client, how):
    subscriber = confirmed(world, "leaving@example.org")
    url = reverse("unsubscribe", args=[world.community.slug, subscriber.token])
    if how == "one-click":
        response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200
    else:
        page = client.get(url)
        assert page.status_code == 200 and "leaving@example.org" not in page.content.decode()
        assert client.post(url).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert client.post(reverse("unsubscribe", args=[world.community.slug, "no-such-token"])).status_code == 404


def test_many_subscribers_over_several_connections_each_get_one_letter(world, newsletter, smtp_server, send,
                                                                        settings):
    settings.HOLOS_NEWSLETTER_CONNECTIONS = 4
    settings.HOLOS_NEWSLETTER_BATCH = 7
    for n in range(23):
        confirmed(world, f"r{n}@example.org", language=("uk", "en")[n % 2])
    smtp_server.refuse = 2
    post = send(write(world.community, [newsletter]))
    waiting = EmailDelivery.objects.filter(post=post, status=DeliveryStatus.RETRY)
    assert waiting.count() == 2
    delivery.deliver_post(post.pk, now=max(waiting.values_list("next_attempt_at", flat=True)))
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == sorted(f"r{n}@example.org" for n in range(23))
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 23


def test_the_scheduler_leaves_a_newsletter_being_sent_alone_and_resumes_an_abandoned_one(world, newsletter,
                                                                                         smtp_server, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.HOLOS_DELIVERY_LEASE = 60
    post = _started(world, newsletter, 3)
    sending._alive(post.deliveries.get())  # a worker has just started on it, and then died
    sending.claim_batch(post.pk, "dead-worker", 10)
    now = timezone.now()
    assert delivery.run_due(now)["queued"] == []
    assert smtp_server.messages == []
    assert delivery.run_due(now + timedelta(seconds=61))["queued"] == [post.pk]
    assert sorted(m["To"] for m in smtp_server.messages) == ["r0@example.org", "r1@example.org", "r2@example.org"]
    post.refresh_from_db()
    assert post.status == "sent"
