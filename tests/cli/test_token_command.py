"""``holos token``: a token made at the terminal is printed once and works; listed without its secret; revoked."""

import json

from django.test import Client

from holos.api.models import ApiToken, digest
from holos.audit.models import AuditEntry
from holos.cli import main


def test_token_create_prints_a_working_token_once(world, capsys):
    assert main(["token", "create", "--user", "viewer", "--org", "pokrovska", "--scope", "read",
                 "--name", "звіт"]) == 0
    out = capsys.readouterr().out
    [secret] = out.split()
    token = ApiToken.objects.get(user=world.viewer)
    assert token.digest == digest(secret) and (token.scope, token.name) == ("read", "звіт")
    assert AuditEntry.objects.filter(action="token.create", object_id=token.pk).exists()
    response = Client().get("/api/v1/organizations/pokrovska", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.json()["scope"] == "read"

    assert main(["token", "list", "--json", "--org", "pokrovska"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["id"], row["user"], row["state"]) == (token.pk, "viewer", "active")
    assert secret not in json.dumps(row)

    assert main(["token", "revoke", str(token.pk)]) == 0
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/organizations", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_token_create_for_a_stranger_is_refused_in_one_line(world, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "C")
    assert main(["token", "create", "--user", "outsider", "--org", "pokrovska", "--scope", "write"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "outsider" in err and "pokrovska" in err
    assert not ApiToken.objects.exists()
    assert main(["token", "revoke", "999999"]) == 2


def test_a_programme_token_made_at_the_terminal_reads_the_programme_and_no_organisation(world, capsys):
    from tests.programmes.conftest import build_programme_world

    pw = build_programme_world(world)
    assert main(["token", "create", "--user", "analyst", "--programme", pw.programme.slug, "--scope", "read"]) == 0
    [secret] = capsys.readouterr().out.split()
    token = ApiToken.objects.get(user=pw.analyst)
    assert (token.programme, token.organization, token.scope) == (pw.programme, None, "read")
    headers = {"Authorization": f"Bearer {secret}"}
    assert Client().get(f"/api/v1/programmes/{pw.programme.slug}/dashboard", headers=headers).status_code == 200
    assert Client().get("/api/v1/organizations/pokrovska", headers=headers).status_code == 404
    assert main(["token", "list", "--json", "--programme", pw.programme.slug]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["programme"], row["organization"], row["user"]) == (pw.programme.slug, None, "analyst")


def test_a_programme_token_needs_a_member_of_that_programme_and_not_an_organisation_too(world, capsys, monkeypatch):
    from tests.programmes.conftest import build_programme_world

    monkeypatch.setenv("LANG", "C")
    pw = build_programme_world(world)
    assert main(["token", "create", "--user", "stranger", "--programme", pw.programme.slug]) == 2
    assert "stranger" in capsys.readouterr().err
    assert main(["token", "create", "--user", "analyst", "--programme", pw.programme.slug,
                 "--org", "pokrovska"]) == 2
    assert not ApiToken.objects.exists()
