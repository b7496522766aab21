"""Posting to a Telegram channel through the Bot API: sendMessage, sendPhoto, sendMediaGroup.

The bot must be an administrator of the channel. The text goes in Telegram's HTML subset
(bold and links); a photo carries the text as its caption when it fits (1,024
characters), otherwise the text follows in messages of at most 4,096 characters. Photos
are uploaded with the request, since Telegram cannot reach a server on an intranet.
The link of the first message is recorded: ``t.me/<name>/<id>`` for a public channel,
``t.me/c/<number>/<id>`` for a private one.

Errors as the Bot API documents them: 429 with ``parameters.retry_after`` (wait that
long), 400 for a wrong chat (and ``migrate_to_chat_id`` when a group moved), 401 for a
revoked token, 403 when the bot was removed from the channel, 5xx for Telegram's own trouble.
"""

from __future__ import annotations

import html
import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from holos.core.posts import split_text, to_telegram
from holos.publishing.channels.base import (
    CONTENT,
    TARGET,
    TOKEN,
    Outcome,
    Refused,
    Rendition,
    TryLater,
    Upload,
    post_json,
    post_multipart,
)

KIND = "telegram"
CAPTION_LIMIT = 1024
MESSAGE_LIMIT = 4096
ALBUM_LIMIT = 10


def call(token: str, method: str, fields: dict[str, Any], uploads: list[Upload] | None = None) -> Any:
    """One Bot API call; its ``result``, or TryLater/Refused as the error says."""
    url = f"{settings.HOLOS_TELEGRAM_API_URL}/bot{token}/{method}"
    if uploads:
        reply = post_multipart(url, {k: v if isinstance(v, str) else json.dumps(v) for k, v in fields.items()},
                               uploads)
    else:
        reply = post_json(url, fields)
    data = reply.data if isinstance(reply.data, dict) else {}
    if reply.status == 200 and data.get("ok"):
        return data.get("result")
    code = int(data.get("error_code") or reply.status)
    description = str(data.get("description") or f"HTTP {reply.status}")
    parameters = data.get("parameters") or {}
    if code == 429:
        raise TryLater(description, after=float(parameters.get("retry_after") or 0) or None)
    if code >= 500 or code == 408:
        raise TryLater(description)
    if code == 401:
        raise Refused(TOKEN, description)
    if code == 403:
        raise Refused(TARGET, description)  # the bot was removed from the channel or may not post
    if parameters.get("migrate_to_chat_id"):
        raise Refused(TARGET, f"{description} (migrate_to_chat_id {parameters['migrate_to_chat_id']})")
    if "chat not found" in description.lower() or "chat_id" in description.lower():
        raise Refused(TARGET, description)
    raise Refused(CONTENT, description)


def message_link(message: dict) -> str:
    chat = message.get("chat") or {}
    message_id = message.get("message_id")
    if chat.get("username"):
        return f"https://t.me/{chat['username']}/{message_id}"
    chat_id = str(chat.get("id", ""))
    if chat_id.startswith("-100"):
        return f"https://t.me/c/{chat_id[4:]}/{message_id}"
    return ""


def compose(rendition: Rendition) -> str:
    parts = [f"<b>{html.escape(rendition.title, quote=False)}</b>"]
    if rendition.body.strip():
        parts.append(to_telegram(rendition.body))
    for name, url in rendition.files:
        parts.append(f'<a href="{html.escape(url)}">{html.escape(name, quote=False)}</a>')
    if rendition.link:
        label = html.escape(_("Read on the website"), quote=False)
        parts.append(f'<a href="{html.escape(rendition.link)}">{label}</a>')
    return "\n\n".join(parts)


def publish(rendition: Rendition, config: dict, secret: str, state: dict) -> Outcome:
    """Send the post; ``state["sent"]`` lists the steps done, so a retry continues where it stopped."""
    chat_id = config["chat_id"]
    text = compose(rendition)
    done: dict[str, Any] = state.setdefault("sent", {})
    caption = text if len(text) <= CAPTION_LIMIT else ""
    pictures = rendition.pictures
    for start in range(0, len(pictures), ALBUM_LIMIT):
        step = f"photos-{start}"
        if step in done:
            continue
        group = pictures[start:start + ALBUM_LIMIT]
        with_caption = caption if start == 0 else ""
        if len(group) == 1:
            picture = group[0]
            fields: dict[str, Any] = {"chat_id": chat_id, "photo": "attach://photo0"}
            if with_caption:
                fields.update(caption=with_caption, parse_mode="HTML")
            message = call(secret, "sendPhoto", fields, [Upload("photo0", picture.name, picture.content_type,
                                                                 picture.data)])
            messages = [message]
        else:
            media = []
            for n, _picture in enumerate(group):
                item: dict[str, Any] = {"type": "photo", "media": f"attach://photo{n}"}
                if n == 0 and with_caption:
                    item.update(caption=with_caption, parse_mode="HTML")
                media.append(item)
            uploads = [Upload(f"photo{n}", p.name, p.content_type, p.data) for n, p in enumerate(group)]
            messages = call(secret, "sendMediaGroup", {"chat_id": chat_id, "media": media}, uploads)
        done[step] = [message_link(m) or str(m.get("message_id")) for m in messages]
    if not caption or not pictures:
        for n, piece in enumerate(split_text(text, MESSAGE_LIMIT)):
            step = f"text-{n}"
            if step in done:
                continue
            message = call(secret, "sendMessage", {"chat_id": chat_id, "text": piece, "parse_mode": "HTML"})
            done[step] = [message_link(message) or str(message.get("message_id"))]
    first = next(iter(done.values()))[0]
    ids = [item for items in done.values() for item in items]
    return Outcome(remote_id=" ".join(i.rsplit("/", 1)[-1] for i in ids)[:200],
                   url=first if first.startswith("https://") else "")
