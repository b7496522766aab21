"""Odd input never makes a server error: every route, every query parameter, every form field.

The routes come from the URL configuration (as in the isolation and header tests). Each
page is asked for with every query parameter Holos reads set to an out-of-range number,
a very long string, a NUL byte and a value of the wrong type; then every form on it is
sent with each of those in all its fields at once, and with the out-of-range number in
each field that holds a number, an id or a choice, in turn. Whatever comes back, it is
not a 5xx: a form error, 400, 403 or 404.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.web.test_every_route_is_isolated import all_routes, community_objects, organization_routes
from tests.web.test_headers import other_objects

HUGE = "9" * 25
ODD = [HUGE, "-" + HUGE, "x" * 5000, "nul\x00byte"]
# The query parameters the views read, and those of filter forms found on the pages.
PARAMETERS = {"page", "unit", "person", "kind", "q", "status", "category", "month", "audience", "channel",
              "deleted", "since", "until", "code", "progress", "next", "fmt", "format"}
# Routes whose forms end what the others need (signing out, deleting), sent last.
LAST = re.compile(r"delete|erase|logout|unlink|discard")
SHARED = {"/accounts/logout/", "/language/"}  # the forms in every page's header


class Forms(HTMLParser):
    """The forms of a page: method, action and the fields with their current values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                               "fields": {}, "buttons": [], "chosen": set()})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("file", "submit"):
            if attrs.get("type") not in ("text", "email", "url", "search", "password", None):
                self.forms[-1]["chosen"].add(attrs["name"])
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value", "on"))
            else:
                self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self.forms[-1]["chosen"].add(self._select)
            self.forms[-1]["fields"].setdefault(self._select, "")
        elif tag == "option" and self._select and ("selected" in attrs or not self.forms[-1]["fields"][self._select]):
            self.forms[-1]["fields"][self._select] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.forms[-1]["fields"][self._textarea] = ""
        elif tag == "button" and attrs.get("name"):  # sent only when it is the button pressed
            self.forms[-1]["buttons"].append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def _forms(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def _urls(world) -> list[str]:
    from django.urls import reverse

    objects = community_objects(world)
    slug = objects.pop("_slug")
    others = other_objects(world, objects)
    organization = organization_routes()
    names = sorted(all_routes(), key=lambda name: (bool(LAST.search(name)), name))
    return [reverse(name, kwargs={"slug": slug, **objects[name]} if name in organization else others[name])
            for name in names]


def _no_server_error(response, what, errors: list) -> None:
    if response.status_code >= 500:
        errors.append(what)


PARTS = 6  # the routes in six tests, so that the suite's processes share them


@pytest.mark.parametrize("part", range(PARTS))
def test_odd_values_in_every_parameter_and_field_make_no_server_error(world, part):
    urls = _urls(world)[part::PARTS]
    client = Client(raise_request_exception=False)
    sent = 0
    errors: list = []
    for url in urls:
        client.force_login(world.admin)
        page = client.get(url)
        _no_server_error(page, url, errors)
        html = page.content.decode("utf-8", "replace") if page.get("Content-Type", "").startswith("text/html") \
            else ""
        forms = _forms(html)
        names = set(PARAMETERS)
        for form in forms:
            if form["method"] == "get":
                names |= set(form["fields"])
        for value in ODD:
            _no_server_error(client.get(url, dict.fromkeys(names, value)), (url, value[:12]), errors)
            sent += 1
        for form in forms:
            target = form["action"] or url
            if form["method"] != "post" or (target in SHARED and target != url):
                continue  # the forms every page has are tried on their own pages (signing out last)
            client.force_login(world.admin)
            fields = {name: value for name, value in form["fields"].items() if name != "csrfmiddlewaretoken"}
            for name in form["chosen"] - {"csrfmiddlewaretoken"}:  # numbers, ids and choices, one by one
                _no_server_error(client.post(target, {**fields, name: HUGE}), (target, name), errors)
                sent += 1
            # Each button last: one may delete what the others need.
            for button in [None, *form["buttons"]]:
                for value in ODD:
                    data = {**dict.fromkeys(fields, value), **dict([button] if button else [])}
                    _no_server_error(client.post(target, data), (target, button, value[:12]), errors)
                    sent += 1
    assert errors == [], "\n".join(map(repr, errors))
    assert sent > 600 // PARTS, sent


def test_a_file_missing_from_storage_is_not_found_not_an_error(world, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from holos.plans.actions import set_activity_slots
    from holos.work.actions import add_attachment
    from holos.work.models import Occurrence

    activity = world.plan.activities.first()
    set_activity_slots(actor=None, activity=activity, slots=["2025-02"])
    occurrence = Occurrence.objects.get(activity=activity)
    attachment = add_attachment(actor=None, occurrence=occurrence,
                                upload=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n"))
    url = reverse("attachment_file", args=[world.community.slug, attachment.pk])
    client = as_user(world.officer)
    assert client.get(url).status_code == 200
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(url).status_code == 404
