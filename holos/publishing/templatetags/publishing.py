"""Template pieces other pages show: a post's text, the posts of a work item, subscribers, the latest news."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from holos.core.posts import to_html

register = template.Library()


@register.filter
def post_html(text: str) -> str:
    """A post's text as HTML; ``to_html`` escapes everything a person typed."""
    return mark_safe(to_html(text or ""))  # noqa: S308 - built from escaped text only


@register.inclusion_tag("publishing/_work_posts.html")
def work_item_posts(occurrence, membership):
    """The posts written from a work item, and a link to write one, on the work item's page."""
    posts = list(occurrence.posts.order_by("-created_at")) if occurrence is not None else []
    return {"occurrence": occurrence, "membership": membership, "posts": posts}


@register.inclusion_tag("publishing/_subscribers_summary.html")
def subscribers_summary(organization, membership=None):
    """Confirmed subscribers by topic and language, for the organisation's dashboard."""
    from holos.publishing.counts import subscriber_counts
    from holos.publishing.models import ChannelKind, ConnectedChannel

    connected = ConnectedChannel.objects.filter(organization=organization, kind=ChannelKind.EMAIL).exists()
    return {"counts": subscriber_counts(organization) if connected else None, "membership": membership,
            "organization": organization}


@register.inclusion_tag("publishing/public/_news_block.html")
def latest_news(organization, count: int = 5):
    """The newest posts of the news page and the sign-up link, for the organisation's public page."""
    from holos.publishing.models import ChannelKind, ConnectedChannel
    from holos.publishing.public import news_posts

    kinds = set(ConnectedChannel.objects.filter(organization=organization, active=True).values_list("kind",
                                                                                                     flat=True))
    has_news = ChannelKind.NEWS in kinds
    return {"organization": organization, "has_news": has_news, "subscribe": ChannelKind.EMAIL in kinds,
            "posts": list(news_posts(organization)[:count]) if has_news else []}
