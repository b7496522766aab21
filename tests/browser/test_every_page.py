"""Every page of the demo (``holos.demo.tour``) passes axe-core and fits a phone's width.

Each page is opened at 1366 px and at 390 px and must fit the window at both; the
language turns from page to page (Ukrainian, English, Czech), so that every page is read
in two languages and every language at both widths. axe-core reads each page once, at
one of the two widths (every other page at each), so that both widths and all three
languages are read by axe across the tour within the suite's time. Pages drawn by the
same template as another (``Stop.alike``: a task's form like a goal's, the channels like
the audiences) are left out here;
``make screenshots SCREENSHOTS_ARGS=--axe`` walks every page in every language at both
widths.

Accessibility does not depend on the database, so the sweep runs once, with the quality
checks, not again on PostgreSQL.
"""

import pytest

from holos.demo.build import build_demo
from holos.demo.tour import tour
from tests.browser.conftest import axe_violations, sign_in

LANGUAGES = ("uk", "en", "cs")


@pytest.fixture
def demo(transactional_db):
    return build_demo()


@pytest.mark.quality
@pytest.mark.parametrize("width", [1366, 390])
def test_every_page_passes_axe_and_fits_the_window(browser, live_server, demo, width):
    stops = [stop for stop in tour(demo.organization) if not stop.alike]  # the same template once
    assert len(stops) > 50
    assert _walk(browser, live_server, stops, width) == []


def _walk(browser, live_server, stops, width) -> list:
    """Open every page at one width, the language turning from page to page; what axe and the width found."""
    staff = browser.new_context(locale="uk-UA", viewport={"width": width, "height": 900})
    public = browser.new_context(locale="uk-UA", viewport={"width": width, "height": 900})
    try:
        signed_in = staff.new_page()
        sign_in(signed_in, live_server, "demo", "demo")
        anonymous = public.new_page()
        foreign = []
        for tab in (signed_in, anonymous):
            tab.on("request", lambda request: None if request.url.startswith((live_server.url, "data:"))
                   else foreign.append(request.url))
        problems = []
        for number, stop in enumerate(stops):
            language = LANGUAGES[(number + (width == 390)) % len(LANGUAGES)]
            for context in (staff, public):
                context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page = anonymous if stop.public else signed_in
            page.goto(live_server.url + stop.path)
            assert page.locator("html").get_attribute("lang") == language, stop.path
            found = axe_violations(page) if number % 2 == (width == 390) else []
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                found.append({"id": "wider than the window", "width": wide})
            if found:
                problems.append((stop.name, width, language, found))
        assert foreign == []
        return problems
    finally:
        staff.close()
        public.close()
