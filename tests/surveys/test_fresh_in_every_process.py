"""A survey changed in one server process is answered as changed in the others.

Each process keeps the public survey a moment (``SURVEY_SECONDS``) and its compiled form
and rendered pages, keyed by the survey's version, for as long as it lasts. A change
through the survey's actions drops the survey only in the process that made it; this test
plays the other process: it keeps what it had before the change, and must show the new
question once its moment has passed.
"""

import time

from django.urls import reverse

from holos.surveys import actions, public
from holos.surveys.models import KEPT_SURVEYS, QuestionKind
from tests.surveys.conftest import good_answers, post_answers


def _page(client, survey) -> str:
    return client.get(reverse("survey_public", args=[survey.token])).content.decode()


def test_another_process_shows_the_changed_survey_once_its_moment_has_passed(survey, client):
    assert "Ваш район" in _page(client, survey)
    kept, definitions = dict(KEPT_SURVEYS), dict(public._DEFINITIONS)
    question = survey.questions.get(kind=QuestionKind.SHORT_TEXT)
    actions.update_question(actor=None, question=question, kind=question.kind, text={"uk": "Ваше село"},
                            help={}, required=False)
    # The other process still holds the survey as it was, and its compiled form.
    KEPT_SURVEYS.update(kept)
    public._DEFINITIONS.update(definitions)
    assert "Ваш район" in _page(client, survey)
    [(token, (_until, row))] = kept.items()
    KEPT_SURVEYS[token] = (time.monotonic() - 1, row)
    html = _page(client, survey)
    assert "Ваше село" in html and "Ваш район" not in html


def test_another_process_takes_answers_to_a_question_added_meanwhile(survey, client):
    _page(client, survey)
    kept = dict(KEPT_SURVEYS)
    added = actions.add_question(actor=None, survey=survey, kind=QuestionKind.SHORT_TEXT, text={"uk": "Ваш вік"},
                                 help={}, required=True)
    KEPT_SURVEYS.update({token: (time.monotonic() - 1, row) for token, (_until, row) in kept.items()})
    survey.refresh_from_db()
    post_answers(client, survey, {**good_answers(survey), added.field_name: "40"})
    assert added.answers.get().text == "40"
