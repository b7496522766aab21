"""Every write of access tokens: made, used, revoked."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from holos.api.models import ApiToken, digest, new_secret
from holos.audit.actions import record

# The last use is written at most once a minute per token, so reading the API does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def create_token(*, actor, membership, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the member in their organisation (a ``Membership``) or their programme (a
    ``ProgrammeMember``), and its secret, which is not kept anywhere."""
    secret = new_secret()
    holder = {"programme": membership.programme} if hasattr(membership, "programme") else {
        "organization": membership.organization}
    token = ApiToken.objects.create(
        user=membership.user, name=name, scope=scope, digest=digest(secret), hint=secret[:12],
        expires_at=timezone.now() + timedelta(days=days), **holder,
    )
    _record(actor, token, "token.create", after={"name": name, "scope": scope, "user": membership.user.username,
                                                  "expires_at": token.expires_at.isoformat()})
    return token, secret


def _record(actor, token: ApiToken, action: str, **change) -> None:
    """In the organisation's audit log, or in the programme's (no organisation, the programme named)."""
    record(actor=actor, organization=token.organization, programme_id=token.programme_id, action=action, obj=token,
           **change)


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    """Stop a token at once. Revoking it twice keeps the first moment."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    if updated:
        _record(actor, token, "token.revoke", before={"name": token.name, "scope": token.scope})
    return token


def note_use(token: ApiToken, now=None) -> None:
    """Remember when the token was last used: one UPDATE, and only when the stored moment is a minute old."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
