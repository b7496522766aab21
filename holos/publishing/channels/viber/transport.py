"""Posting to a Viber channel through the Channels post API (``/pa/post``).

Every request carries the channel's token in ``X-Viber-Auth-Token`` and names the
administrator it posts as (``from``). Viber answers HTTP 200 with a ``status`` in the
body: 0 is success (with a ``message_token``), 2 a bad token, 3 and 4 bad or missing
data, 5–9 an account that cannot post (not found, blocked, suspended), 10 no webhook set,
12 too many requests. A picture is sent by its public address, which Viber fetches; the
text of a picture post is limited to 768 characters, so a longer post follows as text.
A channel post has no public link of its own: the channel's link is recorded, with the
message token as the remote id.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from holos.core.posts import split_text, to_text
from holos.publishing.channels.base import (
    CONTENT,
    TARGET,
    TOKEN,
    Outcome,
    Refused,
    Rendition,
    TryLater,
    post_json,
    retry_after,
)

KIND = "viber"
TEXT_LIMIT = 7000
PICTURE_TEXT_LIMIT = 768
TARGET_STATUSES = {5, 6, 7, 8, 9, 10}
CONTENT_STATUSES = {1, 3, 4}


def call(token: str, payload: dict[str, Any]) -> dict:
    reply = post_json(f"{settings.HOLOS_VIBER_API_URL}/pa/post", payload, {"X-Viber-Auth-Token": token})
    if reply.status == 429:
        raise TryLater(f"HTTP {reply.status}", after=retry_after(reply.headers.get("retry-after")))
    if reply.status >= 500:
        raise TryLater(f"HTTP {reply.status}")
    if reply.status in (401, 403):
        raise Refused(TOKEN, f"HTTP {reply.status}")
    data = reply.data if isinstance(reply.data, dict) else {}
    if reply.status != 200 or "status" not in data:
        raise Refused(CONTENT, f"HTTP {reply.status}")
    status = int(data["status"])
    message = str(data.get("status_message") or status)
    if status == 0:
        return data
    if status == 2:
        raise Refused(TOKEN, message)
    if status == 12:
        raise TryLater(message, after=retry_after(reply.headers.get("retry-after")))
    if status in TARGET_STATUSES:
        raise Refused(TARGET, message)
    if status in CONTENT_STATUSES:
        raise Refused(CONTENT, message)
    raise TryLater(message)


def compose(rendition: Rendition) -> str:
    parts = [rendition.title]
    if rendition.body.strip():
        parts.append(to_text(rendition.body))
    parts.extend(f"{name}: {url}" for name, url in rendition.files)
    if rendition.link:
        parts.append(_("Read on the website: %(url)s") % {"url": rendition.link})
    return "\n\n".join(parts)


def publish(rendition: Rendition, config: dict, secret: str, state: dict) -> Outcome:
    sender = config["sender_id"]
    text = compose(rendition)
    done: dict[str, str] = state.setdefault("sent", {})
    fits = len(text) <= PICTURE_TEXT_LIMIT
    for n, picture in enumerate(rendition.pictures):
        step = f"picture-{n}"
        if step not in done:
            payload = {"from": sender, "type": "picture", "media": picture.url,
                       "text": text if n == 0 and fits else picture.alt[:PICTURE_TEXT_LIMIT]}
            done[step] = str(call(secret, payload).get("message_token", ""))
    if not (rendition.pictures and fits):
        for n, piece in enumerate(split_text(text, TEXT_LIMIT)):
            step = f"text-{n}"
            if step not in done:
                done[step] = str(call(secret, {"from": sender, "type": "text", "text": piece})
                                 .get("message_token", ""))
    return Outcome(remote_id=" ".join(done.values())[:200], url=str(config.get("public_link") or ""))
