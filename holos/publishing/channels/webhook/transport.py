"""A signed webhook: each post as JSON, for any system Holos does not know.

The request is a POST of ``{"event": "post.published", "organization", "post": {...}}``
with these headers:

- ``X-Holos-Delivery``: the same number on every attempt of one post to this address,
  so the receiver can ignore a repeat;
- ``X-Holos-Timestamp``: seconds since 1970 when the request was signed;
- ``X-Holos-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the signing
  key, of the timestamp, a dot and the body (``f"{timestamp}.{body}"``). A receiver
  recomputes it, compares in constant time and refuses old timestamps.

Any 2xx answer is success (a JSON ``id`` and ``url`` in it are recorded); 429 and 503
are waited out as ``Retry-After`` asks; other 5xx and 408 are tried again later; 401 and
403 mean the key was refused, 404 and 410 that the address is gone, other 4xx that the
receiver did not take the post.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from django.utils import timezone

from holos.core.posts import to_html, to_text
from holos.publishing.channels.base import (
    CONTENT,
    TARGET,
    TOKEN,
    Outcome,
    Refused,
    Rendition,
    TryLater,
    post_bytes,
    retry_after,
)

KIND = "webhook"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def payload(rendition: Rendition, config: dict) -> dict[str, Any]:
    return {
        "event": "post.published",
        "organization": config.get("organization", ""),
        "sent_at": timezone.now().isoformat(),
        "post": {
            "id": rendition.post_id,
            "language": rendition.language,
            "title": rendition.title,
            "text": to_text(rendition.body),
            "html": to_html(rendition.body),
            "link": rendition.link,
            "images": [{"url": p.url, "alt": p.alt} for p in rendition.pictures],
            "files": [{"name": name, "url": url} for name, url in rendition.files],
        },
    }


def publish(rendition: Rendition, config: dict, secret: str, state: dict) -> Outcome:
    body = json.dumps(payload(rendition, config), ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Holos-Event": "post.published",
        "X-Holos-Delivery": str(config.get("delivery", rendition.post_id)),
        "X-Holos-Timestamp": timestamp,
        "X-Holos-Signature": signature(secret, timestamp, body),
    }
    reply = post_bytes(config["url"], body, headers)
    if 200 <= reply.status < 300:
        data = reply.data if isinstance(reply.data, dict) else {}
        url = str(data.get("url") or "")
        return Outcome(remote_id=str(data.get("id") or "")[:200], url=url if url.startswith("https://") else "")
    detail = f"HTTP {reply.status}: {reply.body[:200].decode('utf-8', 'replace')}"
    if reply.status in (429, 503):
        raise TryLater(detail, after=retry_after(reply.headers.get("retry-after")))
    if reply.status >= 500 or reply.status == 408:
        raise TryLater(detail)
    if reply.status in (401, 403):
        raise Refused(TOKEN, detail)
    if reply.status in (404, 410):
        raise Refused(TARGET, detail)
    raise Refused(CONTENT, detail)
