"""Every write to organisations, memberships and invitations."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from holos.accounts.models import Invitation, Membership, Organization, Role, User
from holos.audit.actions import record
from holos.locks import lock


def unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:50] or "org"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_organization(*, actor, name: str, slug: str = "", admin: User | None = None) -> Organization:
    organization = Organization.objects.create(name=name, slug=slug or unique_slug(name))
    if admin is not None:
        Membership.objects.create(user=admin, organization=organization, role=Role.ADMIN)
    record(actor=actor, organization=organization, action="organization.create", obj=organization,
           after={"name": name, "slug": organization.slug})
    return organization


@transaction.atomic
def add_member(*, actor, organization, user, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    record(actor=actor, organization=organization, action="member.add", obj=membership,
           after={"user": user.username, "role": role})
    return membership


@transaction.atomic
def change_role(*, actor, membership: Membership, role: str) -> Membership:
    before = {"user": membership.user.username, "role": membership.role}
    membership.role = role
    membership.save(update_fields=["role"])
    record(actor=actor, organization=membership.organization, action="member.role", obj=membership,
           before=before, after={"user": membership.user.username, "role": role})
    return membership


@transaction.atomic
def set_member_units(*, actor, membership: Membership, units) -> None:
    user = membership.user
    organization = membership.organization
    before = sorted(u.name for u in user.units.filter(organization=organization))
    for unit in user.units.filter(organization=organization):
        unit.members.remove(user)
    for unit in units:
        if unit.organization_id == organization.pk:
            unit.members.add(user)
    record(actor=actor, organization=organization, action="member.units", obj=membership,
           before={"units": before}, after={"units": sorted(u.name for u in units)})


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    """Take a person out of an organisation: their units there, and their calendar links to its work.

    Links to the organisation, its units or its plans are revoked, not only left unanswered,
    so that they stay dead should the person be invited again.
    """
    from holos.work.models import CalendarFeed

    organization = membership.organization
    user = membership.user
    for unit in user.units.filter(organization=organization):
        unit.members.remove(user)
    revoked = CalendarFeed.objects.filter(
        Q(organization=organization) | Q(unit__organization=organization) | Q(plan__organization=organization),
        owner=user, revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    record(actor=actor, organization=organization, action="member.remove", obj=membership,
           before={"user": user.username, "role": membership.role, "calendar_links": revoked})
    membership.delete()


@transaction.atomic
def invite(*, actor, organization, email: str, role: str) -> Invitation:
    """Create an invitation and queue its email once the transaction commits."""
    from holos.accounts.tasks import send_invitation

    invitation = Invitation.objects.create(organization=organization, email=email, role=role, invited_by=actor)
    record(actor=actor, organization=organization, action="invitation.create", obj=invitation,
           after={"email": email, "role": role})
    transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


@transaction.atomic
def lift_lockout(*, actor, organization, username: str = "", address: str = "") -> int:
    """Let an account, or an address, sign in again before its lockout ends; returns the attempts cleared."""
    from axes.utils import reset

    cleared = 0
    if username:
        cleared += reset(username=username)
    if address:
        cleared += reset(ip=address)
    record(actor=actor, organization=organization, action="account.unlock", obj=None, object_type="user",
           after={"user": username, "address": address})
    return cleared


class InvitationUsed(Exception):
    """The invitation was used (or expired) before this acceptance could take it."""


def _take(invitation: Invitation) -> Invitation:
    """The invitation under its lock, or ``InvitationUsed`` when it is no longer pending.

    Read again under the lock: of several people accepting one invitation at once, the
    first one through marks it accepted and every other one finds it so.
    """
    locked = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is None or not Invitation.objects.pending().filter(pk=locked.pk).exists():
        raise InvitationUsed
    return locked


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Make ``user`` a member with the invited role; raises ``InvitationUsed`` when it was taken."""
    invitation = _take(invitation)
    membership = Membership.objects.filter(user=user, organization=invitation.organization).first()
    if membership is None:
        membership = Membership.objects.create(user=user, organization=invitation.organization, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(actor=user, organization=invitation.organization, action="invitation.accept", obj=invitation,
           after={"user": user.username, "role": membership.role})
    return membership


@transaction.atomic
def sign_up_by_invitation(*, invitation: Invitation, user: User) -> Membership:
    """A new person's account and their membership, made together: never one without the other.

    The invitation is taken before the account is made, so a used one makes no account.
    """
    invitation = _take(invitation)
    user.email = invitation.email
    user.save()
    return accept_invitation(invitation=invitation, user=user)


@transaction.atomic
def update_organization_settings(*, actor, organization, name: str, time_zone: str, check_settings: dict) -> None:
    from holos.core.checks import FitTable

    FitTable.from_dict(check_settings.get("fit") or {})  # refuses unknown groups or kinds
    lock(organization)
    before = {"name": organization.name, "time_zone": organization.time_zone,
              "check_settings": organization.check_settings}
    organization.name, organization.time_zone, organization.check_settings = name, time_zone, check_settings
    organization.save(update_fields=["name", "time_zone", "check_settings"])
    # The checks of every plan read the settings.
    organization.plans.all().count_change()
    record(actor=actor, organization=organization, action="organization.settings", obj=organization,
           before=before, after={"name": name, "time_zone": time_zone, "check_settings": check_settings})


@transaction.atomic
def update_personal_settings(*, user: User, email: str, email_reminders: bool) -> None:
    before = {"email": user.email, "email_reminders": user.email_reminders}
    user.email, user.email_reminders = email, email_reminders
    user.save(update_fields=["email", "email_reminders"])
    record(actor=user, organization=None, action="user.settings", obj=user, before=before,
           after={"email": email, "email_reminders": email_reminders})
