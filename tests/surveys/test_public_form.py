"""Residents answer a survey on its public page: no sign-in, no JavaScript, their language."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from holos.surveys import actions
from holos.surveys.models import Answer, QuestionKind, Response
from tests.surveys.conftest import good_answers, make_survey, post_answers, questions_by_kind


def _page(client, survey, **headers):
    return client.get(reverse("survey_public", args=[survey.token]), **headers)


def test_the_page_asks_every_question_without_javascript(survey, client):
    response = _page(client, survey)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in html
    assert 'lang="uk"' in html
    for question in survey.questions.all():
        assert str(question) in html
    # Choices are grouped in fieldsets with the question as legend; texts have labels.
    assert html.count("<fieldset") == 4
    long_text = survey.questions.get(kind=QuestionKind.LONG_TEXT)
    assert f'<label for="id_{long_text.field_name}">' in html
    assert f'aria-describedby="id_{long_text.field_name}_helptext"' in html
    assert 'name="viewport"' in html


def test_texts_are_shown_in_the_visitors_language_falling_back_to_ukrainian(survey, client):
    client.cookies["django_language"] = "en"
    html = _page(client, survey).content.decode()
    assert "Quality of services" in html
    assert "How satisfied are you?" in html
    # No English text for this question: the Ukrainian one, marked as Ukrainian.
    assert '<span lang="uk">Якими послугами користувалися?</span>' in html
    assert ">Yes<" in html and ">No<" in html
    client.cookies["django_language"] = "cs"
    html = _page(client, survey).content.decode()
    assert "Kvalita služeb" in html and "Jak jste spokojeni?" in html


def test_an_answer_is_stored_anonymously(survey, client):
    response = post_answers(client, survey, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert "Дякуємо" in response.content.decode() or "Thank" in response.content.decode()
    stored = Response.objects.get(survey=survey)
    assert stored.language == "uk"
    q = questions_by_kind(survey)
    answers = {a.question.kind: a for a in Answer.objects.filter(response=stored).select_related("question")}
    assert answers[QuestionKind.SCALE].number == 5
    assert answers[QuestionKind.YES_NO].number == 1
    assert answers[QuestionKind.SINGLE].choice == q[QuestionKind.SINGLE].choices.first()
    assert Answer.objects.filter(response=stored, question=q[QuestionKind.MULTIPLE]).count() == 2
    assert answers[QuestionKind.NUMBER].number == 12
    assert answers[QuestionKind.LONG_TEXT].text == "Дякую, все добре"
    # Nothing about the sender is kept with the response.
    row = Response.objects.filter(pk=stored.pk).values().get()
    assert "203.0.113.9" not in str(row)


def test_optional_questions_may_be_left_out_and_numbers_take_a_decimal_comma(survey, client):
    q = questions_by_kind(survey)
    data = good_answers(survey, number="7,5", short="", long="")
    del data[q[QuestionKind.MULTIPLE].field_name]
    assert post_answers(client, survey, data).status_code == 200
    assert Answer.objects.get(question=q[QuestionKind.NUMBER]).number == 7.5
    assert not Answer.objects.filter(question__kind__in=[QuestionKind.MULTIPLE, QuestionKind.LONG_TEXT]).exists()


def test_missing_required_answers_are_shown_to_correct(survey, client):
    q = questions_by_kind(survey)
    data = good_answers(survey, long="Мій довгий текст")
    del data[q[QuestionKind.SCALE].field_name]
    data[q[QuestionKind.SINGLE].field_name] = "999999"  # not an option of this question
    response = post_answers(client, survey, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert not Response.objects.exists()
    assert 'role="alert"' in html
    assert f'href="#id_{q[QuestionKind.SCALE].field_name}_0"' in html
    assert f'id="id_{q[QuestionKind.SCALE].field_name}_error"' in html
    assert re.search(rf'<fieldset[^>]*aria-describedby="[^"]*id_{q[QuestionKind.SCALE].field_name}_error', html)
    # What was typed is kept.
    assert "Мій довгий текст" in html


def test_a_closed_survey_says_so_and_stores_nothing(world, client):
    survey = make_survey(world.community)
    actions.close_survey(actor=None, survey=survey)
    page = _page(client, survey)
    assert page.status_code == 200
    assert "<form method=\"post\" action=\"/s/" not in page.content.decode()
    assert post_answers(client, survey).status_code == 200
    assert not Response.objects.exists()


def test_a_survey_not_open_yet_tells_when_it_opens(world, client):
    survey = make_survey(world.community, open_now=False)
    draft = _page(client, survey).content.decode()
    assert "<form method=\"post\" action=\"/s/" not in draft
    opens = timezone.now() + timedelta(days=3)
    actions.update_survey(actor=None, survey=survey, opens_at=opens)
    page = _page(client, survey).content.decode()
    assert str(opens.astimezone(timezone.get_current_timezone()).year) in page
    assert post_answers(client, survey).status_code == 200
    assert not Response.objects.exists()


def test_an_unknown_survey_is_not_found(db, client):
    assert client.get(reverse("survey_public", args=["nothing-here"])).status_code == 404


def test_the_cached_form_changes_at_once_when_the_survey_does(survey, client):
    first = _page(client, survey).content.decode()
    again = _page(client, survey).content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first) and "holosCsrfSlot" not in again and "holosStampSlot" not in again
    question = survey.questions.get(kind=QuestionKind.SHORT_TEXT)
    actions.update_question(actor=None, question=question, kind=question.kind, text={"uk": "Ваше село"},
                            help={}, required=False)
    assert "Ваше село" in _page(client, survey).content.decode()
    actions.add_question(actor=None, survey=survey, kind=QuestionKind.YES_NO, text={"uk": "Нове питання?"})
    assert "Нове питання?" in _page(client, survey).content.decode()
    survey.refresh_from_db()
    actions.close_survey(actor=None, survey=survey)
    assert 'class="survey-form"' not in _page(client, survey).content.decode()
