"""Errors as problem details (RFC 9457): ``application/problem+json`` with a title, status and detail.

The title and detail are in the language the client asks for (``Accept-Language``), like
every message of Holos; ``type`` and ``code`` stay the same in every language, for programs.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

CONTENT_TYPE = "application/problem+json"


def titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Not signed in"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        412: _("Changed meanwhile"),
        413: _("Too large"),
        422: _("Invalid input"),
        429: _("Too many requests"),
    }


def problem(status: int, detail: str, *, code: str, errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": titles().get(status, _("Error")),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def not_found() -> HttpResponse:
    return problem(404, _("There is nothing at this address, or it is not yours to see."), code="not_found")
