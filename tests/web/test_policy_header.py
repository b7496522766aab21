"""The Content-Security-Policy is written from the settings once, and still as django-csp writes it.

``ContentSecurityPolicyMiddleware`` keeps the header built from the settings; a response
with a policy of its own (django-csp's decorators), a page that used a nonce, and a change
of the settings must still get what django-csp itself would write.
"""

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from holos.accounts.middleware import ContentSecurityPolicyMiddleware

HEADER = "Content-Security-Policy"


def _both(view, request_factory=None):
    """The header each middleware writes for the view's response to the same request."""
    factory = request_factory or RequestFactory()
    headers = []
    for middleware in (ContentSecurityPolicyMiddleware(view), CSPMiddleware(view)):
        request = factory.get("/somewhere/")
        response = middleware(request)
        headers.append((response.get(HEADER), response.get(f"{HEADER}-Report-Only")))
    return headers


def _page(request):
    return HttpResponse("<p>page</p>")


def test_a_plain_page_gets_the_settings_policy_as_django_csp_writes_it():
    ours, theirs = _both(_page)
    assert ours == theirs
    assert "default-src 'self'" in ours[0] and "frame-ancestors 'none'" in ours[0]


def test_a_response_with_its_own_policy_keeps_it():
    ours, theirs = _both(csp_update({"img-src": ["https://maps.example.org"]})(_page))
    assert ours == theirs
    assert "https://maps.example.org" in ours[0]


def test_an_exempt_response_gets_no_policy():
    ours, theirs = _both(csp_exempt()(_page))
    assert ours == theirs == (None, None)


def test_a_page_that_used_a_nonce_names_it():
    def with_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    policies = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policies):
        request = RequestFactory().get("/")
        response = ContentSecurityPolicyMiddleware(with_nonce)(request)
    nonce = response.content.decode().split("'")[1]
    assert f"'nonce-{nonce}'" in response[HEADER]


def test_a_change_of_the_settings_is_followed_and_undone():
    before = _both(_page)[0][0]
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [SELF, "https://a.example"]}},
                           CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"img-src": [SELF]}}):
        ours, theirs = _both(_page)
        assert ours == theirs
        assert ours[0] == "default-src 'self' https://a.example" and "img-src 'self'" in ours[1]
    assert _both(_page)[0][0] == before


@pytest.mark.parametrize("prefix", ["/somewhere/", "/some"])
def test_an_excluded_address_gets_no_policy(prefix):
    with override_settings(CONTENT_SECURITY_POLICY={"EXCLUDE_URL_PREFIXES": [prefix],
                                                    "DIRECTIVES": {"default-src": [SELF]}}):
        ours, theirs = _both(_page)
    assert ours == theirs == (None, None)
