"""Where templates come from: the library, an organisation's own, a programme's (plugged in), published plans."""

import pytest
from django.urls import reverse
from django.utils import timezone

from holos.builder import sources
from holos.builder.models import ActivityTemplate
from holos.builder.sources import library_for, register_source, unregister_source
from holos.core import document as doc
from holos.core.suggest.engine import propose_for
from holos.core.suggest.library import Template, TemplateText
from holos.plans import actions as plan_actions
from holos.plans.models import Plan

OWN = {"language": "uk", "title": "Толока в парку з мешканцями", "level": "involve", "groups": ["general"],
       "audience": "Жителі громади", "channels": "Зустріч у парку\nСторінка громади у Facebook",
       "responsible": "Відділ благоустрою", "result": "40 учасників толоки", "indicator": "Кількість учасників",
       "target": "40", "unit": "осіб", "schedule": "щокварталу", "why": "Спільна праця знайомить людей."}


def _plan():
    return doc.Plan(title="План", language="uk", period=doc.Period("2025-01", "2025-12"),
                    goals=[doc.Goal(title="Залучити мешканців")])


def test_an_administrator_adds_a_template_and_the_builder_offers_it(world, as_user):
    client = as_user(world.admin)
    response = client.post(reverse("template_create", args=[world.community.slug]), OWN)
    assert response.status_code == 302
    row = ActivityTemplate.objects.get(organization=world.community)
    assert row.channels == ["Зустріч у парку", "Сторінка громади у Facebook"] and row.target == 40
    library = library_for(world.community)
    own = library.get(f"own:{row.pk}")
    assert own is not None and own.level == "involve" and own.kinds >= {"in_person", "social_media"}
    proposals = propose_for(_plan(), goal=0, audience="Жителі громади", library=library,
                            fallbacks=sources.fallbacks(), limit=40)
    taken = next(p for p in proposals if p.template == own.key)
    assert taken.title == OWN["title"] and taken.schedule.kind == "recurring"
    page = client.get(reverse("library", args=[world.community.slug])).content.decode()
    assert OWN["title"] in page
    # Another organisation never sees it.
    assert library_for(world.other).get(own.key) is None


def test_an_editor_may_not_add_templates_and_a_schedule_holos_cannot_read_is_refused(world, as_user):
    assert as_user(world.officer).post(reverse("template_create", args=[world.community.slug]),
                                       OWN).status_code == 403
    response = as_user(world.admin).post(reverse("template_create", args=[world.community.slug]),
                                         {**OWN, "schedule": "коли вийде"})
    assert response.status_code == 422
    assert "коли вийде" in response.content.decode()
    assert not ActivityTemplate.objects.exists()


class ProgrammeSource:
    """What a programme app registers: the templates a programme publishes for its member organisations."""

    key = "programme:cnap-network"

    def __init__(self, organization):
        self.organization = organization

    def templates(self):
        text = TemplateText(title="Інформаційний день мережі ЦНАП", audience="Жителі громади",
                            channels=("Зустріч у ЦНАП",), responsible="ЦНАП", result="Щонайменше 80 відвідувачів",
                            indicator="Кількість відвідувачів", unit="осіб", schedule="щокварталу")
        return [Template(key=f"{self.key}:info-day", source="programme", level="inform",
                         groups=frozenset({"general"}), kinds=frozenset({"in_person"}), texts={"uk": text},
                         target=80, source_label="Мережа ЦНАП")]


@pytest.fixture
def programme():
    def factory(organization):
        return [ProgrammeSource(organization)] if organization.slug == "pokrovska" else []

    register_source(factory)
    yield
    unregister_source(factory)


def test_a_programmes_templates_plug_in_beside_the_library(world, programme):
    library = library_for(world.community)
    template = library.get("programme:cnap-network:info-day")
    assert template is not None
    assert library_for(world.other).get("programme:cnap-network:info-day") is None
    proposals = propose_for(_plan(), goal=0, audience="Жителі громади", library=library,
                            fallbacks=sources.fallbacks(), limit=40)
    proposal = next(p for p in proposals if p.template == template.key)
    assert any("Мережа ЦНАП" in reason.text() for reason in proposal.reasons)


def test_published_plans_of_other_organisations_count_and_offer_their_activities(world):
    for n in range(2):
        plan = plan_actions.create_plan(actor=None, organization=world.other, title=f"План {n}", language="uk",
                                        period_start="2025-01", period_end="2025-12")
        goal = plan_actions.create_goal(actor=None, plan=plan, title="Доступність")
        task = plan_actions.create_task(actor=None, goal=goal, title="Люди з порушеннями зору")
        plan_actions.create_activity(actor=None, task=task, data={
            "title": "Аудіоверсія переліку послуг", "audiences": ["Люди з порушеннями зору"],
            "channels": ["Телефон"], "responsible": ["ЦНАП"], "result": "100 прослуховувань",
            "indicators": [doc.Indicator(text="Прослуховування", target=100)],
            "schedule": doc.Activity(title="").schedule})
        plan_actions.create_activity(actor=None, task=task, data={
            "title": "Екскурсії ЦНАП для незрячих", "audiences": ["Люди з порушеннями зору"],
            "channels": ["Особисті зустрічі"], "responsible": ["ЦНАП"], "result": "5 екскурсій",
            "indicators": [doc.Indicator(text="Екскурсії", target=5)],
            "schedule": {"text": "щокварталу", "kind": "recurring", "every": "quarter"}})
        Plan.objects.filter(pk=plan.pk).update(published_at=timezone.now())
    library = library_for(world.community)
    audio = library.get("library:audio-services-list")
    assert audio.usage == 2
    published = [t for t in library.templates if t.source == "published"]
    assert [t.text("uk").title for t in published] == ["Екскурсії ЦНАП для незрячих"]
    assert published[0].usage == 2
    # The other organisation's own published plans are not offered back to it.
    assert not [t for t in library_for(world.other).templates if t.source == "published"]
    proposals = propose_for(_plan(), goal=0, audience="Люди з порушеннями зору", library=library,
                            fallbacks=sources.fallbacks())
    audio_proposal = next(p for p in proposals if p.template == audio.key)
    assert any("2" in reason.text() and "Published plans" in reason.text() for reason in audio_proposal.reasons)
