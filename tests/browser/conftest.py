"""Chromium from Debian, driven by Playwright, against a live server on 127.0.0.1."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HOLOS_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-4.11.1.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the tests themselves only
# touch the database between page actions, never concurrently with them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (make test installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="uk-UA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    foreign = []

    def watch(request):
        if not request.url.startswith(live_server.url) and not request.url.startswith("data:"):
            foreign.append(request.url)

    page.on("request", watch)
    blocked = []

    def console(message):
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", console)
    yield page
    context.close()
    assert foreign == [], f"pages loaded something from other hosts: {foreign}"
    assert blocked == [], f"the Content-Security-Policy blocked something the pages need: {blocked}"


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page; return the violations with the places they occur.

    axe is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy does not govern: a script tag added to the page would be blocked.
    """
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def sign_in(page, live_server, username, password="secret-pass-1"):  # noqa: S107 - test users
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
