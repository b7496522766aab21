"""``holos programmes``: every programme, for scripts."""

import json

import pytest

from holos.cli import main
from holos.programmes import actions
from tests.conftest import make_plan


@pytest.fixture(autouse=True)
def _no_language_in_the_environment(monkeypatch):
    for name in ("HOLOS_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_programmes_lists_each_programme_with_its_organisations_plans_templates_and_team(pw, capsys):
    second = make_plan(pw.world.community, title="Другий план")
    actions.set_shared_plans(actor=None, participation=pw.participation, plans=[pw.world.plan, second])
    assert main(["programmes", "--json"]) == 0
    rows = {row["slug"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["chuiut"] == {
        "id": pw.programme.pk, "slug": "chuiut", "name": pw.programme.name, "organizations": 1, "invited": 1,
        "shared_plans": 2, "templates_published": 0, "team": 3, "url": "/programmes/chuiut/",
    }
    assert rows["insha-programa"]["organizations"] == 0 and rows["insha-programa"]["team"] == 1
    assert main(["programmes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].split("\t")[:5] == ["2", "insha-programa", "0", "0", "0"]
