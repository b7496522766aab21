"""Deleting a goal or a task takes what hangs from it, keeps the rest, and leaves the history.

The actions are called as the views call them, so the same holds for every way in.
"""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.plans import actions
from holos.plans.models import Activity, ActivityAudience, Audience, Goal, Plan, PlanAudience, Task
from holos.work.models import Occurrence


def _two_goals(world):
    """The world's plan, dated, with a second goal of two tasks beside the first."""
    plan = world.plan
    for activity in Activity.objects.filter(plan=plan):
        actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02", "2025-03"])
    second = actions.create_goal(actor=None, plan=plan, title="Залучити молодь", key_message="")
    for title in ("Молодіжна рада", "Шкільні дні"):
        task = actions.create_task(actor=None, goal=second, title=title)
        activity = actions.create_activity(actor=None, task=task, data={
            "title": f"Зустріч: {title}", "audiences": ["молодь"], "channels": ["Інстаграм"],
        })
        actions.set_activity_slots(actor=None, activity=activity, slots=["2025-04"])
    return plan, Goal.objects.get(plan=plan, title="Поінформувати мешканців"), second


def test_deleting_a_goal_takes_its_tasks_activities_and_work_and_nothing_else(world):
    plan, first, second = _two_goals(world)
    kept = set(Activity.objects.filter(task__goal=first).values_list("pk", flat=True))
    gone = set(Activity.objects.filter(task__goal=second).values_list("pk", flat=True))
    revision = Plan.objects.get(pk=plan.pk).revision
    second_pk = second.pk

    actions.delete_goal(actor=world.officer, goal=second)

    assert not Goal.objects.filter(pk=second_pk).exists()
    assert not Task.objects.filter(goal_id=second_pk).exists()
    assert set(Activity.objects.filter(plan=plan).values_list("pk", flat=True)) == kept
    assert not Occurrence.objects.filter(activity_id__in=gone).exists()
    assert not ActivityAudience.objects.filter(activity_id__in=gone).exists()
    assert Occurrence.objects.filter(activity_id__in=kept).count() == 2 * len(kept)
    # The catalogue keeps its names: another plan may use them.
    assert Audience.objects.filter(organization=world.community, name="молодь").exists()
    assert Plan.objects.get(pk=plan.pk).revision == revision + 1
    entry = AuditEntry.objects.get(action="goal.delete")
    assert (entry.actor, entry.plan_ref, entry.object_id) == (world.officer, plan.pk, second_pk)
    assert entry.before["title"] == "Залучити молодь"
    assert entry.before["tasks"] == ["Молодіжна рада", "Шкільні дні"]


def test_deleting_a_task_takes_its_activities_and_keeps_its_goal_and_neighbours(world):
    plan, _first, second = _two_goals(world)
    doomed, neighbour = list(Task.objects.filter(goal=second).order_by("position"))
    doomed_activities = list(doomed.activities.values_list("pk", flat=True))

    actions.delete_task(actor=world.officer, task=doomed)

    assert list(Task.objects.filter(goal=second)) == [neighbour]
    assert not Activity.objects.filter(pk__in=doomed_activities).exists()
    assert not Occurrence.objects.filter(activity_id__in=doomed_activities).exists()
    assert neighbour.activities.count() == 1
    entry = AuditEntry.objects.get(action="task.delete")
    assert entry.before["title"] == "Молодіжна рада"
    assert entry.before["activities"] == ["Зустріч: Молодіжна рада"]


def test_a_deleted_goal_is_found_in_the_organisations_audit_log(world, as_user):
    plan, _first, second = _two_goals(world)
    client = as_user(world.officer)
    assert client.get(reverse("goal_delete", args=[world.community.slug, second.pk])).status_code == 200
    assert Goal.objects.filter(pk=second.pk).exists()  # asking is not deleting
    response = client.post(reverse("goal_delete", args=[world.community.slug, second.pk]))
    assert response.status_code == 302
    assert not Goal.objects.filter(pk=second.pk).exists()
    page = as_user(world.admin).get(reverse("audit_log", args=[world.community.slug])).content.decode()
    assert "Залучити молодь" in page


def test_merging_audiences_folds_the_plans_own_list_too(world):
    """A plan names its stakeholders apart from its activities (PlanAudience); a merge keeps one of each."""
    plan = world.plan
    other_plan = actions.create_plan(actor=None, organization=world.community, title="Другий план", kind="calendar",
                                     period_start="2025-01", period_end="2025-12", granularity="month")
    actions.set_plan_audiences(actor=None, plan=plan, names=["пенсіонери", "ВПО", "люди похилого віку"])
    actions.set_plan_audiences(actor=None, plan=other_plan, names=["люди похилого віку"])
    keep = Audience.objects.get(organization=world.community, name="пенсіонери")
    duplicate = Audience.objects.get(organization=world.community, name="люди похилого віку")

    actions.merge_catalogue_entries(actor=world.officer, keep=keep, duplicates=[duplicate])

    assert not Audience.objects.filter(pk=duplicate.pk).exists()
    # The first plan named both: one row is left, where the earlier one was.
    assert [row.audience.name for row in PlanAudience.objects.filter(plan=plan)] == ["пенсіонери", "ВПО"]
    # The second named only the duplicate: it names the kept entry now.
    assert [row.audience_id for row in PlanAudience.objects.filter(plan=other_plan)] == [keep.pk]
    entry = AuditEntry.objects.get(action="catalogue.merge")
    assert entry.before["names"] == ["пенсіонери", "люди похилого віку"]


def test_merging_audiences_named_by_the_same_activity_keeps_one_link_in_its_place(world):
    activity = Activity.objects.filter(plan=world.plan).order_by("position").first()
    actions.update_activity(actor=None, activity=activity, data={"audiences": ["ВПО", "молодь", "переселенці"]})
    keep = Audience.objects.get(organization=world.community, name="ВПО")
    duplicate = Audience.objects.get(organization=world.community, name="переселенці")

    actions.merge_catalogue_entries(actor=None, keep=keep, duplicates=[duplicate])

    links = ActivityAudience.objects.filter(activity=activity).order_by("position", "id")
    assert [link.audience.name for link in links] == ["ВПО", "молодь"]
