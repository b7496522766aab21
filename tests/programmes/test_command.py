"""``holos programmes``: every programme, for scripts."""

import datetime as dt
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
    assert len(lines) == 2 and lines[0].split("\t")[:5] == [str(pw.other_programme.pk), "insha-programa", "0", "0", "0"]


def test_the_demo_has_a_programme_of_four_communities_with_a_template(db, settings, capsys):
    from holos.demo.build import build_demo
    from holos.programmes.dashboard import programme_summary
    from holos.programmes.models import Programme
    from holos.work.dashboard import Counts

    build_demo()
    programme = Programme.objects.get(slug="demo-programme")
    summary = programme_summary(programme, dt.date(2026, 1, 1))
    assert len(summary.rows) == 4
    assert all(row.plans >= 1 for row in summary.rows)
    assert sum((row.totals for row in summary.rows), Counts()).done > 0
    assert programme.templates.get().plans.count() == 3
    # Built again from nothing, the demo does not keep the old programme's communities.
    build_demo(reset=True)
    assert Programme.objects.filter(slug="demo-programme").count() == 1
