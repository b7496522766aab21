"""What publishing counts: posts per channel, subscribers per topic and language, messages per post."""

from __future__ import annotations

from django.db.models import Count, Q

from holos.publishing.models import (
    DeliveryStatus,
    EmailDelivery,
    IndicatorSource,
    Metric,
    Post,
    Subscriber,
    SubscriberStatus,
    Topic,
)


def posts_sent(organization, *, channel=None, start=None, end=None) -> int:
    """Posts that went out on a channel (or on any), optionally within dates (the plan's period)."""
    posts = Post.objects.filter(organization=organization, deliveries__status=DeliveryStatus.SENT)
    if channel is not None:
        posts = posts.filter(deliveries__channel=channel)
    if start is not None:
        posts = posts.filter(deliveries__sent_at__date__gte=start)
    if end is not None:
        posts = posts.filter(deliveries__sent_at__date__lte=end)
    return posts.distinct().count()


def subscribers_of(organization, *, topic=None) -> int:
    """Confirmed subscribers; of a topic, those who chose it or chose no topic (they get everything)."""
    subscribers = Subscriber.objects.filter(organization=organization, status=SubscriberStatus.CONFIRMED)
    if topic is not None:
        subscribers = subscribers.filter(Q(topics=topic) | Q(topics__isnull=True))
    return subscribers.distinct().count()


def indicator_value(source: IndicatorSource) -> float:
    organization = source.indicator.owning_plan.organization
    if source.metric == Metric.POSTS:
        return float(posts_sent(organization, channel=source.channel))
    return float(subscribers_of(organization, topic=source.topic))


def subscriber_counts(organization) -> dict:
    """Confirmed subscribers in all, by topic and by language, for the dashboard and ``holos subscribers``."""
    confirmed = Subscriber.objects.filter(organization=organization, status=SubscriberStatus.CONFIRMED)
    by_status = dict(Subscriber.objects.filter(organization=organization).values_list("status").annotate(
        n=Count("pk")).values_list("status", "n"))
    everything = confirmed.filter(topics__isnull=True).count()
    topics = Topic.objects.filter(organization=organization).annotate(
        n=Count("subscribers", filter=Q(subscribers__status=SubscriberStatus.CONFIRMED)))
    return {
        "confirmed": by_status.get(SubscriberStatus.CONFIRMED, 0),
        "pending": by_status.get(SubscriberStatus.PENDING, 0),
        "unsubscribed": by_status.get(SubscriberStatus.UNSUBSCRIBED, 0),
        "all_topics": everything,
        "topics": [(topic, topic.n) for topic in topics],
        "languages": sorted(confirmed.values_list("language").annotate(n=Count("pk")).values_list("language", "n"),
                            key=lambda pair: -pair[1]),
    }


def message_counts(post: Post) -> dict[str, int]:
    """The newsletter's messages of a post by status."""
    rows = EmailDelivery.objects.filter(post=post).values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows.values_list("status", "n")}
