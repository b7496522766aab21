"""Posting to a Facebook page through the Graph API: the page's feed, and photos.

Text alone (with the news page's link) is a post to ``/{page}/feed``. One photo is a post
to ``/{page}/photos`` with the text as its message; several are uploaded unpublished first
and then attached to one feed post (``attached_media``). The post's id
(``{page}_{post}``) gives its link. Photos are uploaded with the request.

Errors come as ``{"error": {"code", "type", "message", ...}}``: 190 (and 102) a token that
expired or was revoked, 10 and 200–299 a missing permission, 100 a wrong page or
parameter, 4, 17, 32, 613 and 341 rate limits (the wait is in the usage headers, in
minutes, when Facebook gives it), 1 and 2 Facebook's own trouble, 368 a temporary block.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from holos.core.posts import to_text
from holos.publishing.channels.base import (
    CONTENT,
    TARGET,
    TOKEN,
    Outcome,
    Refused,
    Rendition,
    TryLater,
    Upload,
    post_multipart,
    retry_after,
)

KIND = "facebook"
THROTTLED = {4, 17, 32, 341, 368, 613, 80001}
PASSING = {1, 2}


def _wait_from_usage(headers: Mapping[str, str]) -> float | None:
    """Minutes to regain access, from Facebook's usage headers, in seconds."""
    for name in ("x-business-use-case-usage", "x-page-usage", "x-app-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            usage = json.loads(raw)
        except ValueError:
            continue
        entries = [e for values in usage.values() for e in values] if isinstance(usage, dict) and all(
            isinstance(v, list) for v in usage.values()) else [usage]
        said = [e.get("estimated_time_to_regain_access") for e in entries if isinstance(e, dict)]
        minutes = [m for m in said if isinstance(m, int | float) and m > 0]
        if minutes:
            return float(max(minutes)) * 60
    return retry_after(headers.get("retry-after"))


def call(path: str, fields: dict[str, Any], token: str, uploads: list[Upload] | None = None) -> dict:
    reply = post_multipart(f"{settings.HOLOS_FACEBOOK_API_URL}/{path}", {**fields, "access_token": token},
                           uploads or [])
    data = reply.data if isinstance(reply.data, dict) else {}
    if 200 <= reply.status < 300 and "error" not in data:
        return data
    said = data.get("error")
    error: dict[str, Any] = said if isinstance(said, dict) else {}
    code = int(error.get("code") or 0)
    message = str(error.get("message") or f"HTTP {reply.status}")
    if code in THROTTLED or reply.status == 429:
        raise TryLater(message, after=_wait_from_usage(reply.headers))
    if code in PASSING or reply.status >= 500:
        raise TryLater(message)
    if code in (190, 102) or reply.status == 401 or error.get("type") == "OAuthException" and code != 100:
        raise Refused(TOKEN, message)
    if code == 10 or 200 <= code <= 299 or reply.status == 403:
        raise Refused(TOKEN, message)
    if code == 100 or reply.status == 404:
        raise Refused(TARGET, message)
    raise Refused(CONTENT, message)


def compose(rendition: Rendition) -> str:
    parts = [rendition.title]
    if rendition.body.strip():
        parts.append(to_text(rendition.body))
    parts.extend(f"{name}: {url}" for name, url in rendition.files)
    return "\n\n".join(parts)


def publish(rendition: Rendition, config: dict, secret: str, state: dict) -> Outcome:
    page = config["page_id"]
    message = compose(rendition)
    done: dict[str, str] = state.setdefault("sent", {})
    pictures = rendition.pictures
    if "post" not in done:
        if len(pictures) == 1:
            picture = pictures[0]
            data = call(f"{page}/photos", {"message": message, "alt_text_custom": picture.alt}, secret,
                        [Upload("source", picture.name, picture.content_type, picture.data)])
            done["post"] = str(data.get("post_id") or data.get("id", ""))
        else:
            fields: dict[str, Any] = {"message": message}
            if rendition.link and not pictures:
                fields["link"] = rendition.link
            for n, picture in enumerate(pictures):
                step = f"photo-{n}"
                if step not in done:
                    data = call(f"{page}/photos", {"published": "false", "alt_text_custom": picture.alt}, secret,
                                [Upload("source", picture.name, picture.content_type, picture.data)])
                    done[step] = str(data.get("id", ""))
                fields[f"attached_media[{n}]"] = json.dumps({"media_fbid": done[step]})
            done["post"] = str(call(f"{page}/feed", fields, secret).get("id", ""))
    post_id = done["post"]
    return Outcome(remote_id=post_id, url=f"https://www.facebook.com/{post_id}" if post_id else "")
