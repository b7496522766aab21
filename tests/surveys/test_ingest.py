"""Storing answers under a rush: one statement per response, the form compiled once per survey version."""

import re

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from holos.surveys import actions, public
from holos.surveys.models import Answer, QuestionKind, Response
from holos.surveys.public import survey_form
from tests.surveys.conftest import good_answers

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_response_and_its_answers_are_one_statement_on_postgresql(survey):
    form = survey_form(survey, good_answers(survey, long="Черга  Довга"))
    assert form.is_valid(), form.errors
    with CaptureQueriesContext(connection) as queries:
        response = actions.submit_response(survey=survey, answers=form.answers(), language="uk")
    if connection.vendor == "postgresql":
        [statement] = queries.captured_queries
        assert statement["sql"].startswith("WITH response AS (INSERT INTO")
    else:
        # A savepoint, the response, its answers, the release.
        assert len(queries.captured_queries) == 4
    stored = Response.objects.get(survey=survey)
    assert stored == response and stored.language == "uk"
    answers = Answer.objects.filter(response=stored)
    # Seven questions, one of them of several choices (two chosen).
    assert answers.count() == 8
    text = answers.get(question__kind=QuestionKind.LONG_TEXT)
    assert (text.text, text.text_folded) == ("Черга  Довга", "черга  довга")
    assert answers.get(question__kind=QuestionKind.SCALE).number == 5


def test_the_response_statement_is_prepared_once_on_its_postgresql_connection(survey):
    if connection.vendor != "postgresql":
        return  # SQLite keeps its own statements; there is nothing to prepare on a server
    form = survey_form(survey, good_answers(survey))
    assert form.is_valid(), form.errors

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                           ["WITH response AS (INSERT INTO%"])
            return [row[0] for row in cursor.fetchall()]

    assert prepared() == []
    for _ in range(3):
        actions.submit_response(survey=survey, answers=form.answers(), language="uk")
    # One statement on the server for the three responses, with their values apart from its text.
    [statement] = prepared()
    assert "$1" in statement and "surveys_answer" in statement
    assert Response.objects.filter(survey=survey).count() == 3
    assert Answer.objects.filter(response__survey=survey).count() == 3 * len(form.answers())


def test_a_deployment_behind_a_pooler_can_turn_preparing_off(survey, settings):
    if connection.vendor != "postgresql":
        return
    settings.HOLOS_DATABASE_PREPARED = False
    connection.ensure_connection()
    connection.connection.prepare_threshold = None  # as Django opens it, before any response
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    form = survey_form(survey, good_answers(survey))
    assert form.is_valid(), form.errors
    for _ in range(3):
        actions.submit_response(survey=survey, answers=form.answers(), language="uk")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == 0
    assert Response.objects.filter(survey=survey).count() == 3


def test_a_response_without_answers_is_stored_too(survey):
    response = actions.submit_response(survey=survey, answers=[], language="en")
    assert Response.objects.get(pk=response.pk).language == "en"
    assert not Answer.objects.filter(response=response).exists()


def test_the_form_is_compiled_once_per_version_and_language(survey, django_assert_num_queries):
    first = survey_form(survey)
    name = survey.questions.get(kind=QuestionKind.YES_NO).field_name
    with django_assert_num_queries(0):
        again = survey_form(survey)
    assert again.fields[name] is first.fields[name]
    with translation.override("en"):
        english = survey_form(survey)
        assert english.fields[name] is not first.fields[name]
        assert english.fields[name].label == "Was it settled?"
    question = survey.questions.get(kind=QuestionKind.SHORT_TEXT)
    actions.update_question(actor=None, question=question, kind=question.kind, text={"uk": "Ваше село"},
                            help={}, required=False)
    survey.refresh_from_db()
    assert survey_form(survey).fields[question.field_name].label == "Ваше село"


def test_the_page_is_rendered_once_per_version_and_language_and_kept_in_the_process(survey, client):
    url = reverse("survey_public", args=[survey.token])
    assert client.get(url).templates, "the first visit renders the page"
    for cache in caches.all():
        cache.clear()  # nothing of the page is in a cache: it is kept in the process
    again = client.get(url)
    assert not again.templates
    assert "Ваш район" in again.content.decode()
    # The kept page gets this request's own token and stamp.
    tokens = {CSRF_FIELD.search(client.get(url).content.decode()).group(1) for _ in range(2)}
    assert len(tokens) == 2 and public.CSRF_SLOT not in again.content.decode()
    client.cookies["django_language"] = "en"
    assert client.get(url).templates, "another language is rendered anew"
    actions.update_survey(actor=None, survey=survey, title={"uk": "Нова назва", "en": "New title"})
    survey.refresh_from_db()
    public.KEPT_SURVEYS.clear()
    changed = client.get(url)
    assert changed.templates and "New title" in changed.content.decode()


def test_a_submission_checked_field_by_field_gets_the_same_verdict_and_answers_as_the_form(survey, rf):
    from holos.surveys.forms import ResponseForm

    q = {question.kind: question for question in survey.questions.all()}
    good = good_answers(survey)
    cases = [
        good,
        good_answers(survey, multiple=(), number="", short="", long=""),
        good_answers(survey, multiple=(2, 2, 0), number="3,5", short="  Центр  "),
        {**good, q[QuestionKind.SCALE].field_name: "11"},
        {**good, q[QuestionKind.YES_NO].field_name: "так"},
        {**good, q[QuestionKind.SINGLE].field_name: "999999"},
        {**good, q[QuestionKind.MULTIPLE].field_name: ["999999"]},
        {**good, q[QuestionKind.NUMBER].field_name: "багато"},
        {**good, q[QuestionKind.NUMBER].field_name: "1e13"},
        {**good, q[QuestionKind.SHORT_TEXT].field_name: "ї" * 301},
        {key: value for key, value in good.items() if key != q[QuestionKind.SCALE].field_name},
        {},
    ]
    verdicts = []
    for data in cases:
        sent = rf.post("/", data).POST
        questions, fields = public._compiled(survey)
        quick = ResponseForm.answers_of(sent, questions=questions, fields=fields)
        form = survey_form(survey, sent)
        verdicts.append(form.is_valid())
        assert (quick is not None) == form.is_valid(), data
        if quick is not None:
            assert quick == form.answers()
    assert verdicts[:3] == [True, True, True] and not any(verdicts[3:])
