"""Plans that cascade: an operational plan carries out a strategic one, goal by goal."""

import datetime as dt

from django.urls import reverse

from holos.core.importers import read_path
from holos.demo.build import SEEDS
from holos.plans import actions as plan_actions
from holos.plans.actions import CascadeError, save_document
from holos.plans.cascade import goal_rollups
from holos.plans.models import Activity, Goal, Indicator, IndicatorTarget, Plan, Task
from holos.work import actions as work_actions
from holos.work.models import Occurrence, Status
from tests.conftest import make_plan


def _seed_004(organization):
    return save_document(actor=None, organization=organization,
                         document=read_path(SEEDS / "004_2a9c074713a9f348.txt"), source="004")


def test_seed_004_links_the_operational_plan_to_the_strategic_one_where_directions_match(world):
    strategic, operational = _seed_004(world.community)
    assert (strategic.kind, operational.kind) == ("strategic", "operational")
    operational.refresh_from_db()
    assert operational.parent == strategic
    links = dict(Goal.objects.filter(plan=operational).values_list("title", "parent_goal__title"))
    assert len(links) == 6 and all(title == parent for title, parent in links.items())
    assert Plan.objects.get(pk=strategic.pk).parent is None
    # The strategic directions keep their own indicators, saved as the goals'.
    assert set(Indicator.objects.filter(goal__plan=strategic).values_list("goal__title", flat=True)) == set(links)
    assert not Indicator.objects.filter(activity__plan=strategic).exists()


def test_a_document_without_a_strategic_plan_links_nothing(world):
    plans = save_document(actor=None, organization=world.community,
                          document=read_path(SEEDS / "000_e607be4f092c3acc.txt"), source="000")
    assert all(plan.parent_id is None for plan in plans)
    assert not Goal.objects.filter(plan__in=plans, parent_goal__isnull=False).exists()


def test_the_parent_s_goals_roll_up_the_work_that_carries_them_and_show_what_nothing_carries(world, as_user):
    strategic = make_plan(world.community, title="Стратегія 2025–2027")
    plan_actions.create_goal(actor=None, plan=strategic, title="Залучити молодь")
    operational = world.plan
    plan_actions.set_plan_parent(actor=world.officer, plan=operational, parent=strategic)
    informing, youth = Goal.objects.filter(plan=strategic).order_by("position")
    plan_actions.link_goal(actor=world.officer, goal=operational.goals.get(), parent_goal=informing)
    for activity in Activity.objects.filter(plan=operational):
        plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-01", "2025-02"])
    occurrence = Occurrence.objects.filter(plan=operational).first()
    work_actions.set_status(actor=None, occurrence=occurrence, status=Status.DONE)
    rollups = {r.goal.title: r for r in goal_rollups(strategic, dt.date(2025, 3, 1))}
    carried = rollups[informing.title]
    assert (carried.planned, carried.done, carried.overdue, carried.activity_count) == (4, 1, 3, 2)
    assert not rollups[youth.title].carried
    # A task linked on its own carries the goal it names instead of its goal's.
    task = Task.objects.get(plan=operational)
    plan_actions.link_task(actor=None, task=task, parent_goal=youth)
    rollups = {r.goal.title: r for r in goal_rollups(strategic, dt.date(2025, 3, 1))}
    assert rollups[youth.title].planned == 4 and not rollups[informing.title].carried
    page = as_user(world.viewer).get(reverse("plan_cascade", args=[world.community.slug, strategic.pk]))
    text = page.content.decode()
    assert "Активність 1" in text and operational.title in text and informing.title in text


def test_links_are_made_on_the_cascade_page_and_refused_across_organisations_or_in_circles(world, as_user):
    strategic = make_plan(world.community, title="Стратегія")
    url = reverse("plan_cascade", args=[world.community.slug, world.plan.pk])
    client = as_user(world.officer)
    assert client.post(url, {"form": "parent", "parent": strategic.pk}).status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.parent == strategic
    goal = world.plan.goals.get()
    parent_goal = strategic.goals.get()
    assert client.post(url, {"form": "goal", "row": goal.pk, "parent_goal": parent_goal.pk}).status_code == 302
    assert Goal.objects.get(pk=goal.pk).parent_goal == parent_goal
    # The strategic plan cannot carry out its own child, nor a plan of another organisation.
    try:
        plan_actions.set_plan_parent(actor=None, plan=strategic, parent=world.plan)
        raise AssertionError("a circle was allowed")
    except CascadeError:
        pass
    foreign = Plan.objects.get(organization=world.other)
    client.post(url, {"form": "parent", "parent": foreign.pk})
    world.plan.refresh_from_db()
    assert world.plan.parent == strategic
    # A goal of a plan that is not the parent is refused.
    stray = make_plan(world.community, title="Сторонній").goals.get()
    client.post(url, {"form": "goal", "row": goal.pk, "parent_goal": stray.pk})
    assert Goal.objects.get(pk=goal.pk).parent_goal == parent_goal
    # A viewer reads the page but changes nothing.
    assert as_user(world.viewer).post(url, {"form": "parent", "parent": ""}).status_code == 403


def test_goals_and_plans_have_indicators_with_targets_per_period_and_measurements(world, as_user):
    url = reverse("plan_indicators", args=[world.community.slug, world.plan.pk])
    goal = world.plan.goals.get()
    client = as_user(world.officer)
    response = client.post(url, {"form": "add", "level": goal.pk, "text": "Частка поінформованих ВПО",
                                 "target": "60", "unit": "%"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(goal=goal)
    client.post(url, {"form": "add", "level": 0, "text": "Охоплення плану", "target": "", "unit": "осіб"})
    assert Indicator.objects.get(plan=world.plan).placeholder
    for period, value in (("2025-Q1", "20"), ("2025-q2", "40"), ("2025", "60")):
        assert client.post(url, {"form": "target", "indicator": indicator.pk, f"t{indicator.pk}-period": period,
                                 f"t{indicator.pk}-value": value}).status_code == 302
    assert dict(IndicatorTarget.objects.filter(indicator=indicator).values_list("period", "value")) == {
        "2025-Q1": 20, "2025-Q2": 40, "2025": 60}
    bad = client.post(url, {"form": "target", "indicator": indicator.pk, f"t{indicator.pk}-period": "весна",
                            f"t{indicator.pk}-value": "5"})
    assert bad.status_code == 422 and "весна" in bad.content.decode()
    client.post(url, {"form": "measure", "indicator": indicator.pk, f"m{indicator.pk}-date": "2025-02-01",
                      f"m{indicator.pk}-value": "25", f"m{indicator.pk}-note": ""})
    page = client.get(url).content.decode()
    assert "Частка поінформованих ВПО" in page and "2025-Q2" in page and "Охоплення плану" in page
    # Goal indicators travel with the plan's document.
    document = plan_actions.plan_to_document(world.plan)
    assert [i.text for i in document.goals[0].indicators] == ["Частка поінформованих ВПО"]
    assert [i.text for i in document.indicators] == ["Охоплення плану"]
    # Another organisation's indicator cannot be reached through this plan.
    foreign = Indicator.objects.create(activity=Activity.objects.filter(plan__organization=world.other).first(),
                                       text="Чужий")
    assert client.post(url, {"form": "target", "indicator": foreign.pk, f"t{foreign.pk}-period": "2025",
                             f"t{foreign.pk}-value": "1"}).status_code == 404
