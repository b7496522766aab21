"""``holos posts`` and ``holos subscribers``: posts with their deliveries, and subscribers by topic."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from holos.cli_errors import EXIT_USAGE, CommandError
from holos.publishing.counts import message_counts, subscriber_counts
from holos.publishing.models import Delivery, Post


def _organization(slug: str | None):
    from holos.accounts.models import Organization
    if slug is None:
        return None
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise CommandError(_("no organisation with the short name “%(slug)s”") % {"slug": slug}, EXIT_USAGE)
    return organization


def list_posts(*, json_output: bool, organization: str | None) -> int:
    """One line (or JSON object) per post: status, channels and how many deliveries went out or failed."""
    found = Post.objects.select_related("organization").order_by("organization__name", "-created_at", "-id")
    chosen = _organization(organization)
    if chosen is not None:
        found = found.filter(organization=chosen)
    for post in found.iterator(chunk_size=500):
        deliveries = list(Delivery.objects.filter(post=post).order_by("channel_kind", "channel_name"))
        counts = Counter(d.status for d in deliveries)
        channels = [{"name": c.name, "kind": c.kind} for c in post.channels.order_by("kind", "name")]
        row = {
            "id": post.pk,
            "organization": post.organization.slug,
            "title": str(post),
            "status": post.status,
            "publish_at": post.publish_at.isoformat() if post.publish_at else None,
            "sent_at": post.sent_at.isoformat() if post.sent_at else None,
            "work_item": post.occurrence_id,
            "channels": channels,
            "deliveries": [{"channel": d.channel_name, "kind": d.channel_kind, "status": d.status,
                            "attempts": d.attempts, "url": d.url or None, "problem": d.problem or None}
                           for d in deliveries],
            "counts": {"sent": counts.get("sent", 0), "failed": counts.get("failed", 0),
                       "waiting": sum(counts.get(s, 0) for s in ("pending", "sending", "retry"))},
            "url": reverse("post", args=[post.organization.slug, post.pk]),
        }
        if any(d.channel_kind == "email" for d in deliveries):
            row["messages"] = defaultdict(int, message_counts(post))
            row["messages"] = {k: row["messages"][k] for k in ("sent", "failed", "pending", "sending", "retry")}
        if json_output:
            print(json.dumps(row, ensure_ascii=False))
        else:
            names = ",".join(c["name"] for c in channels) or "-"
            print(f"{row['id']}\t{row['organization']}\t{row['status']}\t{names}\t"
                  f"sent={row['counts']['sent']} failed={row['counts']['failed']} "
                  f"waiting={row['counts']['waiting']}\t{row['title']}")
    return 0


def list_subscribers(*, json_output: bool, organization: str) -> int:
    """Confirmed subscribers of the organisation by topic (and in all, and by language); never addresses."""
    chosen = _organization(organization)
    counts = subscriber_counts(chosen)
    row = {
        "organization": chosen.slug,
        "confirmed": counts["confirmed"], "pending": counts["pending"], "unsubscribed": counts["unsubscribed"],
        "topics": [{"id": topic.pk, "name": str(topic), "subscribers": n} for topic, n in counts["topics"]],
        "every_topic": counts["all_topics"],
        "languages": dict(counts["languages"]),
    }
    if json_output:
        print(json.dumps(row, ensure_ascii=False))
        return 0
    print(f"confirmed\t{row['confirmed']}")
    print(f"pending\t{row['pending']}")
    print(f"unsubscribed\t{row['unsubscribed']}")
    for topic in row["topics"]:
        print(f"topic\t{topic['id']}\t{topic['subscribers']}\t{topic['name']}")
    print(f"every_topic\t{row['every_topic']}")
    for language, n in row["languages"].items():
        print(f"language\t{language}\t{n}")
    return 0
