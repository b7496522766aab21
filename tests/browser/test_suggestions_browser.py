"""The suggestion box in Chromium: a resident writes by keyboard, on a phone, without JavaScript;
axe-core checks the form, the thank-you page, the public answers and the inbox.

Selectors use names and ids rather than words, so the tests hold in every language.
"""

import pytest
from django.core.cache import caches

from holos.suggestions import actions
from holos.suggestions.models import Suggestion
from tests.browser.conftest import axe_violations, sign_in

PHONE = {"width": 375, "height": 740}


@pytest.fixture(autouse=True)
def _quick_form(settings):
    """No waiting for the minimum fill time, and no rate limits left from other tests."""
    settings.HOLOS_SUGGESTION_MIN_SECONDS = 0
    caches["default"].clear()


def _form_url(live_server, world):
    return f"{live_server.url}/p/{world.community.slug}/suggest/"


def _focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.name || document.activeElement.tagName")


def test_the_form_passes_axe_and_is_written_by_keyboard(page, live_server, live_world):
    page.goto(_form_url(live_server, live_world))
    assert page.locator("html").get_attribute("lang") == "uk"
    assert axe_violations(page) == []

    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(_focused(page))
        if reached[-1] == "id_category_0":
            break
    assert "id_category_0" in reached
    page.keyboard.press("ArrowDown")  # the second choice: a question
    page.keyboard.press("Tab")
    assert _focused(page) == "id_text"
    page.keyboard.type("Чи можна отримати довідку в суботу?")
    page.keyboard.press("Tab")
    assert _focused(page) == "id_name"
    page.keyboard.type("Марія")
    page.keyboard.press("Tab")
    assert _focused(page) == "id_email"
    page.keyboard.type("maria@example.org")
    page.keyboard.press("Tab")
    assert _focused(page) == "id_phone"
    page.keyboard.press("Tab")
    assert _focused(page) == "id_consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    # The honeypot is skipped: the next stop is the send button.
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/suggest/thanks/")
    assert axe_violations(page) == []

    message = Suggestion.objects.get()
    assert (message.category, message.text) == ("question", "Чи можна отримати довідку в суботу?")
    assert (message.name, message.email) == ("Марія", "maria@example.org")
    assert message.consent_at is not None


def test_mistakes_are_announced_and_pass_axe(page, live_server, live_world):
    page.goto(_form_url(live_server, live_world))
    page.fill("#id_email", "maria@example.org")
    page.locator("button[type=submit]").last.click()
    page.locator("#form-errors").wait_for()
    assert page.locator("#form-errors").get_attribute("role") == "alert"
    assert page.locator("#id_consent").get_attribute("aria-describedby") == "id_consent_error"
    assert page.locator("#id_text").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    assert not Suggestion.objects.exists()


def test_on_a_phone_the_form_fits_and_passes_axe(browser, live_server, live_world):
    context = browser.new_context(locale="uk-UA", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(_form_url(live_server, live_world))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert axe_violations(page) == []
        page.locator("#id_category_2").check()
        page.fill("#id_text", "Не працює ліфт")
        page.locator("button[type=submit]").last.tap()
        page.wait_for_url("**/suggest/thanks/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
    assert Suggestion.objects.get().category == "complaint"


def test_the_form_works_without_javascript(browser, live_server, live_world):
    context = browser.new_context(locale="uk-UA", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(_form_url(live_server, live_world))
        page.locator("#id_category_0").check()
        page.fill("#id_text", "Пропоную лавки біля ЦНАП")
        page.locator("button[type=submit]").last.click()
        page.wait_for_url("**/suggest/thanks/")
    finally:
        context.close()
    assert Suggestion.objects.get().text == "Пропоную лавки біля ЦНАП"


def test_public_answers_pass_axe_and_show_no_names(page, live_server, live_world):
    for n in range(3):
        message = actions.receive_message(
            organization=live_world.community, category="complaint", text=f"Скарга {n}", name="Олена Таємна",
            email="olena@example.org", consent=True,
        )
        actions.answer_message(actor=live_world.officer, suggestion=message, answer=f"Виправлено {n}")
        actions.publish_answer(actor=live_world.officer, suggestion=message, public_text=f"Про чергу {n}")
    page.goto(f"{live_server.url}/p/{live_world.community.slug}/answers/")
    assert page.locator("article").count() == 3
    assert "Олена" not in page.content() and "olena@" not in page.content()
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert axe_violations(page) == []


def test_the_inbox_and_a_message_pass_axe_and_the_contact_is_shown_on_request(page, live_server, live_world):
    message = actions.receive_message(
        organization=live_world.community, category="complaint", text="Довга черга", name="Олена Таємна",
        email="olena@example.org", consent=True,
    )
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/{live_world.community.slug}/inbox/")
    assert axe_violations(page) == []
    assert "olena@example.org" not in page.content()
    page.locator(f"a[href$='/inbox/{message.pk}/']").click()
    page.wait_for_url(f"**/inbox/{message.pk}/")
    assert axe_violations(page) == []
    page.locator("form[action$=\"/contact/\"] button").click()
    page.locator("a[href='mailto:olena@example.org']").wait_for()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/o/{live_world.community.slug}/inbox/call/")
    assert axe_violations(page) == []
