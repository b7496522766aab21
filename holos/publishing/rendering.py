"""A post as it goes out on a channel: one language version, its pictures, its files, its link."""

from __future__ import annotations

from holos.publishing.channels.base import Picture, Rendition
from holos.publishing.models import ChannelKind, Post, PublishingSettings


def channel_language(channel, organization) -> str:
    if channel is not None and channel.language:
        return channel.language
    return PublishingSettings.for_organization(organization).languages[0]


def news_link(post: Post) -> str:
    """The post's address on the news page, when the post goes there."""
    if post.channels.filter(kind=ChannelKind.NEWS).exists():
        return post.public_url()
    return ""


def pictures(post: Post, language: str, *, with_data: bool) -> list[Picture]:
    found = []
    for image in post.images.all():
        data = b""
        if with_data:
            with image.file.open("rb") as handle:
                data = handle.read()
        alt = (image.alt or {}).get(language) or str(image.alt_shown)
        found.append(Picture(name=image.file.name.rsplit("/", 1)[-1], content_type=image.content_type, data=data,
                             alt=alt, url=image.public_url()))
    return found


def files(post: Post) -> list[tuple[str, str]]:
    return [(attachment.name, attachment.public_url()) for attachment in post.attachments.all()]


def rendition(post: Post, language: str, *, with_data: bool = True) -> Rendition:
    lang, title, body = post.version(language)
    return Rendition(post_id=post.pk, language=lang, title=title, body=body, link=news_link(post),
                     pictures=pictures(post, lang, with_data=with_data), files=files(post))
