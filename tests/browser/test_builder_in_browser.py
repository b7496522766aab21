"""Writing a plan with the builder in Chromium, with JavaScript and without, and every page of it through axe in
Ukrainian, English and Czech. Selectors use names and ids, so the walk holds in every language."""

import pytest

from holos.builder.models import PlanDraft
from holos.core.checks import PROBLEM
from holos.demo.build import build_demo
from holos.plans.actions import tree_to_document
from holos.plans.checking import check_tree
from holos.plans.grid import load_plan_tree
from holos.plans.models import Plan
from tests.browser.conftest import axe_violations, sign_in

_axe = axe_violations

CHOSEN = ("Внутрішньо переміщені особи", "Люди похилого віку", "Люди з порушеннями слуху")


@pytest.fixture
def demo(transactional_db):
    result = build_demo()
    empty = Plan.objects.create(organization=result.organization, title="План комунікацій ЦНАП на 2025 рік",
                                period_start="2025-01", period_end="2025-12")
    return result, empty


def _next(page):
    with page.expect_navigation():
        page.locator("button[name=go][value=next]").last.click()


def _walk(page, live_server, empty, *, javascript: bool):
    # axe-core runs in the page, so only where scripts run; the pages are the same without them.
    def axe_violations(page):
        return _axe(page) if javascript else []

    page.goto(f"{live_server.url}/o/demo/plans/{empty.pk}/")
    with page.expect_navigation():
        page.locator(f"form[action$='/plans/{empty.pk}/build/'] button").click()
    assert "/step/1/" in page.url
    assert axe_violations(page) == []
    page.fill("textarea[name=purpose]", "Кожен мешканець знає, де й як отримати послугу.")
    _next(page)

    # 2. Audiences from the profile, with what each needs to know.
    assert "/step/2/" in page.url
    assert axe_violations(page) == []
    for name in CHOSEN:
        page.get_by_label(name, exact=True).check()
    page.locator("textarea[name$=needs]").first.fill("Де отримати довідку і допомогу")
    _next(page)

    # 3. A goal and its key message, read by the message helper.
    assert "/step/3/" in page.url
    page.fill("textarea[name=goals-0-title]", "Кожен мешканець знає, як отримати послуги ЦНАП")
    message = page.locator("textarea[name=goals-0-key_message]")
    if javascript:
        # The helper answers as the person types, without sending the form.
        message.press_sequentially("Усі послуги в одному місці: приходьте до ЦНАП.", delay=5)
        page.locator("#help-1 dl").wait_for()
        assert "приходьте" in page.locator("#help-1").inner_text()
        assert "/step/3/" in page.url
    else:
        message.fill("Усі послуги в одному місці: приходьте до ЦНАП.")
        with page.expect_navigation():
            page.locator("button[name=go][value=stay]").first.click()
        assert "приходьте" in page.locator("#help-1").inner_text()
    assert axe_violations(page) == []
    _next(page)

    # 4. The first proposal for each audience of the goal, opened and edited before it is taken.
    assert "/step/4/" in page.url
    assert axe_violations(page) == []
    takes = page.locator("input[name$='-0-take'][name^='p0-']")
    assert takes.count() == len(CHOSEN)
    first = page.locator("article.proposal").first
    first.locator("summary").click()
    title = first.locator("textarea[name$='-title']")
    title.fill(title.input_value() + " (з перекладом)")
    for index in range(takes.count()):
        takes.nth(index).check()
    _next(page)

    # 5. The ladder: take the proposals to climb.
    assert "/step/5/" in page.url
    assert axe_violations(page) == []
    climbs = page.locator("input[name^='c-'][name$='-take']")
    assert climbs.count() >= 2
    for index in range(climbs.count()):
        climbs.nth(index).check()
    _next(page)

    # 6. The load of the units.
    assert "/step/6/" in page.url
    assert page.locator("table.load").count() == 1
    assert axe_violations(page) == []
    _next(page)

    # 7. Review, then the plan.
    assert "/step/7/" in page.url
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.locator("button[name=go][value=finish]").click()
    assert page.url.endswith(f"/plans/{empty.pk}/")
    tree = load_plan_tree(Plan.objects.get(pk=empty.pk))
    titles = [a.title for a in tree.activities()]
    assert any(t.endswith(" (з перекладом)") for t in titles)
    report = check_tree(tree, tree_to_document(tree)).report
    assert [f.text() for f in report.findings if f.severity == PROBLEM] == []
    assert len(titles) >= 5


def test_the_builder_is_walked_without_javascript(browser, live_server, demo):
    _result, empty = demo
    context = browser.new_context(locale="uk-UA", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, "demo", "demo")
    _walk(page, live_server, empty, javascript=False)
    context.close()


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (page.url, width)


def test_the_builder_is_walked_with_javascript_on_a_phone_and_passes_axe_in_three_languages(
        browser, live_server, demo):
    result, empty = demo
    context = browser.new_context(locale="uk-UA", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("load", lambda loaded: _fits(loaded))
    sign_in(page, live_server, "demo", "demo")
    _walk(page, live_server, empty, javascript=True)
    assert PlanDraft.objects.get(plan=empty).finished_at is not None

    # A second plan, started from the list of drafts, to read every page in English and Czech too.
    page.goto(f"{live_server.url}/o/demo/builder/")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    base = page.url.rsplit("/step/", 1)[0] + "/step/"
    page.fill("input[name=title]", "План")
    page.fill("input[name=start]", "2025-01")
    page.fill("input[name=end]", "2025-12")
    _next(page)
    page.get_by_label(CHOSEN[0], exact=True).check()
    _next(page)
    page.fill("textarea[name=goals-0-title]", "Ціль")
    page.fill("textarea[name=goals-0-key_message]", "Приходьте до ЦНАП.")
    _next(page)
    others = [f"{live_server.url}/o/demo/{path}" for path in (
        "profile/", "library/", "builder/", f"plans/{result.plans[3].pk}/suggestions/", "library/new/")]
    steps = [base + f"{n}/" for n in range(1, 8)]
    for language, pages in (("uk", others), ("en", steps + others), ("cs", steps + others)):
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for url in pages:
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language
            assert axe_violations(page) == [], (language, url)
    context.close()
