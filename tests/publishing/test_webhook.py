"""A signed webhook: JSON with an HMAC-SHA256 signature, and what each answer of the receiver means."""

import hashlib
import hmac
import json

import pytest

from holos.publishing import delivery
from holos.publishing.models import ChannelKind, Delivery, DeliveryStatus
from tests.publishing.conftest import WEBHOOK_KEY, connect, write


@pytest.fixture
def channel(world, receiver):
    return connect(world.community, ChannelKind.WEBHOOK, name="Сайт ради", config={"url": receiver.url + "/hook"},
                   secret=WEBHOOK_KEY)


def test_the_receiver_gets_the_post_signed_with_the_key(world, channel, receiver, send, topic):
    post = send(write(world.community, [channel], topics=[topic], body="**Увага**: [графік](https://x.ua/g)"))
    [request] = receiver.requests
    signed = request.headers["x-holos-timestamp"].encode() + b"." + request.body
    assert request.headers["x-holos-signature"] == "sha256=" + hmac.new(WEBHOOK_KEY.encode(), signed,
                                                                          hashlib.sha256).hexdigest()
    assert request.headers["x-holos-delivery"] == str(Delivery.objects.get(post=post).pk)
    body = json.loads(request.body)
    assert body["event"] == "post.published" and body["organization"] == "pokrovska"
    assert body["post"]["title"] == "Графік роботи ЦНАП у червні"
    assert body["post"]["html"] == '<p><strong>Увага</strong>: <a href="https://x.ua/g">графік</a></p>'
    assert body["post"]["text"] == "Увага: графік (https://x.ua/g)"
    sent = Delivery.objects.get(post=post)
    assert (sent.remote_id, sent.url) == ("item-1", "https://receiver.example/items/1")


def test_a_wrong_key_is_refused_by_the_receiver_and_not_retried(world, channel, receiver, send):
    receiver.secret = "another-key-that-does-not-match"
    post = send(write(world.community, [channel]))
    failed = Delivery.objects.get(post=post)
    assert (failed.status, failed.problem) == (DeliveryStatus.FAILED, "token")


@pytest.mark.parametrize("status, headers, expected, problem", [
    (429, {"Retry-After": "7"}, DeliveryStatus.RETRY, "busy"),
    (503, {}, DeliveryStatus.RETRY, "busy"),
    (410, {}, DeliveryStatus.FAILED, "target"),
    (422, {}, DeliveryStatus.FAILED, "content"),
])
def test_each_answer_is_retried_or_refused_as_it_says(world, channel, receiver, send, status, headers, expected,
                                                      problem):
    receiver.fail_next(status, {"error": "no"}, headers=headers)
    post = send(write(world.community, [channel]))
    row = Delivery.objects.get(post=post)
    assert (row.status, row.problem) == (expected, problem)
    if status == 429:
        assert 7.5 < (row.next_attempt_at - row.updated_at).total_seconds() < 8.5


def test_backoff_doubles_until_the_attempts_run_out(world, channel, receiver, send, settings):
    settings.HOLOS_DELIVERY_ATTEMPTS = 3
    settings.HOLOS_DELIVERY_RETRY_SECONDS = 60
    receiver.fail_next(500, {"error": "down"}, times=3)
    post = send(write(world.community, [channel]))
    first = Delivery.objects.get(post=post)
    wait = (first.next_attempt_at - first.updated_at).total_seconds()
    assert 54 <= wait <= 66
    delivery.deliver_post(post.pk, now=first.next_attempt_at)
    second = Delivery.objects.get(post=post)
    assert second.attempts == 2 and 108 <= (second.next_attempt_at - first.next_attempt_at).total_seconds() <= 132
    delivery.deliver_post(post.pk, now=second.next_attempt_at)
    last = Delivery.objects.get(post=post)
    assert (last.status, last.problem, last.attempts) == (DeliveryStatus.FAILED, "gave_up", 3)
    assert len(receiver.requests) == 3
