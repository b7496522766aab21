"""Who may do what: every role × action × own or other unit, and actions that refuse on their own.

The table is the policy written out; a change of a rule changes a line here.
"""

import pytest

from holos.accounts.models import Membership
from holos.accounts.policy import Do, Refused, allows
from holos.plans import actions as plan_actions
from holos.plans.models import Activity, ActivityUnit, Unit
from holos.publishing import actions as publishing
from holos.suggestions import actions as inbox
from holos.suggestions.models import Status
from holos.work import actions as work
from holos.work.models import Occurrence

ROLES = ("admin", "editor", "executor", "viewer")
ALL, EDITORS, ADMIN, HANDS = set(ROLES), {"admin", "editor"}, {"admin"}, {"admin", "editor", "executor"}

# (what, whose object) → the roles allowed. "own": of the executor's unit; "other": of another unit;
# "unassigned": a message no unit has taken yet; None: no object.
TABLE = {
    (Do.READ, None): ALL,
    (Do.EDIT_PLANS, None): EDITORS,
    (Do.ADMINISTER, None): ADMIN,
    (Do.READ_AUDIT_LOG, None): EDITORS,
    (Do.REPORT_WORK, "own"): HANDS,
    (Do.REPORT_WORK, "other"): EDITORS,
    (Do.HANDLE_MESSAGE, None): HANDS,
    (Do.HANDLE_MESSAGE, "unassigned"): HANDS,
    (Do.HANDLE_MESSAGE, "own"): HANDS,
    (Do.HANDLE_MESSAGE, "other"): EDITORS,
    (Do.PUBLISH_ANSWER, "own"): EDITORS,
    (Do.PUBLISH_ANSWER, "unassigned"): EDITORS,
    (Do.APPROVE_POST, None): ADMIN,
}


@pytest.fixture
def units(world):
    """Two activities with work in February, one of the unit head's unit and one of another unit."""
    other = Unit.objects.create(organization=world.community, name="Відділ освіти")
    own_activity, other_activity = Activity.objects.filter(plan=world.plan).order_by("pk")[:2]
    ActivityUnit.objects.filter(activity=other_activity).delete()
    ActivityUnit.objects.create(activity=other_activity, unit=other)
    for activity in (own_activity, other_activity):
        plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02"])
    return other, Occurrence.objects.get(activity=own_activity), Occurrence.objects.get(activity=other_activity)


@pytest.fixture
def targets(world, units):
    other_unit, own_occurrence, other_occurrence = units

    def message(unit):
        suggestion = inbox.receive_message(organization=world.community, category="question", text="Коли?")
        if unit is not None:
            inbox.assign_unit(actor=None, suggestion=suggestion, unit=unit)
        return suggestion

    return {
        Do.REPORT_WORK: {"own": own_occurrence, "other": other_occurrence},
        Do.HANDLE_MESSAGE: {"own": message(world.unit), "other": message(other_unit), "unassigned": message(None)},
        Do.PUBLISH_ANSWER: {"own": message(world.unit), "unassigned": message(None)},
    }


def _members(world):
    users = {"admin": world.admin, "editor": world.officer, "executor": world.unit_head, "viewer": world.viewer}
    return {role: Membership.objects.select_related("organization").get(user=user, organization=world.community)
            for role, user in users.items()}


def test_every_action_has_a_line_in_the_table():
    assert {do for do, _whose in TABLE} == set(Do)


def test_the_policy_answers_as_the_table_says(world, targets):
    members = _members(world)
    found = {}
    for (do, whose), allowed in TABLE.items():
        target = targets[do][whose] if whose else None
        found[do, whose] = {role for role in ROLES if allows(members[role], do, target)}
        assert found[do, whose] == allowed, (do, whose)
    # A work item reached through its activity is judged as the activity.
    own = targets[Do.REPORT_WORK]["own"].activity
    assert {role for role in ROLES if allows(members[role], Do.REPORT_WORK, own)} == HANDS


def test_someone_who_is_not_a_member_may_do_nothing():
    assert not any(allows(None, do) for do in Do)


def test_an_approver_named_by_the_administrator_approves(world):
    members = _members(world)
    assert not allows(members["editor"], Do.APPROVE_POST)
    current = publishing.PublishingSettings.for_organization(world.community)
    current.approvers.add(world.officer)
    assert allows(members["editor"], Do.APPROVE_POST)


def test_actions_called_directly_refuse_what_the_policy_refuses(world, targets):
    """What a page refuses, the action refuses too: the CLI and the API call the actions."""
    other_occurrence = targets[Do.REPORT_WORK]["other"]
    with pytest.raises(Refused):
        work.save_work_item(actor=world.unit_head, occurrence=other_occurrence, status="done", reason="", note="",
                            numbers={})
    other_occurrence.refresh_from_db()
    assert other_occurrence.status != "done"
    message = targets[Do.HANDLE_MESSAGE]["other"]
    with pytest.raises(Refused):
        inbox.add_note(actor=world.unit_head, suggestion=message, text="Не мій відділ")
    with pytest.raises(Refused):
        inbox.answer_message(actor=world.viewer, suggestion=message, answer="Ні", mail=False)
    with pytest.raises(Refused):
        inbox.reveal_contact(actor=world.viewer, suggestion=message)
    own = targets[Do.PUBLISH_ANSWER]["own"]
    inbox.answer_message(actor=world.unit_head, suggestion=own, answer="Так", mail=False)
    with pytest.raises(Refused):
        inbox.publish_answer(actor=world.unit_head, suggestion=own, public_text="Так")
    with pytest.raises(Refused):
        inbox.save_inbox_settings(actor=world.officer, organization=world.community, accepting=False,
                                  retention_days=30)
    with pytest.raises(Refused):
        inbox.receive_message(organization=world.community, category="question", text="Дзвінок",
                              actor=world.viewer, source="hotline")
    # An outsider is refused as one who is not a member at all.
    with pytest.raises(Refused):
        inbox.set_status(actor=world.outsider, suggestion=message, status=Status.CLOSED)
    message.refresh_from_db()
    own.refresh_from_db()
    assert (message.status, message.answer, message.notes.count(), own.published_at) == (Status.NEW, "", 0, None)


def test_a_post_is_approved_only_by_an_approver(world):
    from tests.web.test_every_route_is_isolated import publishing_objects

    post = publishing_objects(world)[0]
    publishing.submit_post(actor=world.officer, post=post)
    post.refresh_from_db()
    with pytest.raises(Refused):
        publishing.approve_post(actor=world.officer, post=post)
    with pytest.raises(Refused):
        publishing.return_post(actor=world.unit_head, post=post, comment="Ні")
    post.refresh_from_db()
    assert post.approved_by is None
