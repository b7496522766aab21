"""The plan's change counter: every action that changes a plan, or what its checks read, counts one.

The plan page keeps the check report under the plan's revision, so a change that forgot
to count would show a stale report; these tests change the plan through each action and
read the page after.
"""

import datetime
import re

from django.core.cache import cache
from django.urls import reverse

from holos.accounts.actions import update_organization_settings
from holos.plans import actions
from holos.plans.checking import dismiss_finding, report_key
from holos.plans.models import Channel, Plan, Task
from holos.work.actions import save_event


def revision(plan) -> int:
    return Plan.objects.get(pk=plan.pk).revision


def test_every_change_of_a_plan_counts_one(world):
    plan = world.plan
    task = Task.objects.filter(plan=plan).first()
    steps = [
        lambda: actions.update_plan(actor=None, plan=Plan.objects.get(pk=plan.pk), title="Новий план"),
        lambda: actions.create_activity(actor=None, task=task, data={"title": "Новий захід"}),
        lambda: actions.update_activity(actor=None, activity=plan.activities.first(), data={"result": "Звіт"}),
        lambda: actions.move(actor=None, obj=plan.activities.last(), direction=-1),
        lambda: actions.set_activity_slots(actor=None, activity=plan.activities.first(), slots=["2025-03"]),
        lambda: actions.create_goal(actor=None, plan=plan, title="Ще ціль"),
        lambda: actions.set_published(actor=None, plan=plan, published=True),
        lambda: dismiss_finding(actor=None, plan=plan, code="activity-no-channel", where="plan", reason="Так"),
        lambda: actions.delete_activity(actor=None, activity=plan.activities.last()),
    ]
    for step in steps:
        before = revision(plan)
        step()
        assert revision(plan) == before + 1, step


def test_changes_to_what_checks_read_count_for_every_plan_of_the_organisation(world):
    other_plan = actions.create_plan(actor=None, organization=world.community, title="Другий план")
    outside = actions.create_plan(actor=None, organization=world.other, title="Чужий план")
    channel = Channel.objects.filter(organization=world.community).first()
    steps = [
        lambda: actions.rename_catalogue_entry(actor=None, entry=channel, name="Новий канал"),
        lambda: save_event(actor=None, organization=world.community, event=None, name="Сесія",
                           day=datetime.date(2025, 6, 1)),
        lambda: update_organization_settings(actor=None, organization=world.community, name=world.community.name,
                                             time_zone="Europe/Kyiv", check_settings={"disabled": ["plan-no-goal"]}),
    ]
    for step in steps:
        before = [revision(p) for p in (world.plan, other_plan, outside)]
        step()
        assert [revision(p) for p in (world.plan, other_plan, outside)] == [before[0] + 1, before[1] + 1, before[2]]


def test_the_page_shows_the_report_of_the_current_revision(world, as_user):
    task = Task.objects.filter(plan=world.plan).first()
    activity = actions.create_activity(actor=None, task=task, data={
        "title": "Зустріч", "audiences": ["ВПО"], "responsible": ["ЦНАП"], "result": "10 зустрічей"})
    client = as_user(world.officer)
    url = reverse("plan_checks", args=[world.community.slug, world.plan.pk])
    assert f"activity-no-channel|activity-{activity.pk}" in client.get(url).content.decode()
    assert cache.get(report_key(Plan.objects.get(pk=world.plan.pk))) is not None
    # Turning the check off in the settings counts a change: the finding goes at once.
    update_organization_settings(actor=None, organization=world.community, name=world.community.name,
                                 time_zone="Europe/Kyiv", check_settings={"disabled": ["activity-no-channel"]})
    assert f"activity-no-channel|activity-{activity.pk}" not in client.get(url).content.decode()
    # A channel added to the activity answers the finding once the check is on again.
    update_organization_settings(actor=None, organization=world.community, name=world.community.name,
                                 time_zone="Europe/Kyiv", check_settings={})
    assert f"activity-no-channel|activity-{activity.pk}" in client.get(url).content.decode()
    actions.update_activity(actor=None, activity=activity, data={"channels": ["Телеграм канал"]})
    assert f"activity-no-channel|activity-{activity.pk}" not in client.get(url).content.decode()


def test_the_kept_page_carries_each_readers_own_form_token(world):
    from django.test import Client

    url = reverse("plan", args=[world.community.slug, world.plan.pk])
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.officer)
    second = Client(enforce_csrf_checks=True)
    second.force_login(world.admin)
    first_tokens = set(token.findall(first.get(url).content.decode()))
    second_page = second.get(url).content.decode()  # from the cache
    second_tokens = set(token.findall(second_page))
    assert len(first_tokens) == 1 and len(second_tokens) == 1 and first_tokens != second_tokens
    assert "holosPlanCsrfSlot" not in second_page
    # The second reader's token is good for the forms of the page it got.
    activity = world.plan.activities.first()
    response = second.post(reverse("activity_slot", args=[world.community.slug, activity.pk]),
                           {"slot": "2025-04", "csrfmiddlewaretoken": second_tokens.pop()})
    assert response.status_code in (200, 302)
