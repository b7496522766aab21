"""A person signs in, opens a plan and edits it in Chromium; axe-core checks each page."""

from holos.plans.models import Activity
from tests.browser.conftest import axe_violations, sign_in


def test_login_page_is_accessible(page, live_server, live_world):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert axe_violations(page) == []


def test_officer_marks_a_month_in_the_grid_and_sees_it_change(page, live_server, live_world):
    sign_in(page, live_server, "officer")
    # One organisation: the plan list opens straight away.
    assert "/o/pokrovska/" in page.url
    assert axe_violations(page) == []
    page.get_by_role("link", name="План комунікацій 2025").click()
    page.wait_for_url(f"**/plans/{live_world.plan.pk}/")
    assert axe_violations(page) == []

    activity = Activity.objects.filter(plan=live_world.plan).order_by("position").first()
    row = page.locator(f"#activity-{activity.pk}")
    cell = row.locator("button[name=slot][value='2025-03']")
    assert cell.get_attribute("aria-pressed") == "false"
    cell.click()
    row.locator("button[name=slot][value='2025-03'][aria-pressed=true]").wait_for()
    activity.refresh_from_db()
    assert activity.schedule["slots"] == ["2025-03"]

    # By keyboard: focus the next month and press Space.
    april = row.locator("button[name=slot][value='2025-04']")
    april.focus()
    page.keyboard.press("Space")
    row.locator("button[name=slot][value='2025-04'][aria-pressed=true]").wait_for()
    activity.refresh_from_db()
    assert activity.schedule["slots"] == ["2025-03", "2025-04"]


def test_officer_edits_an_activity_in_place(page, live_server, live_world):
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/plans/{live_world.plan.pk}/")
    activity = Activity.objects.filter(plan=live_world.plan).order_by("position").first()
    row = page.locator(f"#activity-{activity.pk}")
    with page.expect_response(lambda r: "/edit/" in r.url):
        row.get_by_role("link", name="Редагувати").first.click()
    form = page.locator(f"#activity-{activity.pk} form")
    form.locator("textarea[name=title]").fill("Прямий ефір на радіо")
    form.locator("input[name=months][value='2025-05']").check()
    assert axe_violations(page) == []
    form.get_by_role("button", name="Зберегти").click()
    page.locator(f"#activity-{activity.pk} th.title", has_text="Прямий ефір на радіо").wait_for()
    # The page was not reloaded: the row was swapped in place.
    assert page.url.endswith(f"/plans/{live_world.plan.pk}/")
    activity.refresh_from_db()
    assert activity.title == "Прямий ефір на радіо"
    assert activity.schedule["slots"] == ["2025-05"]


def test_the_grid_can_be_walked_by_keyboard(page, live_server, live_world):
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/plans/{live_world.plan.pk}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Перейти до змісту" in focused
    reached_cell = False
    for _ in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.getAttribute('name')")
        if name == "slot":
            reached_cell = True
            break
    assert reached_cell


def test_viewer_sees_the_grid_without_edit_controls(page, live_server, live_world):
    sign_in(page, live_server, "viewer")
    page.goto(f"{live_server.url}/o/pokrovska/plans/{live_world.plan.pk}/")
    assert page.locator("button[name=slot]").count() == 0
    assert page.locator("table.grid tbody tr").count() >= 3
    assert axe_violations(page) == []
