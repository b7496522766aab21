"""The programme publishes a plan template; an organisation starts a plan from it; the programme
sees who adopted it and how each plan departs from it."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Goal, Indicator, Plan
from holos.programmes import actions
from holos.programmes.models import PlanTemplate

TEMPLATE_TABLE = (
    "Комунікаційний план ЦНАП на 2025 рік\n\n"
    "Мета: Поінформувати про послуги ЦНАП\n"
    "Ключове повідомлення: ЦНАП поруч\n"
    "№\tЗавдання\tАктивність\tЦільова аудиторія\tКанали\tВідповідальні\tІндикатори\n"
    "1\tРозповісти про нові послуги\tНовини на сайті\tмешканці\tсайт\tЦНАП\t10 публікацій\n"
    "2\tРозповісти про нові послуги\tГаряча лінія\tмешканці\tтелефон\tЦНАП\t200 дзвінків\n"
)


def _template(pw, as_user) -> PlanTemplate:
    client = as_user(pw.coordinator)
    url = reverse("programme_templates", args=[pw.programme.slug])
    response = client.post(url, {"title": "Стандартний план ЦНАП", "description": "Для всіх центрів",
                                 "text": TEMPLATE_TABLE})
    assert response.status_code == 302, response.content.decode()[:2000]
    return PlanTemplate.objects.get(programme=pw.programme)


def test_a_coordinator_makes_a_template_from_a_table_and_names_its_programme_indicators(pw, as_user):
    template = _template(pw, as_user)
    activities = [a["title"] for g in template.document["goals"] for t in g["tasks"] for a in t["activities"]]
    assert activities == ["Новини на сайті", "Гаряча лінія"]
    calls = actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                              name="Дзвінки на гарячу лінію", unit="дзвінків", aggregate="sum")
    client = as_user(pw.coordinator)
    url = reverse("programme_template", args=[pw.programme.slug, template.pk])
    assert client.post(url, {"index": 1, "definition": calls.pk}).status_code == 302
    template.refresh_from_db()
    assert actions.template_indicators(template.document)[1]["definition"] == calls.pk
    assert "Дзвінки на гарячу лінію" in client.get(url).content.decode()
    # An analyst reads the template but does not change it.
    assert as_user(pw.analyst).post(url, {"form": "publish", "published": "1"}).status_code == 403
    # A bad document is refused with its reason, and the form keeps what was typed.
    response = as_user(pw.coordinator).post(reverse("programme_templates", args=[pw.programme.slug]),
                           {"title": "Порожній", "text": "просто слова без таблиці"})
    assert response.status_code == 422 and "Порожній" in response.content.decode()


def test_an_organisation_starts_a_plan_from_a_published_template_and_the_programme_sees_how_it_departs(
        pw, as_user):
    world = pw.world
    template = _template(pw, as_user)
    calls = actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                              name="Дзвінки", unit="", aggregate="sum")
    actions.set_template_indicator_definition(actor=None, template=template, index=1, definition=calls)
    start_url = reverse("template_start", args=[world.community.slug, template.pk])
    # A draft is not offered to organisations.
    assert as_user(world.officer).get(start_url).status_code == 404
    as_user(pw.coordinator).post(reverse("programme_template", args=[pw.programme.slug, template.pk]),
                                 {"form": "publish", "published": "1"})
    programmes_page = as_user(world.officer).get(reverse("organization_programmes", args=[world.community.slug]))
    assert template.title in programmes_page.content.decode()
    assert as_user(world.viewer).post(start_url, {"title": "x"}).status_code == 403
    response = as_user(world.officer).post(start_url, {"title": "План ЦНАП Покровської громади"})
    assert response.status_code == 302
    plan = Plan.objects.get(title="План ЦНАП Покровської громади")
    assert plan.template == template and plan.organization == world.community
    assert list(Goal.objects.filter(plan=plan).values_list("template_key", flat=True)) == ["1"]
    assert Indicator.objects.get(activity__plan=plan, text="200 дзвінків").definition == calls
    assert AuditEntry.objects.filter(action="plan_template.adopt", organization=world.community,
                                     plan_ref=plan.pk).exists()
    # Shared with the programme at once, following the template.
    template_page = as_user(pw.coordinator).get(reverse("programme_template", args=[pw.programme.slug, template.pk]))
    assert world.community.name in template_page.content.decode()
    # The organisation makes it its own: drops the hotline, adds an activity and a goal.
    plan_actions.delete_activity(actor=None, activity=Activity.objects.get(plan=plan, title="Гаряча лінія"))
    task = plan.tasks.first()
    plan_actions.create_activity(actor=None, task=task, data={"title": "Телеграм-канал громади"})
    plan_actions.create_goal(actor=None, plan=plan, title="Залучити молодь")
    plan_actions.update_goal(actor=None, goal=Goal.objects.get(plan=plan, template_key="1"),
                             title="Інформувати про ЦНАП", key_message="")
    page = as_user(pw.analyst).get(reverse("programme_template", args=[pw.programme.slug, template.pk]))
    text = page.content.decode()
    for expected in ("Гаряча лінія", "Телеграм-канал громади", "Залучити молодь", "Інформувати про ЦНАП"):
        assert expected in text
    plan_page = as_user(pw.analyst).get(reverse("programme_plan", args=[pw.programme.slug, plan.pk])).content.decode()
    assert "Телеграм-канал громади" in plan_page and "Гаряча лінія" in plan_page


def test_an_organisation_outside_the_programme_cannot_start_from_its_templates(pw, as_user):
    world = pw.world
    template = _template(pw, as_user)
    actions.publish_template(actor=None, template=template, published=True)
    # The other community is only invited: the template is not for it yet.
    url = reverse("template_start", args=[world.other.slug, template.pk])
    assert as_user(world.outsider).get(url).status_code == 404
    assert as_user(world.outsider).post(url, {"title": "x"}).status_code == 404
    assert not Plan.objects.filter(template=template).exists()
