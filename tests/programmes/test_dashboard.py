"""The programme dashboard: organisations × months, gaps, the programme's indicators, sorting, XLSX."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holos.accounts.actions import create_organization
from holos.core.document import Indicator as DocumentIndicator
from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Indicator
from holos.programmes import actions
from holos.programmes.dashboard import programme_summary
from holos.work import actions as work_actions
from holos.work.models import Occurrence, Status
from tests.conftest import make_plan

TODAY = dt.date(2025, 3, 15)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr("holos.programmes.views._today", lambda: TODAY)


def _schedule(plan, slots):
    for activity in Activity.objects.filter(plan=plan):
        plan_actions.set_activity_slots(actor=None, activity=activity, slots=slots)


def _join(pw, organization, plans):
    participation = actions.invite_organization(actor=None, programme=pw.programme, organization=organization)
    return actions.accept_participation(actor=None, participation=participation, plans=plans)


def test_organisations_by_month_count_planned_done_and_overdue(pw):
    world = pw.world
    _schedule(world.plan, ["2025-01", "2025-02", "2025-04"])
    first = Occurrence.objects.filter(plan=world.plan, due__month=1).first()
    work_actions.set_status(actor=None, occurrence=first, status=Status.DONE)
    summary = programme_summary(pw.programme, TODAY)
    [row] = summary.rows
    assert row.name == world.community.name and row.plans == 1
    by_month = {month.month: counts for month, counts in zip(summary.months, row.cells(summary.months), strict=True)}
    assert (by_month[1].planned, by_month[1].done, by_month[1].overdue) == (2, 1, 1)
    assert (by_month[2].planned, by_month[2].overdue) == (2, 2)
    assert (by_month[3].planned, by_month[4].planned, by_month[4].overdue) == (0, 2, 0)
    expected = Occurrence.objects.filter(plan=world.plan)
    assert row.planned == expected.count() == 6
    assert row.overdue == expected.filter(status=Status.PLANNED, due__lt=TODAY).count() == 3
    # The invited organisation that has not answered is not in the figures.
    assert [r.name for r in summary.rows] == [world.community.name]


def test_gaps_name_plans_without_owners_measures_or_feedback(pw):
    world = pw.world
    summary = programme_summary(pw.programme, TODAY)
    [row] = summary.rows
    # make_plan's activities name the CNAP as owner, no indicator, and nothing that listens.
    assert (row.activities, row.without_owner, row.without_measure, row.without_feedback) == (2, 0, 2, 1)
    activity = Activity.objects.filter(plan=world.plan).first()
    plan_actions.update_activity(actor=None, activity=activity, data={
        "title": activity.title, "responsible": [], "level": "consult",
        "indicators": [DocumentIndicator(text="10 зустрічей", target=10)]})
    [row] = programme_summary(pw.programme, TODAY).rows
    assert (row.without_owner, row.without_measure, row.without_feedback) == (1, 1, 0)


def test_programme_indicators_are_summed_or_averaged_over_the_organisations_that_use_them(pw):
    world = pw.world
    second = create_organization(actor=None, name="Третя громада", slug="tretia")
    second_plan = make_plan(second, title="План третьої громади")
    _join(pw, second, [second_plan])
    reached = actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                                name="Охоплено мешканців", unit="осіб", aggregate="sum")
    satisfied = actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                                  name="Задоволені послугами", unit="%", aggregate="average")
    for plan, people, percent in ((world.plan, 120, 80), (second_plan, 30, 60)):
        activity = Activity.objects.filter(plan=plan).first()
        for definition, value in ((reached, people), (satisfied, percent)):
            indicator = Indicator.objects.create(activity=activity, text=definition.name)
            actions.link_indicator(actor=None, indicator=indicator, definition=definition)
            work_actions.add_measurement(actor=None, indicator=indicator, day=dt.date(2025, 2, 1), value=value)
    # An indicator of a plan the programme does not see is left out.
    hidden = make_plan(world.community, title="Не поширений")
    indicator = Indicator.objects.create(activity=Activity.objects.filter(plan=hidden).first(), text="x")
    actions.link_indicator(actor=None, indicator=indicator, definition=reached)
    work_actions.add_measurement(actor=None, indicator=indicator, day=dt.date(2025, 2, 1), value=1000)
    figures = {f.definition.name: f for f in programme_summary(pw.programme, TODAY).indicators}
    assert figures["Охоплено мешканців"].value == 150 and figures["Охоплено мешканців"].organizations == 2
    assert figures["Задоволені послугами"].value == 70


def test_the_comparison_table_sorts_by_a_query_parameter_without_javascript(pw, as_user):
    world = pw.world
    busy = create_organization(actor=None, name="Активна громада", slug="aktyvna")
    busy_plan = make_plan(busy, activities=5, title="Великий план")
    _schedule(busy_plan, ["2025-01", "2025-02"])
    _join(pw, busy, [busy_plan])
    _schedule(world.plan, ["2025-01"])
    client = as_user(pw.programme_viewer)
    url = reverse("programme", args=[pw.programme.slug])

    def order(sort):
        page = client.get(url, {"sort": sort}).content.decode()
        return sorted((page.index(f">{name}</a></th>"), name) for name in (busy.name, world.community.name))

    assert [name for _i, name in order("name")] == sorted([busy.name, world.community.name])
    assert [name for _i, name in order("-overdue")] == [busy.name, world.community.name]
    assert [name for _i, name in order("overdue")] == [world.community.name, busy.name]
    page = client.get(url, {"sort": "-overdue"}).content.decode()
    assert 'aria-sort="descending"' in page and "?sort=overdue#comparison" in page
    assert client.get(url, {"sort": "nonsense"}).status_code == 200


def test_the_dashboard_asks_the_same_number_of_queries_for_one_organisation_or_many(pw, as_user):
    client = as_user(pw.coordinator)
    url = reverse("programme", args=[pw.programme.slug])
    _schedule(pw.world.plan, ["2025-01"])
    actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None, name="Охоплено",
                                      unit="осіб", aggregate="sum")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    queries()  # the first page of a session also remembers the person's organisations for the header
    warm_one = queries()
    for n in range(3):
        organization = create_organization(actor=None, name=f"Громада {n}", slug=f"hromada-{n}")
        plan = make_plan(organization, activities=3, title=f"План {n}")
        _schedule(plan, ["2025-01", "2025-02", "2025-03"])
        _join(pw, organization, [plan])
        actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                          name=f"Показник {n}", unit="", aggregate="sum")
    # The first view after plans changed counts their gaps once, in one more query.
    cold_many, warm_many = queries(), queries()
    assert warm_one == warm_many == 12 and cold_many == warm_many + 1


def test_the_gaps_kept_for_a_plan_are_counted_again_when_the_plan_changes(pw):
    [row] = programme_summary(pw.programme, TODAY).rows
    assert row.without_owner == 0
    activity = Activity.objects.filter(plan=pw.world.plan).first()
    plan_actions.update_activity(actor=None, activity=activity, data={"title": activity.title, "responsible": []})
    [row] = programme_summary(pw.programme, TODAY).rows
    assert row.without_owner == 1


def test_the_xlsx_export_holds_the_comparison_the_months_and_the_indicators(pw, as_user):
    world = pw.world
    _schedule(world.plan, ["2025-01", "2025-02"])
    actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                      name="=Охоплено", unit="осіб", aggregate="sum")
    response = as_user(pw.analyst).get(reverse("programme_export", args=[pw.programme.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    comparison, months, indicators = workbook.worksheets
    rows = list(comparison.iter_rows(values_only=True))
    assert rows[1][:5] == (world.community.name, 1, 4, 0, 4)
    month_rows = list(months.iter_rows(values_only=True))
    assert len(month_rows[0]) == 4  # organisation, kind of work, January, February
    assert month_rows[1][1:] == ("Заплановано", 2, 2)
    assert list(indicators.iter_rows(values_only=True))[1][0] == "=Охоплено"
    # A viewer reads the dashboard but does not download the figures.
    assert as_user(pw.programme_viewer).get(reverse("programme_export", args=[pw.programme.slug])).status_code == 403


def test_the_comparison_pages_through_many_organisations_keeping_the_sort(pw, as_user, monkeypatch):
    monkeypatch.setattr("holos.programmes.views.ROWS_PER_PAGE", 1)
    second = create_organization(actor=None, name="Яблунівська громада", slug="yablunivska")
    _join(pw, second, [make_plan(second, title="План")])
    client = as_user(pw.programme_viewer)
    url = reverse("programme", args=[pw.programme.slug])
    first_page = client.get(url, {"sort": "-name"}).content.decode()
    assert "Яблунівська громада</a></th>" in first_page and pw.world.community.name + "</a></th>" not in first_page
    assert "?sort=-name&amp;page=2#comparison" in first_page
    second_page = client.get(url, {"sort": "-name", "page": "2"}).content.decode()
    assert pw.world.community.name + "</a></th>" in second_page


def test_the_indicators_page_shows_each_programme_indicator_with_its_figure(pw, as_user):
    definition = actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                                   name="Охоплено мешканців", unit="осіб", aggregate="sum")
    indicator = Indicator.objects.create(activity=Activity.objects.filter(plan=pw.world.plan).first(), text="x")
    actions.link_indicator(actor=None, indicator=indicator, definition=definition)
    work_actions.add_measurement(actor=None, indicator=indicator, day=dt.date(2025, 2, 1), value=1234)
    url = reverse("programme_indicators", args=[pw.programme.slug])
    page = as_user(pw.programme_viewer).get(url).content.decode()
    assert "Охоплено мешканців" in page and "1234" in page.replace("\xa0", "").replace(" ", "")
    # Viewers read; analysts add.
    assert as_user(pw.programme_viewer).post(url, {"name": "Нове", "aggregate": "sum"}).status_code == 403
    assert as_user(pw.analyst).post(url, {"name": "Нове", "unit": "", "aggregate": "average"}).status_code == 302
    assert pw.programme.indicator_definitions.filter(name="Нове", aggregate="average").exists()
