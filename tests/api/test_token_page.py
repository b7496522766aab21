"""The access tokens page in the organisation's settings: make a token, see it once, list and revoke it."""

from django.urls import reverse

from holos.api.models import ApiToken, digest
from holos.audit.models import AuditEntry


def test_a_member_makes_a_token_sees_it_once_and_it_works(world, as_user, client):
    browser = as_user(world.unit_head)
    url = reverse("api_tokens", args=[world.community.slug])
    response = browser.post(url, {"name": "Звітна таблиця", "scope": "write", "days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.unit_head)
    secret = response.context["secret"]
    assert secret.startswith("holos_") and token.digest == digest(secret) and secret not in token.hint + token.digest
    assert secret in response.content.decode()
    assert (token.organization, token.scope, token.name) == (world.community, "write", "Звітна таблиця")
    assert 29 <= (token.expires_at - token.created_at).days <= 30
    assert AuditEntry.objects.filter(action="token.create", actor=world.unit_head).exists()
    again = browser.get(url).content.decode()
    assert secret not in again and token.hint in again
    client.logout()
    api = client.get("/api/v1/organizations/pokrovska", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200 and api.json()["role"] == "executor"


def test_revoking_stops_the_token_and_only_ones_own_can_be_revoked(world, as_user, client):
    from holos.api.actions import create_token

    mine, secret = create_token(actor=world.viewer, membership=world.viewer.memberships.get(),
                                name="мій", scope="read", days=30)
    theirs, other_secret = create_token(actor=world.officer, membership=world.officer.memberships.get(),
                                        name="чужий", scope="read", days=30)
    browser = as_user(world.viewer)
    url = reverse("api_tokens", args=[world.community.slug])
    assert "чужий" not in browser.get(url).content.decode()
    assert browser.post(url, {"revoke": theirs.pk}).status_code == 404
    assert browser.post(url, {"revoke": mine.pk}).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/organizations", headers=headers).status_code == 401
    assert client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {other_secret}"}).status_code == 200


def test_an_invalid_form_keeps_what_was_typed(world, as_user):
    browser = as_user(world.viewer)
    response = browser.post(reverse("api_tokens", args=[world.community.slug]),
                            {"name": "Моя таблиця", "scope": "admin", "days": "30"})
    assert response.status_code == 422
    assert 'value="Моя таблиця"' in response.content.decode()
    assert not ApiToken.objects.exists()
