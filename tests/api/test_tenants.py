"""Tenant isolation and roles for every operation of the API, read from its own schema.

The walker fills each operation's address with the community's rows and sends it with the
outsider's read-write token (an administrator of another community): every operation
answers 404 and nothing changes. The programme's operations are walked the same way with
the token of another programme's coordinator, and every organisation's operation with the
programme's own token: a programme reaches no organisation's endpoint, an organisation no
programme's. An operation added later without a row to name here, or a body to send,
fails the walk until it is added.
"""

import pytest

from holos.api.models import Scope
from holos.audit.models import AuditEntry
from holos.plans.models import Activity, Goal, Indicator, Plan, Task
from holos.work.models import Attachment, Measurement, Occurrence
from tests.programmes.conftest import build_programme_world

BODIES = {
    "create_plans": {"schema": "holos.plan/1", "plans": [{"title": "Чужий план через API"}]},
    "replace_plan": {"schema": "holos.plan/1", "plans": [{"title": "Підмінений план"}]},
    "create_goal": {"title": "Чужа ціль"},
    "update_goal": {"title": "Підмінена ціль"},
    "create_task": {"title": "Чуже завдання"},
    "update_task": {"title": "Підмінене завдання"},
    "create_activity": {"title": "Чужа активність"},
    "update_activity": {"title": "Підмінена активність"},
    "update_work_item": {"status": "done", "note": "hacked"},
    "add_evidence": {"url": "https://example.org/hacked"},
    "add_measurement": {"date": "2025-01-01", "value": 1},
}
# Operations whose body is a file (multipart): a valid one, so that only access decides the answer.
FILES = {"add_evidence_file": ("dokaz.pdf", b"%PDF-1.4\n%%EOF\n")}


def _operations():
    from holos.api.endpoints import api

    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path.removeprefix("/api/v1/"), method, operation


def _rows(world):
    from holos.surveys.actions import create_survey

    activity = world.plan.activities.first()
    indicator = Indicator.objects.create(activity=activity, text="Охоплення", target=10)
    survey = create_survey(actor=None, organization=world.community, title={"uk": "Опитування"})
    return {
        "plan_id": world.plan.pk,
        "goal_id": Goal.objects.filter(plan=world.plan).first().pk,
        "task_id": Task.objects.filter(plan=world.plan).first().pk,
        "activity_id": activity.pk,
        "item_id": Occurrence.objects.filter(plan=world.plan).first().pk,
        "indicator_id": indicator.pk,
        "survey_id": survey.pk,
    }


def _state(world):
    return (
        list(Plan.objects.order_by("id").values_list("id", "title", "revision")),
        list(Goal.objects.order_by("id").values_list("id", "title")),
        list(Task.objects.order_by("id").values_list("id", "title")),
        list(Activity.objects.order_by("id").values_list("id", "title")),
        list(Occurrence.objects.order_by("id").values_list("status", "note")),
        Attachment.objects.count(),
        Measurement.objects.count(),
        AuditEntry.objects.count(),
    )


def _call(api, method, path, operation_id):
    if method == "get":
        return api.get(path)
    if method == "delete":
        return api.delete(path)
    if operation_id in FILES:
        return api.upload(path, *FILES[operation_id])
    assert operation_id in BODIES, f"the tenant walk needs a body for {operation_id}"
    return getattr(api, method)(path, BODIES[operation_id])


def _organization_operations():
    return [(path, method, operation) for path, method, operation in _operations()
            if path.startswith("organizations/{slug}")]


def _programme_operations():
    return [(path, method, operation) for path, method, operation in _operations()
            if path.startswith("programmes/{slug}")]


def _fill(path, rows, slug):
    filled = path.replace("{slug}", slug)
    for name, value in rows.items():
        filled = filled.replace("{" + name + "}", str(value))
    assert "{" not in filled, f"the tenant walk has no row for {path}"
    return filled


def test_every_operation_is_not_found_for_another_organisations_token(scheduled, api_as):
    world = scheduled
    rows = _rows(world)
    outsider = api_as(world.outsider, world.other, Scope.WRITE)
    before = _state(world)
    walked = 0
    for path, method, operation in _organization_operations():
        for slug in (world.community.slug, world.other.slug):
            if slug == world.other.slug and path.count("{") == 1:
                continue  # the outsider's own organisation, with no row of the community in the address
            response = _call(outsider, method, _fill(path, rows, slug), operation["operationId"])
            assert response.status_code == 404, (method, path, slug, response.content)
            assert response["Content-Type"] == "application/problem+json"
        walked += 1
    assert walked >= 30
    assert _state(world) == before
    listed = outsider.get("organizations").json()["items"]
    assert [o["slug"] for o in listed] == [world.other.slug]
    assert outsider.get("programmes").json()["items"] == []


def _programme_rows(pw):
    return {**_rows(pw.world), "plan_id": pw.world.plan.pk}


def test_a_programme_s_operations_are_not_found_for_another_programme_or_an_organisation(scheduled, api_as):
    pw = build_programme_world(scheduled)
    rows = _programme_rows(pw)
    strangers = {
        "another programme's coordinator": api_as(pw.stranger, programme=pw.other_programme, scope=Scope.WRITE),
        "the shared plan's editor": api_as(pw.world.officer, pw.world.community, Scope.WRITE),
        "the coordinator, through an organisation": None,
    }
    from holos.accounts.actions import add_member
    from holos.accounts.models import Role

    add_member(actor=None, organization=pw.world.other, user=pw.coordinator, role=Role.ADMIN)
    strangers["the coordinator, through an organisation"] = api_as(pw.coordinator, pw.world.other, Scope.WRITE)
    before = _state(pw.world)
    operations = _programme_operations()
    assert len(operations) >= 5
    for who, api in strangers.items():
        for path, method, operation in operations:
            response = _call(api, method, _fill(path, rows, pw.programme.slug), operation["operationId"])
            assert response.status_code == 404, (who, method, path, response.content)
            assert response["Content-Type"] == "application/problem+json"
    assert _state(pw.world) == before


def test_a_programme_s_token_reaches_no_organisation_s_operation(scheduled, api_as):
    """Not even of the organisation that shares the plan, and not with a coordinator who is its member too."""
    pw = build_programme_world(scheduled)
    from holos.accounts.actions import add_member
    from holos.accounts.models import Role

    add_member(actor=None, organization=pw.world.community, user=pw.coordinator, role=Role.ADMIN)
    rows = _rows(pw.world)
    programme = api_as(pw.coordinator, programme=pw.programme, scope=Scope.WRITE)
    before = _state(pw.world)
    for path, method, operation in _organization_operations():
        response = _call(programme, method, _fill(path, rows, pw.world.community.slug), operation["operationId"])
        assert response.status_code == 404, (method, path, response.content)
    assert _state(pw.world) == before
    assert programme.get("organizations").json()["items"] == []
    for path, method, operation in _programme_operations():
        response = _call(programme, method, _fill(path, rows, pw.programme.slug), operation["operationId"])
        assert response.status_code == 200, (method, path, response.content)


@pytest.mark.parametrize("scope", [Scope.READ, Scope.WRITE])
def test_a_viewer_reads_everything_and_writes_nothing(scheduled, api_as, scope):
    world = scheduled
    rows = _rows(world)
    viewer = api_as(world.viewer, world.community, scope)
    before = _state(world)
    for path, method, operation in _organization_operations():
        response = _call(viewer, method, _fill(path, rows, world.community.slug), operation["operationId"])
        if method == "get":
            assert response.status_code == 200, (path, response.content)
        else:
            assert response.status_code == 403, (method, path, response.content)
    assert _state(world) == before


def test_anonymous_requests_get_401_everywhere_but_the_open_data(scheduled, api_as):
    rows = _rows(scheduled)
    anonymous = api_as()
    for path, method, operation in _operations():
        response = _call(anonymous, method, _fill(path, rows, scheduled.community.slug), operation["operationId"])
        if path.startswith("public/"):
            assert response.status_code in (200, 404)  # the plan is not published: 404 for its document
        else:
            assert response.status_code == 401, (method, path)
