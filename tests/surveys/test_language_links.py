"""The language menu of pages without a sign-in is links: it works without a form, and the pages need no token for it.

The public survey's thank-you page is then the same for everyone: answering does not
give the browser a new CSRF cookie. A link keeps the choice in the language cookie, as
the signed-in menu's form does, and goes back to the page it was followed from.
"""

import re

import pytest
from django.urls import reverse

from holos.accounts.models import User
from tests.surveys.conftest import post_answers

LINK = re.compile(r'<a href="(/language/([a-z]+)/\?next=[^"]*)" lang="\2" hreflang="\2"( aria-current="true")?>')


def _links(html: str) -> dict[str, tuple[str, bool]]:
    return {code: (href.replace("&amp;", "&"), bool(current)) for href, code, current in LINK.findall(html)}


@pytest.mark.parametrize(("language", "heading"), [("uk", "Дякуємо!"), ("en", "Thank you!"), ("cs", "Děkujeme!")])
def test_the_thank_you_page_switches_language_by_links_and_sets_no_cookie(survey, client, language, heading):
    client.cookies["django_language"] = "uk"
    client.get(reverse("survey_public", args=[survey.token]))
    thanks = post_answers(client, survey)
    html = thanks.content.decode()
    assert thanks.status_code == 200 and "csrfmiddlewaretoken" not in html
    assert not thanks.cookies, "answering gives the browser no cookie"
    links = _links(html)
    assert set(links) == {"uk", "en", "cs"} and links["uk"][1] and not links["en"][1]
    followed = client.get(links[language][0])
    assert followed.status_code == 302 and followed["Location"] == reverse("survey_public", args=[survey.token])
    assert client.cookies["django_language"].value == language
    again = post_answers(client, survey).content.decode()
    assert f'<html lang="{language}">' in again and heading in again
    assert _links(again)[language][1]


def test_a_link_keeps_the_address_with_its_code_and_goes_nowhere_else(survey, client):
    url = reverse("survey_public", args=[survey.token]) + "?code=ABCD2345&x=1"
    links = _links(client.get(url).content.decode())
    assert client.get(links["en"][0])["Location"] == url
    outside = client.get(reverse("choose_language", args=["en"]), {"next": "https://evil.example/"})
    assert outside["Location"] == "/" and client.cookies["django_language"].value == "en"
    unknown = client.get(reverse("choose_language", args=["xx"]), {"next": url})
    assert unknown["Location"] == url and client.cookies["django_language"].value == "en"


def test_a_link_changes_the_page_not_the_accounts_language(world, client):
    user = User.objects.create_user("reader", password="x" * 12, language="cs")
    client.force_login(user)
    client.get(reverse("choose_language", args=["en"]), {"next": "/"})
    user.refresh_from_db()
    assert user.language == "cs" and client.cookies["django_language"].value == "en"
