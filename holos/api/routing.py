"""The door of ``/api/v1/``: finds the operation for a path, and answers unchanged reads with 304.

The URL configuration sends every path under ``/api/v1/`` here through an on-demand view,
so the API (django-ninja and pydantic) is imported by the first API request, not by every
command that loads the URL configuration. Each successful read carries an ETag, a digest
of its body; a client that sends it back in ``If-None-Match`` gets 304 and no body. A
change (PUT, PATCH, DELETE) sent with ``If-Match`` is made only while the resource still
reads with that ETag, else 412: a program does not overwrite what someone changed since.
The comparison and the change happen in one transaction that holds the address's lock, so
two programs sending a change on the same read take turns: the second one gets 412.
"""

from __future__ import annotations

import copy
import hashlib

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import Resolver404, URLResolver
from django.urls.resolvers import RoutePattern
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from holos.api.problems import not_found, problem

_resolver: URLResolver | None = None


def _operations() -> URLResolver:
    global _resolver
    if _resolver is None:
        from holos.api.endpoints import api

        _resolver = URLResolver(RoutePattern(""), api.urls[0])
    return _resolver


def _etag(response: HttpResponse) -> str:
    return '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _current_etag(request, match) -> str | None:
    """The ETag a read of the same address gives now; None when it cannot be read (the change then answers)."""
    reading = copy.copy(request)
    reading.method = "GET"
    response = match.func(reading, *match.args, **match.kwargs)
    return _etag(response) if response.status_code == 200 else None


def _hold(path: str) -> None:
    """Hold the lock of one address until the transaction ends.

    On PostgreSQL an advisory lock named by the address; on SQLite every transaction takes
    the database's write lock when it begins (see the settings), so changes take turns already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [path])


def _change_if_unchanged(request, match) -> HttpResponse:
    """A change sent with ``If-Match``: compared and made under the address's lock."""
    with transaction.atomic():
        _hold(request.path)
        return _unchanged_or_412(request, match) or match.func(request, *match.args, **match.kwargs)


def _unchanged_or_412(request, match) -> HttpResponse | None:
    """412 for a change whose ``If-Match`` names an ETag the resource no longer reads with; None to go on."""
    expected = request.headers.get("If-Match")
    if expected is None or request.method not in ("PUT", "PATCH", "DELETE"):
        return None
    current = _current_etag(request, match)
    if current is None or _matches(expected, current):
        return None
    return problem(412, _("It was changed since you read it: read it again, then send the change."),
                   code="changed", headers={"ETag": current})


@csrf_exempt
def dispatch(request, rest: str):
    if rest == "openapi.json":
        if request.method not in ("GET", "HEAD"):
            return problem(405, _("Only GET is answered here."), code="method_not_allowed", headers={"Allow": "GET"})
        from holos.api.endpoints import schema_response

        response = schema_response()
    else:
        try:
            match = _operations().resolve(rest)
        except Resolver404:
            return not_found()
        if request.method in ("PUT", "PATCH", "DELETE") and "If-Match" in request.headers:
            response = _change_if_unchanged(request, match)
        else:
            response = match.func(request, *match.args, **match.kwargs)
        if response.status_code == 405:
            return problem(405, _("This address does not answer this method."), code="method_not_allowed",
                           headers={"Allow": response.get("Allow", "")})
    patch_vary_headers(response, ("Authorization", "Accept-Language"))
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        etag = _etag(response)
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        if _matches(request.headers.get("If-None-Match", ""), etag):
            not_modified = HttpResponse(status=304)
            for header in ("ETag", "Cache-Control", "Vary"):
                not_modified[header] = response[header]
            return not_modified
    return response
