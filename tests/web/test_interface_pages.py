"""The interface's pages through HTTP: sections, a report's period, deletion asked first, error pages."""

import datetime as dt

from django.urls import reverse

from holos.plans import actions
from holos.plans.models import Activity, Audience
from holos.reports.models import ProgressReport


def test_the_header_groups_pages_in_four_sections_and_lights_the_current_one(world, as_user):
    page = as_user(world.officer).get(reverse("inbox", args=[world.community.slug])).content.decode()
    nav = page[page.index('class="site-nav'):]
    nav = nav[: nav.index("</nav>")]
    assert [label in nav for label in ("Плани", "Робота", "Мешканці", "Організація")] == [True] * 4
    assert nav.count("<a ") == 4
    assert 'aria-current="true">Мешканці' in nav
    subnav = page[page.index('class="subnav'):]
    assert 'aria-current="page">Вхідні звернення' in subnav[: subnav.index("</nav>")]
    # The language is chosen in the person's menu.
    assert 'name="language" value="en"' in page and 'id="language-select"' not in page


def test_a_report_for_a_finished_plan_defaults_to_its_last_quarter_and_an_empty_one_is_refused(world, as_user):
    activity = Activity.objects.filter(plan=world.plan).first()
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02"])
    client = as_user(world.officer)
    url = reverse("reports", args=[world.community.slug, world.plan.pk])
    form = client.get(url).context["form"]
    assert (form["kind"].value(), form["year"].value(), form["index"].value()) == ("quarter", 2025, 2)
    response = client.post(url, {"kind": "quarter", "year": 2025, "index": 2})  # no work due in April–June
    assert response.status_code == 422
    assert "звіт був би порожнім" in response.content.decode()
    assert not ProgressReport.objects.exists()
    response = client.post(url, {"kind": "quarter", "year": 2025, "index": 1})
    assert response.status_code == 302
    assert ProgressReport.objects.get().starts == dt.date(2025, 1, 1)


def test_a_report_form_for_a_plan_not_started_offers_its_first_quarter(world, as_user):
    actions.update_plan(actor=None, plan=world.plan, period_start="2031-07", period_end="2031-12")
    form = as_user(world.officer).get(reverse("reports", args=[world.community.slug, world.plan.pk])).context["form"]
    assert (form["year"].value(), form["index"].value()) == (2031, 3)


def test_a_catalogue_entry_in_use_is_deleted_only_after_a_confirmation_naming_its_activities(world, as_user):
    audience = Audience.objects.get(organization=world.community, name="ВПО")
    client = as_user(world.officer)
    url = reverse("catalogue_entry", args=[world.community.slug, "audiences", audience.pk])
    response = client.post(url, {"delete": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Активність 1" in page and "Активність 2" in page and 'name="confirm" value="1"' in page
    assert Audience.objects.filter(pk=audience.pk).exists()
    assert client.post(url, {"delete": "1", "confirm": "1"}).status_code == 302
    assert not Audience.objects.filter(pk=audience.pk).exists()
    assert Activity.objects.filter(plan=world.plan).count() == 2


def test_plan_filters_offer_only_what_the_plan_uses(world, as_user):
    Audience.objects.create(organization=world.community, name="Аудиторія іншого плану")
    page = as_user(world.viewer).get(reverse("plan", args=[world.community.slug, world.plan.pk])).content.decode()
    select = page[page.index('id="f-audience"'):]
    select = select[: select.index("</select>")]
    assert "ВПО" in select and "Аудиторія іншого плану" not in select


def test_an_empty_plan_points_to_its_first_goal_and_to_an_import(world, as_user):
    plan = actions.create_plan(actor=None, organization=world.community, title="Порожній", kind="calendar",
                               period_start="2026-01", period_end="2026-12")
    client = as_user(world.officer)
    page = client.get(reverse("plan", args=[world.community.slug, plan.pk])).content.decode()
    assert reverse("goal_create", args=[world.community.slug, plan.pk]) in page
    assert reverse("import_new", args=[world.community.slug]) in page
    checks = client.get(reverse("plan_checks", args=[world.community.slug, plan.pk])).content.decode()
    assert "нічого перевіряти" in checks and "відповідає методиці" not in checks


def test_error_pages_with_debug_off_are_holos_pages(world, client, settings):
    settings.DEBUG = False
    response = client.get("/p/no-such-place/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Сторінку не знайдено" in page and "holos/img/favicon" in page and "<h1>Not Found</h1>" not in page
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and favicon["Location"].endswith("favicon.ico")


def test_the_server_error_page_renders_alone(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Сторінку" not in response.content.decode() and "Помилка 500" in response.content.decode()


def test_findings_are_grouped_by_rule_and_one_rule_is_dismissed_at_once(world, as_user):
    from holos.plans.models import Dismissal

    client = as_user(world.officer)
    checks_url = reverse("plan_checks", args=[world.community.slug, world.plan.pk])
    page = client.get(checks_url).content.decode()
    assert page.count("Захід без індикатора") == 1  # one heading for the rule, not one per row
    assert page.count('name="finding" value="activity-no-indicator|') == 2
    url = reverse("finding_dismiss", args=[world.community.slug, world.plan.pk])
    client.post(url, {"rule": "activity-no-indicator", "reason": ""})
    assert not Dismissal.objects.exists()  # a reason first
    response = client.post(url, {"rule": "activity-no-indicator", "reason": "Вимірюємо опитуванням"})
    assert response["Location"] == checks_url
    assert Dismissal.objects.filter(code="activity-no-indicator").count() == 2
    assert 'name="finding" value="activity-no-indicator|' not in client.get(checks_url).content.decode()
