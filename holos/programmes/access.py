"""Who may see and change a programme. Every programme view asks these helpers.

A programme a person is not a member of does not exist for them (404), whatever their
organisations; a member whose role may not do something gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from holos.programmes.models import ProgrammeMember


def get_programme_member(request, slug: str, *, analyse: bool = False, coordinate: bool = False) -> ProgrammeMember:
    if not request.user.is_authenticated:
        raise Http404
    member = (ProgrammeMember.objects.select_related("programme")
              .filter(user=request.user, programme__slug=slug).first())
    if member is None:
        raise Http404
    if coordinate and not member.is_coordinator:
        raise PermissionDenied
    if analyse and not member.can_analyse:
        raise PermissionDenied
    request.programme_member = member
    return member
