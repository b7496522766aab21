"""A few messages in the demo organisation's inbox, so the suggestion box is not empty.

Not wired into ``holos demo`` by this app: ``holos.demo.build`` may call
``create_demo_messages`` beside the demo survey.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from holos.demo.notes import Note
from holos.plans.models import Unit
from holos.suggestions import actions
from holos.suggestions.models import Category, Source, Suggestion


def create_demo_messages(*, organization, admin) -> list[Note]:
    if Suggestion.objects.filter(organization=organization).exists():
        return []
    now = timezone.now()
    unit = Unit.objects.filter(organization=organization).order_by("name").first()
    ramp = actions.receive_message(
        organization=organization, category=Category.SUGGESTION, received_at=now - timedelta(days=20),
        text="Біля входу до ЦНАП потрібен пандус: з дитячим візком важко піднятися сходами.",
    )
    actions.assign_unit(actor=admin, suggestion=ramp, unit=unit)
    actions.answer_message(actor=admin, suggestion=ramp,
                           answer="Пандус встановлено, поруч з'явилася кнопка виклику працівника.")
    actions.publish_answer(actor=admin, suggestion=ramp,
                           public_text="Біля входу до ЦНАП потрібен пандус для людей з візками.")
    question = actions.receive_message(
        organization=organization, category=Category.QUESTION, received_at=now - timedelta(days=3),
        text="Чи працює ЦНАП у суботу? Хочу оформити субсидію.",
    )
    actions.set_status(actor=admin, suggestion=question, status="in_review")
    actions.receive_message(
        organization=organization, category=Category.COMPLAINT, received_at=now - timedelta(days=1),
        text="Чекала в черзі дві години, працювало одне вікно.", name="Оксана", email="oksana@example.org",
        consent=True,
    )
    actions.receive_message(
        organization=organization, category=Category.QUESTION, source=Source.HOTLINE, actor=admin,
        received_at=now - timedelta(hours=4), text="Питала, які документи потрібні для довідки ВПО.",
    )
    return [
        Note(gettext_noop("suggestion box with messages: %(url)s"),
             {"url": reverse("inbox", args=[organization.slug])}),
        Note(gettext_noop("public form: %(url)s"), {"url": reverse("suggestion_form", args=[organization.slug])}),
    ]
