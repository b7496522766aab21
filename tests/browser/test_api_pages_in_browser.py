"""The access tokens page and the API's documentation in Chromium: axe-clean, made by keyboard, shown once."""

from holos.api.models import ApiToken
from tests.browser.conftest import axe_violations, sign_in


def test_a_token_is_made_by_keyboard_and_the_pages_pass_axe(page, live_server, live_world):
    sign_in(page, live_server, "viewer")
    page.goto(f"{live_server.url}/o/pokrovska/settings/tokens/")
    assert axe_violations(page) == []
    page.focus("#id_name")
    page.keyboard.type("Звітна таблиця")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # from "read" to "read and write"
    page.locator("button", has_text="Створити токен").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#new-token")
    secret = page.input_value("#new-token")
    token = ApiToken.objects.get(user=live_world.viewer)
    assert secret.startswith(token.hint) and token.scope == "write"
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/api/docs/")
    assert page.locator("h1").inner_text() == "API Holos"
    assert axe_violations(page) == []


def test_a_coordinator_makes_a_programme_token_and_the_page_passes_axe(page, live_server, live_world):
    from tests.programmes.conftest import build_programme_world

    pw = build_programme_world(live_world)
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/programmes/{pw.programme.slug}/tokens/")
    assert axe_violations(page) == []
    page.fill("#id_name", "Звіт донору")
    page.locator("button", has_text="Створити токен").click()
    page.wait_for_selector("#new-token")
    token = ApiToken.objects.get(user=pw.coordinator)
    assert page.input_value("#new-token").startswith(token.hint) and token.programme_id == pw.programme.pk
    assert axe_violations(page) == []
