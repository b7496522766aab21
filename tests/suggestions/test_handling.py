"""Handling a message: status, unit, internal notes and the answer, each with an audit row."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.plans.models import Unit
from holos.suggestions import actions
from holos.suggestions.models import Note, Status, Suggestion


def _item(world, message):
    return reverse("inbox_item", args=[world.community.slug, message.pk])


def _message(world, **fields):
    return actions.receive_message(organization=world.community, category=fields.pop("category", "complaint"),
                                   text=fields.pop("text", "Немає пандуса біля входу"), **fields)


def test_an_executor_takes_a_message_into_review_and_assigns_a_unit(world, as_user):
    message = _message(world)
    client = as_user(world.unit_head)
    response = client.post(_item(world, message), {"form": "handle", "status": "in_review", "unit": world.unit.pk})
    assert response.status_code == 302 and response["Location"] == _item(world, message)
    message.refresh_from_db()
    assert (message.status, message.unit) == (Status.IN_REVIEW, world.unit)
    actions_recorded = list(AuditEntry.objects.filter(object_type="suggestion", object_id=message.pk)
                            .values_list("action", flat=True))
    assert "suggestion.status" in actions_recorded and "suggestion.assign" in actions_recorded
    entry = AuditEntry.objects.get(action="suggestion.assign")
    assert entry.actor == world.unit_head and entry.after["unit"] == "ЦНАП"


def test_a_unit_of_another_organisation_cannot_be_assigned(world, as_user):
    message = _message(world)
    foreign = Unit.objects.create(organization=world.other, name="Чужий відділ")
    response = as_user(world.officer).post(_item(world, message),
                                           {"form": "handle", "status": "new", "unit": foreign.pk})
    assert response.status_code == 422
    message.refresh_from_db()
    assert message.unit is None


def test_answered_needs_an_answer(world, as_user):
    message = _message(world)
    response = as_user(world.officer).post(_item(world, message), {"form": "handle", "status": "answered", "unit": ""})
    assert response.status_code == 422
    assert Suggestion.objects.get(pk=message.pk).status == Status.NEW


def test_answering_marks_the_message_answered_and_closing_follows(world, as_user):
    message = _message(world)
    client = as_user(world.officer)
    response = client.post(_item(world, message), {"form": "answer", "answer": "Пандус встановлено 3 березня."})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Status.ANSWERED
    assert message.answer == "Пандус встановлено 3 березня." and message.answered_by == world.officer
    client.post(_item(world, message), {"form": "handle", "status": "closed", "unit": ""})
    message.refresh_from_db()
    assert message.status == Status.CLOSED
    # Rewriting the answer of a closed message keeps it closed.
    client.post(_item(world, message), {"form": "answer", "answer": "Пандус встановлено і перевірено."})
    message.refresh_from_db()
    assert message.status == Status.CLOSED and message.answer == "Пандус встановлено і перевірено."


def test_internal_notes_are_kept_for_members_only(world, as_user, client):
    message = _message(world)
    response = as_user(world.officer).post(_item(world, message), {"form": "note", "text": "ВНУТРІШНЄ: дзвонили"})
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.author, note.text) == (world.officer, "ВНУТРІШНЄ: дзвонили")
    assert "ВНУТРІШНЄ" in as_user(world.viewer).get(_item(world, message)).content.decode()
    entry = AuditEntry.objects.get(action="suggestion.note")
    assert "ВНУТРІШНЄ" not in str(entry.after)
    # Even published, the note is nowhere public.
    actions.answer_message(actor=world.officer, suggestion=message, answer="Зроблено")
    actions.publish_answer(actor=world.officer, suggestion=message, public_text="Про пандус")
    client.logout()
    html = client.get(reverse("public_answers", args=[world.community.slug])).content.decode()
    assert "Про пандус" in html and "ВНУТРІШНЄ" not in html


def test_an_empty_note_or_answer_is_refused(world, as_user):
    message = _message(world)
    client = as_user(world.officer)
    assert client.post(_item(world, message), {"form": "note", "text": "  "}).status_code == 422
    assert client.post(_item(world, message), {"form": "answer", "answer": ""}).status_code == 422
    assert not Note.objects.exists()
    assert Suggestion.objects.get(pk=message.pk).status == Status.NEW


def test_an_unknown_form_is_not_found(world, as_user):
    message = _message(world)
    assert as_user(world.officer).post(_item(world, message), {"form": "nonsense"}).status_code == 404


def test_the_item_page_shows_the_history(world, as_user):
    message = _message(world)
    actions.set_status(actor=world.officer, suggestion=message, status="in_review")
    response = as_user(world.viewer).get(_item(world, message))
    assert response.status_code == 200
    assert "officer" in response.content.decode()


def test_an_executor_leaves_alone_a_message_of_another_unit(world, as_user):
    message = _message(world)
    other_unit = Unit.objects.create(organization=world.community, name="Відділ освіти")
    actions.assign_unit(actor=world.officer, suggestion=message, unit=other_unit)
    client = as_user(world.unit_head)
    page = client.get(_item(world, message))
    assert page.status_code == 200 and '/contact/"' not in page.content.decode()
    for data in ({"form": "handle", "status": "in_review", "unit": world.unit.pk},
                 {"form": "note", "text": "Беру собі"}, {"form": "show_contact"}):
        assert client.post(_item(world, message), data).status_code == 403
    erase = reverse("inbox_erase", args=[world.community.slug, message.pk])
    assert client.post(erase, {"erase_text": "on"}).status_code == 403
    message.refresh_from_db()
    assert (message.status, message.unit, message.notes.count()) == (Status.NEW, other_unit, 0)
    # Once the message is handed to the executor's unit, it is theirs to work.
    actions.assign_unit(actor=world.officer, suggestion=message, unit=world.unit)
    assert client.post(_item(world, message), {"form": "note", "text": "Беру собі"}).status_code == 302
    assert message.notes.count() == 1
