"""``holos token``: make a personal access token (its secret printed once), list tokens, revoke one."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from holos.api.models import ApiToken


def _usage(message: str):
    from holos.cli_errors import EXIT_USAGE, CommandError

    return CommandError(message, EXIT_USAGE)


def create(*, username: str, organization: str | None, scope: str, name: str, days: int | None,
           programme: str | None = None) -> int:
    """A token of the user in one organisation, or in one programme, whose secret is printed once."""
    from holos.accounts.models import Membership
    from holos.api.actions import create_token
    from holos.programmes.models import ProgrammeMember

    membership: Membership | ProgrammeMember | None
    if programme:
        membership = ProgrammeMember.objects.select_related("user", "programme").filter(
            user__username=username, programme__slug=programme).first()
        if membership is None:
            raise _usage(_("%(user)s is not a member of a programme with the short name “%(slug)s”") % {
                "user": username, "slug": programme})
    else:
        membership = Membership.objects.select_related("user", "organization").filter(
            user__username=username, organization__slug=organization).first()
        if membership is None:
            raise _usage(_("%(user)s is not a member of an organisation with the short name “%(slug)s”") % {
                "user": username, "slug": organization})
    days = settings.HOLOS_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 3660:
        raise _usage(_("a token lives from 1 to 3660 days"))
    _token, secret = create_token(actor=None, membership=membership, name=name, scope=scope, days=days)
    print(secret)
    return 0


def _row(token: ApiToken, now) -> dict:
    state = "revoked" if token.revoked_at else ("expired" if token.expires_at <= now else "active")
    return {"id": token.pk, "user": token.user.username,
            "organization": token.organization.slug if token.organization else None,
            "programme": token.programme.slug if token.programme else None,
            "name": token.name, "scope": token.scope, "hint": token.hint, "state": state,
            "expires_at": token.expires_at.isoformat(),
            "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None}


def list_tokens(*, json_output: bool, organization: str | None, username: str | None,
                programme: str | None = None) -> int:
    tokens = ApiToken.objects.select_related("user", "organization", "programme").order_by(
        "organization__slug", "programme__slug", "id")
    if organization:
        tokens = tokens.filter(organization__slug=organization)
    if programme:
        tokens = tokens.filter(programme__slug=programme)
    if username:
        tokens = tokens.filter(user__username=username)
    now = timezone.now()
    for token in tokens.iterator(chunk_size=500):
        row = _row(token, now)
        if json_output:
            print(json.dumps(row, ensure_ascii=False))
        else:
            where = row["organization"] or _("programme %(slug)s") % {"slug": row["programme"]}
            print("\t".join(str(v) for v in (row["id"], where, *(row[k] for k in (
                "user", "scope", "state", "hint", "expires_at", "name")))))
    return 0


def revoke(*, token_id: int) -> int:
    from holos.api.actions import revoke_token

    token = ApiToken.objects.select_related("organization", "programme").filter(pk=token_id).first()
    if token is None:
        raise _usage(_("no token with id %(id)s") % {"id": token_id})
    revoke_token(actor=None, token=token)
    return 0

