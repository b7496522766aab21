"""Filtering the grid, and keeping the organisation's catalogues tidy."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from holos.audit.models import AuditEntry
from holos.plans import actions
from holos.plans.models import Activity, Audience, Channel, Task, Unit


def _titles(response):
    """The titles of the activity rows in the grid (not elsewhere on the page)."""
    page = response.content.decode()
    return sorted(re.findall(r'<th scope="row" class="title">\s*([^<\n]+?)\s*<', page))


def _add(world, title, channels, units, months):
    task = Task.objects.get(plan=world.plan)
    activity = actions.create_activity(
        actor=None,
        task=task,
        data={
            "title": title,
            "channels": channels,
            "responsible": units,
            "audiences": ["Люди похилого віку"],
        },
    )
    actions.set_activity_slots(actor=None, activity=activity, slots=months)
    return activity


def test_the_grid_filters_by_channel_unit_audience_and_month_and_remembers(world, as_user):
    _add(world, "Радіоефір", ["Радіо"], ["Відділ культури"], ["2025-02"])
    _add(world, "Листівки", ["Друк"], ["ЦНАП"], ["2025-03"])
    client = as_user(world.viewer)
    url = reverse("plan", args=[world.community.slug, world.plan.pk])
    radio = Channel.objects.get(organization=world.community, name="Радіо")
    cnap = Unit.objects.get(organization=world.community, name="ЦНАП")
    elderly = Audience.objects.get(organization=world.community, name="Люди похилого віку")

    assert _titles(client.get(url, {"channel": radio.pk})) == ["Радіоефір"]
    # The filter is remembered when the page is opened again without one.
    assert _titles(client.get(url)) == ["Радіоефір"]
    assert _titles(client.get(url, {"unit": cnap.pk})) == ["Активність 1", "Активність 2", "Листівки"]
    assert _titles(client.get(url, {"audience": elderly.pk})) == ["Листівки", "Радіоефір"]
    assert _titles(client.get(url, {"month": "2025-03"})) == ["Листівки"]
    assert _titles(client.get(url, {"unit": cnap.pk, "month": "2025-03"})) == ["Листівки"]
    assert _titles(client.get(url, {"clear": "1"})) == ["Активність 1", "Активність 2", "Листівки", "Радіоефір"]
    assert _titles(client.get(url)) == ["Активність 1", "Активність 2", "Листівки", "Радіоефір"]


@pytest.mark.parametrize(("language", "label"),
                         [("uk", "Цілі плану"), ("en", "Goals of the plan"), ("cs", "Cíle plánu")])
def test_the_index_of_the_goals_is_named_in_the_pages_language(world, as_user, language, label):
    """The index is written in Python (``plans/rows.py``), not in a template, its name translated there."""
    actions.create_goal(actor=None, plan=world.plan, title="Залучити молодь")
    url = reverse("plan", args=[world.community.slug, world.plan.pk])
    page = as_user(world.viewer).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<nav class="goal-index" aria-label="{label}"><ol>' in page


def test_duplicates_are_spotted_and_merged(world, as_user):
    task = Task.objects.get(plan=world.plan)
    a = actions.create_activity(actor=None, task=task, data={"title": "A", "channels": ["Вайбер-групи", "Сайт"]})
    b = actions.create_activity(actor=None, task=task, data={"title": "B", "channels": ["Сайт"]})
    lower = Channel(organization=world.community, name="вайбер групи")
    lower.save()
    actions._set_links(b, Channel, [lower, Channel.objects.get(organization=world.community, name="Сайт")])
    # A third activity names both spellings.
    c = actions.create_activity(actor=None, task=task, data={"title": "C"})
    upper = Channel.objects.get(organization=world.community, name="Вайбер-групи")
    actions._set_links(c, Channel, [lower, upper])

    client = as_user(world.officer)
    url = reverse("catalogue", args=[world.community.slug, "channels"])
    page = client.get(url).content.decode()
    assert "“Вайбер-групи”, “вайбер групи”" in page

    response = client.post(url, {"merge-keep": upper.pk, "merge-merge": [lower.pk]})
    assert response.status_code == 302
    assert not Channel.objects.filter(pk=lower.pk).exists()
    assert [ch.name for ch in b.channels.order_by("activitychannel__position")] == ["Вайбер-групи", "Сайт"]
    assert [ch.name for ch in c.channels.all()] == ["Вайбер-групи"]
    assert [ch.name for ch in a.channels.order_by("activitychannel__position")] == ["Вайбер-групи", "Сайт"]
    entry = AuditEntry.objects.get(action="catalogue.merge")
    assert entry.before["names"] == ["Вайбер-групи", "вайбер групи"]


def test_names_are_matched_to_existing_entries_when_saving(world):
    task = Task.objects.get(plan=world.plan)
    activity = actions.create_activity(actor=None, task=task, data={"title": "X", "channels": ["телеграм   канал"]})
    assert [c.name for c in activity.channels.all()] == ["Телеграм канал"]
    assert Channel.objects.filter(organization=world.community, normalized="телеграм канал").count() == 1
    # Another organisation's catalogue is its own.
    assert Channel.objects.filter(organization=world.other, name="Телеграм канал").count() == 1


def test_renaming_to_an_existing_name_is_refused_with_a_message(world, as_user):
    client = as_user(world.officer)
    site = Channel.objects.create(organization=world.community, name="Сайт")
    url = reverse("catalogue_entry", args=[world.community.slug, "channels", site.pk])
    response = client.post(url, {"name": "Телеграм канал"})
    assert response.status_code == 422
    assert 'value="Телеграм канал"' in response.content.decode()
    site.refresh_from_db()
    assert site.name == "Сайт"
    assert client.post(url, {"name": "Офіційний сайт"}).status_code == 302
    site.refresh_from_db()
    assert site.name == "Офіційний сайт"


def test_the_plan_page_makes_the_same_number_of_queries_for_10_and_500_activities(world, as_user):
    client = as_user(world.officer)
    task = Task.objects.get(plan=world.plan)
    url = reverse("plan", args=[world.community.slug, world.plan.pk])

    def grow_to(n):
        existing = Activity.objects.filter(plan=world.plan).count()
        for i in range(existing, n):
            actions.create_activity(
                actor=None,
                task=task,
                data={
                    "title": f"Рядок {i}",
                    "channels": [f"Канал {i % 7}"],
                    "audiences": [f"Аудиторія {i % 5}"],
                    "responsible": [f"Відділ {i % 3}"],
                    "indicators": [],
                },
            )

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.get(url)  # the first page after signing in keeps the person's organisations in the session

    grow_to(10)
    at_10 = count_queries()
    grow_to(500)
    at_500 = count_queries()
    assert at_10 == at_500
    assert at_500 <= 25


def test_a_page_written_afresh_reads_the_plans_rows_once(world, as_user):
    """With nothing in the cache, the page's facts (the filter's choices) and its grid share one reading of the plan."""
    from django.core.cache import cache

    client = as_user(world.officer)
    url = reverse("plan", args=[world.community.slug, world.plan.pk])
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    assert Activity.objects.filter(plan=world.plan).first().title in page.content.decode()
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "plans_activity" WHERE' in q["sql"]]
    assert len(reads) == 1, reads


def test_the_grid_is_where_the_page_leaves_it_whatever_the_plan_is_called(world, as_user):
    """The grid is put into the written page at a mark; words a person typed cannot make that mark."""
    from holos.plans.views import BODY_SLOT, CSRF_SLOT

    actions.update_plan(actor=None, plan=world.plan, title=f"План {BODY_SLOT} і {BODY_SLOT}")
    client = as_user(world.officer)
    url = reverse("plan", args=[world.community.slug, world.plan.pk])
    for _ in range(2):  # written afresh, then from the cache
        page = client.get(url).content.decode()
        assert page.count('<section id="goal-') == 1
        assert BODY_SLOT not in page and CSRF_SLOT not in page
        title = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
        assert title == "План &lt;!--holos-plan-body--&gt; і &lt;!--holos-plan-body--&gt;"
        # The grid comes after the filter, and every form of the page carries the response's token.
        assert page.index('class="filters"') < page.index('<section id="goal-')
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        assert len(tokens) == 1 and client.cookies["csrftoken"].value


def test_catalogue_forms_have_addresses_of_their_own_and_keep_what_was_typed(world, as_user):
    slug = world.community.slug
    Channel.objects.create(organization=world.community, name="Сайт")
    client = as_user(world.officer)
    page = client.get(reverse("catalogue", args=[slug, "channels"])).content.decode()
    create = reverse("catalogue_entry_create", args=[slug, "channels"])
    merge = reverse("catalogue_merge", args=[slug, "channels"])
    assert f'action="{create}"' in page and f'action="{merge}"' in page
    entries = AuditEntry.objects.filter(action="catalogue.create").count()
    response = client.post(create, {"new-name": "  Сайт "})
    assert response.status_code == 422 and 'value="  Сайт "' in response.content.decode()
    assert AuditEntry.objects.filter(action="catalogue.create").count() == entries
    assert client.post(create, {"new-name": "Радіо  «Громада»"}).status_code == 302
    assert Channel.objects.filter(organization=world.community, name="Радіо «Громада»").exists()
    assert AuditEntry.objects.filter(action="catalogue.create").count() == entries + 1
    response = client.post(merge, {"merge-keep": Channel.objects.get(name="Сайт").pk})
    assert response.status_code == 422
    assert client.get(create).status_code == 405
    assert as_user(world.viewer).post(create, {"new-name": "Газета"}).status_code == 403
    assert not Channel.objects.filter(name="Газета").exists()


def test_a_click_outside_the_plans_period_is_refused(world, as_user):
    activity = Activity.objects.filter(plan=world.plan).first()
    url = reverse("activity_slot", args=[world.community.slug, activity.pk])
    client = as_user(world.officer)
    before = activity.schedule
    for slot in ("1999-01", ""):
        response = client.post(url, {"slot": slot})
        with translation.override("uk"):
            refused = translation.gettext("This month is outside the plan's period.")
        assert response.status_code == 400 and response.content.decode() == refused
    activity.refresh_from_db()
    assert activity.schedule == before
    assert client.post(url, {"slot": "2025-03"}).status_code == 302
    activity.refresh_from_db()
    assert activity.schedule != before
