"""``holos suggest``: for what the checks find in each seed plan, activities to add and changes to make, with
reasons; the same engine the builder and the plan's page use."""

import json

from django.urls import reverse

from holos.builder.sources import library_for
from holos.cli import main
from holos.core.checks import PROBLEM
from holos.core.suggest.engine import GAP_CODES
from holos.core.suggest.library import normalize
from holos.demo.build import build_demo
from holos.plans.actions import plan_to_document
from holos.plans.checking import check_tree
from holos.plans.grid import load_plan_tree


def test_every_seed_plan_gets_an_answer_for_each_problem_and_nothing_it_has_already(db, capsys):
    demo = build_demo()
    library = library_for(demo.organization)
    assert len(demo.plans) == 6
    for plan in demo.plans:
        assert main(["suggest", "--plan", str(plan.pk), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["plan"] == plan.pk
        tree = load_plan_tree(plan)
        # The gaps are the checks' findings on the saved plan, each of them.
        findings = check_tree(tree, plan_to_document(plan)).report.findings
        assert [(g["code"], g["where"]) for g in out["gaps"]] == [(f.code, f.where) for f in findings]
        titles = [a.title for a in tree.activities()]
        for gap in out["gaps"]:
            if gap["code"] in GAP_CODES:
                assert gap["proposals"], gap["message"]
            if gap["severity"] == PROBLEM:
                assert gap["proposals"] or gap["mends"], gap["message"]
            for proposal in gap["proposals"]:
                assert proposal["reasons"], proposal["title"]
                assert proposal["audiences"] and proposal["channels"] and proposal["responsible"]
                assert proposal["indicator"]["target"] is not None
                assert normalize(proposal["title"]) not in {normalize(t) for t in titles}
                template = library.get(proposal["template"])
                assert not any(template.matches(title) for title in titles), (proposal["title"], plan.title)


def test_the_text_is_in_the_persons_language_and_an_unknown_plan_is_one_line(db, capsys, monkeypatch):
    demo = build_demo()
    plan = demo.plans[0]
    monkeypatch.setenv("HOLOS_LANGUAGE", "uk")
    assert main(["suggest", "--plan", str(plan.pk)]) == 0
    out = capsys.readouterr().out
    assert "Порада:" in out
    assert "Аудіоверсія переліку послуг ЦНАП" in out
    assert "Suggestion:" not in out
    assert main(["suggest", "--plan", "999999"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "999999" in captured.err


def test_the_plans_page_proposes_what_the_command_does(db, client, capsys):
    demo = build_demo()
    plan = demo.plans[3]  # the Czech campaign
    assert main(["suggest", "--plan", str(plan.pk), "--json"]) == 0
    titles = {p["title"] for g in json.loads(capsys.readouterr().out)["gaps"] for p in g["proposals"]}
    assert titles
    from holos.accounts.models import User

    client.force_login(User.objects.get(username="demo"))
    page = client.get(reverse("plan_suggestions", args=[demo.organization.slug, plan.pk])).content.decode()
    for title in titles:
        assert title in page
