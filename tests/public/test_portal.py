"""The organisation's public page as the residents' front door: plans with PDF, surveys, answers."""

import io

import pdfplumber
from django.urls import reverse

from holos.plans import actions
from holos.suggestions import actions as inbox
from tests.public.test_public_pages import _prepare
from tests.surveys.conftest import make_survey


def test_the_front_door_lists_what_is_published_and_nothing_else(world, client):
    plan = _prepare(world)
    actions.create_plan(actor=None, organization=world.community, title="Чернетка плану", kind="calendar")
    actions.set_published(actor=None, plan=plan, published=True)
    survey = make_survey(world.community)
    draft = make_survey(world.community, open_now=False, title={"uk": "Ще не відкрите опитування"})
    answered = inbox.receive_message(organization=world.community, category="suggestion", text="Лавка, Олена")
    inbox.answer_message(actor=world.officer, suggestion=answered, answer="Лавку поставили.", mail=False)
    inbox.publish_answer(actor=world.officer, suggestion=answered, public_text="Потрібна лавка біля ЦНАП.")
    inbox.receive_message(organization=world.community, category="question", text="НЕОПУБЛІКОВАНЕ")

    page = client.get(reverse("public_organization", args=[world.community.slug])).content.decode()
    assert plan.title in page and "Чернетка плану" not in page
    assert reverse("public_plan_data", args=[world.community.slug, plan.pk, "pdf"]) in page
    assert survey.public_path() in page and draft.public_path() not in page
    assert "Потрібна лавка біля ЦНАП." in page and "Лавку поставили." in page
    assert "Олена" not in page and "НЕОПУБЛІКОВАНЕ" not in page
    assert reverse("suggestion_form", args=[world.community.slug]) in page
    assert "<script" not in page


def test_a_published_plan_opens_as_pdf_without_internal_notes(world, client):
    plan = _prepare(world)
    actions.set_published(actor=None, plan=plan, published=True)
    response = client.get(reverse("public_plan_data", args=[world.community.slug, plan.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Відкрита зустріч з мешканцями" in text
    assert "ВНУТРІШНЯ НОТАТКА" not in text and "ПРИВАТНИЙ ЗВІТ" not in text
    actions.set_published(actor=None, plan=plan, published=False)
    assert client.get(reverse("public_plan_data", args=[world.community.slug, plan.pk, "pdf"])).status_code == 404
