"""Running the plan in Chromium: the pages of work, reports and public plans pass axe-core."""

import datetime as dt

import pytest

from holos.demo.build import build_demo
from holos.plans.actions import set_published
from holos.plans.models import Unit
from holos.reports.models import ProgressReport
from holos.work.models import Occurrence
from tests.browser.conftest import axe_violations, sign_in


@pytest.fixture
def demo(transactional_db):
    result = build_demo()
    user = result.organization.memberships.get().user
    Unit.objects.filter(organization=result.organization, name="ЦНАП").first().members.add(user)
    return result


def test_marking_work_done_by_keyboard(page, live_server, demo):
    occurrence = Occurrence.objects.filter(plan=demo.plans[0], status="planned").first()
    sign_in(page, live_server, "demo", "demo")
    page.goto(f"{live_server.url}/o/demo/occurrences/{occurrence.pk}/")
    page.locator("input[name=status]:checked").focus()
    for _ in range(3):  # planned → in progress → done → skipped
        page.keyboard.press("ArrowDown")
    assert page.locator("input[name=status]:checked").get_attribute("value") == "skipped"
    page.locator("#id_reason").focus()
    page.keyboard.type("Захід перенесли")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.skip_reason) == ("skipped", "Захід перенесли")


def test_public_plan_page_without_javascript_passes_axe(browser, live_server, demo):
    plan = demo.plans[0]
    set_published(actor=None, plan=plan, published=True)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/p/demo/plans/{plan.pk}/")
    assert page.locator("h1").inner_text() == plan.title
    assert page.locator("table.grid").count() >= 1
    context.close()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/p/demo/plans/{plan.pk}/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/p/demo/")
    assert axe_violations(page) == []
    context.close()


def test_a_published_progress_report_reads_without_javascript_and_passes_axe(browser, live_server, demo):
    plan = demo.plans[0]
    set_published(actor=None, plan=plan, published=True)
    report, _created = ProgressReport.objects.update_or_create(
        plan=plan, starts=dt.date(2023, 4, 1), ends=dt.date(2023, 6, 30),
        defaults={"kind": "quarter", "summary": "Підсумок кварталу", "published": True})
    url = f"{live_server.url}/p/demo/plans/{plan.pk}/reports/{report.pk}/"
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts, viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(url)
        assert "Підсумок кварталу" in page.locator("main").inner_text()
        if scripts:
            assert axe_violations(page) == []
        context.close()
