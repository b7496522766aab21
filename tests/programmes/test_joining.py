"""An organisation joins a programme by an invitation its administrator accepts, and can leave."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.programmes.models import Participation, ParticipationStatus
from holos.programmes.sharing import shared_plans
from tests.conftest import make_plan


def test_the_coordinator_invites_by_short_name_and_the_administrator_accepts_with_the_plans_to_share(pw, as_user):
    world = pw.world
    third = make_plan(world.other, title="Другий план іншої громади")
    client = as_user(pw.coordinator)
    response = client.post(reverse("programme_organizations", args=[pw.programme.slug]), {"organization": "nemaie"})
    assert response.status_code == 422
    assert "nemaie" in response.content.decode()
    # The other community was invited by the programme's set-up; its administrator sees the invitation.
    admin = as_user(world.outsider)
    page = admin.get(reverse("organization_programmes", args=[world.other.slug])).content.decode()
    assert "Громади, що чують" in page
    url = reverse("participation", args=[world.other.slug, pw.invitation.pk])
    assert admin.get(url).status_code == 200
    assert admin.post(url, {"action": "accept", "plans": [third.pk]}).status_code == 302
    participation = Participation.objects.get(pk=pw.invitation.pk)
    assert participation.status == ParticipationStatus.ACTIVE
    assert list(shared_plans(pw.programme).filter(organization=world.other)) == [third]
    entry = AuditEntry.objects.get(action="programme.join", organization=world.other)
    assert entry.programme_ref == pw.programme.pk and entry.actor == world.outsider
    # Answered once: a second answer changes nothing.
    assert admin.post(url, {"action": "decline"}).status_code == 302
    assert Participation.objects.get(pk=pw.invitation.pk).status == ParticipationStatus.ACTIVE


def test_only_the_administrator_answers_and_other_organisations_never_see_the_invitation(pw, as_user):
    world = pw.world
    url = reverse("participation", args=[world.community.slug, pw.participation.pk])
    assert as_user(world.officer).post(url, {"action": "leave"}).status_code == 403
    assert as_user(world.viewer).get(url).status_code == 200
    # The other community's administrator, with its own slug, cannot reach the community's participation.
    other = as_user(world.outsider)
    assert other.get(reverse("participation", args=[world.other.slug, pw.participation.pk])).status_code == 404
    assert Participation.objects.get(pk=pw.participation.pk).status == ParticipationStatus.ACTIVE


def test_declining_shares_nothing(pw, as_user):
    world = pw.world
    as_user(world.outsider).post(reverse("participation", args=[world.other.slug, pw.invitation.pk]),
                                 {"action": "decline"})
    assert Participation.objects.get(pk=pw.invitation.pk).status == ParticipationStatus.DECLINED
    assert not shared_plans(pw.programme).filter(organization=world.other).exists()
    assert as_user(pw.coordinator).get(
        reverse("programme_organization", args=[pw.programme.slug, world.other.pk])).status_code == 404


def test_an_organisation_that_leaves_is_seen_no_more(pw, as_user):
    world = pw.world
    coordinator = as_user(pw.coordinator)
    plan_url = reverse("programme_plan", args=[pw.programme.slug, world.plan.pk])
    assert coordinator.get(plan_url).status_code == 200
    admin = as_user(world.admin)
    response = admin.post(reverse("participation", args=[world.community.slug, pw.participation.pk]),
                          {"action": "leave"})
    assert response.status_code == 302
    assert as_user(pw.coordinator).get(plan_url).status_code == 404
    assert as_user(pw.coordinator).get(
        reverse("programme_organization", args=[pw.programme.slug, world.community.pk])).status_code == 404
    dashboard = as_user(pw.coordinator).get(reverse("programme", args=[pw.programme.slug])).content.decode()
    assert world.community.name not in dashboard
    assert AuditEntry.objects.filter(action="programme.leave", organization=world.community).exists()


def test_the_administrator_changes_which_plans_are_shared(pw, as_user):
    world = pw.world
    second = make_plan(world.community, title="План для молоді")
    url = reverse("participation", args=[world.community.slug, pw.participation.pk])
    as_user(world.admin).post(url, {"action": "share", "plans": [second.pk]})
    assert list(shared_plans(pw.programme)) == [second]
    assert as_user(pw.coordinator).get(
        reverse("programme_plan", args=[pw.programme.slug, world.plan.pk])).status_code == 404
    # A plan of another organisation slipped into the form is never shared.
    foreign = make_plan(world.other, title="Чужий")
    as_user(world.admin).post(url, {"action": "share", "plans": [second.pk, foreign.pk]})
    assert list(shared_plans(pw.programme)) == [second]
