"""``holos posts``, ``holos subscribers`` and the demo's publishing, as a person at a terminal uses them."""

import json

from holos.cli import main
from holos.publishing.models import ChannelKind, PostStatus, Subscriber, SubscriberStatus
from tests.publishing.conftest import TELEGRAM_TOKEN, connect, write


def test_posts_lists_status_channels_and_delivery_counts(world, news, newsletter, telegram, send, smtp_server,
                                                         capsys):
    Subscriber.objects.create(organization=world.community, email="a@example.org", status=SubscriberStatus.CONFIRMED)
    channel = connect(world.community, ChannelKind.TELEGRAM, name="Телеграм", config={"chat_id": "@hromada_news"},
                      secret=TELEGRAM_TOKEN)
    telegram.removed = True
    sent = send(write(world.community, [news, newsletter, channel]))
    draft = write(world.community, [news], title="Чернетка")
    write(world.other, [], title="Чужа")
    assert main(["posts", "--json", "--org", "pokrovska"]) == 0
    rows = {row["id"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert set(rows) == {sent.pk, draft.pk}
    row = rows[sent.pk]
    assert row["status"] == PostStatus.SENT and row["counts"] == {"sent": 2, "failed": 1, "waiting": 0}
    assert {d["kind"]: d["status"] for d in row["deliveries"]} == {"news": "sent", "email": "sent",
                                                                    "telegram": "failed"}
    assert next(d for d in row["deliveries"] if d["kind"] == "telegram")["problem"] == "target"
    assert row["messages"]["sent"] == 1
    assert rows[draft.pk]["status"] == "draft" and rows[draft.pk]["deliveries"] == []
    assert main(["posts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and any("sent=2 failed=1 waiting=0" in line for line in lines)


def test_subscribers_counts_by_topic_without_addresses(world, newsletter, topic, capsys):
    for n, topics in enumerate([[topic], [], [topic]]):
        subscriber = Subscriber.objects.create(organization=world.community, email=f"s{n}@example.org",
                                               status=SubscriberStatus.CONFIRMED, language="en" if n else "uk")
        subscriber.topics.set(topics)
    Subscriber.objects.create(organization=world.community, email="waiting@example.org")
    assert main(["subscribers", "--org", "pokrovska", "--json"]) == 0
    out = capsys.readouterr().out
    assert "@example.org" not in out
    row = json.loads(out)
    assert row["confirmed"] == 3 and row["pending"] == 1 and row["every_topic"] == 1
    assert row["topics"] == [{"id": topic.pk, "name": "Послуги ЦНАП", "subscribers": 2}]
    assert row["languages"] == {"en": 2, "uk": 1}


def test_subscribers_needs_a_known_organisation(db, capsys):
    assert main(["subscribers", "--org", "nowhere"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["posts", "--org", "nowhere"]) == 2


def test_the_demo_connects_the_news_page_and_newsletter_with_subscribers_and_an_approved_post(db, settings, capsys):
    from holos.accounts.models import Organization
    from holos.publishing.models import ConnectedChannel, Post

    settings.DEBUG = True
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    organization = Organization.objects.get(slug="demo")
    assert set(ConnectedChannel.objects.filter(organization=organization).values_list("kind", flat=True)) == {
        "news", "email"}
    assert Subscriber.objects.filter(organization=organization, status=SubscriberStatus.CONFIRMED).count() == 3
    approved = Post.objects.get(organization=organization, status=PostStatus.APPROVED)
    assert approved.occurrence is not None and approved.occurrence.plan.organization == organization
    assert set(approved.channels.values_list("kind", flat=True)) == {"news", "email"}
    assert Post.objects.get(organization=organization, status=PostStatus.SENT).deliveries.get().status == "sent"
    assert "/p/demo/news/" in out and "/p/demo/subscribe/" in out
