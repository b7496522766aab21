"""The JSON export is the plan's ``holos.plan/1`` document."""

from __future__ import annotations

import json

from holos.core.document import PlanDocument, loads
from holos.exports import export_plan, export_plans
from tests.exports import seed_plan, seed_plans


@seed_plans
def test_a_seed_plan_is_its_document(number, index):
    plan = seed_plan(number, index)
    data = export_plan(plan, "json", organization_name="Інша назва")
    assert json.loads(data.decode("utf-8")) == PlanDocument(plans=[plan]).to_dict()
    assert loads(data.decode("utf-8")).plans == [plan]


def test_letters_are_written_as_utf8_not_escapes():
    data = export_plan(seed_plan("002", 0), "json")
    assert "Plán informační kampaně".encode() in data
    assert b"\\u" not in data


def test_several_plans_make_one_document():
    plans = [seed_plan("004", 0), seed_plan("004", 1)]
    document = loads(export_plans(plans, "json").decode("utf-8"))
    assert document.plans == plans
