"""Progress dashboards: a plan's work by month, unit, channel and audience, its indicators, and the
organisation's totals, counted exactly for a small plan with "today" fixed, in a fixed number of queries."""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from holos.core.document import Indicator as IndicatorDoc
from holos.plans import actions
from holos.plans.models import Activity, Indicator, Task
from holos.work import actions as work_actions
from holos.work import progress_views
from holos.work.dashboard import Counts, organization_summary, plan_progress
from holos.work.models import Occurrence
from tests.conftest import make_plan

TODAY = dt.date(2025, 4, 1)


@dataclass
class Progress:
    radio: Activity
    meeting: Activity
    loose: Activity
    measured: Indicator
    summed: Indicator
    blank: Indicator


def _occurrence(activity, month):
    return Occurrence.objects.get(activity=activity, key=f"m{month}")


def build_progress(world) -> Progress:
    """Three activities of the world's plan (January-June 2025) with work in every state.

    Radio (ЦНАП, Радіо, ВПО): January done, February skipped, March open.
    Meeting (Відділ освіти, Телеграм канал, жителі громади): February done, March in progress, April open.
    Loose (no unit, channel or audience): May open.
    With today 1 April, both March occurrences are overdue.
    """
    task = Task.objects.get(plan=world.plan)
    radio = actions.create_activity(
        actor=None,
        task=task,
        data={
            "title": "Ефір на радіо",
            "responsible": ["ЦНАП"],
            "channels": ["Радіо"],
            "audiences": ["ВПО"],
            "schedule": {"text": "01 02 03", "kind": "slots", "slots": ["2025-01", "2025-02", "2025-03"]},
            "indicators": [
                IndicatorDoc(text="500 слухачів", target=500, unit="слухачів"),
                IndicatorDoc(text="__ ВПО, що пройшли опитування", placeholder=True),
            ],
        },
    )
    meeting = actions.create_activity(
        actor=None,
        task=task,
        data={
            "title": "Зустріч з батьками",
            "responsible": ["Відділ освіти"],
            "channels": ["Телеграм канал"],
            "audiences": ["жителі громади"],
            "schedule": {"text": "02 03 04", "kind": "slots", "slots": ["2025-02", "2025-03", "2025-04"]},
            "indicators": [IndicatorDoc(text="1000 учасників", target=1000, unit="учасників")],
        },
    )
    loose = actions.create_activity(
        actor=None,
        task=task,
        data={
            "title": "Щось без відповідальних",
            "schedule": {"text": "05", "kind": "slots", "slots": ["2025-05"]},
        },
    )
    officer = world.officer
    work_actions.set_status(actor=officer, occurrence=_occurrence(radio, "2025-01"), status="done")
    work_actions.set_status(
        actor=officer, occurrence=_occurrence(radio, "2025-02"), status="skipped", reason="Ефір скасовано"
    )
    work_actions.set_status(actor=officer, occurrence=_occurrence(meeting, "2025-02"), status="done")
    work_actions.set_status(actor=officer, occurrence=_occurrence(meeting, "2025-03"), status="in_progress")
    for activity, month, people in ((radio, "2025-01", 300), (meeting, "2025-02", 150), (meeting, "2025-03", 999)):
        work_actions.record_work(
            actor=officer, occurrence=_occurrence(activity, month), note="", numbers={"people_reached": people}
        )
    measured, blank = radio.indicators.order_by("position")
    [summed] = meeting.indicators.all()
    work_actions.add_measurement(actor=officer, indicator=measured, day=dt.date(2025, 2, 1), value=120)
    work_actions.add_measurement(actor=officer, indicator=measured, day=dt.date(2025, 3, 1), value=200)
    work_actions.set_indicator_source(
        actor=officer, indicator=summed, baseline=10, target=None, metric="people_reached", activities=[radio, meeting]
    )
    return Progress(radio, meeting, loose, measured, Indicator.objects.get(pk=summed.pk), blank)


@pytest.fixture
def progress(world):
    return build_progress(world)


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(progress_views, "today_for", lambda organization: TODAY)
    return TODAY


def _counts(row):
    return (row.planned, row.done, row.skipped, row.overdue, row.coming)


def test_months_are_counted_exactly_with_a_fixed_today(world, progress):
    result = plan_progress(world.plan, TODAY)
    by_month = {row.month: _counts(row) for row in result.months}
    assert by_month == {
        dt.date(2025, 1, 1): (1, 1, 0, 0, 0),
        dt.date(2025, 2, 1): (2, 1, 1, 0, 0),
        dt.date(2025, 3, 1): (2, 0, 0, 2, 0),
        dt.date(2025, 4, 1): (1, 0, 0, 0, 1),
        dt.date(2025, 5, 1): (1, 0, 0, 0, 1),
        dt.date(2025, 6, 1): (0, 0, 0, 0, 0),
    }
    assert list(by_month) == sorted(by_month)
    assert result.totals == Counts(planned=7, done=2, skipped=1, overdue=2, coming=2)
    assert result.totals.done_percent == 29


def test_work_due_today_is_not_yet_overdue(world, progress):
    march = {row.month: row for row in plan_progress(world.plan, dt.date(2025, 3, 31)).months}[dt.date(2025, 3, 1)]
    assert _counts(march) == (2, 0, 0, 0, 2)


def test_breakdowns_by_unit_channel_and_audience(world, progress):
    result = plan_progress(world.plan, TODAY)
    # By name; the occurrences of activities without a unit come last.
    assert [(g.name, _counts(g)) for g in result.units] == [
        ("Відділ освіти", (3, 1, 0, 1, 1)),
        ("ЦНАП", (3, 1, 1, 1, 0)),
        ("", (1, 0, 0, 0, 1)),
    ]
    assert {g.name: (g.planned, g.done) for g in result.channels} == {
        "Радіо": (3, 1),
        "Телеграм канал": (3, 1),
        "": (1, 0),
    }
    assert {g.name: (g.planned, g.done) for g in result.audiences} == {
        "ВПО": (3, 1),
        "жителі громади": (3, 1),
        "": (1, 0),
    }
    assert result.units[-1].pk is None


def test_indicator_progress_from_measurements_evidence_and_placeholders(world, progress):
    items = {item.indicator.pk: item for item in plan_progress(world.plan, TODAY).indicators}
    measured = items[progress.measured.pk]
    assert (measured.value, measured.value_date, measured.summed) == (200, dt.date(2025, 3, 1), False)
    assert (measured.target, measured.percent) == (500, 40)
    # 300 (radio, January, done) + 150 (meeting, February, done); March is only in progress.
    summed = items[progress.summed.pk]
    assert (summed.value, summed.summed, summed.target, summed.percent) == (450, True, 1000, 45)
    blank = items[progress.blank.pk]
    assert (blank.target, blank.percent) == (None, None)
    assert list(items) == [progress.measured.pk, progress.blank.pk, progress.summed.pk]


def test_a_measurement_typed_in_wins_over_the_evidence_sum(world, progress):
    work_actions.add_measurement(actor=world.officer, indicator=progress.summed, day=dt.date(2025, 3, 15), value=700)
    [summed] = [i for i in plan_progress(world.plan, TODAY).indicators if i.indicator.pk == progress.summed.pk]
    assert (summed.value, summed.summed, summed.percent) == (700, False, 70)


def test_the_page_shows_charts_and_tables_with_the_same_numbers(world, progress, fixed_today, as_user):
    client = as_user(world.viewer)
    response = client.get(reverse("plan_dashboard", args=[world.community.slug, world.plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 5
    assert len(re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="(\S+)-title \1-desc"', html)) == 5
    assert "<script" not in html.split("<main", 1)[1]
    rows = {row.label: row.cells for row in response.context["month_chart"].table.rows}
    # Ukrainian month names, as the viewer reads them.
    assert rows["Лютий 2025"] == ["2", "1", "1", "0", "0", "50%"]
    assert rows["Березень 2025"] == ["2", "0", "0", "2", "0", "0%"]
    assert response.context["month_chart"].table.footer.cells == ["7", "2", "1", "2", "2", "29%"]
    assert '<th scope="row">Березень 2025</th><td>2</td><td>0</td><td>0</td><td>2</td>' in html
    indicators = {row.label: row.cells for row in response.context["indicator_chart"].table.rows}
    assert indicators["500 слухачів"] == ["—", "200", "500", "слухачів", "40%"]
    assert indicators["1000 учасників"] == ["10", "450", "1\u00a0000", "учасників", "45%"]
    assert indicators["__ ВПО, що пройшли опитування"][2:] == [str(_("target not set")), "—", "—"]


def test_the_page_speaks_the_readers_language(world, progress, fixed_today, as_user):
    world.viewer.language = "en"
    world.viewer.save()
    response = as_user(world.viewer).get(reverse("plan_dashboard", args=[world.community.slug, world.plan.pk]))
    html = response.content.decode()
    assert '<th scope="row">March 2025</th>' in html
    assert ">Mar</text>" in html
    assert "200 of 500 (40%)" in html
    assert "450 of 1,000 (45%)" in html
    assert "200 · target not set" not in html and "— · target not set" in html


def test_the_organisation_summary_counts_every_plan_and_nothing_else(world, progress):
    second = make_plan(world.community, activities=0, title="Другий план")
    task = actions.create_task(
        actor=None, goal=actions.create_goal(actor=None, plan=second, title="Ціль"), title="Завдання"
    )
    actions.create_activity(
        actor=None,
        task=task,
        data={
            "title": "Щомісячний звіт",
            "schedule": {"text": "03 04", "kind": "slots", "slots": ["2025-03", "2025-04"]},
        },
    )
    foreign_task = Task.objects.get(plan__organization=world.other)
    actions.create_activity(
        actor=None,
        task=foreign_task,
        data={"title": "Чуже", "schedule": {"text": "03", "kind": "slots", "slots": ["2025-03"]}},
    )
    summary = organization_summary(world.community, TODAY)
    assert {row.month: _counts(row) for row in summary.months} == {
        dt.date(2025, 1, 1): (1, 1, 0, 0, 0),
        dt.date(2025, 2, 1): (2, 1, 1, 0, 0),
        dt.date(2025, 3, 1): (3, 0, 0, 3, 0),
        dt.date(2025, 4, 1): (2, 0, 0, 0, 2),
        dt.date(2025, 5, 1): (1, 0, 0, 0, 1),
    }
    assert {row.title: _counts(row) for row in summary.plans} == {
        world.plan.title: (7, 2, 1, 2, 2),
        "Другий план": (2, 0, 0, 1, 1),
    }
    assert summary.totals == Counts(planned=9, done=2, skipped=1, overdue=3, coming=3)


def test_the_organisation_page(world, progress, fixed_today, as_user):
    url = reverse("organization_dashboard", args=[world.community.slug])
    response = as_user(world.unit_head).get(url, {"start": "2025-01", "end": "2025-06"})
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("plan_dashboard", args=[world.community.slug, world.plan.pk]) in html
    assert response.context["month_chart"].table.footer.cells == ["7", "2", "1", "2", "2", "29%"]
    assert html.count('role="img"') == 2


def test_the_organisation_page_shows_this_month_and_the_next_five_unless_asked(world, progress, fixed_today,
                                                                              as_user):
    client = as_user(world.unit_head)
    response = client.get(reverse("organization_dashboard", args=[world.community.slug]))
    months = [row.label for row in response.context["month_chart"].table.rows]
    first = fixed_today.replace(day=1)
    assert len(months) == 6
    assert (response.context["first"], response.context["last"].month) == (first, (first.month + 4) % 12 + 1)
    # A range too long or upside down is put in order and bounded.
    response = client.get(reverse("organization_dashboard", args=[world.community.slug]),
                          {"start": "2030-01", "end": "2000-01"})
    assert response.context["first"].year == 2000 and len(response.context["month_chart"].table.rows) == 120
    # Months without work say so, and offer the months that have it.
    response = client.get(reverse("organization_dashboard", args=[world.community.slug]),
                          {"start": "2030-01", "end": "2030-03"})
    assert response.context["all_work"]["start"] == "2025-01"
    assert f"?start=2025-01&amp;end={response.context['all_work']['end']}" in response.content.decode()


def _new_urls(world):
    slug = world.community.slug
    return [
        reverse("plan_dashboard", args=[slug, world.plan.pk]),
        reverse("plan_indicators", args=[slug, world.plan.pk]),
        reverse("organization_dashboard", args=[slug]),
    ]


def test_it_rejects_outsiders_on_every_new_page(world, progress, as_user):
    client = as_user(world.outsider)
    measured = progress.measured
    before = (Indicator.objects.get(pk=measured.pk).target, measured.measurements.count())
    for url in _new_urls(world):
        assert client.get(url).status_code == 404, url
        for form in ("measure", "source"):
            response = client.post(
                url,
                {
                    "form": form,
                    "indicator": measured.pk,
                    f"m{measured.pk}-date": "2025-03-02",
                    f"m{measured.pk}-value": "5",
                    f"s{measured.pk}-target": "1",
                },
            )
            assert response.status_code == 404, url
    # Their own slug with the community's plan is not found either.
    other = world.other.slug
    for name in ("plan_dashboard", "plan_indicators"):
        assert client.get(reverse(name, args=[other, world.plan.pk])).status_code == 404
    assert (Indicator.objects.get(pk=measured.pk).target, measured.measurements.count()) == before


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for url in _new_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_members_read_every_page_but_post_only_where_a_form_is(world, progress, as_user):
    for user in (world.viewer, world.unit_head, world.officer, world.admin):
        client = as_user(user)
        for url in _new_urls(world):
            assert client.get(url).status_code == 200, (user, url)
        assert client.post(_new_urls(world)[0]).status_code == 405


def _dashboard_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def _grow(world, progress, activities):
    task = Task.objects.get(plan=world.plan)
    for n in range(activities):
        activity = actions.create_activity(
            actor=None,
            task=task,
            data={
                "title": f"Захід {n}",
                "responsible": [f"Відділ {n}"],
                "channels": [f"Канал {n}", "Радіо"],
                "audiences": [f"Аудиторія {n}"],
                "schedule": {"text": "x", "kind": "slots", "slots": ["2025-01", "2025-03", "2025-06"]},
                "indicators": [IndicatorDoc(text=f"{n + 10} заходів", target=n + 10, unit="заходів")],
            },
        )
        indicator = activity.indicators.get()
        work_actions.add_measurement(actor=None, indicator=indicator, day=dt.date(2025, 2, 1), value=n)
        if n % 2:
            work_actions.set_indicator_source(
                actor=world.officer,
                indicator=indicator,
                baseline=None,
                target=None,
                metric="participants",
                activities=[activity, progress.radio],
            )
        work_actions.set_status(
            actor=None, occurrence=Occurrence.objects.filter(activity=activity).first(), status="done"
        )


# Session, user, membership and plan, then one query per kind of figure: months, units,
# channels, audiences, indicators (dashboard); indicators, measurements, their sources and the
# activities to choose from (indicators page, for an editor).
@pytest.mark.parametrize(("name", "queries"), [("plan_dashboard", 12), ("plan_indicators", 11)])
def test_the_number_of_queries_does_not_grow_with_the_plan(world, progress, as_user, name, queries):
    client = as_user(world.admin)
    url = reverse(name, args=[world.community.slug, world.plan.pk])
    assert _dashboard_queries(client, url) == queries
    _grow(world, progress, 12)
    assert Occurrence.objects.filter(plan=world.plan).count() == 7 + 36
    assert _dashboard_queries(client, url) == queries


def test_the_organisation_page_asks_a_fixed_number_of_queries(world, progress, fixed_today, as_user):
    client = as_user(world.viewer)
    url = reverse("organization_dashboard", args=[world.community.slug])
    # Six for the work, one asking whether a newsletter is connected (its subscribers are shown then).
    assert _dashboard_queries(client, url) == 7
    _grow(world, progress, 6)
    make_plan(world.community, title="Ще один план")
    assert _dashboard_queries(client, url) == 7
