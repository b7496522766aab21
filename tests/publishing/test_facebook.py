"""Posting to a Facebook page through a stand-in Graph API."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from holos.publishing import actions
from holos.publishing.models import ChannelKind, Delivery, DeliveryStatus
from tests.publishing.conftest import PAGE_ID, PAGE_TOKEN, connect, write

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def channel(world, graph):
    return connect(world.community, ChannelKind.FACEBOOK, name="Сторінка громади", config={"page_id": PAGE_ID},
                   secret=PAGE_TOKEN)


def test_text_goes_to_the_page_feed_with_the_news_link(world, channel, graph, news, send, settings):
    settings.SITE_URL = "https://hromada.example"
    post = send(write(world.community, [channel, news]))
    [request] = graph.requests
    assert request.path == f"/v21.0/{PAGE_ID}/feed"
    assert request.fields["access_token"] == PAGE_TOKEN
    assert request.fields["message"] == "Графік роботи ЦНАП у червні\n\nЦНАП працює щодня."
    assert request.fields["link"] == f"https://hromada.example/p/pokrovska/news/{post.pk}/"
    sent = Delivery.objects.get(post=post, channel=channel)
    assert sent.url == f"https://www.facebook.com/{PAGE_ID}_900"


def test_one_photo_is_a_photo_post_and_several_are_attached_to_one_feed_post(world, channel, graph, send):
    post = write(world.community, [channel])
    actions.add_image(actor=world.officer, post=post, upload=SimpleUploadedFile("a.png", PNG), alt={"uk": "Перше"})
    send(post)
    assert graph.requests[0].path.endswith("/photos") and graph.requests[0].files["source"][2] == PNG
    assert Delivery.objects.get(post=post).url == f"https://www.facebook.com/{PAGE_ID}_900"
    second = write(world.community, [channel], title="Два фото")
    for name in ("a.png", "b.png"):
        actions.add_image(actor=world.officer, post=second, upload=SimpleUploadedFile(name, PNG), alt={"uk": name})
    send(second)
    uploads, feed = graph.requests[1:3], graph.requests[3]
    assert [r.fields["published"] for r in uploads] == ["false", "false"]
    assert feed.path.endswith("/feed")
    assert [json.loads(feed.fields[f"attached_media[{n}]"])["media_fbid"] for n in range(2)] == ["901", "902"]


def test_a_revoked_token_a_missing_permission_and_a_wrong_page_are_refused(world, channel, graph, send):
    graph.revoked = True
    post = send(write(world.community, [channel]))
    failed = Delivery.objects.get(post=post)
    assert (failed.status, failed.problem) == (DeliveryStatus.FAILED, "token")
    assert "Error validating access token" in failed.error
    graph.revoked = False
    graph.forbid()
    post = send(write(world.community, [channel], title="Друга"))
    assert Delivery.objects.get(post=post).problem == "token"
    channel.__class__.objects.filter(pk=channel.pk).update(config={"page_id": "111111"})
    post = send(write(world.community, [channel], title="Третя"))
    failed = Delivery.objects.get(post=post)
    assert failed.problem == "target" and "(#100)" in failed.error


def test_a_page_rate_limit_waits_as_long_as_the_usage_header_says(world, channel, graph, send):
    graph.throttle(minutes=3)
    post = send(write(world.community, [channel]))
    waiting = Delivery.objects.get(post=post)
    assert waiting.status == DeliveryStatus.RETRY
    assert 180 <= (waiting.next_attempt_at - waiting.updated_at).total_seconds() <= 182
