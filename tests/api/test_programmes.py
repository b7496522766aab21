"""A programme's token: what the programme sees of its organisations, and nothing more."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from holos.accounts.actions import create_organization
from holos.api.models import ApiToken, Scope
from holos.audit.models import AuditEntry
from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Indicator
from holos.programmes import actions
from holos.programmes.dashboard import programme_summary
from holos.work import actions as work_actions
from holos.work.models import Occurrence, Status
from tests.conftest import make_plan
from tests.programmes.conftest import build_programme_world
from tests.programmes.test_what_a_programme_sees import PRIVATE, _plant_private_data


@pytest.fixture
def pw(world):
    return build_programme_world(world)


def _busy(pw):
    """Two organisations sharing plans with dated work, some done, and a programme indicator summed over both."""
    world = pw.world
    second = create_organization(actor=None, name="Третя громада", slug="tretia")
    second_plan = make_plan(second, title="План третьої громади")
    participation = actions.invite_organization(actor=None, programme=pw.programme, organization=second)
    actions.accept_participation(actor=None, participation=participation, plans=[second_plan])
    reached = actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                                name="Охоплено мешканців", unit="осіб", aggregate="sum")
    for plan, months, people in ((world.plan, ["2025-01", "2025-02"], 120), (second_plan, ["2025-02"], 30)):
        for activity in Activity.objects.filter(plan=plan):
            plan_actions.set_activity_slots(actor=None, activity=activity, slots=months)
        indicator = Indicator.objects.create(activity=Activity.objects.filter(plan=plan).first(), text="Охоплено")
        actions.link_indicator(actor=None, indicator=indicator, definition=reached)
        work_actions.add_measurement(actor=None, indicator=indicator, day=dt.date(2025, 2, 1), value=people)
    done = Occurrence.objects.filter(plan=world.plan).order_by("due", "id").first()
    work_actions.set_status(actor=None, occurrence=done, status=Status.DONE)
    return second, second_plan


def _text(response) -> str:
    """The answer's JSON as text, its letters as they are (not escaped), to look for words in it."""
    return json.dumps(response.json(), ensure_ascii=False)


def _counts(counts):
    return {"planned": counts.planned, "done": counts.done, "skipped": counts.skipped, "overdue": counts.overdue,
            "coming": counts.coming, "done_percent": counts.done_percent}


def test_the_dashboard_through_the_api_is_the_dashboard_s_own_figures(pw, api_as):
    second, _second_plan = _busy(pw)
    api = api_as(pw.analyst, programme=pw.programme)
    response = api.get(f"programmes/{pw.programme.slug}/dashboard")
    assert response.status_code == 200, response.content
    body = response.json()
    summary = programme_summary(pw.programme, dt.date.fromisoformat(body["today"]))
    assert body["months"] == [m.strftime("%Y-%m") for m in summary.months] == ["2025-01", "2025-02"]
    assert body["totals"] == _counts(summary.totals)
    assert [row["name"] for row in body["organizations"]] == [pw.world.community.name, second.name]
    community = body["organizations"][0]
    # Two activities in two months; the first piece of work done.
    assert community["totals"]["planned"] == 4 and community["totals"]["done"] == 1
    assert [m["planned"] for m in community["months"]] == [2, 2]
    assert [m["planned"] for m in body["organizations"][1]["months"]] == [0, 2]
    assert [(f["name"], f["aggregate"], f["value"], f["organizations"]) for f in body["indicators"]] == [
        ("Охоплено мешканців", "sum", 150, 2)]
    # The invited organisation that has not answered is not counted.
    assert pw.world.other.name not in _text(response)


def test_the_programme_lists_its_organisations_with_their_shared_plans_only(pw, api_as):
    world = pw.world
    unshared = make_plan(world.community, title="Внутрішній план громади")
    api = api_as(pw.programme_viewer, programme=pw.programme, scope=Scope.READ)
    [programme] = api.get("programmes").json()["items"]
    assert (programme["slug"], programme["role"], programme["scope"]) == (pw.programme.slug, "viewer", "read")
    organizations = api.get(f"programmes/{pw.programme.slug}/organizations").json()
    assert organizations["items"] == [{"id": world.community.pk, "name": world.community.name,
                                       "joined_at": organizations["items"][0]["joined_at"],
                                       "plans": [{"id": world.plan.pk, "name": world.plan.title}]}]
    plans = api.get(f"programmes/{pw.programme.slug}/plans").json()["items"]
    assert [p["id"] for p in plans] == [world.plan.pk]
    assert api.get(f"programmes/{pw.programme.slug}/plans/{unshared.pk}/document").status_code == 404
    other_plan = world.other.plans.first()
    assert api.get(f"programmes/{pw.programme.slug}/plans/{other_plan.pk}/document").status_code == 404


def test_nothing_private_reaches_a_programme_s_token(pw, api_as):
    _plant_private_data(pw.world)
    api = api_as(pw.coordinator, programme=pw.programme, scope=Scope.WRITE)
    slug = pw.programme.slug
    answers = [api.get(path) for path in (
        "programmes", f"programmes/{slug}", f"programmes/{slug}/organizations", f"programmes/{slug}/plans",
        f"programmes/{slug}/plans/{pw.world.plan.pk}/document", f"programmes/{slug}/dashboard")]
    assert [a.status_code for a in answers] == [200] * 6
    document = answers[4].json()
    assert document["plans"][0]["title"] == pw.world.plan.title
    everything = "".join(_text(a) for a in answers)
    for kind, secret in PRIVATE.items():
        assert secret not in everything, kind


def test_a_member_who_left_the_programme_s_team_finds_nothing(pw, api_as):
    api = api_as(pw.analyst, programme=pw.programme)
    assert api.get(f"programmes/{pw.programme.slug}").status_code == 200
    member = pw.programme.members.get(user=pw.analyst)
    actions.remove_programme_member(actor=pw.coordinator, member=member)
    assert api.get(f"programmes/{pw.programme.slug}").status_code == 404
    assert api.get("programmes").json()["items"] == []


def test_the_coordinator_makes_and_revokes_a_programme_token_on_the_programme_s_page(pw, as_user, client):
    page = reverse("programme_tokens", args=[pw.programme.slug])
    browser = as_user(pw.coordinator)
    made = browser.post(page, {"name": "Звіт донору", "scope": "read", "days": "30"})
    assert made.status_code == 200
    token = ApiToken.objects.get(user=pw.coordinator)
    assert token.programme == pw.programme and token.organization is None
    secret = next(word for word in made.content.decode().split('"') if word.startswith("holos_"))
    assert token.hint == secret[:12]
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(f"/api/v1/programmes/{pw.programme.slug}", headers=headers).status_code == 200
    entry = AuditEntry.objects.get(action="token.create", object_id=token.pk)
    assert entry.programme_ref == pw.programme.pk and entry.organization is None
    # Shown once: the page read again does not show it.
    assert secret not in browser.get(page).content.decode()
    browser.post(page, {"revoke": token.pk})
    assert client.get(f"/api/v1/programmes/{pw.programme.slug}", headers=headers).status_code == 401


def test_only_the_coordinator_keeps_the_programme_s_tokens(pw, as_user):
    page = reverse("programme_tokens", args=[pw.programme.slug])
    assert as_user(pw.analyst).get(page).status_code == 403
    assert as_user(pw.stranger).get(page).status_code == 404
    assert as_user(pw.analyst).post(page, {"name": "x", "scope": "read", "days": "30"}).status_code == 403
    assert not ApiToken.objects.exists()
