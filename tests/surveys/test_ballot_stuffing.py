"""One client sending one form again and again: counted once per browser, and shown to staff as a burst.

Each submission gets the same thank-you page whatever happens to it, so a client learns
nothing; what is counted is read back from the results, the bursts page and the audit log.
"""

import time

from django.test import Client
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.defences import STAMP_FIELD, SURVEY
from holos.surveys import actions
from holos.surveys.models import RejectionCount, Response
from holos.surveys.results import compute_results
from tests.surveys.conftest import good_answers, post_answers


def _stuff(client, survey, times: int) -> set[int]:
    """Send one form (one stamp) ``times`` times from one address; the statuses seen."""
    data = {**good_answers(survey), STAMP_FIELD: SURVEY.stamp(survey.pk, now=time.time() - 60)}
    return {post_answers(client, survey, data).status_code for _ in range(times)}


def test_one_response_per_browser_counts_a_browser_once(world, survey, as_user, client):
    actions.update_survey(actor=world.officer, survey=survey, one_per_browser=True)
    survey.refresh_from_db()
    assert _stuff(client, survey, 20) == {200}
    assert Response.objects.filter(survey=survey).count() == 1
    assert dict(RejectionCount.objects.filter(survey=survey).values_list("reason", "count")) == {"answered_here": 19}
    # Another browser (another person at the same address) answers as well.
    assert post_answers(Client(), survey).status_code == 200
    assert Response.objects.filter(survey=survey).count() == 2


def test_a_cookie_of_another_survey_or_a_forged_one_does_not_count(world, survey, client, settings):
    other = actions.create_survey(actor=None, organization=world.community, title={"uk": "Інше"},
                                  one_per_browser=True)
    actions.update_survey(actor=None, survey=survey, one_per_browser=True)
    survey.refresh_from_db()
    client.cookies[f"holos_answered_{survey.pk}"] = "forged"
    client.cookies[f"holos_answered_{other.pk}"] = client.cookies[f"holos_answered_{survey.pk}"].value
    post_answers(client, survey)
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_setting_is_chosen_on_the_survey_form_and_audited(world, survey, as_user):
    client = as_user(world.officer)
    url = reverse("survey_edit", args=[world.community.slug, survey.pk])
    page = client.get(url).content.decode()
    assert 'name="one_per_browser"' in page
    data = {"title_uk": "Оцінка якості послуг", "one_per_browser": "on",
            "opens_at": survey.opens_at.strftime("%Y-%m-%dT%H:%M")}
    assert client.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert survey.one_per_browser
    entry = AuditEntry.objects.filter(action="survey.update").latest("id")
    assert entry.after["one_per_browser"] is True


def test_a_burst_is_shown_to_staff_discounted_from_the_results_and_counted_again(world, survey, as_user, client,
                                                                                  settings):
    settings.HOLOS_SURVEY_BURST_SIZE = 5
    assert _stuff(client, survey, 40) == {200}
    accepted = Response.objects.filter(survey=survey).count()
    assert accepted == settings.HOLOS_SURVEY_ADDRESS_LIMIT  # the limit per address alone lets 30 through
    post_answers(Client(REMOTE_ADDR="192.0.2.8"), survey)  # someone else, once
    assert compute_results(survey).responses == accepted + 1

    staff = as_user(world.officer)
    url = reverse("survey_bursts", args=[world.community.slug, survey.pk])
    page = staff.get(url).content.decode()
    assert "з однієї адреси" in page and "повторно з тією самою формою" in page
    stamp = Response.objects.filter(survey=survey).values_list("stamp", flat=True).first()
    assert stamp not in page.split('name="key" value="')[0]  # the key is only a form field, never shown

    assert staff.post(url, {"kind": "stamp", "key": stamp}).status_code == 302
    assert compute_results(survey).responses == 2  # the burst's first response, and the other person's
    entry = AuditEntry.objects.get(action="survey.discount")
    assert entry.actor == world.officer and entry.after == {"responses": accepted - 1}

    assert staff.post(url, {"kind": "stamp", "key": stamp, "restore": "1"}).status_code == 302
    assert compute_results(survey).responses == accepted + 1
    assert AuditEntry.objects.get(action="survey.restore").after == {"responses": accepted - 1}


def test_a_viewer_and_an_outsider_cannot_discount(world, survey, as_user, client):
    _stuff(client, survey, 3)
    stamp = Response.objects.filter(survey=survey).values_list("stamp", flat=True).first()
    url = reverse("survey_bursts", args=[world.community.slug, survey.pk])
    assert as_user(world.viewer).post(url, {"kind": "stamp", "key": stamp}).status_code == 403
    assert as_user(world.outsider).post(url, {"kind": "stamp", "key": stamp}).status_code == 404
    assert not Response.objects.filter(discounted_at__isnull=False).exists()
