"""Bots are turned away without being told: the same thank-you page, and a count for staff."""

import re
import time

from django.urls import reverse

from holos import defences
from holos.suggestions.models import RejectedCount, Suggestion
from tests.suggestions.conftest import public_post, started


def _thanks(world):
    return reverse("suggestion_thanks", args=[world.community.slug])


def _page(client, url):
    """The page as a bot sees it, without the CSRF token that differs on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


def _counts(world):
    return dict(RejectedCount.objects.filter(organization=world.community).values_list("reason", "count"))


def test_a_filled_honeypot_looks_accepted_but_is_dropped(world, client):
    real = public_post(client, world.community)
    bot = public_post(client, world.community, website="http://spam.example")
    assert bot.status_code == real.status_code == 302
    assert bot["Location"] == real["Location"] == _thanks(world)
    assert _page(client, bot["Location"]) == _page(client, real["Location"])
    assert Suggestion.objects.count() == 1
    assert _counts(world) == {"honeypot": 1}


def test_a_form_sent_faster_than_a_person_writes_is_dropped(world, client, settings):
    settings.HOLOS_SUGGESTION_MIN_SECONDS = 5
    response = public_post(client, world.community, seconds_ago=1)
    assert response.status_code == 302 and response["Location"] == _thanks(world)
    assert not Suggestion.objects.exists()
    assert _counts(world) == {"too_fast": 1}
    assert public_post(client, world.community, seconds_ago=6).status_code == 302
    assert Suggestion.objects.count() == 1


def test_a_missing_or_forged_timestamp_is_dropped(world, client):
    forged = started(world.community)[:-3] + "abc"
    elsewhere = started(world.other)  # given out by another organisation's form
    future = defences.SUGGESTION.stamp(world.community.pk, now=time.time() + 3600)
    for token in ("", "garbage", forged, elsewhere, future):
        response = public_post(client, world.community, **{defences.STAMP_FIELD: token})
        assert response.status_code == 302 and response["Location"] == _thanks(world), token
    assert not Suggestion.objects.exists()
    assert _counts(world) == {"bad_stamp": 5}


def test_one_address_is_limited_and_others_are_not(world, client, settings):
    settings.HOLOS_SUGGESTION_ADDRESS_LIMIT, settings.HOLOS_SUGGESTION_DAILY_LIMIT = 3, 100
    for _ in range(3):
        assert public_post(client, world.community, address="198.51.100.1").status_code == 302
    assert Suggestion.objects.count() == 3
    response = public_post(client, world.community, address="198.51.100.1")
    assert response.status_code == 302 and response["Location"] == _thanks(world)
    assert Suggestion.objects.count() == 3
    assert _counts(world) == {"address_rate": 1}
    # Another address still gets through; an error on the form counts as a try too.
    assert public_post(client, world.community, address="198.51.100.2").status_code == 302
    assert Suggestion.objects.count() == 4


def test_the_daily_limit_counts_too(world, client, settings):
    settings.HOLOS_SUGGESTION_ADDRESS_LIMIT, settings.HOLOS_SUGGESTION_DAILY_LIMIT = 100, 2
    for _ in range(3):
        public_post(client, world.community, address="198.51.100.9")
    assert Suggestion.objects.count() == 2


def test_an_ipv6_household_shares_one_limit(world, client, settings):
    settings.HOLOS_SUGGESTION_ADDRESS_LIMIT = 2
    public_post(client, world.community, address="2001:db8:1:2::10")
    public_post(client, world.community, address="2001:db8:1:2::11")
    public_post(client, world.community, address="2001:db8:1:2:ffff::1")
    assert Suggestion.objects.count() == 2
    public_post(client, world.community, address="2001:db8:1:3::1")
    assert Suggestion.objects.count() == 3


def test_forwarded_addresses_count_only_behind_our_own_proxies(world, client, settings):
    settings.HOLOS_SUGGESTION_ADDRESS_LIMIT = 1
    url = reverse("suggestion_form", args=[world.community.slug])

    def send(forwarded):
        data = {"category": "question", "text": "Питання", defences.STAMP_FIELD: started(world.community)}
        return client.post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    # Without trusted proxies a client cannot pick its own address.
    send("192.0.2.1")
    send("192.0.2.2")
    assert Suggestion.objects.count() == 1
    settings.HOLOS_TRUSTED_PROXY_COUNT = 1
    send("6.6.6.6, 192.0.2.3")
    send("7.7.7.7, 192.0.2.4")
    send("8.8.8.8, 192.0.2.4")
    assert Suggestion.objects.count() == 3


def test_staff_see_how_many_were_turned_away(world, client, as_user, settings):
    settings.HOLOS_SUGGESTION_MIN_SECONDS = 5
    public_post(client, world.community, website="spam")
    public_post(client, world.community, website="spam")
    public_post(client, world.community, seconds_ago=0)
    public_post(client, world.other, website="spam")
    staff = as_user(world.viewer)
    staff.cookies["django_language"] = "en"
    html = staff.get(reverse("inbox", args=[world.community.slug])).content.decode()
    assert "3 submissions were turned away as likely spam in the last 30 days." in html
    assert "A hidden field was filled in: 2" in html
    assert "Sent too fast after the form was opened: 1" in html
    assert RejectedCount.objects.filter(organization=world.community).count() == 2
    assert sum(RejectedCount.objects.filter(organization=world.community).values_list("count", flat=True)) == 3
