"""Tenant isolation and roles on every staff page of surveys.

The outsider (an administrator of another community) gets 404 for every survey page of
the first community, reading or writing; the viewer and the unit head read but cannot
write (403); a visitor who is not signed in is sent to sign in; nothing changes.
"""

import pytest
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.plans.models import Indicator
from holos.surveys import actions
from holos.surveys.models import IndicatorLink, InvitationCode, Metric, Question, QuestionKind, Survey
from tests.surveys.conftest import make_survey


def _routes(world):
    survey = make_survey(world.community)
    actions.generate_codes(actor=None, survey=survey, labels=["Олена"])
    activity = world.plan.activities.first()
    indicator = Indicator.objects.create(activity=activity, text="Кількість респондентів")
    link = actions.link_indicator(actor=None, survey=survey, indicator=indicator, metric=Metric.RESPONDENTS,
                                  question=None)
    question = survey.questions.first()
    text = survey.questions.get(kind=QuestionKind.LONG_TEXT)
    slug, pk = world.community.slug, survey.pk
    read = [
        reverse("surveys", args=[slug]),
        reverse("survey", args=[slug, pk]),
        reverse("survey_results", args=[slug, pk]),
        reverse("survey_text_answers", args=[slug, pk, text.pk]),
        reverse("survey_indicators", args=[slug, pk]),
    ]
    write = [
        reverse("survey_create", args=[slug]),
        reverse("survey_edit", args=[slug, pk]),
        reverse("survey_delete", args=[slug, pk]),
        reverse("survey_status", args=[slug, pk]),
        reverse("survey_question_create", args=[slug, pk]),
        reverse("survey_question_edit", args=[slug, pk, question.pk]),
        reverse("survey_question_delete", args=[slug, pk, question.pk]),
        reverse("survey_question_move", args=[slug, pk, question.pk]),
        reverse("survey_export", args=[slug, pk, "csv"]),
        reverse("survey_export", args=[slug, pk, "xlsx"]),
        reverse("survey_codes", args=[slug, pk]),
        reverse("survey_codes_csv", args=[slug, pk]),
        reverse("survey_indicators_record", args=[slug, pk]),
        reverse("survey_indicator_unlink", args=[slug, pk, link.pk]),
        reverse("survey_publish", args=[slug, pk]),
    ]
    return survey, read, write


def _state():
    return (
        list(Survey.objects.values_list("title", "opens_at", "closes_at", "results_published_at")),
        list(Question.objects.values_list("text", "position", "kind")),
        InvitationCode.objects.count(),
        IndicatorLink.objects.count(),
        AuditEntry.objects.count(),
    )


def _post_everything(client, survey, url):
    return client.post(url, {
        "title_uk": "Зламано", "kind": "yes_no", "text_uk": "Зламано", "action": "open", "direction": "up",
        "count": "5", "metric": "respondents", "note_uk": "Зламано",
    })


def test_it_rejects_outsiders_everywhere(world, as_user):
    survey, read, write = _routes(world)
    client = as_user(world.outsider)
    before = _state()
    for url in read + write:
        assert client.get(url).status_code == 404, url
        assert _post_everything(client, survey, url).status_code == 404, url
    assert _state() == before


@pytest.mark.parametrize("actor", ["viewer", "unit_head"])
def test_readers_read_but_cannot_write(world, as_user, actor):
    survey, read, write = _routes(world)
    client = as_user(getattr(world, actor))
    before = _state()
    for url in read:
        assert client.get(url).status_code == 200, url
    for url in write:
        assert client.get(url).status_code in (403, 405), url
        assert _post_everything(client, survey, url).status_code == 403, url
    # Linking an indicator is the one write on a page readers may open.
    assert client.post(read[-1], {"metric": "respondents"}).status_code == 403
    assert _state() == before


def test_it_sends_visitors_who_are_not_signed_in_to_sign_in(world, client):
    _survey, read, write = _routes(world)
    for url in read + write:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_question_of_another_survey_is_not_found(world, as_user):
    mine = make_survey(world.community)
    theirs = make_survey(world.other)
    client = as_user(world.officer)
    foreign = theirs.questions.first()
    url = reverse("survey_question_edit", args=[world.community.slug, mine.pk, foreign.pk])
    assert client.get(url).status_code == 404
    url = reverse("survey", args=[world.community.slug, theirs.pk])
    assert client.get(url).status_code == 404


def test_editors_and_admins_write(world, as_user):
    survey, _read, write = _routes(world)
    for user in (world.officer, world.admin):
        client = as_user(user)
        for url in write:
            if url.endswith(("/status/", "/move/", "/record/")) or "/indicators/" in url and url.endswith("/delete/"):
                continue
            assert client.get(url).status_code == 200, url
