"""Writing plans through the API: goals, tasks, activities, a plan replaced or deleted, evidence files.

Every write goes through the same actions as the web's forms, so the audit log names the
token's owner and the roles of ``holos.accounts.policy`` decide.
"""

from django.test import override_settings

from holos.api.models import Scope
from holos.audit.models import AuditEntry
from holos.plans.actions import plan_to_document
from holos.plans.models import Activity, Goal, Plan, Task
from holos.work.models import Attachment, Occurrence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def test_an_editor_builds_a_goal_a_task_and_an_activity_whose_schedule_dates_its_work(world, api_as):
    api = api_as(world.officer, world.community)
    goal = api.post(f"organizations/pokrovska/plans/{world.plan.pk}/goals",
                    {"title": "  Залучити молодь  ", "key_message": "Ваш голос важить"})
    assert goal.status_code == 201, goal.content
    goal_id = goal.json()["id"]
    assert Goal.objects.get(pk=goal_id).title == "Залучити молодь"
    task = api.post(f"organizations/pokrovska/goals/{goal_id}/tasks", {"title": "Молодіжна рада"})
    assert task.status_code == 201 and task.json()["goal"] == goal_id
    activity = api.post(f"organizations/pokrovska/tasks/{task.json()['id']}/activities", {
        "title": "Зустріч з учнями", "audiences": ["Молодь"], "responsible": ["ЦНАП"], "level": "consult",
        "schedule": {"text": "березень, квітень", "kind": "slots", "slots": ["2025-03", "2025-04"]},
        "indicators": [{"text": "30 учасників", "target": 30, "unit": "осіб"}],
    })
    assert activity.status_code == 201, activity.content
    body = activity.json()
    assert (body["level"], [u["name"] for u in body["units"]], [a["name"] for a in body["audiences"]]) == (
        "consult", ["ЦНАП"], ["Молодь"])
    created = Activity.objects.get(pk=body["id"])
    assert sorted(o.due.month for o in Occurrence.objects.filter(activity=created)) == [3, 4]
    assert list(created.indicators.values_list("text", "target")) == [("30 учасників", 30)]
    assert api.get(f"organizations/pokrovska/activities/{created.pk}").json() == body
    actions = list(AuditEntry.objects.filter(actor=world.officer, action__in=(
        "goal.create", "task.create", "activity.create")).order_by("id").values_list("action", "object_id"))
    assert actions == [("goal.create", goal_id), ("task.create", task.json()["id"]), ("activity.create", created.pk)]


def test_a_change_keeps_what_is_not_sent_and_moves_within_the_plan_only(world, api_as):
    api = api_as(world.officer, world.community)
    activity = Activity.objects.filter(plan=world.plan).first()
    units_before = list(activity.units.values_list("name", flat=True))
    changed = api.patch(f"organizations/pokrovska/activities/{activity.pk}", {"result": "Звіт на сайті"})
    assert changed.status_code == 200, changed.content
    activity.refresh_from_db()
    assert activity.result == "Звіт на сайті" and list(activity.units.values_list("name", flat=True)) == units_before
    goal = Goal.objects.filter(plan=world.plan).first()
    renamed = api.patch(f"organizations/pokrovska/goals/{goal.pk}", {"title": "Нова назва"}).json()
    assert (renamed["title"], renamed["key_message"]) == ("Нова назва", goal.key_message)
    other_task = Task.objects.filter(plan__organization=world.other).first()
    moved = api.patch(f"organizations/pokrovska/activities/{activity.pk}", {"task": other_task.pk})
    assert moved.status_code == 422 and moved.json()["errors"][0]["loc"] == ["body", "task"]
    assert Activity.objects.get(pk=activity.pk).task_id == activity.task_id
    entry = AuditEntry.objects.filter(action="activity.update").latest("id")
    assert entry.actor == world.officer and entry.after["result"] == "Звіт на сайті"


def test_invalid_input_is_a_problem_in_the_reader_s_language_and_nothing_is_written(world, api_as):
    api = api_as(world.officer, world.community)
    before = Goal.objects.count()
    blank = api.post(f"organizations/pokrovska/plans/{world.plan.pk}/goals", {"title": "   "},
                     headers={"Accept-Language": "en"})
    assert blank.status_code == 422 and blank["Content-Type"] == "application/problem+json"
    problem = blank.json()
    assert problem["title"] == "Invalid input" and problem["errors"][0]["loc"][-1] == "title"
    wrong_level = api.post(f"organizations/pokrovska/tasks/{Task.objects.first().pk}/activities",
                           {"title": "x", "level": "shout"})
    assert wrong_level.status_code == 422
    assert Goal.objects.count() == before


def test_deleting_goes_through_the_actions_and_the_audit_log_keeps_the_plan(world, api_as):
    api = api_as(world.officer, world.community)
    task = Task.objects.filter(plan=world.plan).first()
    assert api.delete(f"organizations/pokrovska/tasks/{task.pk}").status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()
    assert api.delete(f"organizations/pokrovska/tasks/{task.pk}").status_code == 404
    document = plan_to_document(world.plan).to_dict()
    assert api.delete(f"organizations/pokrovska/plans/{world.plan.pk}").status_code == 204
    assert not Plan.objects.filter(pk=world.plan.pk).exists()
    entry = AuditEntry.objects.get(action="plan.delete", plan_ref=world.plan.pk)
    assert entry.actor == world.officer and entry.before["document"] == document


def test_a_plan_replaced_by_a_document_keeps_its_id_and_takes_the_document_s_content(world, api_as):
    api = api_as(world.officer, world.community)
    url = f"organizations/pokrovska/plans/{world.plan.pk}"
    document = api.get(f"{url}/document").json()
    old = document["plans"][0]
    document["plans"][0] = {**old, "title": "План, 2-га редакція", "goals": [
        {"title": "Єдина ціль", "tasks": [{"title": "Єдине завдання", "activities": [
            {"title": "Нова активність", "responsible": ["ЦНАП"],
             "schedule": {"text": "травень", "kind": "slots", "slots": ["2025-05"]}}]}]}]}
    replaced = api.put(url, document)
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["id"] == world.plan.pk and replaced.json()["revision"] > world.plan.revision
    again = api.get(f"{url}/document").json()["plans"][0]
    assert again["title"] == "План, 2-га редакція"
    assert [g["title"] for g in again["goals"]] == ["Єдина ціль"]
    assert again["goals"][0]["tasks"][0]["activities"][0]["title"] == "Нова активність"
    assert [o.due.month for o in Occurrence.objects.filter(plan=world.plan)] == [5]
    entry = AuditEntry.objects.get(action="plan.replace", plan_ref=world.plan.pk)
    assert entry.actor == world.officer and entry.before["document"]["title"] == old["title"]
    two = api.put(url, {"schema": "holos.plan/1", "plans": [{"title": "a"}, {"title": "b"}]})
    assert two.status_code == 422 and Plan.objects.get(pk=world.plan.pk).title == "План, 2-га редакція"


def test_if_match_refuses_a_change_made_on_a_stale_read(world, api_as):
    api = api_as(world.officer, world.community)
    goal = Goal.objects.filter(plan=world.plan).first()
    url = f"organizations/pokrovska/goals/{goal.pk}"
    etag = api.get(url)["ETag"]
    assert api.patch(url, {"title": "Перша зміна"}, headers={"If-Match": etag}).status_code == 200
    stale = api.patch(url, {"title": "Друга зміна"}, headers={"If-Match": etag})
    assert stale.status_code == 412 and stale.json()["code"] == "changed"
    assert Goal.objects.get(pk=goal.pk).title == "Перша зміна"
    assert api.patch(url, {"title": "Друга зміна"}, headers={"If-Match": stale["ETag"]}).status_code == 200


def test_read_tokens_viewers_and_executors_do_not_write_plans(world, api_as):
    goal = Goal.objects.filter(plan=world.plan).first()
    url = f"organizations/pokrovska/goals/{goal.pk}"
    for api in (api_as(world.officer, world.community, Scope.READ), api_as(world.viewer, world.community),
                api_as(world.unit_head, world.community)):
        assert api.patch(url, {"title": "Ні"}).status_code == 403
        assert api.delete(url).status_code == 403
    assert Goal.objects.get(pk=goal.pk).title == goal.title


def test_an_evidence_file_is_stored_as_the_web_stores_it(scheduled, api_as):
    world = scheduled
    occurrence = Occurrence.objects.filter(plan=world.plan).first()
    api = api_as(world.unit_head, world.community)  # an executor of the unit that answers for the work
    sent = api.upload(f"organizations/pokrovska/work-items/{occurrence.pk}/evidence/file", "protokol.pdf", PDF)
    assert sent.status_code == 201, sent.content
    attachment = Attachment.objects.get(pk=sent.json()["id"])
    assert attachment.name == "protokol.pdf" and attachment.created_by == world.unit_head
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF
    detail = api.get(f"organizations/pokrovska/work-items/{occurrence.pk}").json()
    assert [(e["name"], e["file"]) for e in detail["evidence"]] == [("protokol.pdf", True)]
    assert AuditEntry.objects.get(action="occurrence.attach").actor == world.unit_head


def test_an_evidence_file_the_web_refuses_is_refused_alike(scheduled, api_as):
    world = scheduled
    occurrence = Occurrence.objects.filter(plan=world.plan).first()
    api = api_as(world.officer, world.community)
    url = f"organizations/pokrovska/work-items/{occurrence.pk}/evidence/file"
    renamed = api.upload(url, "zvit.pdf", b"MZ\x90\x00 a program")
    assert renamed.status_code == 422 and "zvit.pdf" in renamed.json()["errors"][0]["msg"]
    kind = api.upload(url, "run.exe", b"MZ")
    assert kind.status_code == 422
    with override_settings(HOLOS_EVIDENCE_MAX_BYTES=10):
        large = api.upload(url, "big.pdf", PDF)
    assert large.status_code == 422 and large.json()["errors"][0]["loc"] == ["body", "file"]
    missing = api.post(url, {})
    assert missing.status_code == 422
    assert not Attachment.objects.exists()
    viewer = api_as(world.viewer, world.community)
    assert viewer.upload(url, "protokol.pdf", PDF).status_code == 403
