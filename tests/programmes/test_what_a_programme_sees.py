"""A programme sees what an organisation shares (plans, progress, indicators, check summaries,
survey aggregates) and never its contacts, evidence files, inbox messages or notes."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse

from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Indicator, Plan
from holos.suggestions import actions as suggestion_actions
from holos.surveys.actions import update_survey
from holos.work import actions as work_actions
from holos.work.models import Occurrence
from tests.conftest import make_plan
from tests.surveys.conftest import good_answers, make_survey, post_answers

# What the organisation keeps to itself, planted where each kind of private data lives.
PRIVATE = {
    "plan note": "ПЛАНОВА-НОТАТКА-7731",
    "activity note": "НОТАТКА-АКТИВНОСТІ-5519",
    "work note": "ЗВІТ-ПРО-РОБОТУ-2284",
    "evidence file": "dokaz-9912.pdf",
    "evidence link": "https://example.org/dokaz-4410",
    "inbox text": "ЛИСТ-У-СКРИНЬКУ-6607",
    "inbox contact": "pryvatna-adresa@example.org",
    "inbox sender": "Приватний Відправник",
    "typed survey answer": "ВІДПОВІДЬ-ВЛАСНИМИ-СЛОВАМИ-3301",
}


def _plant_private_data(world):
    plan = world.plan
    Plan.objects.filter(pk=plan.pk).update(notes=[PRIVATE["plan note"]])
    activity = Activity.objects.filter(plan=plan).first()
    plan_actions.update_activity(actor=None, activity=activity, data={
        "title": activity.title, "notes": PRIVATE["activity note"], "responsible": ["ЦНАП"],
        "schedule": {"text": "лютий", "kind": "slots", "slots": ["2025-02"]}})
    occurrence = Occurrence.objects.filter(activity=activity).first()
    work_actions.record_work(actor=world.officer, occurrence=occurrence, note=PRIVATE["work note"],
                             numbers={"people_reached": 120})
    work_actions.add_attachment(actor=world.officer, occurrence=occurrence, upload=SimpleUploadedFile(
        PRIVATE["evidence file"], b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    work_actions.add_attachment(actor=world.officer, occurrence=occurrence, url=PRIVATE["evidence link"])
    suggestion_actions.receive_message(organization=world.community, category="question", text=PRIVATE["inbox text"],
                                       name=PRIVATE["inbox sender"], email=PRIVATE["inbox contact"])
    survey = make_survey(world.community)
    update_survey(actor=None, survey=survey, activity=activity)
    post_answers(Client(), survey, good_answers(survey, long=PRIVATE["typed survey answer"],
                                                short=PRIVATE["typed survey answer"]))
    return survey


def _programme_pages(pw):
    """Every page of the programme's address, with the community's shared plan and organisation in it."""
    slug = pw.programme.slug
    kwargs = {
        "programme": {}, "programme_export": {}, "programme_organizations": {}, "programme_members": {},
        "programme_indicators": {}, "programme_templates": {},
        "programme_organization": {"pk": pw.world.community.pk}, "programme_plan": {"pk": pw.world.plan.pk},
    }
    return [reverse(name, kwargs={"slug": slug, **extra}) for name, extra in kwargs.items()]


def test_the_programme_sees_the_shared_plan_and_its_figures_but_nothing_private(pw, as_user):
    survey = _plant_private_data(pw.world)
    client = as_user(pw.coordinator)
    pages = {url: client.get(url) for url in _programme_pages(pw)}
    assert all(response.status_code == 200 for response in pages.values())
    plan_page = pages[reverse("programme_plan", args=[pw.programme.slug, pw.world.plan.pk])].content.decode()
    # What is shared is there: the plan, its work, its checks, the survey's counts.
    assert pw.world.plan.title in plan_page and "Активність 1" in plan_page
    assert str(survey.title_shown) in plan_page and "1 відповідь" in plan_page.replace("\xa0", " ")
    from holos.plans.actions import tree_to_document
    from holos.plans.checking import check_tree
    from holos.plans.grid import load_plan_tree

    tree = load_plan_tree(Plan.objects.get(pk=pw.world.plan.pk))
    counts = check_tree(tree, tree_to_document(tree)).counts
    assert f"Проблем: {counts['problem']}. Порад: {counts['suggestion']}." in plan_page
    everything = b"".join(response.content for response in pages.values()).decode("utf-8", "replace")
    for kind, secret in PRIVATE.items():
        assert secret not in everything, kind


def test_no_programme_address_leads_to_evidence_or_the_inbox():
    routes = [str(p.pattern) for p in get_resolver().url_patterns if str(p.pattern).startswith("programmes/")]
    assert len(routes) >= 10
    assert not [r for r in routes if any(word in r for word in ("evidence", "inbox", "attachment", "contact"))]


def test_a_participant_s_plans_it_did_not_share_and_organisations_that_do_not_take_part_stay_hidden(pw, as_user):
    world = pw.world
    unshared = make_plan(world.community, title="Внутрішній план громади")
    client = as_user(pw.coordinator)
    assert client.get(reverse("programme_plan", args=[pw.programme.slug, unshared.pk])).status_code == 404
    other_plan = Plan.objects.get(organization=world.other)
    assert client.get(reverse("programme_plan", args=[pw.programme.slug, other_plan.pk])).status_code == 404
    organization_page = client.get(reverse("programme_organization",
                                           args=[pw.programme.slug, world.community.pk])).content.decode()
    assert world.plan.title in organization_page and unshared.title not in organization_page


def test_indicators_of_the_shared_plan_are_shown_with_their_values(pw, as_user):
    world = pw.world
    activity = Activity.objects.filter(plan=world.plan).first()
    indicator = Indicator.objects.create(activity=activity, text="Охоплено мешканців", target=200)
    work_actions.add_measurement(actor=None, indicator=indicator, day=dt.date(2025, 3, 1), value=150)
    page = as_user(pw.analyst).get(reverse("programme_plan", args=[pw.programme.slug, world.plan.pk]))
    text = page.content.decode()
    assert "Охоплено мешканців" in text and "75 %" in text
