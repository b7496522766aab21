"""What every channel shares: the outcome of a delivery, its two ways of failing, and HTTP.

A channel's transport either returns an ``Outcome`` (the remote id and a link to what was
published), raises ``TryLater`` (the service is busy or unreachable; ``after`` carries
the wait the service asked for, if it said), or raises ``Refused`` (the service will not
take it as it is: a wrong chat or page, a revoked token; trying again would not help
until a person changes something).
"""

from __future__ import annotations

import email.utils
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Seconds to wait for an outside service before the attempt counts as failed.
TIMEOUT = 20.0


@dataclass
class Outcome:
    remote_id: str = ""
    url: str = ""


class TryLater(Exception):
    """The service could not take the post now; ``after`` is the wait it asked for, in seconds."""

    def __init__(self, message: str, after: float | None = None) -> None:
        super().__init__(message)
        self.after = after


# Why a service refused, as stored on a delivery and told in words on its page.
TOKEN = "token"  # noqa: S105 - a code: the token or key was refused (revoked, expired or mistyped)
TARGET = "target"  # no such chat, channel, page or address, or no right to post there
CONTENT = "content"  # the post itself was not taken as it is


class Refused(Exception):
    """The service will not take the post until a person changes something: ``problem`` says what."""

    def __init__(self, problem: str, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem
        self.detail = detail


@dataclass
class Picture:
    """An image of the post as a channel sends it: the file, its type, its alt text, its public address."""

    name: str
    content_type: str
    data: bytes
    alt: str
    url: str


@dataclass
class Rendition:
    """What goes out on one channel: one language version of the post, with its files.

    ``body`` is the post's text as written (see ``holos.core.posts``); each transport writes
    it in its channel's form. ``link`` is the post on the news page, when it is there.
    """

    post_id: int
    language: str
    title: str
    body: str
    link: str = ""
    pictures: list[Picture] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Reply:
    """A service's answer; header names in lower case."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    data: Any = field(default=None)


def retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    current = datetime.fromtimestamp(now if now is not None else time.time(), UTC)
    return max(0.0, (moment - current).total_seconds())


def _open(request: urllib.request.Request) -> Reply:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - the URL is the channel's API
            reply = Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        reply = Reply(error.code, {k.lower(): v for k, v in error.headers.items()} if error.headers else {},
                      error.read())
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise TryLater(f"the service could not be reached: {reason}") from error
    try:
        reply.data = json.loads(reply.body.decode("utf-8")) if reply.body else None
    except (UnicodeDecodeError, ValueError):
        reply.data = None
    return reply


def post_json(url: str, payload: Mapping[str, Any], headers: Mapping[str, str] | None = None) -> Reply:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return post_bytes(url, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def post_bytes(url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
    if not url.startswith(("https://", "http://")):
        raise Refused(TARGET, "only http and https addresses are called")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, data=body, method="POST", headers={"User-Agent": "Holos", **headers})
    return _open(request)


@dataclass
class Upload:
    """A file sent in a multipart form."""

    field: str
    name: str
    content_type: str
    data: bytes


def post_multipart(url: str, fields: Mapping[str, str], uploads: Sequence[Upload] = ()) -> Reply:
    boundary = "holos-" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + str(value).encode() + b"\r\n")
    for upload in uploads:
        safe_name = upload.name.replace('"', "").replace("\r", "").replace("\n", "")
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.field}"; filename="{safe_name}"\r\n'
            f"Content-Type: {upload.content_type}\r\n\r\n".encode() + upload.data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return post_bytes(url, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})


# Retrying

# The first wait after a failed attempt, doubled after each further one, up to MAX_WAIT.
FIRST_WAIT = 60.0
MAX_WAIT = 6 * 3600.0


def retry_delay(attempt: int, asked: float | None, *, first: float = FIRST_WAIT) -> float:
    """Seconds to wait before the next attempt: what the service asked for, else a doubling backoff.

    A service that names its wait (Telegram's ``retry_after``, a ``Retry-After`` header) is
    believed, with a second added; otherwise the wait doubles with each attempt, with a
    tenth either way of random spread so that many deliveries do not return at once.
    """
    if asked is not None and asked > 0:
        return min(asked + 1.0, 24 * 3600.0)
    base = min(first * (2 ** max(attempt - 1, 0)), MAX_WAIT)
    return base * (0.9 + 0.2 * secrets.randbelow(1000) / 1000)
