"""Who may see and change what. Every view and endpoint asks these helpers.

An organisation a user does not belong to does not exist for them (404), so its name
and plans cannot be probed; a member without the right role gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from holos.accounts.models import Membership, Role


def get_membership(request, slug: str, *, edit: bool = False, admin: bool = False) -> Membership:
    if not request.user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organization")
        .filter(user=request.user, organization__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    if admin and membership.role != Role.ADMIN:
        raise PermissionDenied
    if edit and not membership.can_edit_plans:
        raise PermissionDenied
    request.membership = membership
    request.organization = membership.organization
    return membership


def get_object_for_member(request, slug: str, model, pk: int, *, edit: bool = False, admin: bool = False):
    """An object of the member's organisation, or 404; 403 when the role may not change it."""
    membership = get_membership(request, slug, edit=edit, admin=admin)
    organization_field = "organization" if hasattr(model, "organization") else "plan__organization"
    obj = model.objects.filter(pk=pk, **{organization_field: membership.organization}).first()
    if obj is None:
        raise Http404
    return membership, obj
