"""The organisation's news page: publishing there makes the post visible on the page and in its feeds.

Nothing leaves the server; the delivery records the post's address on the page.
The page and its RSS and Atom feeds are in ``holos.publishing.public`` and ``news.feeds``.
"""

from __future__ import annotations

from holos.publishing.channels.base import Outcome, Rendition

KIND = "news"


def publish(rendition: Rendition, config: dict, secret: str, state: dict) -> Outcome:
    return Outcome(remote_id=str(rendition.post_id), url=rendition.link)
