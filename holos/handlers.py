"""The web processes' WSGI handler: public forms go a shorter way through the middleware.

A public survey is answered by residents who are not signed in, many at once when it is
announced, on a page that is the same for everyone (``holos.surveys.public`` keeps it
rendered). Of Holos's middleware, the session, the signed-in user and their language,
messages, htmx, the sign-in lockout and the static files have nothing to do there, and
passing through them was about a tenth of the work of answering. The suggestion box's
form and its thank-you page are alike: sent by residents, showing nothing of a signed-in
person. The addresses named in ``HOLOS_PUBLIC_FORM_URLS`` go through
``HOLOS_PUBLIC_FORM_MIDDLEWARE`` instead: the checks and headers every page has (allowed
hosts, security headers, language, the CSRF cookie, frame, content-security and privacy
headers, request metrics). Every other address takes the whole of ``MIDDLEWARE``.

On these addresses nobody is signed in, as far as the page can tell: a member of staff
sees the form as a resident does, in the language chosen on the page or by the browser.

``holos.wsgi`` (gunicorn, ``holos serve``) uses it; Django's test client and development
server take the whole middleware for every address.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler, get_path_info
from django.urls import get_resolver


class Handler(WSGIHandler):
    """Django's WSGI handler, handing the public forms' addresses to one with their shorter middleware."""

    def __init__(self) -> None:
        super().__init__()
        self.public_forms = public_form_addresses(settings.HOLOS_PUBLIC_FORM_URLS)
        self.short_way = _ShortWay() if self.public_forms else None

    def __call__(self, environ, start_response):
        if self.short_way is not None:
            path = get_path_info(environ)[1:]  # as the URL configuration reads it, after "/"
            if any(address.match(path) for address in self.public_forms):
                return self.short_way(environ, start_response)
        return super().__call__(environ, start_response)


class _ShortWay(WSGIHandler):
    """A WSGI handler whose middleware is ``HOLOS_PUBLIC_FORM_MIDDLEWARE``."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Django reads the middleware from settings.MIDDLEWARE alone. The list is swapped
        # for the time this handler loads it, once, while the process starts.
        whole = settings.MIDDLEWARE
        settings.MIDDLEWARE = list(settings.HOLOS_PUBLIC_FORM_MIDDLEWARE)
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = whole


def public_form_addresses(names) -> tuple[re.Pattern, ...]:
    """The patterns of the named addresses, matched from the start of a path after its first slash.

    The URL configuration's own index of names gives each address's whole pattern, also
    for addresses in the lists it includes (not those under a namespace).
    """
    index = get_resolver().reverse_dict
    missing = [name for name in names if not index.getlist(name)]
    if missing:
        raise ImproperlyConfigured(
            f"HOLOS_PUBLIC_FORM_URLS names {', '.join(missing)}, not an address of {settings.ROOT_URLCONF}")
    return tuple(re.compile(pattern) for name in names for _bits, pattern, *_rest in index.getlist(name))
