"""``holos surveys`` lists surveys; ``holos demo`` makes an open demo survey."""

import json

from django.urls import reverse

from holos.cli import main
from holos.surveys import actions
from holos.surveys.demo import create_demo_survey
from holos.surveys.models import QuestionKind, Survey, SurveyStatus
from tests.surveys.conftest import make_survey
from tests.surveys.test_results import add_response


def test_holos_surveys_lists_id_title_status_url_and_responses(world, capsys, settings):
    settings.SITE_URL = "https://holos.example.org"
    survey = make_survey(world.community)
    add_response(survey, scale=5)
    add_response(survey, scale=4)
    draft = make_survey(world.other, open_now=False, title={"uk": "Чернетка"})
    assert main(["surveys", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_id = {row["id"]: row for row in rows}
    assert by_id[survey.pk] == {
        "id": survey.pk, "organization": "pokrovska", "title": "Оцінка якості послуг", "status": "open",
        "url": f"https://holos.example.org/s/{survey.token}/", "responses": 2,
    }
    assert by_id[draft.pk]["status"] == "draft" and by_id[draft.pk]["responses"] == 0
    assert main(["surveys", "--org", "pokrovska"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{survey.pk}\tpokrovska\topen\t2\thttps://holos.example.org/s/{survey.token}/\t"
                     "Оцінка якості послуг"]


def test_holos_surveys_refuses_an_unknown_organisation(db, capsys):
    assert main(["surveys", "--org", "nowhere"]) == 2
    assert "nowhere" in capsys.readouterr().err


def test_the_demo_survey_is_open_and_says_where(world, settings, client):
    settings.SITE_URL = "http://127.0.0.1:8000"
    lines = create_demo_survey(organization=world.community, admin=world.admin)
    survey = Survey.objects.get(organization=world.community)
    assert survey.status == SurveyStatus.OPEN
    assert survey.title["uk"] == "Оцінка якості послуг ЦНАП" and set(survey.title) == {"uk", "en", "cs"}
    kinds = [q.kind for q in survey.questions.all()]
    assert kinds == [QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.SINGLE, QuestionKind.LONG_TEXT]
    scale = survey.questions.get(kind=QuestionKind.SCALE)
    assert scale.text["uk"] == "Наскільки ви задоволені обслуговуванням?"
    assert all(set(q.text) == {"uk", "en", "cs"} for q in survey.questions.all())
    url = f"http://127.0.0.1:8000{reverse('survey_public', args=[survey.token])}"
    assert any(url in str(line) for line in lines)
    assert client.get(reverse("survey_public", args=[survey.token])).status_code == 200


def test_holos_demo_prints_the_survey_address(db, settings, capsys):
    settings.DEBUG = True
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    survey = Survey.objects.get(organization__slug="demo")
    assert f"/s/{survey.token}/" in out and "Оцінка якості послуг ЦНАП" in out
    actions.close_survey(actor=None, survey=survey)
