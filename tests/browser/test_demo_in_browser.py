"""The demo as a newcomer meets it: sign in as demo/demo, open a seed plan, change a month."""

import pytest

from holos.demo.build import build_demo
from holos.plans.models import Activity
from tests.browser.conftest import sign_in


@pytest.fixture
def demo(transactional_db):
    return build_demo()


def test_demo_plan_opens_and_a_month_can_be_marked(page, live_server, demo):
    sign_in(page, live_server, "demo", "demo")
    assert page.url.endswith("/o/demo/")
    plan = demo.plans[0]
    page.get_by_role("link", name=plan.title).first.click()
    page.wait_for_url(f"**/plans/{plan.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == plan.title
    hotline = Activity.objects.get(plan=plan, title__contains="Гарячої лінії")
    row = page.locator(f"#activity-{hotline.pk}")
    assert row.locator("button[aria-pressed=true]").count() == 6
    row.locator("button[name=slot][value='2023-07']").click()
    row.locator("button[name=slot][value='2023-07'][aria-pressed=false]").wait_for()
    hotline.refresh_from_db()
    assert "2023-07" not in hotline.schedule["slots"]
    assert len(hotline.schedule["slots"]) == 5
