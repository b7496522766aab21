"""Published plans on public pages: readable by anyone, and nothing internal on them."""

import json

from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from holos.plans import actions
from holos.plans.models import Activity, Task
from holos.work import actions as work_actions
from holos.work.models import Occurrence


def _prepare(world):
    plan = world.plan
    plan.notes = ["ВНУТРІШНЯ НОТАТКА плану"]
    plan.save()
    task = Task.objects.get(plan=plan)
    activity = actions.create_activity(actor=None, task=task, data={
        "title": "Відкрита зустріч з мешканцями", "responsible": ["ЦНАП"], "notes": "ВНУТРІШНЯ НОТАТКА заходу",
    })
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    occurrence = Occurrence.objects.get(activity=activity)
    work_actions.set_status(actor=world.unit_head, occurrence=occurrence, status="done")
    work_actions.record_work(actor=world.unit_head, occurrence=occurrence, note="ПРИВАТНИЙ ЗВІТ виконавця",
                             numbers={"participants": 40})
    return plan


def _public(client, world, suffix=""):
    return client.get(reverse("public_plan", args=[world.community.slug, world.plan.pk]) + suffix)


def test_an_unpublished_plan_has_no_public_page(world, client):
    assert _public(client, world).status_code == 404
    data = reverse("public_plan_data", args=[world.community.slug, world.plan.pk, "json"])
    assert client.get(data).status_code == 404


def test_publishing_shows_the_plan_to_anyone_and_unpublishing_removes_it_at_once(world, as_user, client):
    plan = _prepare(world)
    officer = as_user(world.officer)
    officer.post(reverse("plan_publish", args=[world.community.slug, plan.pk]), {"publish": "1"})
    officer.logout()
    response = _public(client, world)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Відкрита зустріч з мешканцями" in page
    assert "<script" not in page
    for secret in ("ВНУТРІШНЯ НОТАТКА", "ПРИВАТНИЙ ЗВІТ", "unithead", "@example.org"):
        assert secret not in page, secret
    with translation.override("uk"):
        done = translation.gettext("Done: %(done)s of %(total)s planned pieces of work.") % {"done": 1, "total": 1}
    assert done in page

    as_user(world.officer).post(reverse("plan_publish", args=[world.community.slug, plan.pk]), {"publish": "0"})
    client.logout()
    assert _public(client, world).status_code == 404


def test_open_data_leaves_out_notes_and_people(world, as_user, client):
    plan = _prepare(world)
    actions.set_published(actor=None, plan=plan, published=True)
    ics = client.get(reverse("public_plan_data", args=[world.community.slug, plan.pk, "ics"]))
    calendar = Calendar.from_ical(ics.content)
    texts = " ".join(str(e.get("DESCRIPTION", "")) + str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert "Відкрита зустріч з мешканцями" in texts
    assert "ПРИВАТНИЙ" not in texts
    response = client.get(reverse("public_plan_data", args=[world.community.slug, plan.pk, "json"]))
    body = response.content.decode()
    assert "ВНУТРІШНЯ" not in body and "ПРИВАТНИЙ" not in body
    document = json.loads(body)
    titles = [a["title"] for g in document["plans"][0]["goals"] for t in g["tasks"] for a in t["activities"]]
    assert "Відкрита зустріч з мешканцями" in titles
    csv_body = client.get(reverse("public_plan_data", args=[world.community.slug, plan.pk, "csv"])).content
    assert "Відкрита зустріч з мешканцями".encode() in csv_body
    assert "ВНУТРІШНЯ".encode() not in csv_body


def test_only_editors_publish(world, as_user):
    url = reverse("plan_publish", args=[world.community.slug, world.plan.pk])
    assert as_user(world.viewer).post(url, {"publish": "1"}).status_code == 403
    assert as_user(world.outsider).post(url, {"publish": "1"}).status_code == 404
    world.plan.refresh_from_db()
    assert world.plan.published_at is None


def test_the_organisation_page_lists_only_published_plans(world, client):
    actions.set_published(actor=None, plan=world.plan, published=True)
    page = client.get(reverse("public_organization", args=[world.community.slug])).content.decode()
    assert world.plan.title in page
    other = client.get(reverse("public_organization", args=[world.other.slug])).content.decode()
    assert "Чужий план" not in other
    assert client.get(reverse("public_organization", args=["no-such-place"])).status_code == 404
    # A published plan is not reachable through another organisation's address.
    assert client.get(reverse("public_plan", args=[world.other.slug, world.plan.pk])).status_code == 404
    assert Activity.objects.exists()
