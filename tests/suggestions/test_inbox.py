"""The inbox: every message of the organisation, newest first, filtered and paged."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from holos.plans.models import Unit
from holos.suggestions import actions
from holos.suggestions.models import Suggestion
from tests.suggestions.conftest import SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, message_with_contact


def _inbox(world):
    return reverse("inbox", args=[world.community.slug])


def _many(organization, count, **fields):
    now = timezone.now()
    Suggestion.objects.bulk_create([
        Suggestion(organization=organization, category=fields.get("category", "question"),
                   text=f"Повідомлення {n}", received_at=now - timedelta(minutes=n), **{
                       k: v for k, v in fields.items() if k != "category"})
        for n in range(count)
    ])


def test_members_see_their_messages_newest_first_and_no_contacts(world, as_user):
    message_with_contact(world.community, text="Стара скарга")
    actions.receive_message(organization=world.community, category="question", text="Нове питання")
    actions.receive_message(organization=world.other, category="question", text="Чуже питання")
    for user in (world.admin, world.officer, world.unit_head, world.viewer):
        response = as_user(user).get(_inbox(world))
        assert response.status_code == 200
        html = response.content.decode()
        assert html.index("Нове питання") < html.index("Стара скарга")
        assert "Чуже питання" not in html
        for secret in (SECRET_EMAIL, SECRET_NAME, SECRET_PHONE):
            assert secret not in html


def test_the_inbox_pages_through_thousands_in_a_fixed_number_of_queries(world, as_user, django_assert_num_queries):
    _many(world.community, 2500)
    client = as_user(world.officer)
    client.get(_inbox(world))  # the session exists from here on
    with django_assert_num_queries(7):
        first = client.get(_inbox(world))
    html = first.content.decode()
    assert "Повідомлення 0<" in html and "Повідомлення 49<" in html and "Повідомлення 50<" not in html
    assert "2500" in html.replace("\xa0", "").replace(",", "").replace(" ", "")
    with django_assert_num_queries(7):
        last = client.get(_inbox(world) + "?page=50")
    html = last.content.decode()
    assert "Повідомлення 2499<" in html and "Повідомлення 2449<" not in html
    assert "Повідомлення 2450<" in html
    # A page past the end shows the last page rather than an error.
    assert client.get(_inbox(world) + "?page=999").status_code == 200


def test_filters_by_status_category_and_unit_are_remembered(world, as_user):
    other_unit = Unit.objects.create(organization=world.community, name="Відділ освіти")
    a = actions.receive_message(organization=world.community, category="complaint", text="Скарга ЦНАП")
    b = actions.receive_message(organization=world.community, category="complaint", text="Скарга освіта")
    actions.receive_message(organization=world.community, category="question", text="Питання без відділу")
    actions.assign_unit(actor=world.officer, suggestion=a, unit=world.unit)
    actions.assign_unit(actor=world.officer, suggestion=b, unit=other_unit)
    actions.set_status(actor=world.officer, suggestion=b, status="in_review")
    client = as_user(world.officer)

    chosen = {"category": "complaint", "unit": str(world.unit.pk), "status": ""}
    html = client.get(_inbox(world), chosen).content.decode()
    assert "Скарга ЦНАП" in html and "Скарга освіта" not in html and "Питання без відділу" not in html
    # Remembered: the inbox opened again (or paged) shows the same filter.
    html = client.get(_inbox(world)).content.decode()
    assert "Скарга ЦНАП" in html and "Скарга освіта" not in html
    assert f'<option value="{world.unit.pk}" selected>' in html

    html = client.get(_inbox(world), {"status": "in_review", "category": "", "unit": ""}).content.decode()
    assert "Скарга освіта" in html and "Скарга ЦНАП" not in html
    html = client.get(_inbox(world), {"unit": "none"}).content.decode()
    assert "Питання без відділу" in html and "Скарга" not in html
    # Nonsense values are ignored, not errors.
    assert client.get(_inbox(world), {"status": "bogus", "unit": "x' OR 1=1"}).status_code == 200
    html = client.get(_inbox(world), {"clear": "1"}).content.decode()
    assert "Скарга ЦНАП" in html and "Скарга освіта" in html and "Питання без відділу" in html


def test_the_filter_is_kept_per_organisation(world, as_user):
    from holos.accounts.actions import add_member

    add_member(actor=None, organization=world.other, user=world.officer, role="editor")
    actions.receive_message(organization=world.community, category="complaint", text="Наша скарга")
    actions.receive_message(organization=world.other, category="question", text="Їхнє питання")
    client = as_user(world.officer)
    client.get(_inbox(world), {"category": "suggestion"})
    html = client.get(reverse("inbox", args=[world.other.slug])).content.decode()
    assert "Їхнє питання" in html


def test_a_foreign_unit_in_the_filter_shows_nothing_of_theirs(world, as_user):
    foreign = Unit.objects.create(organization=world.other, name="Чужий відділ")
    message = actions.receive_message(organization=world.other, category="question", text="Чуже питання")
    actions.assign_unit(actor=None, suggestion=message, unit=foreign)
    html = as_user(world.officer).get(_inbox(world), {"unit": str(foreign.pk)}).content.decode()
    assert "Чуже питання" not in html and "Чужий відділ" not in html


def test_a_filter_on_a_deleted_unit_is_cleared_and_said_so(world, as_user):
    actions.receive_message(organization=world.community, category="question", text="Коли?")
    client = as_user(world.officer)
    response = client.get(reverse("inbox", args=[world.community.slug]), {"unit": "999"})
    page = response.content.decode()
    assert "більше не існує" in page
    assert "Коли?" in page
    assert "Коли?" in client.get(reverse("inbox", args=[world.community.slug])).content.decode()
