"""The API's resources through HTTP, as the programs of the community's members use them."""

import json

from holos.api.models import Scope
from holos.audit.models import AuditEntry
from holos.plans.actions import plan_to_document
from holos.plans.models import Plan
from holos.work.models import Occurrence


def test_a_plan_reads_as_its_holos_plan_document(world, api_as):
    api = api_as(world.viewer, world.community, Scope.READ)
    response = api.get(f"organizations/pokrovska/plans/{world.plan.pk}/document")
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "holos.plan/1"
    assert body["plans"] == [plan_to_document(world.plan).to_dict()]


def test_an_editor_saves_a_document_and_the_audit_log_says_so(world, api_as):
    api = api_as(world.officer, world.community)
    document = api.get(f"organizations/pokrovska/plans/{world.plan.pk}/document").json()
    document["plans"][0]["title"] = "Копія через API"
    response = api.post("organizations/pokrovska/plans", document)
    assert response.status_code == 201, response.content
    created = Plan.objects.get(pk=response.json()["items"][0]["id"])
    assert created.organization == world.community
    assert plan_to_document(created).to_dict()["goals"] == document["plans"][0]["goals"]
    entry = AuditEntry.objects.get(action="plan.import", plan_ref=created.pk)
    assert entry.actor == world.officer


def test_a_document_that_breaks_the_format_is_refused_as_a_problem(world, api_as):
    api = api_as(world.officer, world.community)
    before = Plan.objects.count()
    response = api.post("organizations/pokrovska/plans", {"schema": "holos.plan/1", "plans": [
        {"title": "Без періоду", "period": {"start": "2025-13"}}]})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422 and problem["code"] == "invalid"
    assert any("start" in error["loc"] for error in problem["errors"])
    assert Plan.objects.count() == before


def test_work_items_page_by_cursor_and_filter_by_dates_and_unit(scheduled, api_as):
    world = scheduled
    api = api_as(world.viewer, world.community, Scope.READ)
    seen = []
    cursor = None
    while True:
        body = api.get("organizations/pokrovska/work-items", {"limit": 4, **({"cursor": cursor} if cursor else {})})
        assert body.status_code == 200
        page = body.json()
        assert len(page["items"]) <= 4
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next"]
        if not cursor:
            break
    stored = list(Occurrence.objects.filter(plan__organization=world.community).order_by("due", "id")
                  .values_list("id", flat=True))
    assert seen == stored and len(stored) > 4
    march = api.get("organizations/pokrovska/work-items",
                    {"due_from": "2025-03-01", "due_to": "2025-03-31", "unit": world.unit.pk}).json()["items"]
    expected = Occurrence.objects.filter(plan__organization=world.community, due__month=3, due__year=2025,
                                         activity__units=world.unit)
    assert sorted(i["id"] for i in march) == sorted(expected.values_list("id", flat=True))
    assert all(world.unit.pk in i["units"] for i in march)


def test_an_unchanged_read_answers_304_to_its_etag(scheduled, api_as):
    from holos.plans.actions import update_plan

    world = scheduled
    api = api_as(world.viewer, world.community, Scope.READ)
    url = f"organizations/pokrovska/plans/{world.plan.pk}"
    etag = api.get(url)["ETag"]
    again = api.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    update_plan(actor=world.officer, plan=world.plan, title="Новий заголовок")
    changed = api.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["title"] == "Новий заголовок"


def test_an_executor_reports_work_of_their_unit_only(scheduled, api_as):
    world = scheduled
    from holos.plans.actions import create_activity
    from holos.plans.models import Task

    task = Task.objects.filter(plan=world.plan).first()
    other = create_activity(actor=None, task=task, data={"title": "Чужа робота", "responsible": ["Відділ освіти"],
                                                          "schedule": {"kind": "slots", "slots": ["2025-02"]}})
    theirs = Occurrence.objects.filter(plan=world.plan, activity__units=world.unit).first()
    foreign = Occurrence.objects.filter(activity=other).first()
    api = api_as(world.unit_head, world.community)
    done = api.patch(f"organizations/pokrovska/work-items/{theirs.pk}",
                     {"status": "done", "note": "Провели", "people_reached": 40})
    assert done.status_code == 200, done.content
    theirs.refresh_from_db()
    assert (theirs.status, theirs.note, theirs.people_reached, theirs.done_by) == ("done", "Провели", 40,
                                                                                   world.unit_head)
    assert AuditEntry.objects.filter(action="occurrence.status", object_id=theirs.pk, actor=world.unit_head).exists()
    refused = api.patch(f"organizations/pokrovska/work-items/{foreign.pk}", {"status": "done"})
    assert refused.status_code == 403
    foreign.refresh_from_db()
    assert foreign.status == "planned"
    link = api.post(f"organizations/pokrovska/work-items/{theirs.pk}/evidence", {"url": "https://example.org/r"})
    assert link.status_code == 201
    detail = api.get(f"organizations/pokrovska/work-items/{theirs.pk}").json()
    assert [e["url"] for e in detail["evidence"]] == ["https://example.org/r"]


def test_a_read_token_and_a_viewer_change_nothing(scheduled, api_as):
    world = scheduled
    item = Occurrence.objects.filter(plan=world.plan).first()
    read_only = api_as(world.officer, world.community, Scope.READ)
    response = read_only.patch(f"organizations/pokrovska/work-items/{item.pk}", {"status": "done"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    viewer = api_as(world.viewer, world.community, Scope.WRITE)
    assert viewer.patch(f"organizations/pokrovska/work-items/{item.pk}", {"status": "done"}).status_code == 403
    document = {"schema": "holos.plan/1", "plans": [{"title": "Ні"}]}
    assert viewer.post("organizations/pokrovska/plans", document).status_code == 403
    item.refresh_from_db()
    assert item.status == "planned"
    assert not Plan.objects.filter(title="Ні").exists()


def test_measurements_are_added_by_editors_and_read_by_dates(world, api_as):
    from holos.plans.models import Indicator

    activity = world.plan.activities.first()
    indicator = Indicator.objects.create(activity=activity, text="Охоплення", target=100)
    api = api_as(world.officer, world.community)
    for day, value in (("2025-01-15", 10), ("2025-02-15", 30), ("2025-03-15", 55)):
        response = api.post(f"organizations/pokrovska/indicators/{indicator.pk}/measurements",
                            {"date": day, "value": value})
        assert response.status_code == 201
    listed = api.get(f"organizations/pokrovska/indicators/{indicator.pk}/measurements",
                     {"date_from": "2025-02-01", "date_to": "2025-03-31"}).json()["items"]
    assert [(m["date"], m["value"]) for m in listed] == [("2025-02-15", 30.0), ("2025-03-15", 55.0)]
    assert AuditEntry.objects.filter(action="indicator.measure", actor=world.officer).count() == 3
    executor = api_as(world.unit_head, world.community)
    assert executor.post(f"organizations/pokrovska/indicators/{indicator.pk}/measurements",
                         {"date": "2025-04-01", "value": 1}).status_code == 403


def test_tokens_are_refused_when_missing_revoked_or_expired(world, api_as, client):
    from datetime import timedelta

    from django.utils import timezone

    from holos.api.actions import revoke_token
    from holos.api.models import ApiToken

    anonymous = api_as()
    response = anonymous.get("organizations")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    api = api_as(world.viewer, world.community, Scope.READ)
    assert api.get("organizations").json()["items"][0]["slug"] == "pokrovska"
    token = ApiToken.objects.get(user=world.viewer)
    assert token.last_used_at is not None
    revoke_token(actor=world.viewer, token=token)
    assert api.get("organizations").status_code == 401
    api = api_as(world.viewer, world.community, Scope.READ)
    ApiToken.objects.filter(user=world.viewer, revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("organizations").status_code == 401


def test_too_many_requests_get_429_with_retry_after(world, api_as, settings):
    settings.HOLOS_API_RATE_LIMIT = 3
    api = api_as(world.viewer, world.community, Scope.READ)
    codes = [api.get("organizations/pokrovska").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = api.get("organizations/pokrovska")
    assert 1 <= int(last["Retry-After"]) <= settings.HOLOS_API_RATE_WINDOW
    assert last.json()["code"] == "rate_limited"
    other = api_as(world.officer, world.community, Scope.READ)
    assert other.get("organizations/pokrovska").status_code == 200


def test_survey_results_are_counted_for_the_days_asked(world, api_as):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from holos.surveys import actions as survey_actions
    from holos.surveys.models import Answer, Response

    survey = survey_actions.create_survey(actor=None, organization=world.community, title={"uk": "Як вам ЦНАП?"})
    question = survey_actions.add_question(actor=None, survey=survey, kind="yes_no", text={"uk": "Задоволені?"})
    kyiv = ZoneInfo("Europe/Kyiv")
    for day, value in ((1, 1.0), (2, 1.0), (20, 0.0)):
        response = Response.objects.create(survey=survey, submitted_at=datetime(2025, 3, day, 12, tzinfo=kyiv))
        Answer.objects.create(response=response, question=question, number=value)
    api = api_as(world.viewer, world.community, Scope.READ)
    body = api.get(f"organizations/pokrovska/surveys/{survey.pk}/results",
                   {"since": "2025-03-01", "until": "2025-03-10"}).json()
    assert body["responses"] == 2
    [result] = body["questions"]
    assert [(o["count"], o["percent"]) for o in result["options"]] == [(2, 100.0), (0, 0.0)]
    listed = api.get("organizations/pokrovska/surveys").json()["items"]
    assert [(s["id"], s["responses"]) for s in listed] == [(survey.pk, 3)]


def test_open_data_of_published_plans_needs_no_token(world, api_as):
    from holos.plans.actions import set_published

    anonymous = api_as()
    assert anonymous.get(f"public/organizations/pokrovska/plans/{world.plan.pk}").status_code == 404
    assert anonymous.get("public/organizations/pokrovska/plans").json()["items"] == []
    set_published(actor=None, plan=world.plan, published=True)
    listed = anonymous.get("public/organizations/pokrovska/plans").json()["items"]
    assert [p["id"] for p in listed] == [world.plan.pk]
    document = anonymous.get(f"public/organizations/pokrovska/plans/{world.plan.pk}").json()
    assert document["plans"][0]["title"] == world.plan.title
    assert all("notes" not in a for g in document["plans"][0]["goals"] for t in g["tasks"] for a in t["activities"])


def test_the_schema_and_its_documentation_page_are_served_by_holos(client, world):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organizations/{slug}/work-items" in schema["paths"]
    page = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="uk")
    assert page.status_code == 200
    text = page.content.decode()
    for path in schema["paths"]:
        assert path in text
    assert "<script>" not in text and "cdn" not in text.lower()


def test_texts_no_database_keeps_are_refused_before_they_reach_it(world, api_as):
    api = api_as(world.officer, world.community)
    before = Plan.objects.count()
    for title in ("нуль\x00всередині", "половина \ud800 пари"):
        body = json.dumps({"schema": "holos.plan/1", "plans": [{"title": title}]})
        response = api.client.post("/api/v1/organizations/pokrovska/plans", body, content_type="application/json",
                                   headers=api.headers)
        assert response.status_code == 422, response.content
        assert response.json()["errors"][0]["loc"][-1] == "title"
    assert Plan.objects.count() == before
