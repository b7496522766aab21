"""Programme, cascade and template pages in Chromium: axe-core finds nothing at 1366 and 390 px,
nothing is wider than a phone's screen, and the comparison is sorted by keyboard alone."""

import pytest

from holos.plans import actions as plan_actions
from holos.plans.models import Activity
from holos.programmes import actions
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_plan
from tests.programmes.conftest import build_programme_world


@pytest.fixture
def programme_world(live_world):
    pw = build_programme_world(live_world)
    world = live_world
    for activity in Activity.objects.filter(plan=world.plan):
        plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-01", "2025-02", "2025-03"])
    strategic = make_plan(world.community, title="Стратегія громади 2025–2027")
    plan_actions.set_plan_parent(actor=None, plan=world.plan, parent=strategic)
    plan_actions.link_goal(actor=None, goal=world.plan.goals.get(), parent_goal=strategic.goals.get())
    plan_actions.add_indicator(actor=None, plan=world.plan, goal=world.plan.goals.get(), text="Частка поінформованих",
                               target=60, unit="%")
    actions.save_indicator_definition(actor=None, programme=pw.programme, definition=None,
                                      name="Охоплено мешканців", unit="осіб", aggregate="sum")
    template = actions.save_template(actor=None, programme=pw.programme, template=None, title="Типовий план",
                                     description="", plan=plan_actions.plan_to_document(world.plan))
    actions.publish_template(actor=None, template=template, published=True)
    actions.start_plan_from_template(actor=None, organization=world.community, template=template,
                                     title="План з шаблону")
    pw.template = template
    pw.strategic = strategic
    return pw


def _fits(page) -> bool:
    if page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
        return True
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.grid-wrap'))
        .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + (el.textContent || '').slice(0, 40))""")
    raise AssertionError(f"wider than the screen: {wide}")


def test_programme_and_cascade_pages_pass_axe_and_fit_a_phone(page, live_server, programme_world):
    pw = programme_world
    world = pw.world
    slug, org = pw.programme.slug, world.community.slug
    coordinator_pages = [
        f"/programmes/{slug}/", f"/programmes/{slug}/?sort=-overdue", f"/programmes/{slug}/organisations/",
        f"/programmes/{slug}/organisations/{world.community.pk}/", f"/programmes/{slug}/plans/{world.plan.pk}/",
        f"/programmes/{slug}/members/", f"/programmes/{slug}/indicators/", f"/programmes/{slug}/templates/",
        f"/programmes/{slug}/templates/{pw.template.pk}/", f"/programmes/{slug}/templates/{pw.template.pk}/items/1/",
        f"/programmes/{slug}/templates/{pw.template.pk}/items/1-1-1/",
    ]
    admin_pages = [
        f"/o/{org}/programmes/", f"/o/{org}/programmes/{pw.participation.pk}/",
        f"/o/{org}/templates/{pw.template.pk}/", f"/o/{org}/plans/{world.plan.pk}/cascade/",
        f"/o/{org}/plans/{pw.strategic.pk}/cascade/", f"/o/{org}/plans/{world.plan.pk}/indicators/",
    ]
    for user, paths in ((pw.coordinator, coordinator_pages), (world.admin, admin_pages)):
        page.context.clear_cookies()
        sign_in(page, live_server, user.username)
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                assert axe_violations(page) == [], (path, width)
                if width == 390:
                    assert _fits(page), f"{path} is wider than the screen at 390 px"


def test_the_comparison_is_sorted_and_the_invitation_answered_by_keyboard(page, live_server, programme_world):
    pw = programme_world
    sign_in(page, live_server, pw.coordinator.username)
    page.goto(f"{live_server.url}/programmes/{pw.programme.slug}/")
    link = page.locator("#comparison thead a").nth(4)  # overdue
    for _ in range(80):
        if page.evaluate("(el) => el === document.activeElement", link.element_handle()):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=-overdue*")
    assert page.locator("th[aria-sort=descending]").count() == 1
    page.context.clear_cookies()
    sign_in(page, live_server, pw.world.outsider.username)
    page.goto(f"{live_server.url}/o/{pw.world.other.slug}/programmes/{pw.invitation.pk}/")
    button = page.locator("button[value=accept]")
    for _ in range(80):
        if page.evaluate("(el) => el === document.activeElement", button.element_handle()):
            break
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator(".messages").wait_for()
    pw.invitation.refresh_from_db()
    assert pw.invitation.status == "active"
