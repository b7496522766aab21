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
