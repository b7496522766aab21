"""Stand-ins for Telegram's Bot API, Viber's channel post API, Facebook's Graph API and a webhook receiver.

Each listens on 127.0.0.1 on a free port, keeps every request it gets, and answers as the
service documents it, errors included: a bot token it does not know (401), a bot removed
from the channel (403), a chat that does not exist (400), flood control (429 with
``retry_after``); Viber's statuses in an HTTP 200 body; Graph API errors as
``{"error": {...}}`` with their codes; a webhook receiver that checks the signature.
A test sets what the next answers should be with ``fail_next``.
"""

from __future__ import annotations

import email
import hashlib
import hmac
import itertools
import json
import threading
from dataclasses import dataclass, field
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    json: Any = None


def parse(path: str, headers: dict[str, str], body: bytes) -> Request:
    request = Request(path, headers, body)
    content_type = headers.get("content-type", "")
    if content_type.startswith("application/json"):
        request.json = json.loads(body.decode())
    elif content_type.startswith("multipart/form-data"):
        message = email.message_from_bytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body,
                                           policy=policy.HTTP)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True)
            if filename:
                request.files[name] = (filename, part.get_content_type(), payload)
            else:
                request.fields[name] = payload.decode()
    return request


class StandIn:
    """A loopback HTTP server whose ``answer(request)`` gives (status, headers, JSON body)."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.queued: list[tuple[int, dict[str, str], Any]] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                request = parse(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with outer.lock:
                    outer.requests.append(request)
                    status, headers, data = outer.queued.pop(0) if outer.queued else outer.answer(request)
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_next(self, status: int, data: Any, headers: dict[str, str] | None = None, times: int = 1) -> None:
        """Answer the next ``times`` requests this way, whatever they are."""
        self.queued.extend([(status, headers or {}, data)] * times)

    def answer(self, request: Request) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Telegram(StandIn):
    """``/bot<token>/<method>`` for one channel with a public name; knows one bot token."""

    def __init__(self, token: str, chat: str = "@hromada_news", chat_id: int = -1001234567890) -> None:
        self.token, self.chat, self.chat_id = token, chat, chat_id
        self.removed = False
        self.ids = itertools.count(100)
        super().__init__()

    def _message(self, **extra) -> dict:
        return {"message_id": next(self.ids), "date": 1735689600,
                "chat": {"id": self.chat_id, "title": "Новини громади", "username": self.chat.lstrip("@"),
                         "type": "channel"}, **extra}

    def answer(self, request):
        token, _slash, method = request.path.removeprefix("/bot").partition("/")
        if token != self.token:
            return 401, {}, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        data = request.json if request.json is not None else request.fields
        if str(data.get("chat_id")) not in (self.chat, str(self.chat_id)):
            return 400, {}, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        if self.removed:
            return 403, {}, {"ok": False, "error_code": 403,
                             "description": "Forbidden: bot is not a member of the channel chat"}
        if method == "sendMessage":
            return 200, {}, {"ok": True, "result": self._message(text=data["text"])}
        if method == "sendPhoto":
            attached = data["photo"].removeprefix("attach://")
            if attached not in request.files:
                return 400, {}, {"ok": False, "error_code": 400, "description": "Bad Request: there is no photo"}
            return 200, {}, {"ok": True, "result": self._message(photo=[{"file_id": "f"}],
                                                                 caption=data.get("caption", ""))}
        if method == "sendMediaGroup":
            media = json.loads(data["media"])
            if not 2 <= len(media) <= 10 or any(m["media"].removeprefix("attach://") not in request.files
                                                 for m in media):
                return 400, {}, {"ok": False, "error_code": 400, "description": "Bad Request: wrong media"}
            return 200, {}, {"ok": True, "result": [self._message(photo=[{"file_id": "f"}]) for _ in media]}
        return 404, {}, {"ok": False, "error_code": 404, "description": "Not Found"}

    def flood(self, seconds: int, times: int = 1) -> None:
        self.fail_next(429, {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {seconds}",
                             "parameters": {"retry_after": seconds}}, times=times)


class Viber(StandIn):
    """``/pa/post`` of one channel: its token and its superadmin's id."""

    def __init__(self, token: str, sender: str) -> None:
        self.token, self.sender = token, sender
        self.tokens = itertools.count(5741311803571721087)
        super().__init__()

    def answer(self, request):
        if request.path != "/pa/post":
            return 404, {}, {}
        if request.headers.get("x-viber-auth-token") != self.token:
            return 200, {}, {"status": 2, "status_message": "invalidAuthToken"}
        data = request.json or {}
        if data.get("from") != self.sender:
            return 200, {}, {"status": 3, "status_message": "badData"}
        if data.get("type") not in ("text", "picture") or (data["type"] == "picture" and not data.get("media")):
            return 200, {}, {"status": 4, "status_message": "missingData"}
        return 200, {}, {"status": 0, "status_message": "ok", "message_token": next(self.tokens),
                         "chat_hostname": "SN-CHAT-05_"}


class Graph(StandIn):
    """``/v21.0/{page}/feed`` and ``/{page}/photos`` of one page and its page token."""

    def __init__(self, token: str, page: str) -> None:
        self.token, self.page = token, page
        self.revoked = False
        self.ids = itertools.count(900)
        super().__init__()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v21.0"

    def answer(self, request):
        page, _slash, edge = request.path.removeprefix("/v21.0/").partition("/")
        token = request.fields.get("access_token")
        if self.revoked or token != self.token:
            return 400, {"WWW-Authenticate": 'OAuth "Facebook Platform" "invalid_token"'}, {"error": {
                "message": "Error validating access token: The session has been invalidated because the user "
                           "changed their password.", "type": "OAuthException", "code": 190,
                "error_subcode": 460, "fbtrace_id": "AbCdEf"}}
        if page != self.page:
            return 400, {}, {"error": {
                "message": f"(#100) Unsupported post request. Object with ID '{page}' does not exist",
                "type": "GraphMethodException", "code": 100, "error_subcode": 33, "fbtrace_id": "AbCdEf"}}
        number = next(self.ids)
        if edge == "photos":
            if "source" not in request.files:
                return 400, {}, {"error": {"message": "(#324) Requires upload file", "type": "OAuthException",
                                           "code": 324}}
            if request.fields.get("published") == "false":
                return 200, {}, {"id": str(number)}
            return 200, {}, {"id": str(number), "post_id": f"{self.page}_{number}"}
        if edge == "feed":
            return 200, {}, {"id": f"{self.page}_{number}"}
        return 400, {}, {"error": {"message": "Unknown path components", "type": "OAuthException", "code": 2500}}

    def forbid(self) -> None:
        self.fail_next(403, {"error": {"message": "(#200) The user hasn't authorized the application to perform "
                                                  "this action", "type": "OAuthException", "code": 200}})

    def throttle(self, minutes: int) -> None:
        usage = json.dumps({self.page: [{"type": "pages", "call_count": 100, "total_cputime": 10, "total_time": 10,
                                         "estimated_time_to_regain_access": minutes}]})
        self.fail_next(400, {"error": {"message": "(#32) Page request limit reached", "type": "OAuthException",
                                       "code": 32}}, headers={"X-Business-Use-Case-Usage": usage})


class Receiver(StandIn):
    """A webhook receiver that checks ``X-Holos-Signature`` against its key."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.accepted: list[dict] = []
        super().__init__()

    def answer(self, request):
        timestamp = request.headers.get("x-holos-timestamp", "")
        expected = "sha256=" + hmac.new(self.secret.encode(), timestamp.encode() + b"." + request.body,
                                        hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("x-holos-signature", "")):
            return 401, {}, {"error": "bad signature"}
        self.accepted.append(json.loads(request.body))
        return 200, {}, {"id": f"item-{len(self.accepted)}", "url": f"https://receiver.example/items/{len(self.accepted)}"}
