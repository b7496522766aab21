"""Roles and tenants on every publishing page: viewers read, editors write posts, administrators the rest;
another organisation's administrator finds nothing, not even through their own organisation's address."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.publishing.models import ConnectedChannel, Post, PostStatus, Subscriber, Topic
from tests.web.test_every_route_is_isolated import publishing_objects


def _state(world):
    return (list(Post.objects.values_list("title", "status", "revision")),
            list(ConnectedChannel.objects.values_list("name", "config", "sealed_secret")),
            list(Topic.objects.values_list("name", flat=True)), Subscriber.objects.count(),
            AuditEntry.objects.exclude(action="subscriber.list_view").count())


def test_viewers_read_posts_but_change_nothing(world, as_user):
    post, image, post_file, channel, topic, subscriber = publishing_objects(world)
    slug = world.community.slug
    client = as_user(world.viewer)
    for name, args in [("posts", []), ("post", [post.pk]), ("content_calendar", []), ("channels", []),
                       ("topics", []), ("publishing_indicators", []), ("post_image", [post.pk, image.pk]),
                       ("post_file", [post.pk, post_file.pk])]:
        assert client.get(reverse(name, args=[slug, *args])).status_code == 200, name
    before = _state(world)
    writes = [("post_create", []), ("post_edit", [post.pk]), ("post_images", [post.pk]), ("post_files", [post.pk]),
              ("post_review", [post.pk]), ("post_send_again", [post.pk]), ("post_delete", [post.pk]),
              ("channel_connect", ["telegram"]), ("channel_edit", [channel.pk]), ("channel_disconnect", [channel.pk]),
              ("topics", []), ("topic_edit", [topic.pk]), ("publishing_settings", []), ("subscribers", []),
              ("subscribers_import", []), ("subscriber_erase", [subscriber.pk]), ("publishing_indicators", [])]
    for name, args in writes:
        response = client.post(reverse(name, args=[slug, *args]), {
            "title_uk": "змінено", "review": "submit", "delete": "1", "name_uk": "x", "reason": "x", "record": "1",
            "image_action": "remove", "image": image.pk})
        assert response.status_code == 403, name
    assert _state(world) == before
    assert post.status == PostStatus.DRAFT


def test_another_organisations_ids_through_its_own_address_find_nothing(world, as_user):
    post, image, post_file, channel, topic, subscriber = publishing_objects(world)
    slug = world.other.slug
    client = as_user(world.outsider)
    before = _state(world)
    for name, args in [("post", [post.pk]), ("post_edit", [post.pk]), ("post_image", [post.pk, image.pk]),
                       ("post_file", [post.pk, post_file.pk]), ("channel_edit", [channel.pk]),
                       ("topic_edit", [topic.pk]), ("subscriber_erase", [subscriber.pk])]:
        assert client.get(reverse(name, args=[slug, *args])).status_code == 404, name
        assert client.post(reverse(name, args=[slug, *args]), {"delete": "1", "reason": "x"}).status_code == 404, name
    occurrence_url = reverse("post_create", args=[slug]) + "?work=1"
    assert client.get(occurrence_url).status_code == 404
    assert _state(world) == before
    # Public files of the community are not reached through the other community's address either.
    assert client.get(reverse("news_image", args=[slug, post.pk, image.pk])).status_code == 404
