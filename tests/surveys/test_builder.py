"""The officer builds a survey through its pages: texts per language, questions of every kind."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.surveys.models import Choice, Question, QuestionKind, Survey, SurveyStatus
from tests.surveys.conftest import make_survey, post_answers


def _create(client, world, **extra):
    data = {"title_uk": "Опитування мешканців", "title_en": "Residents' survey", "title_cs": "",
            "description_uk": "Вступ", "opens_at": "", "closes_at": "", "activity": "", **extra}
    return client.post(reverse("survey_create", args=[world.community.slug]), data)


def test_officer_creates_a_draft_survey_with_texts_per_language(world, as_user):
    client = as_user(world.officer)
    activity = world.plan.activities.first()
    response = _create(client, world, activity=str(activity.pk))
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("survey", args=[world.community.slug, survey.pk])
    assert survey.title == {"uk": "Опитування мешканців", "en": "Residents' survey"}
    assert survey.description == {"uk": "Вступ"}
    assert survey.activity == activity
    assert survey.status == SurveyStatus.DRAFT
    assert survey.created_by == world.officer
    assert AuditEntry.objects.filter(action="survey.create", object_id=survey.pk, actor=world.officer).exists()
    page = client.get(response["Location"])
    assert "Опитування мешканців" in page.content.decode()


def test_the_title_in_ukrainian_is_required_and_dates_must_be_in_order(world, as_user):
    client = as_user(world.officer)
    assert _create(client, world, title_uk="").status_code == 422
    response = _create(client, world, opens_at="2025-05-02T10:00", closes_at="2025-05-01T10:00")
    assert response.status_code == 422
    assert not Survey.objects.exists()


def test_an_activity_of_another_organisation_cannot_be_linked(world, as_user):
    client = as_user(world.officer)
    foreign = world.other.plans.first().activities.first()
    assert _create(client, world, activity=str(foreign.pk)).status_code == 422


def test_officer_adds_questions_of_every_kind(world, as_user):
    client = as_user(world.officer)
    survey = make_survey(world.community, open_now=False)
    Question.objects.filter(survey=survey).delete()
    url = reverse("survey_question_create", args=[world.community.slug, survey.pk])
    for kind in QuestionKind.values:
        data = {"kind": kind, "required": "on", "text_uk": f"Питання {kind}", "text_en": f"Question {kind}",
                "help_uk": "", "choices_uk": "Так\nНі\nНе знаю", "choices_en": "Yes\nNo\nDon't know"}
        assert client.post(url, data).status_code == 302, kind
    questions = list(survey.questions.order_by("position"))
    assert [q.kind for q in questions] == QuestionKind.values
    assert [q.position for q in questions] == list(range(len(QuestionKind.values)))
    single = questions[0]
    assert [c.text for c in single.choices.all()] == [
        {"uk": "Так", "en": "Yes"}, {"uk": "Ні", "en": "No"}, {"uk": "Не знаю", "en": "Don't know"}]
    # Options are kept only for choice questions.
    assert not Choice.objects.filter(question__kind=QuestionKind.SCALE).exists()


def test_choice_questions_need_two_options_in_the_same_number_per_language(world, as_user):
    client = as_user(world.officer)
    survey = make_survey(world.community, open_now=False)
    url = reverse("survey_question_create", args=[world.community.slug, survey.pk])
    before = survey.questions.count()
    one = client.post(url, {"kind": "single", "text_uk": "Питання", "choices_uk": "Одна"})
    assert one.status_code == 422
    uneven = client.post(url, {"kind": "multiple", "text_uk": "Питання", "choices_uk": "А\nБ", "choices_en": "A"})
    assert uneven.status_code == 422
    assert survey.questions.count() == before


def test_once_answered_a_question_keeps_its_kind_and_options(world, as_user, client):
    survey = make_survey(world.community)
    assert post_answers(client, survey).status_code == 200
    officer = as_user(world.officer)
    single = survey.questions.get(kind=QuestionKind.SINGLE)
    url = reverse("survey_question_edit", args=[world.community.slug, survey.pk, single.pk])
    changed_kind = officer.post(url, {"kind": "multiple", "text_uk": "Звідки?",
                                      "choices_uk": "Сайт\nТелеграм\nЗнайомі"})
    assert changed_kind.status_code == 422
    fewer = officer.post(url, {"kind": "single", "text_uk": "Звідки?", "choices_uk": "Сайт\nТелеграм"})
    assert fewer.status_code == 422
    renamed = officer.post(url, {"kind": "single", "required": "on", "text_uk": "Звідки ви дізналися про нас?",
                                 "choices_uk": "Сайт громади\nТелеграм\nЗнайомі\nРадіо"})
    assert renamed.status_code == 302
    choices = list(single.choices.all())
    assert [c.text["uk"] for c in choices] == ["Сайт громади", "Телеграм", "Знайомі", "Радіо"]
    # The answer given to the first option stays with it.
    assert choices[0].answers.count() == 1


def test_questions_move_and_are_deleted(world, as_user):
    client = as_user(world.officer)
    survey = make_survey(world.community, open_now=False)
    first, second = list(survey.questions.order_by("position"))[:2]
    move = reverse("survey_question_move", args=[world.community.slug, survey.pk, second.pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert list(survey.questions.order_by("position"))[:2] == [second, first]
    assert client.get(move).status_code == 405
    delete = reverse("survey_question_delete", args=[world.community.slug, survey.pk, first.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not Question.objects.filter(pk=first.pk).exists()
    assert AuditEntry.objects.filter(action="question.delete", object_id=first.pk).exists()


def test_open_now_and_close_now(world, as_user):
    client = as_user(world.officer)
    survey = make_survey(world.community, open_now=False)
    url = reverse("survey_status", args=[world.community.slug, survey.pk])
    client.post(url, {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    client.post(url, {"action": "close"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    # Opening again clears the closing moment that has passed.
    client.post(url, {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN and survey.closes_at is None


def test_a_survey_without_questions_cannot_be_opened(world, as_user):
    client = as_user(world.officer)
    _create(client, world)
    survey = Survey.objects.get()
    client.post(reverse("survey_status", args=[world.community.slug, survey.pk]), {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_settings_are_edited_and_the_survey_deleted(world, as_user):
    client = as_user(world.admin)
    survey = make_survey(world.community)
    url = reverse("survey_edit", args=[world.community.slug, survey.pk])
    page = client.get(url)
    assert 'value="Оцінка якості послуг"' in page.content.decode()
    response = client.post(url, {"title_uk": "Нова назва", "opens_at": "2025-01-01T09:00",
                                 "closes_at": "2025-02-01T18:00", "invitation_only": "on"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == {"uk": "Нова назва"} and survey.invitation_only
    assert survey.status == SurveyStatus.CLOSED
    delete = reverse("survey_delete", args=[world.community.slug, survey.pk])
    assert client.post(delete).status_code == 302
    assert not Survey.objects.filter(pk=survey.pk).exists()
    assert AuditEntry.objects.filter(action="survey.delete", object_id=survey.pk).exists()


def test_the_list_shows_status_and_responses_in_a_fixed_number_of_queries(world, as_user):
    staff = as_user(world.officer)
    url = reverse("surveys", args=[world.community.slug])
    make_survey(world.community)
    staff.get(url)
    with CaptureQueriesContext(connection) as few:
        staff.get(url)
    for _ in range(5):
        make_survey(world.community)
    with CaptureQueriesContext(connection) as many:
        page = staff.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.content.decode().count("Оцінка якості послуг") == 6
