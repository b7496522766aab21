"""The web processes' handler: the public forms' shorter way through the middleware."""

from __future__ import annotations

import io
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core import signals
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holos.defences import HONEYPOT_FIELD, STAMP_FIELD, SUGGESTION, SURVEY
from holos.handlers import Handler
from holos.suggestions.models import Suggestion
from holos.surveys.models import RejectionCount, Response
from tests.surveys.conftest import good_answers, make_survey

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reply:
    """What a WSGI application answered."""

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = int(status.split()[0])
        self.headers = headers
        self.text = body.decode()

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def cookie(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                morsel = SimpleCookie(value).get(name)
                if morsel is not None:
                    return morsel.value
        return None


def call(app, method: str, path: str, *, data: dict | None = None, cookies: dict | None = None,
         host: str = "testserver", **headers: str) -> Reply:
    """One request to a WSGI application, as a server hands it over."""
    body = urlencode(data or {}, doseq=True).encode()
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(), "wsgi.multithread": True, "wsgi.multiprocess": False,
        "wsgi.run_once": False, "wsgi.version": (1, 0), "CONTENT_LENGTH": str(len(body)),
    }
    if method == "POST":
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    if cookies:
        environ["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    environ.update({"HTTP_" + name.upper(): value for name, value in headers.items()})
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=status, headers=response_headers)

    # As Django's test client does: the handler would close the test's database connection,
    # and with it the transaction the test runs in.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        chunks = app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return Reply(started["status"], started["headers"], body)


@pytest.fixture
def app(world):
    return Handler()


@pytest.fixture
def survey(world):
    return make_survey(world.community)


def signed_in(client, user) -> dict:
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def session_reads(queries) -> int:
    return sum("django_session" in query["sql"] for query in queries)


def test_the_survey_form_skips_the_session_and_other_pages_do_not(app, survey, world, client):
    cookies = signed_in(client, world.admin)
    form_address = reverse("survey_public", args=[survey.token])
    with CaptureQueriesContext(connection) as on_form:
        form = call(app, "GET", form_address, cookies=cookies)
    with CaptureQueriesContext(connection) as on_staff_page:
        plans = call(app, "GET", reverse("plan", args=[world.community.slug, world.plan.pk]), cookies=cookies)
    assert form.status == 200 and survey.title["uk"] in form.text
    assert session_reads(on_form.captured_queries) == 0
    # The same cookie, on a member's page, is read and lets the member in.
    assert plans.status == 200 and world.plan.title in plans.text
    assert session_reads(on_staff_page.captured_queries) >= 1


def test_the_survey_form_keeps_the_headers_and_checks_of_every_page(app, survey):
    address = reverse("survey_public", args=[survey.token])
    form = call(app, "GET", address, ACCEPT_LANGUAGE="en")
    assert form.status == 200 and survey.title["en"] in form.text
    assert form.header("Content-Language") == "en"
    assert form.header("X-Frame-Options") == "DENY"
    assert form.header("X-Content-Type-Options") == "nosniff"
    assert form.header("Referrer-Policy")
    assert "default-src" in form.header("Content-Security-Policy")
    assert form.header("Permissions-Policy") == settings.HOLOS_PERMISSIONS_POLICY
    assert int(form.header("Content-Length")) == len(form.text.encode())
    assert form.cookie(settings.CSRF_COOKIE_NAME)
    # A host the settings do not allow is refused before the view, as on every page.
    assert call(app, "GET", address, host="elsewhere.example").status == 400


def test_an_answer_through_the_short_way_is_stored_and_a_forged_one_refused(app, survey):
    address = reverse("survey_public", args=[survey.token])
    form = call(app, "GET", address)
    cookies = {settings.CSRF_COOKIE_NAME: form.cookie(settings.CSRF_COOKIE_NAME)}
    answers = {**good_answers(survey), HONEYPOT_FIELD: "", STAMP_FIELD: SURVEY.stamp(survey.pk, now=time.time() - 30)}

    forged = call(app, "POST", address, data=answers, cookies=cookies)  # no token from the form
    assert forged.status == 200
    assert not Response.objects.exists()
    assert dict(RejectionCount.objects.filter(survey=survey).values_list("reason", "count")) == {"csrf": 1}

    sent = call(app, "POST", address, data={**answers, "csrfmiddlewaretoken": TOKEN.search(form.text).group(1)},
                cookies=cookies)
    assert sent.status == 200
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_form_without_its_slash_is_redirected_and_an_unknown_survey_is_not_found(app, survey):
    form_address = reverse("survey_public", args=[survey.token])
    without_slash = call(app, "GET", form_address.rstrip("/"))
    assert without_slash.status == 301 and without_slash.header("Location") == form_address
    unknown = call(app, "GET", reverse("survey_public", args=["no-such-survey"]))
    assert unknown.status == 404
    assert unknown.header("X-Frame-Options") == "DENY"


def test_a_public_form_address_that_is_not_in_the_url_configuration_is_named(world, settings):
    settings.HOLOS_PUBLIC_FORM_URLS = ["survey_public", "no_such_address"]
    with pytest.raises(ImproperlyConfigured, match="no_such_address"):
        Handler()


def test_the_suggestion_box_takes_the_short_way_refuses_a_forgery_and_keeps_what_was_typed(app, world, client):
    cookies = signed_in(client, world.admin)
    address = reverse("suggestion_form", args=[world.community.slug])
    with CaptureQueriesContext(connection) as on_form:
        form = call(app, "GET", address, cookies=cookies)
    assert form.status == 200 and world.community.name in form.text
    assert session_reads(on_form.captured_queries) == 0
    cookies[settings.CSRF_COOKIE_NAME] = form.cookie(settings.CSRF_COOKIE_NAME)
    sent = {"category": "suggestion", "name": "", "email": "", "phone": "", HONEYPOT_FIELD: "",
            STAMP_FIELD: SUGGESTION.stamp(world.community.pk, now=time.time() - 30),
            "csrfmiddlewaretoken": TOKEN.search(form.text).group(1)}

    forged = call(app, "POST", address, data={**sent, "csrfmiddlewaretoken": "", "text": "Лавка"}, cookies=cookies)
    assert forged.status == 403 and "<html" in forged.text  # Django's refusal, as a page of Holos
    mistaken = call(app, "POST", address, data={**sent, "text": "", "name": "Олена Лавочна"}, cookies=cookies)
    assert mistaken.status == 422 and "Олена Лавочна" in mistaken.text
    assert not Suggestion.objects.exists()

    accepted = call(app, "POST", address, data={**sent, "text": "Поставте лавку біля ЦНАП"}, cookies=cookies)
    thanks_address = reverse("suggestion_thanks", args=[world.community.slug])
    assert accepted.status == 302 and accepted.header("Location") == thanks_address
    assert Suggestion.objects.get(organization=world.community).text == "Поставте лавку біля ЦНАП"
    with CaptureQueriesContext(connection) as on_thanks:
        thanks = call(app, "GET", thanks_address, cookies=cookies)
    assert thanks.status == 200 and session_reads(on_thanks.captured_queries) == 0
