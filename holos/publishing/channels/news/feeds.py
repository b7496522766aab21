"""RSS 2.0 and Atom feeds of the news page, of all posts and of each topic (Django's syndication framework)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from holos.core.posts import to_html
from holos.publishing.models import ChannelKind, ConnectedChannel, Topic

ITEMS = 30


class NewsFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request, slug, topic=None):
        from holos.publishing.public import organization_of

        organization = organization_of(slug)
        if not ConnectedChannel.objects.filter(organization=organization, kind=ChannelKind.NEWS).exists():
            raise Http404
        found = None
        if topic is not None:
            found = Topic.objects.filter(organization=organization, pk=topic).first()
            if found is None:
                raise Http404
        return organization, found

    def title(self, obj):
        organization, topic = obj
        if topic is None:
            return _("News of %(name)s") % {"name": organization.name}
        return _("News of %(name)s: %(topic)s") % {"name": organization.name, "topic": topic.name_shown}

    def link(self, obj):
        organization, topic = obj
        url = reverse("news", args=[organization.slug])
        return f"{url}?topic={topic.pk}" if topic else url

    def description(self, obj):
        return self.title(obj)

    def items(self, obj):
        from holos.publishing.public import news_posts

        organization, topic = obj
        found = news_posts(organization)
        if topic is not None:
            found = found.filter(topics=topic)
        return found[:ITEMS]

    def item_title(self, item):
        return str(item.title_shown)

    def item_description(self, item):
        return to_html(item.body_shown)

    def item_link(self, item):
        return reverse("news_item", args=[item.organization.slug, item.pk])

    def item_guid(self, item):
        return settings.SITE_URL + self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.sent_at

    def item_updateddate(self, item):
        return item.sent_at

    def item_categories(self, item):
        return [str(topic.name_shown) for topic in item.topics.all()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


# The views the URL configuration names (a feed is a view once made), the same for all posts and for a topic.
rss = NewsFeed()
atom = AtomNewsFeed()
