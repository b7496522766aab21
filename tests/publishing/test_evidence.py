"""A post from a work item closes the loop: the item gets the links as evidence, its publications, and is done;
indicators count posts per channel and subscribers per topic."""

import pytest

from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Indicator
from holos.publishing import actions
from holos.publishing.models import ChannelKind, Subscriber, SubscriberStatus
from holos.work.models import Status
from tests.publishing.conftest import TELEGRAM_TOKEN, connect, write


@pytest.fixture
def occurrence(world):
    activity = Activity.objects.filter(plan=world.plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-06"])
    return activity.occurrences.get()


def test_the_work_item_gets_the_links_and_is_marked_done(world, occurrence, news, telegram, send, settings):
    settings.SITE_URL = "https://hromada.example"
    channel = connect(world.community, ChannelKind.TELEGRAM, config={"chat_id": "@hromada_news"},
                      secret=TELEGRAM_TOKEN)
    post = send(write(world.community, [news, channel], occurrence=occurrence, actor=world.officer))
    occurrence.refresh_from_db()
    assert occurrence.status == Status.DONE and occurrence.done_by == world.officer
    assert occurrence.publications == 2
    links = set(occurrence.attachments.values_list("url", flat=True))
    assert links == {f"https://hromada.example/p/pokrovska/news/{post.pk}/", "https://t.me/hromada_news/100",
                     f"https://hromada.example/o/pokrovska/publishing/posts/{post.pk}/"}


def test_nothing_is_claimed_when_nothing_went_out(world, occurrence, telegram, send):
    channel = connect(world.community, ChannelKind.TELEGRAM, config={"chat_id": "@hromada_news"},
                      secret=TELEGRAM_TOKEN)
    telegram.removed = True
    send(write(world.community, [channel], occurrence=occurrence))
    occurrence.refresh_from_db()
    assert occurrence.status == Status.PLANNED and not occurrence.attachments.exists()


def test_indicators_count_posts_per_channel_and_subscribers_per_topic(world, news, newsletter, send, topic,
                                                                      as_user, smtp_server):
    activity = Activity.objects.filter(plan=world.plan).first()
    posts_indicator = Indicator.objects.create(activity=activity, text="Кількість публікацій на сайті")
    readers_indicator = Indicator.objects.create(activity=activity, text="Підписники теми послуг")
    actions.link_indicator(actor=world.officer, indicator=posts_indicator, metric="posts", channel=news)
    actions.link_indicator(actor=world.officer, indicator=readers_indicator, metric="subscribers", topic=topic)
    for n, topics in enumerate([[topic], [], [topic]]):
        subscriber = Subscriber.objects.create(organization=world.community, email=f"s{n}@example.org",
                                               status=SubscriberStatus.CONFIRMED)
        subscriber.topics.set(topics)
    Subscriber.objects.create(organization=world.community, email="pending@example.org")
    send(write(world.community, [news]))
    send(write(world.community, [news, newsletter], title="Друга"))
    send(write(world.community, [newsletter], title="Лише розсилка"))
    assert posts_indicator.measurements.order_by("-id").first().value == 2.0
    as_user(world.officer).post(f"/o/{world.community.slug}/publishing/indicators/", {"record": "1"})
    assert readers_indicator.measurements.get().value == 3.0  # two chose the topic, one chose everything
