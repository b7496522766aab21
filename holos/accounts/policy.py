"""Who may do what to which object: every such question is answered by ``allows``.

Views ask it to choose between the page and 403; actions ask it again, through
``require``, before they change anything, so the CLI, the API and tests cannot go around
a rule a page keeps. Whether the object belongs to the person's organisation at all is
the other question, answered first by ``holos.accounts.access`` (404 for outsiders).

The roles, widest first:

- an administrator does everything, and alone changes members, settings and channels;
- an editor writes plans, surveys, posts and reports, works the whole inbox and reads
  the audit log;
- an executor reads everything and acts on their own unit's objects: reports the work of
  the activities their unit answers for, and handles the messages assigned to their unit
  (or to no unit yet);
- a viewer reads.

Publishing approves posts through administrators and the approvers they name.

To change a rule, change it here; ``tests/accounts/test_policy.py`` lists every role ×
action × own or other unit and must be changed with it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from holos.accounts.models import EDITING_ROLES, Membership, Role


class Do(StrEnum):
    """What a person may ask to do. Targets are given with the action where the rule reads them."""

    READ = "read"
    EDIT_PLANS = "edit_plans"
    ADMINISTER = "administer"
    READ_AUDIT_LOG = "read_audit_log"
    REPORT_WORK = "report_work"  # target: an activity or one of its occurrences
    HANDLE_MESSAGE = "handle_message"  # target: a suggestion, or none (work the inbox at all)
    PUBLISH_ANSWER = "publish_answer"
    APPROVE_POST = "approve_post"


class Refused(PermissionDenied):
    """The person's role does not allow what they asked; views answer it with 403."""


def _reads(membership: Membership, target: Any) -> bool:
    return True


def _edits(membership: Membership, target: Any) -> bool:
    return membership.role in EDITING_ROLES


def _administers(membership: Membership, target: Any) -> bool:
    return membership.role == Role.ADMIN


def _own_unit(membership: Membership, units) -> bool:
    """An executor acts on an object when one of its units counts them among its members."""
    return membership.role == Role.EXECUTOR and units.filter(members=membership.user_id).exists()


def _reports(membership: Membership, target: Any) -> bool:
    if membership.role in EDITING_ROLES:
        return True
    activity = getattr(target, "activity", target)
    return activity is not None and _own_unit(membership, activity.units.all())


def _handles(membership: Membership, target: Any) -> bool:
    if membership.role in EDITING_ROLES:
        return True
    if membership.role != Role.EXECUTOR:
        return False
    if target is None or target.unit_id is None:
        return True
    from holos.plans.models import Unit

    return _own_unit(membership, Unit.objects.filter(pk=target.unit_id))


def _approves(membership: Membership, target: Any) -> bool:
    if membership.role == Role.ADMIN:
        return True
    from holos.publishing.models import PublishingSettings

    settings = PublishingSettings.for_organization(membership.organization)
    return settings.approvers.filter(pk=membership.user_id).exists()


RULES: dict[Do, Callable[[Membership, Any], bool]] = {
    Do.READ: _reads,
    Do.EDIT_PLANS: _edits,
    Do.ADMINISTER: _administers,
    Do.READ_AUDIT_LOG: _edits,
    Do.REPORT_WORK: _reports,
    Do.HANDLE_MESSAGE: _handles,
    Do.PUBLISH_ANSWER: _edits,
    Do.APPROVE_POST: _approves,
}


def allows(membership: Membership | None, do: Do, target: Any = None) -> bool:
    """Whether the member may do ``do`` (to ``target``, where the rule reads one)."""
    if membership is None:
        return False
    return RULES[do](membership, target)


def organization_id_of(target: Any) -> int:
    """The organisation an object belongs to, along the path its model declares (``organization_path``)."""
    *steps, last = type(target).organization_path.split("__")
    for step in steps:
        target = getattr(target, step)
    return int(getattr(target, f"{last}_id"))


def require(actor, do: Do, target: Any = None, *, organization=None) -> None:
    """Raise ``Refused`` unless ``actor`` may do ``do`` to ``target``; what every action calls first.

    ``actor`` is a user or a membership. No actor is the product itself (retention, delivery,
    the demo), which follows its own rules and is not refused.
    """
    if actor is None:
        return
    if isinstance(actor, Membership):
        membership: Membership | None = actor
    else:
        organization_id = organization.pk if organization is not None else organization_id_of(target)
        membership = (Membership.objects.select_related("organization")
                      .filter(user=actor, organization_id=organization_id).first())
    if not allows(membership, do, target):
        raise Refused
