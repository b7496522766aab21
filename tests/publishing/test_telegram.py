"""Posting to a Telegram channel through a stand-in Bot API that answers as Telegram documents."""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from holos.publishing import actions, delivery
from holos.publishing.models import ChannelKind, Delivery, DeliveryStatus, PostStatus
from tests.publishing.conftest import TELEGRAM_TOKEN, connect, write

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def channel(world, telegram):
    return connect(world.community, ChannelKind.TELEGRAM, name="Телеграм-канал", config={"chat_id": "@hromada_news"},
                   secret=TELEGRAM_TOKEN)


def test_a_text_post_goes_out_with_its_message_link(world, channel, telegram, send):
    post = send(write(world.community, [channel], body="Прийом **щодня** з 8:00.\n\n- паспорти\n- [довідки](https://x.ua/d)"))
    assert post.status == PostStatus.SENT
    [request] = telegram.requests
    assert request.path == f"/bot{TELEGRAM_TOKEN}/sendMessage"
    assert request.json["chat_id"] == "@hromada_news" and request.json["parse_mode"] == "HTML"
    text = request.json["text"]
    assert text.startswith("<b>Графік роботи ЦНАП у червні</b>")
    assert "Прийом <b>щодня</b> з 8:00." in text
    assert '• <a href="https://x.ua/d">довідки</a>' in text
    sent = Delivery.objects.get(post=post)
    assert sent.status == DeliveryStatus.SENT
    assert sent.url == "https://t.me/hromada_news/100"


def test_photos_go_as_one_album_with_the_text_as_caption(world, channel, telegram, send):
    post = write(world.community, [channel])
    for n in range(2):
        actions.add_image(actor=world.officer, post=post, upload=SimpleUploadedFile(f"p{n}.png", PNG),
                          alt={"uk": f"Фото {n}"})
    send(post)
    [request] = telegram.requests
    assert request.path.endswith("/sendMediaGroup")
    assert set(request.files) == {"photo0", "photo1"}
    assert request.files["photo0"][2] == PNG
    assert "Графік роботи" in json.loads(request.fields["media"])[0]["caption"]


def test_a_long_text_follows_its_photo_in_messages_of_at_most_4096_characters(world, channel, telegram, send):
    body = "\n\n".join(f"Абзац номер {n}. " + "слово " * 120 for n in range(12))
    post = write(world.community, [channel], body=body)
    actions.add_image(actor=world.officer, post=post, upload=SimpleUploadedFile("p.png", PNG), alt={"uk": "Фото"})
    send(post)
    methods = [r.path.rsplit("/", 1)[-1] for r in telegram.requests]
    assert methods[0] == "sendPhoto" and "caption" not in telegram.requests[0].fields
    assert methods[1:] == ["sendMessage"] * (len(methods) - 1) and len(methods) > 2
    assert all(len(r.json["text"]) <= 4096 for r in telegram.requests[1:])
    assert "".join(r.json["text"] for r in telegram.requests[1:]).count("Абзац номер") == 12


def test_flood_control_is_waited_out_as_long_as_telegram_asks(world, channel, telegram, send):
    telegram.flood(1)
    post = send(write(world.community, [channel]))
    waiting = Delivery.objects.get(post=post)
    assert waiting.status == DeliveryStatus.RETRY and waiting.problem == "busy"
    assert 1.5 < (waiting.next_attempt_at - waiting.updated_at).total_seconds() < 2.5
    assert post.status == PostStatus.SENDING
    delivery.run_due()
    assert len(telegram.requests) == 1, "not tried again before the time Telegram asked for"
    time.sleep(2.1)
    delivery.run_due()
    sent = Delivery.objects.get(post=post)
    assert sent.status == DeliveryStatus.SENT and sent.attempts == 2
    assert len(telegram.requests) == 2


@pytest.mark.parametrize("problem, spoil", [
    ("token", lambda channel, telegram: setattr(telegram, "token", "999:other-token-of-the-same-kind-xxx")),
    ("target", lambda channel, telegram: setattr(telegram, "removed", True)),
    ("target", lambda channel, telegram: channel.__class__.objects.filter(pk=channel.pk).update(
        config={"chat_id": "@no_such_channel"})),
])
def test_a_revoked_token_a_removed_bot_and_a_wrong_chat_fail_without_retrying(world, channel, telegram, send, problem,
                                                                               spoil):
    spoil(channel, telegram)
    post = send(write(world.community, [channel]))
    failed = Delivery.objects.get(post=post)
    assert failed.status == DeliveryStatus.FAILED and failed.problem == problem
    assert failed.error in ("Unauthorized", "Forbidden: bot is not a member of the channel chat",
                            "Bad Request: chat not found")
    assert post.status == PostStatus.SENT  # nothing left to do: the failure waits for a person
    delivery.run_due()
    assert len(telegram.requests) == 1


def test_send_again_retries_only_what_failed(world, channel, telegram, send, news,
                                              django_capture_on_commit_callbacks):
    telegram.removed = True
    post = send(write(world.community, [channel, news]))
    assert {d.channel_kind: d.status for d in post.deliveries.all()} == {"telegram": "failed", "news": "sent"}
    telegram.removed = False
    news_row = post.deliveries.get(channel_kind="news")
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_again(actor=world.officer, post=post) == 1
    assert {d.channel_kind: d.status for d in post.deliveries.all()} == {"telegram": "sent", "news": "sent"}
    assert post.deliveries.get(channel_kind="news").sent_at == news_row.sent_at
    assert len(telegram.requests) == 2
