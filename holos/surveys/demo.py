"""The demo survey: a satisfaction survey of an administrative service centre, open now."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from holos.demo.notes import Note
from holos.surveys import actions
from holos.surveys.models import QuestionKind

TITLE = {
    "uk": "Оцінка якості послуг ЦНАП",
    "en": "How good are the services of the administrative service centre?",
    "cs": "Hodnocení kvality služeb kontaktního místa",
}
DESCRIPTION = {
    "uk": "Допоможіть нам стати кращими: опитування анонімне і займе дві хвилини.",
    "en": "Help us do better: the survey is anonymous and takes two minutes.",
    "cs": "Pomozte nám se zlepšit: průzkum je anonymní a zabere dvě minuty.",
}
QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": QuestionKind.SCALE,
        "text": {"uk": "Наскільки ви задоволені обслуговуванням?",
                 "en": "How satisfied are you with the service?",
                 "cs": "Jak jste spokojeni s obsluhou?"},
    },
    {
        "kind": QuestionKind.YES_NO,
        "text": {"uk": "Чи вирішили ви своє питання за один візит?",
                 "en": "Was your matter settled in one visit?",
                 "cs": "Vyřídili jste svou záležitost při jedné návštěvě?"},
    },
    {
        "kind": QuestionKind.SINGLE,
        "text": {"uk": "Як ви дізналися про послугу?",
                 "en": "How did you learn about the service?",
                 "cs": "Jak jste se o službě dozvěděli?"},
        "choices": [
            {"uk": "Сайт громади", "en": "The community's website", "cs": "Web obce"},
            {"uk": "Телеграм-канал", "en": "Telegram channel", "cs": "Kanál na Telegramu"},
            {"uk": "Від знайомих", "en": "From people I know", "cs": "Od známých"},
            {"uk": "Інше", "en": "Other", "cs": "Jinak"},
        ],
    },
    {
        "kind": QuestionKind.LONG_TEXT,
        "required": False,
        "text": {"uk": "Що нам варто покращити?", "en": "What should we improve?", "cs": "Co bychom měli zlepšit?"},
        "help": {"uk": "Не пишіть тут своїх персональних даних.", "en": "Please do not write personal data here.",
                 "cs": "Nepište sem prosím své osobní údaje."},
    },
]


def create_demo_survey(*, organization, admin) -> list[Note]:
    """Create the demo survey, open for 90 days; the lines say where to answer it."""
    now = timezone.now()
    survey = actions.create_survey(actor=admin, organization=organization, title=TITLE, description=DESCRIPTION,
                                   closes_at=now + timedelta(days=90))
    for question in QUESTIONS:
        actions.add_question(actor=admin, survey=survey, kind=question["kind"], text=question["text"],
                             help=question.get("help", {}), required=question.get("required", True),
                             choices=question.get("choices", ()))
    actions.open_survey(actor=admin, survey=survey, now=now)
    return [Note(gettext_noop("survey %(id)s: %(title)s — %(url)s"),
                 {"id": survey.pk, "title": TITLE["uk"], "url": survey.public_url()})]
