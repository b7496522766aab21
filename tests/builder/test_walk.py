"""Walking the builder through HTTP, as an officer of the demo organisation without JavaScript does."""

import re

from django.urls import reverse

from holos.accounts.models import User
from holos.builder.models import PlanDraft
from holos.core.checks import PROBLEM
from holos.plans.actions import tree_to_document
from holos.plans.checking import check_tree
from holos.plans.grid import load_plan_tree
from holos.plans.models import Plan


def _form_data(html: str) -> dict:
    """The values a browser would send for the form on the page: inputs, checked boxes, textareas, selects."""
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        value = re.search(r'value="([^"]*)"', tag)
        if kind in ("checkbox", "radio"):
            if "checked" in tag:
                data.setdefault(name[1], []).append(value[1] if value else "on")
        elif kind not in ("submit",):
            data[name[1]] = _unescape(value[1]) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = _unescape(body.strip("\n"))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body) or re.search(r'<option value="([^"]*)"', body)
        data[name] = chosen[1] if chosen else ""
    return data


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_walking_the_builder_and_taking_its_proposals_gives_a_plan_without_problems(demo, client):
    client.force_login(User.objects.get(username="demo"))
    slug = demo.organization.slug
    empty = Plan.objects.create(organization=demo.organization, title="План комунікацій ЦНАП на 2025 рік",
                                period_start="2025-01", period_end="2025-12")
    response = client.post(reverse("plan_build", args=[slug, empty.pk]))
    draft = PlanDraft.objects.get(plan=empty)
    assert response.status_code == 302 and response["Location"].endswith(f"/builder/{draft.pk}/step/1/")

    def step(number):
        return reverse("draft_step", args=[slug, draft.pk, number])

    # 1. Purpose, period and kind: the empty plan's title and period are there already.
    page = client.get(step(1)).content.decode()
    data = _form_data(page)
    assert data["title"] == empty.title and data["start"] == "2025-01"
    data.update({"purpose": "Кожен мешканець знає, де й як отримати послугу.", "go": "next"})
    assert client.post(step(1), data)["Location"].endswith(step(2))

    # 2. Audiences from the profile: internally displaced people, older people and people with impaired sight.
    page = client.get(step(2)).content.decode()
    assert "5" in page and "Місцеве радіо «Хвиля»" in page
    data = _form_data(page)
    wanted = {"Внутрішньо переміщені особи": "Де отримати довідку ВПО і допомогу",
              "Люди похилого віку": "Які послуги можна отримати без інтернету",
              "Люди з порушеннями зору": "Як отримати послугу без друкованих бланків"}
    for key, value in list(data.items()):
        if key.endswith("-name") and value in wanted:
            prefix = key[: -len("name")]
            data[prefix + "chosen"] = ["on"]
            data[prefix + "needs"] = wanted[value]
    data["go"] = "next"
    assert client.post(step(2), data).status_code == 302

    # 3. A goal and its key message; the message helper reads it.
    data = _form_data(client.get(step(3)).content.decode())
    data.update({"goals-0-title": "Кожен мешканець знає, як отримати послуги ЦНАП",
                 "goals-0-key_message": "Усі послуги в одному місці: приходьте до ЦНАП.", "go": "stay"})
    page = client.post(step(3), data, follow=True).content.decode()
    assert "Заклики до дії" in page and "приходьте" in page
    data = _form_data(page)
    data["go"] = "next"
    assert client.post(step(3), data).status_code == 302

    # 4. Take the first proposal for each audience of the goal.
    page = client.get(step(4)).content.decode()
    data = _form_data(page)
    takes = sorted({m for m in re.findall(r'name="(p0-\d+)-0-take"', page)})
    assert len(takes) == 3
    for prefix in takes:
        data[f"{prefix}-0-take"] = ["on"]
    data["go"] = "next"
    response = client.post(step(4), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    # 5. The ladder: take the proposals to climb.
    page = client.get(step(5)).content.decode()
    data = _form_data(page)
    for prefix in sorted(set(re.findall(r'name="(c-\d+)-take"', page))):
        data[f"{prefix}-take"] = ["on"]
    data["go"] = "next"
    assert client.post(step(5), data).status_code == 302

    # 6. The load: take what the builder proposes for quiet months and to even out.
    page = client.get(step(6)).content.decode()
    data = _form_data(page)
    for prefix in sorted(set(re.findall(r'name="(e-\d+)-take"', page))):
        data[f"{prefix}-take"] = ["on"]
    data["move"] = re.findall(r'name="move" value="(\d+)"', page)
    data["go"] = "next"
    assert client.post(step(6), data).status_code == 302

    # 7. Review, take what closes the remaining gaps, and create the plan.
    page = client.get(step(7)).content.decode()
    data = _form_data(page)
    data["mend"] = re.findall(r'name="mend" value="(\d+)"', page)
    data["go"] = "finish"
    response = client.post(step(7), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("plan", args=[slug, empty.pk])

    plan = Plan.objects.get(pk=empty.pk)
    tree = load_plan_tree(plan)
    assert tree.activity_count >= 5
    report = check_tree(tree, tree_to_document(tree)).report
    problems = [f.text() for f in report.findings if f.severity == PROBLEM]
    assert problems == []
    # The work is dated: each activity has occurrences to run.
    from holos.work.models import Occurrence

    assert Occurrence.objects.filter(activity__plan=plan).exists()
    # The proposals came with their levels, so the plan climbs the ladder and closes its loop.
    assert {a.level for a in tree.activities()} >= {"inform", "consult"}
    assert not [f for f in report.findings if f.code in ("engagement-inform-only", "no-feedback-loop")]
