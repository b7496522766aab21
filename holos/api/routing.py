"""The door of ``/api/v1/``: finds the operation for a path, and answers unchanged reads with 304.

The URL configuration sends every path under ``/api/v1/`` here through an on-demand view,
so the API (django-ninja and pydantic) is imported by the first API request, not by every
command that loads the URL configuration. Each successful read carries an ETag, a digest
of its body; a client that sends it back in ``If-None-Match`` gets 304 and no body.
"""

from __future__ import annotations

import hashlib

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
