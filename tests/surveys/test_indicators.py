"""Surveys feed indicators: recording writes measurements that become the indicators' current values."""

from django.urls import reverse
from django.utils import timezone

from holos.audit.models import AuditEntry
from holos.plans.models import Indicator
from holos.surveys.models import IndicatorLink, QuestionKind
from holos.work.dashboard import indicators_of
from holos.work.models import Measurement
from tests.surveys.conftest import questions_by_kind
from tests.surveys.test_results import add_response


def _indicators(world):
    activity = world.plan.activities.first()
    satisfied = Indicator.objects.create(activity=activity, text="% задоволених", target=80, unit="%")
    respondents = Indicator.objects.create(activity=activity, text="Кількість респондентів", target=100)
    return satisfied, respondents


def test_officer_links_indicators_and_records_their_values(survey, as_user, world):
    satisfied, respondents = _indicators(world)
    scale = questions_by_kind(survey)[QuestionKind.SCALE]
    for value in (5, 4, 4, 2, 1):
        add_response(survey, scale=value)
    client = as_user(world.officer)
    url = reverse("survey_indicators", args=[world.community.slug, survey.pk])
    assert client.post(url, {"indicator": satisfied.pk, "metric": "top_two", "question": scale.pk}).status_code == 302
    assert client.post(url, {"indicator": respondents.pk, "metric": "respondents"}).status_code == 302
    page = client.get(url).content.decode()
    assert "60" in page  # 3 of 5 answered 4 or 5, shown before recording

    record = reverse("survey_indicators_record", args=[world.community.slug, survey.pk])
    assert client.post(record).status_code == 302
    values = dict(Measurement.objects.values_list("indicator_id", "value"))
    assert values == {satisfied.pk: 60.0, respondents.pk: 5.0}
    assert Measurement.objects.filter(created_by=world.officer, date=timezone.localdate()).count() == 2
    assert "Оцінка якості послуг" in Measurement.objects.first().note
    # The indicators' current values on the plan's dashboard are the survey's.
    progress = {p.indicator.pk: p for p in indicators_of(world.plan)}
    assert progress[satisfied.pk].value == 60.0 and progress[satisfied.pk].percent == 75
    assert progress[respondents.pk].value == 5.0
    assert AuditEntry.objects.filter(action="survey.indicators", object_id=survey.pk).exists()
    assert AuditEntry.objects.filter(action="indicator.measure").count() == 2

    # More answers and a new recording: the indicator moves on, its history stays.
    add_response(survey, scale=5)
    client.post(record)
    progress = {p.indicator.pk: p for p in indicators_of(world.plan)}
    assert progress[satisfied.pk].value == round(100 * 4 / 6, 1)
    assert Measurement.objects.filter(indicator=satisfied).count() == 2


def test_shares_of_yes_and_averages(survey, world):
    from holos.surveys import actions

    satisfied, respondents = _indicators(world)
    q = questions_by_kind(survey)
    add_response(survey, yes=1, number=10)
    add_response(survey, yes=1, number=20)
    add_response(survey, yes=0)
    actions.link_indicator(actor=None, survey=survey, indicator=satisfied, metric="yes_share",
                           question=q[QuestionKind.YES_NO])
    actions.link_indicator(actor=None, survey=survey, indicator=respondents, metric="average",
                           question=q[QuestionKind.NUMBER])
    written = dict((link.indicator_id, value) for link, value in
                   actions.record_indicator_values(actor=None, survey=survey))
    assert written == {satisfied.pk: 66.7, respondents.pk: 15.0}


def test_a_value_without_answers_is_not_written(survey, world):
    from holos.surveys import actions

    satisfied, _respondents = _indicators(world)
    actions.link_indicator(actor=None, survey=survey, indicator=satisfied, metric="top_two",
                           question=questions_by_kind(survey)[QuestionKind.SCALE])
    assert actions.record_indicator_values(actor=None, survey=survey) == []
    assert not Measurement.objects.exists()


def test_the_question_must_fit_the_value_and_the_indicator_the_organisation(survey, as_user, world):
    satisfied, _respondents = _indicators(world)
    q = questions_by_kind(survey)
    client = as_user(world.officer)
    url = reverse("survey_indicators", args=[world.community.slug, survey.pk])
    wrong_kind = client.post(url, {"indicator": satisfied.pk, "metric": "top_two",
                                   "question": q[QuestionKind.YES_NO].pk})
    assert wrong_kind.status_code == 422
    no_question = client.post(url, {"indicator": satisfied.pk, "metric": "average"})
    assert no_question.status_code == 422
    foreign = Indicator.objects.create(activity=world.other.plans.first().activities.first(), text="Чужий")
    assert client.post(url, {"indicator": foreign.pk, "metric": "respondents"}).status_code == 422
    assert not IndicatorLink.objects.exists()


def test_an_indicator_is_unlinked(survey, as_user, world):
    from holos.surveys import actions

    satisfied, _respondents = _indicators(world)
    link = actions.link_indicator(actor=None, survey=survey, indicator=satisfied, metric="respondents", question=None)
    client = as_user(world.admin)
    url = reverse("survey_indicator_unlink", args=[world.community.slug, survey.pk, link.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not IndicatorLink.objects.exists()
