"""Who may see and change what. Every view and endpoint asks these helpers.

An organisation a user does not belong to does not exist for them (404), so its name
and plans cannot be probed; a member without the right role gets 403. What a role may
do is decided by ``holos.accounts.policy``; these helpers only find the member and the
object, and ask it. The web pages ask with the request (``get_membership``), the API
with the token's user (``membership_of``): both end in the same rules.
"""

from django.http import Http404

from holos.accounts.models import Membership
from holos.accounts.policy import Do, Refused, allows


def membership_of(user, slug: str, *, edit: bool = False, admin: bool = False) -> Membership:
    """The user's membership of the organisation named ``slug``: 404 for a stranger, 403 for a role too weak."""
    if user is None or not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organization")
        .filter(user=user, organization__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    if admin and not allows(membership, Do.ADMINISTER):
        raise Refused
    if edit and not allows(membership, Do.EDIT_PLANS):
        raise Refused
    return membership


def get_membership(request, slug: str, *, edit: bool = False, admin: bool = False) -> Membership:
    membership = membership_of(request.user, slug, edit=edit, admin=admin)
    request.membership = membership
    request.organization = membership.organization
    return membership


def object_of(organization, model, pk: int):
    """An object of the organisation, or 404: the same answer whether it is another's or does not exist."""
    obj = model.objects.filter(pk=pk, **{model.organization_path: organization}).first()
    if obj is None:
        raise Http404
    return obj


def get_object_for_member(request, slug: str, model, pk: int, *, edit: bool = False, admin: bool = False):
    """An object of the member's organisation, or 404; 403 when the role may not change it.

    The model says how its rows reach their organisation in ``organization_path``
    (``"organization"``, or ``"plan__organization"`` for what belongs to a plan).
    """
    membership = get_membership(request, slug, edit=edit, admin=admin)
    return membership, object_of(membership.organization, model, pk)


def may_report(membership: Membership, activity) -> bool:
    """Whether the member records work on the activity (the policy's answer, for the API)."""
    return allows(membership, Do.REPORT_WORK, activity)
