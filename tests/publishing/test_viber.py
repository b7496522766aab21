"""Posting to a Viber channel through a stand-in of the Channels post API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from holos.publishing import actions
from holos.publishing.models import ChannelKind, Delivery, DeliveryStatus
from tests.publishing.conftest import VIBER_SENDER, VIBER_TOKEN, connect, write

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def channel(world, viber):
    return connect(world.community, ChannelKind.VIBER, name="Вайбер-канал",
                   config={"sender_id": VIBER_SENDER, "public_link": "https://invite.viber.com/?g2=AQB"},
                   secret=VIBER_TOKEN)


def test_a_post_goes_out_as_the_channel_administrator_with_its_token(world, channel, viber, send):
    post = send(write(world.community, [channel], body="Прийом з 8:00.\n\n[Розклад](https://x.ua/r)"))
    [request] = viber.requests
    assert request.path == "/pa/post"
    assert request.headers["x-viber-auth-token"] == VIBER_TOKEN
    assert request.json["from"] == VIBER_SENDER and request.json["type"] == "text"
    assert request.json["text"] == "Графік роботи ЦНАП у червні\n\nПрийом з 8:00.\n\nРозклад (https://x.ua/r)"
    sent = Delivery.objects.get(post=post)
    assert sent.status == DeliveryStatus.SENT
    assert sent.remote_id == "5741311803571721087"
    assert sent.url == "https://invite.viber.com/?g2=AQB"


def test_a_picture_is_sent_by_its_public_address_with_the_text(world, channel, viber, send, settings):
    settings.SITE_URL = "https://hromada.example"
    post = write(world.community, [channel])
    image = actions.add_image(actor=world.officer, post=post, upload=SimpleUploadedFile("p.png", PNG),
                              alt={"uk": "Черга в ЦНАП"})
    send(post)
    [request] = viber.requests
    assert request.json["type"] == "picture"
    assert request.json["media"] == f"https://hromada.example/p/pokrovska/news/{post.pk}/images/{image.pk}/"
    assert request.json["text"].startswith("Графік роботи ЦНАП у червні")


def test_a_wrong_token_fails_and_too_many_requests_waits(world, channel, viber, send):
    viber.fail_next(200, {"status": 12, "status_message": "tooManyRequests"})
    post = send(write(world.community, [channel]))
    assert Delivery.objects.get(post=post).status == DeliveryStatus.RETRY
    viber.token = "another"
    post = send(write(world.community, [channel], title="Друга новина"))
    failed = Delivery.objects.get(post=post)
    assert failed.status == DeliveryStatus.FAILED and failed.problem == "token"
    assert failed.error == "invalidAuthToken"


def test_a_revoked_token_answered_with_http_401_is_refused(world, channel, viber, send):
    viber.fail_next(401, {"status": 2, "status_message": "invalidAuthToken"})
    post = send(write(world.community, [channel]))
    assert Delivery.objects.get(post=post).problem == "token"
