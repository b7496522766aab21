"""Bots and ballot stuffing are turned away without a third-party service.

Every submission turned away gets the same thank-you page with status 200 as one that
was stored, and the survey's count for its reason goes up, for staff to see.
"""

import re
import time
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from holos import senders
from holos.defences import HONEYPOT_FIELD, STAMP_FIELD, SURVEY
from holos.senders import address_key
from holos.surveys.models import RejectionCount, Response
from tests.surveys.conftest import good_answers, make_survey, post_answers


@pytest.fixture(autouse=True)
def one_rate_window(monkeypatch):
    """Every count of a test falls in one window of the rate counters.

    The windows are fixed (a new one begins every minute), so a test whose posts straddled
    a minute's turn would see its counts start again.
    """
    moment = (time.time() // 3600 + 0.5) * 3600
    monkeypatch.setattr(senders, "time", SimpleNamespace(time=lambda: moment, monotonic=time.monotonic))


def _counts(survey) -> dict[str, int]:
    return dict(RejectionCount.objects.filter(survey=survey).values_list("reason", "count"))


def _visible(response) -> str:
    """The page without the per-request security token, to compare two pages."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_rejected_submissions_look_exactly_like_accepted_ones(survey, client):
    accepted = post_answers(client, survey)
    rejected = post_answers(client, survey, **{"data": {**good_answers(survey), HONEYPOT_FIELD: "http://spam"}})
    assert accepted.status_code == rejected.status_code == 200
    assert _visible(accepted) == _visible(rejected)
    assert Response.objects.count() == 1


def test_the_hidden_field_traps_form_filling_bots(survey, client):
    data = {**good_answers(survey), HONEYPOT_FIELD: "Buy now"}
    assert post_answers(client, survey, data).status_code == 200
    assert not Response.objects.exists()
    assert _counts(survey) == {"honeypot": 1}
    html = client.get(reverse("survey_public", args=[survey.token])).content.decode()
    trap = re.search(r'<div class="trap" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap


def test_forms_sent_faster_than_a_person_can_are_turned_away(survey, client, settings):
    settings.HOLOS_SURVEY_MIN_SECONDS = 5
    assert post_answers(client, survey, seconds_ago=1).status_code == 200
    assert not Response.objects.exists()
    assert post_answers(client, survey, seconds_ago=6).status_code == 200
    assert Response.objects.count() == 1
    assert _counts(survey) == {"too_fast": 1}


def test_a_missing_forged_or_borrowed_stamp_is_turned_away(world, survey, client):
    other = make_survey(world.community)
    base = good_answers(survey)
    post_answers(client, survey, {**base, STAMP_FIELD: ""})
    post_answers(client, survey, {**base, STAMP_FIELD: SURVEY.stamp(survey.pk, now=time.time() - 60) + "x"})
    post_answers(client, survey, {**base, STAMP_FIELD: SURVEY.stamp(other.pk, now=time.time() - 60)})
    assert not Response.objects.exists()
    assert _counts(survey) == {"bad_stamp": 3}


def test_a_form_left_open_too_long_is_shown_again_with_the_answers_kept(survey, client, settings):
    settings.HOLOS_SURVEY_FORM_MAX_AGE = 3600
    response = post_answers(client, survey, good_answers(survey, long="Текст, який не можна втратити"),
                            seconds_ago=7200)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Response.objects.exists()
    assert "Текст, який не можна втратити" in html
    assert 'role="status"' in html
    fresh = re.search(rf'name="{STAMP_FIELD}" value="([^"]+)"', html).group(1)
    time.sleep(0.01)
    settings.HOLOS_SURVEY_MIN_SECONDS = 0
    post_answers(client, survey, {**good_answers(survey), STAMP_FIELD: fresh})
    assert Response.objects.count() == 1
    assert _counts(survey) == {}


def test_a_post_without_the_security_token_is_turned_away_the_same_way(survey):
    strict = Client(enforce_csrf_checks=True)
    response = post_answers(strict, survey)
    assert response.status_code == 200
    assert not Response.objects.exists()
    assert _counts(survey) == {"csrf": 1}
    # With the cookie and token the form hands out, the same client gets through.
    page = strict.get(reverse("survey_public", args=[survey.token]))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    post_answers(strict, survey, {**good_answers(survey), "csrfmiddlewaretoken": token})
    assert Response.objects.count() == 1


def test_one_address_is_limited(survey, client, settings):
    settings.HOLOS_SURVEY_ADDRESS_LIMIT = 3
    for _ in range(5):
        assert post_answers(client, survey, REMOTE_ADDR="198.51.100.7").status_code == 200
    assert Response.objects.count() == 3
    assert _counts(survey) == {"address_rate": 2}
    # Another address is not affected.
    post_answers(client, survey, REMOTE_ADDR="198.51.100.8")
    assert Response.objects.count() == 4


def test_everyone_together_is_limited(survey, client, settings):
    settings.HOLOS_SURVEY_GLOBAL_LIMIT = 4
    for n in range(6):
        post_answers(client, survey, REMOTE_ADDR=f"198.51.100.{n + 1}")
    assert Response.objects.count() == 4
    assert _counts(survey) == {"global_rate": 2}


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(survey, client, settings):
    settings.HOLOS_SURVEY_ADDRESS_LIMIT = 1
    # Not trusted: a bot's made-up X-Forwarded-For does not give it new addresses.
    for n in range(3):
        post_answers(client, survey, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert Response.objects.count() == 1
    settings.HOLOS_TRUSTED_PROXY_COUNT = 1
    # Behind one proxy, the address it appended counts; what the sender wrote before it does not.
    for n in range(3):
        post_answers(client, survey, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 192.0.2.50")
    post_answers(client, survey, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert Response.objects.count() == 3


def test_an_ipv6_home_network_counts_as_one_address():
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("203.0.113.5") == "203.0.113.5"


def test_staff_see_the_counts_per_reason(survey, client, as_user, world, settings):
    settings.HOLOS_SURVEY_MIN_SECONDS = 5
    post_answers(client, survey, {**good_answers(survey), HONEYPOT_FIELD: "x"})
    post_answers(client, survey, {**good_answers(survey), HONEYPOT_FIELD: "y"})
    post_answers(client, survey, seconds_ago=0)
    staff = as_user(world.viewer)
    staff.cookies["django_language"] = "en"
    page = staff.get(reverse("survey", args=[world.community.slug, survey.pk]))
    html = page.content.decode()
    assert re.search(r"A hidden field was filled in</td><td>2</td>", html)
    assert re.search(r"Sent too fast after the form was opened</td><td>1</td>", html)
