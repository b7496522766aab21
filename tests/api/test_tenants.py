"""Tenant isolation and roles for every operation of the API, read from its own schema.

The walker fills each operation's address with the community's rows and sends it with the
outsider's read-write token (an administrator of another community): every operation
answers 404 and nothing changes. An operation added later without a row to name here, or
a body to send, fails the walk until it is added.
"""

import pytest

from holos.api.models import Scope
from holos.audit.models import AuditEntry
from holos.plans.models import Indicator, Plan
from holos.work.models import Measurement, Occurrence

BODIES = {
    "create_plans": {"schema": "holos.plan/1", "plans": [{"title": "Чужий план через API"}]},
    "update_work_item": {"status": "done", "note": "hacked"},
    "add_evidence": {"url": "https://example.org/hacked"},
    "add_measurement": {"date": "2025-01-01", "value": 1},
}


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
        "item_id": Occurrence.objects.filter(plan=world.plan).first().pk,
        "indicator_id": indicator.pk,
        "survey_id": survey.pk,
    }


def _state(world):
    return (
        Plan.objects.count(),
        list(Occurrence.objects.order_by("id").values_list("status", "note")),
        Measurement.objects.count(),
        AuditEntry.objects.count(),
    )


def _call(api, method, path, operation_id):
    if method == "get":
        return api.get(path)
    assert operation_id in BODIES, f"the tenant walk needs a body for {operation_id}"
    return getattr(api, method)(path, BODIES[operation_id])


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
    for path, method, operation in _operations():
        if path.startswith("public/") or "{slug}" not in path:
            continue
        for slug in (world.community.slug, world.other.slug):
            if slug == world.other.slug and path.count("{") == 1:
                continue  # the outsider's own organisation, with no row of the community in the address
            response = _call(outsider, method, _fill(path, rows, slug), operation["operationId"])
            assert response.status_code == 404, (method, path, slug, response.content)
            assert response["Content-Type"] == "application/problem+json"
        walked += 1
    assert walked >= 15
    assert _state(world) == before
    listed = outsider.get("organizations").json()["items"]
    assert [o["slug"] for o in listed] == [world.other.slug]


@pytest.mark.parametrize("scope", [Scope.READ, Scope.WRITE])
def test_a_viewer_reads_everything_and_writes_nothing(scheduled, api_as, scope):
    world = scheduled
    rows = _rows(world)
    viewer = api_as(world.viewer, world.community, scope)
    before = _state(world)
    for path, method, operation in _operations():
        if path.startswith("public/"):
            continue
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
