"""Tenant isolation and roles, for every organisation page.

The outsider (an administrator of another community) gets 404 everywhere in the first
community, for reading and for writing; the viewer reads but cannot write (403); and
nothing they send changes anything.
"""

import pytest
from django.urls import reverse

from holos.accounts.models import Organization
from holos.audit.models import AuditEntry
from holos.plans.models import Activity, Audience, Dismissal, Goal, Plan, Task


def _routes(world):
    plan = world.plan
    goal = Goal.objects.filter(plan=plan).first()
    task = Task.objects.filter(plan=plan).first()
    activity = Activity.objects.filter(plan=plan).first()
    audience = Audience.objects.filter(organization=world.community).first()
    membership = world.viewer.memberships.get(organization=world.community)
    slug = world.community.slug
    read = [
        reverse("organization", args=[slug]),
        reverse("plan", args=[slug, plan.pk]),
        reverse("plan_history", args=[slug, plan.pk]),
        reverse("activity_row", args=[slug, activity.pk]),
        reverse("catalogue", args=[slug, "audiences"]),
        reverse("catalogue", args=[slug, "channels"]),
        reverse("catalogue", args=[slug, "units"]),
        reverse("organization_settings", args=[slug]),
        reverse("api_tokens", args=[slug]),
    ]
    write = [
        reverse("plan_create", args=[slug]),
        reverse("plan_edit", args=[slug, plan.pk]),
        reverse("plan_delete", args=[slug, plan.pk]),
        reverse("goal_create", args=[slug, plan.pk]),
        reverse("goal_edit", args=[slug, goal.pk]),
        reverse("goal_delete", args=[slug, goal.pk]),
        reverse("task_create", args=[slug, goal.pk]),
        reverse("task_edit", args=[slug, task.pk]),
        reverse("task_delete", args=[slug, task.pk]),
        reverse("activity_create", args=[slug, task.pk]),
        reverse("activity_edit", args=[slug, activity.pk]),
        reverse("activity_delete", args=[slug, activity.pk]),
        reverse("activity_slot", args=[slug, activity.pk]),
        reverse("move", args=[slug, "goal", goal.pk]),
        reverse("move", args=[slug, "task", task.pk]),
        reverse("move", args=[slug, "activity", activity.pk]),
        reverse("catalogue_entry", args=[slug, "audiences", audience.pk]),
        reverse("finding_dismiss", args=[slug, plan.pk]),
        reverse("organization_settings", args=[slug]),
    ]
    admin_only = [
        reverse("members", args=[slug]),
        reverse("member_edit", args=[slug, membership.pk]),
    ]
    return read, write, admin_only


def _state(world):
    return (
        Plan.objects.filter(organization=world.community).count(),
        Activity.objects.filter(plan__organization=world.community).count(),
        list(Activity.objects.filter(plan__organization=world.community).values_list("title", "schedule", "position")),
        AuditEntry.objects.count(),
        Organization.objects.get(pk=world.community.pk).check_settings,
        Dismissal.objects.count(),
    )


def test_it_rejects_outsiders_everywhere(world, as_user):
    client = as_user(world.outsider)
    read, write, admin_only = _routes(world)
    before = _state(world)
    for url in read + write + admin_only:
        assert client.get(url).status_code == 404, url
        response = client.post(
            url,
            {
                "title": "hacked",
                "slot": "2025-01",
                "direction": "up",
                "name": "x",
                "role": "admin",
                "email": "x@example.org",
                "delete": "1",
            },
        )
        assert response.status_code == 404, url
    assert _state(world) == before


def test_viewer_reads_but_cannot_write(world, as_user):
    client = as_user(world.viewer)
    read, write, admin_only = _routes(world)
    for url in read:
        assert client.get(url).status_code == 200, url
    before = _state(world)
    for url in write + admin_only:
        response = client.post(
            url, {"title": "changed", "slot": "2025-01", "direction": "up", "name": "x", "delete": "1", "new-name": "x"}
        )
        assert response.status_code == 403, url
    for url in admin_only:
        assert client.get(url).status_code == 403, url
    assert _state(world) == before


def test_executor_cannot_edit_plans_or_members(world, as_user):
    client = as_user(world.unit_head)
    _, write, admin_only = _routes(world)
    before = _state(world)
    for url in write + admin_only:
        assert client.post(url, {"title": "changed", "slot": "2025-01"}).status_code == 403, url
    assert _state(world) == before


def test_editor_cannot_manage_members(world, as_user):
    client = as_user(world.officer)
    _, _, admin_only = _routes(world)
    for url in admin_only:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("name", ["organization", "members"])
def test_anonymous_visitors_are_sent_to_sign_in(world, client, name):
    response = client.get(reverse(name, args=[world.community.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_objects_of_another_organisation_are_not_found_through_own_slug(world, as_user):
    """The outsider's own slug with the community's ids must not reach the community's rows."""
    client = as_user(world.outsider)
    activity = Activity.objects.filter(plan=world.plan).first()
    slug = world.other.slug
    assert client.get(reverse("plan", args=[slug, world.plan.pk])).status_code == 404
    assert client.get(reverse("activity_edit", args=[slug, activity.pk])).status_code == 404
    assert client.post(reverse("activity_slot", args=[slug, activity.pk]), {"slot": "2025-01"}).status_code == 404
    assert client.post(reverse("plan_delete", args=[slug, world.plan.pk])).status_code == 404
    assert Plan.objects.filter(pk=world.plan.pk).exists()
