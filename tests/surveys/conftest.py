"""A survey of every kind of question, and a way to answer it as a person would."""

import time

import pytest
from django.urls import reverse

from holos.defences import HONEYPOT_FIELD, STAMP_FIELD, SURVEY
from holos.surveys import actions
from holos.surveys.models import QuestionKind, Survey

QUESTIONS = [
    {"kind": QuestionKind.SCALE, "text": {"uk": "Наскільки ви задоволені?", "en": "How satisfied are you?",
                                          "cs": "Jak jste spokojeni?"}},
    {"kind": QuestionKind.YES_NO, "text": {"uk": "Чи вирішили ви питання?", "en": "Was it settled?"}},
    {"kind": QuestionKind.SINGLE, "text": {"uk": "Звідки ви дізналися?", "en": "Where did you hear of it?"},
     "choices": [{"uk": "Сайт", "en": "Website"}, {"uk": "Телеграм", "en": "Telegram"}, {"uk": "Знайомі"}]},
    {"kind": QuestionKind.MULTIPLE, "required": False, "text": {"uk": "Якими послугами користувалися?"},
     "choices": [{"uk": "Паспорт"}, {"uk": "Субсидія"}, {"uk": "Реєстрація"}]},
    {"kind": QuestionKind.NUMBER, "required": False, "text": {"uk": "Скільки хвилин ви чекали?"}},
    {"kind": QuestionKind.SHORT_TEXT, "required": False, "text": {"uk": "Ваш район"}},
    {"kind": QuestionKind.LONG_TEXT, "required": False, "text": {"uk": "Що покращити?", "en": "What to improve?"},
     "help": {"uk": "Без персональних даних", "en": "No personal data"}},
]


def make_survey(organization, *, open_now: bool = True, actor=None, **fields) -> Survey:
    fields.setdefault("title", {"uk": "Оцінка якості послуг", "en": "Quality of services", "cs": "Kvalita služeb"})
    survey = actions.create_survey(actor=actor, organization=organization, **fields)
    for question in QUESTIONS:
        actions.add_question(actor=actor, survey=survey, kind=question["kind"], text=question["text"],
                             help=question.get("help", {}), required=question.get("required", True),
                             choices=question.get("choices", ()))
    if open_now:
        actions.open_survey(actor=actor, survey=survey)
    survey.refresh_from_db()
    return survey


@pytest.fixture
def survey(world):
    return make_survey(world.community)


def questions_by_kind(survey) -> dict:
    return {q.kind: q for q in survey.questions.prefetch_related("choices")}


def good_answers(survey, *, scale=5, yes=1, single=0, multiple=(0, 1), number="12", short="Центр",
                 long="Дякую, все добре") -> dict:
    """Form data answering every question; ``single`` and ``multiple`` are option positions."""
    q = questions_by_kind(survey)
    choices = {kind: list(q[kind].choices.all()) for kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)}
    data = {
        q[QuestionKind.SCALE].field_name: str(scale),
        q[QuestionKind.YES_NO].field_name: str(yes),
        q[QuestionKind.SINGLE].field_name: str(choices[QuestionKind.SINGLE][single].pk),
        q[QuestionKind.MULTIPLE].field_name: [str(choices[QuestionKind.MULTIPLE][i].pk) for i in multiple],
        q[QuestionKind.NUMBER].field_name: number,
        q[QuestionKind.SHORT_TEXT].field_name: short,
        q[QuestionKind.LONG_TEXT].field_name: long,
    }
    return data


def post_answers(client, survey, data=None, *, seconds_ago: float = 30, code: str | None = None, **extra):
    """Send the survey's form as a person who took ``seconds_ago`` seconds to fill it in."""
    payload = dict(good_answers(survey) if data is None else data)
    payload.setdefault(STAMP_FIELD, SURVEY.stamp(survey.pk, now=time.time() - seconds_ago))
    payload.setdefault(HONEYPOT_FIELD, "")
    if code is not None:
        payload["code"] = code
    return client.post(reverse("survey_public", args=[survey.token]), payload, **extra)
