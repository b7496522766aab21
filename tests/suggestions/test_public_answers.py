"""You said, we did: answered messages published without who sent them."""

from django.urls import reverse

from holos.suggestions import actions
from holos.suggestions.models import Suggestion
from tests.suggestions.conftest import SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, message_with_contact


def _answers(client, world, **params):
    return client.get(reverse("public_answers", args=[world.community.slug]), params)


def _item(world, message):
    return reverse("inbox_item", args=[world.community.slug, message.pk])


def test_an_answered_message_is_published_as_staff_worded_it(world, as_user, client):
    message = message_with_contact(world.community, text="Я, Олена Таємна, чекала 3 години")
    actions.answer_message(actor=world.officer, suggestion=message, answer="Відкрили ще два вікна прийому.")
    officer = as_user(world.officer)
    page = officer.get(_item(world, message)).content.decode()
    assert '/publish/"' in page
    response = officer.post(_item(world, message), {"form": "publish", "public_text": "Довго чекали в черзі"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.published_at is not None
    client.logout()
    html = _answers(client, world).content.decode()
    assert "Довго чекали в черзі" in html and "Відкрили ще два вікна прийому." in html
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, "Олена", "3 години"):
        assert secret not in html
    assert "<script" not in html


def test_only_answered_messages_are_published(world, as_user):
    message = message_with_contact(world.community)
    officer = as_user(world.officer)
    assert '/publish/"' not in officer.get(_item(world, message)).content.decode()
    officer.post(_item(world, message), {"form": "publish", "public_text": "Текст"})
    assert Suggestion.objects.get(pk=message.pk).published_at is None


def test_executors_and_viewers_cannot_publish(world, as_user):
    message = message_with_contact(world.community)
    actions.answer_message(actor=world.officer, suggestion=message, answer="Зроблено")
    for user in (world.unit_head, world.viewer):
        client = as_user(user)
        assert client.post(_item(world, message), {"form": "publish", "public_text": "x"}).status_code == 403
    assert Suggestion.objects.get(pk=message.pk).published_at is None


def test_unpublishing_takes_it_off_at_once(world, as_user, client):
    message = message_with_contact(world.community)
    actions.answer_message(actor=world.officer, suggestion=message, answer="Зроблено")
    actions.publish_answer(actor=world.officer, suggestion=message, public_text="Про чергу")
    assert "Про чергу" in _answers(client, world).content.decode()
    as_user(world.admin).post(_item(world, message), {"form": "unpublish"})
    client.logout()
    assert "Про чергу" not in _answers(client, world).content.decode()


def test_the_answers_page_pages_and_keeps_to_its_organisation(world, client):
    for n in range(25):
        message = actions.receive_message(organization=world.community, category="suggestion", text=f"Ідея {n}")
        actions.answer_message(actor=None, suggestion=message, answer=f"Відповідь {n}")
        actions.publish_answer(actor=None, suggestion=message, public_text=f"Опублікована ідея {n}")
    foreign = actions.receive_message(organization=world.other, category="suggestion", text="Чуже")
    actions.answer_message(actor=None, suggestion=foreign, answer="Чужа відповідь")
    actions.publish_answer(actor=None, suggestion=foreign, public_text="Чужа ідея")
    first = _answers(client, world).content.decode()
    assert "Опублікована ідея 24<" in first and "Опублікована ідея 4<" not in first
    assert "?page=2" in first
    second = _answers(client, world, page=2).content.decode()
    assert "Опублікована ідея 4<" in second and "Опублікована ідея 0<" in second
    assert "Чужа" not in first + second


def test_an_empty_answers_page(world, client):
    response = _answers(client, world)
    assert response.status_code == 200
