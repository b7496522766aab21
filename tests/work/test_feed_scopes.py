"""What each calendar link shows, and what removing a member takes away.

Feeds are read as a calendar app reads them: without signing in, parsed with icalendar.
"""

from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from holos.accounts.actions import add_member, remove_member
from holos.accounts.models import Membership, Role
from holos.audit.models import AuditEntry
from holos.plans import actions
from holos.plans.models import Task, Unit
from holos.work.actions import create_feed
from holos.work.models import CalendarFeed, FeedScope
from tests.conftest import make_plan


def _summaries(client, feed) -> set[str]:
    response = client.get(reverse("feed", args=[feed.token]))
    assert response.status_code == 200
    return {str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}


def _dated(world, title: str, *, plan=None, responsible=("ЦНАП",), organization=None):
    organization = organization or world.community
    plan = plan or world.plan
    task = Task.objects.filter(plan=plan).first()
    activity = actions.create_activity(actor=None, task=task, data={"title": title, "responsible": list(responsible)})
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    return activity


def test_a_users_feed_shows_the_work_of_their_units_in_every_organisation(world, client):
    _dated(world, "Прийом у ЦНАП")
    _dated(world, "Випуск газети", responsible=["Відділ культури"])
    # The unit head is also a member of a second organisation, in a unit there.
    add_member(actor=None, organization=world.other, user=world.unit_head, role=Role.EXECUTOR)
    other_plan = make_plan(world.other, activities=0, title="План сусідів")
    _dated(world, "Сесія ради", plan=other_plan, responsible=["Секретаріат"], organization=world.other)
    Unit.objects.get(organization=world.other, name="Секретаріат").members.add(world.unit_head)
    feed = create_feed(actor=world.unit_head, scope="user")

    assert _summaries(client, feed) >= {"Прийом у ЦНАП", "Сесія ради"}
    assert "Випуск газети" not in _summaries(client, feed)

    # Out of the second organisation: its work leaves the feed, the rest stays.
    remove_member(actor=world.outsider, membership=Membership.objects.get(user=world.unit_head,
                                                                          organization=world.other))
    summaries = _summaries(client, feed)
    assert "Сесія ради" not in summaries and "Прийом у ЦНАП" in summaries


def test_a_plans_feed_shows_that_plan_only(world, client):
    _dated(world, "Прийом у ЦНАП")
    second = make_plan(world.community, activities=0, title="Другий план")
    _dated(world, "Форум громади", plan=second)
    feed = create_feed(actor=world.viewer, scope="plan", organization=world.community, plan=second)

    assert _summaries(client, feed) == {"Форум громади"}


def test_removing_a_member_takes_their_units_and_revokes_their_links(world, client):
    _dated(world, "Прийом у ЦНАП")
    own = [
        create_feed(actor=world.unit_head, scope="organization", organization=world.community),
        create_feed(actor=world.unit_head, scope="unit", organization=world.community, unit=world.unit),
        create_feed(actor=world.unit_head, scope="plan", organization=world.community, plan=world.plan),
    ]
    personal = create_feed(actor=world.unit_head, scope="user")
    colleagues = create_feed(actor=world.viewer, scope="unit", organization=world.community, unit=world.unit)
    for feed in [*own, personal, colleagues]:
        assert client.get(reverse("feed", args=[feed.token])).status_code == 200

    remove_member(actor=world.admin, membership=Membership.objects.get(user=world.unit_head,
                                                                       organization=world.community))

    assert not Membership.objects.filter(user=world.unit_head, organization=world.community).exists()
    assert not world.unit.members.filter(pk=world.unit_head.pk).exists()
    for feed in own:
        feed.refresh_from_db()
        assert feed.revoked_at is not None
        assert client.get(reverse("feed", args=[feed.token])).status_code == 404
    # The personal link still answers, without the organisation's work; a colleague's link is untouched.
    assert "Прийом у ЦНАП" not in _summaries(client, personal)
    assert CalendarFeed.objects.get(pk=personal.pk).revoked_at is None
    assert "Прийом у ЦНАП" in _summaries(client, colleagues)
    entry = AuditEntry.objects.get(action="member.remove")
    assert entry.actor == world.admin
    assert entry.before == {"user": "unithead", "role": Role.EXECUTOR, "calendar_links": 3}


def test_links_revoked_on_removal_stay_dead_when_the_person_comes_back(world, client):
    feed = create_feed(actor=world.viewer, scope="organization", organization=world.community)
    remove_member(actor=world.admin, membership=Membership.objects.get(user=world.viewer,
                                                                       organization=world.community))
    add_member(actor=world.admin, organization=world.community, user=world.viewer, role=Role.VIEWER)

    assert client.get(reverse("feed", args=[feed.token])).status_code == 404


def test_the_removal_is_told_in_words_in_the_audit_log(world, as_user):
    create_feed(actor=world.viewer, scope="organization", organization=world.community)
    remove_member(actor=world.admin, membership=Membership.objects.get(user=world.viewer,
                                                                       organization=world.community))
    page = as_user(world.admin).get(reverse("audit_log", args=[world.community.slug])).content.decode()
    assert "скасовано посилань на календар" in page
    assert "calendar_links" not in page
    # The link's own row names what it covered, in words.
    with translation.override("uk"):
        assert str(FeedScope.ORGANIZATION.label) in page
    assert "organization feed" not in page and ">organization<" not in page
