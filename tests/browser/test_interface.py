"""What a new user met and no longer meets, in Chromium: each test failed on the interface before.

Names instead of program objects on the public plan; a remembered filter on a deleted
entry; a one-click deletion; three forms on a work item; internal codes on pages; a
report for a finished plan; an empty plan with no way forward; a resident's answer not
mailed; Django's bare error pages.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Audience
from holos.reports.models import ProgressReport
from holos.suggestions.models import Suggestion
from holos.work.models import Occurrence
from tests.browser.conftest import axe_violations, sign_in

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"
# Codes Holos keeps for itself; none may be read on a page.
CODES = re.compile(r"\b(continuous|as_needed|unknown|range:|slots|m\d{4}-\d{2}|activity-no-\w+|Entry\(pk=)")


def _text(page) -> str:
    return page.locator("body").inner_text()


def test_the_public_plan_names_audiences_channels_and_units_and_fits_a_phone(browser, live_server, live_world):
    plan_actions.set_published(actor=None, plan=live_world.plan, published=True)
    for width in (1366, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{live_server.url}/p/pokrovska/plans/{live_world.plan.pk}/")
        row = page.locator("table.grid tbody tr").first.inner_text()
        assert "ВПО, жителі громади" in row and "Телеграм канал, Вайбер-групи" in row and "ЦНАП" in row
        assert "Entry(" not in _text(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()


def test_a_filter_on_a_deleted_audience_says_so_and_shows_every_row(page, live_server, live_world):
    audience = Audience.objects.get(organization=live_world.community, name="ВПО")
    sign_in(page, live_server, "officer")
    plan_url = f"{live_server.url}/o/pokrovska/plans/{live_world.plan.pk}/"
    page.goto(plan_url)
    page.select_option("#f-audience", str(audience.pk))
    page.get_by_role("button", name="Застосувати фільтр").click()
    page.wait_for_url("**audience=*")
    assert page.locator("tr[id^=activity-]").count() == 2

    # Deleting the audience asks first, and names what uses it.
    page.goto(f"{live_server.url}/o/pokrovska/catalogues/audiences/{audience.pk}/")
    page.get_by_role("button", name="Видалити…").click()
    page.get_by_role("heading", name="Видалити «ВПО»?").wait_for()
    assert "Активність 1" in _text(page) and "Активність 2" in _text(page)
    assert Audience.objects.filter(pk=audience.pk).exists()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Видалити").click()
    page.wait_for_url("**/catalogues/audiences/")
    assert not Audience.objects.filter(pk=audience.pk).exists()

    # The remembered filter no longer hides every row behind selects that all read "усі".
    page.goto(plan_url)
    assert "Збережений фільтр називав" in _text(page)
    assert page.locator("tr[id^=activity-]").count() == 2
    assert page.locator("#f-audience").input_value() == ""
    # Only the audiences this plan uses are offered.
    offered = page.locator("#f-audience option").all_inner_texts()
    assert offered == ["усі", "жителі громади"]
    page.goto(plan_url + "?audience=999")
    assert "Збережений фільтр називав" in _text(page)
    assert page.locator("tr[id^=activity-]").count() == 2


def test_a_work_item_is_recorded_with_one_form_and_one_save(page, live_server, live_world):
    activity = Activity.objects.filter(plan=live_world.plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    occurrence = Occurrence.objects.get(activity=activity)
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/occurrences/{occurrence.pk}/")
    assert page.get_by_role("button", name="Зберегти").count() == 1
    page.get_by_label("виконано").check()
    page.get_by_label("Що зроблено").fill("Провели ефір на радіо")
    page.get_by_label("Охоплено людей").fill("300")
    page.get_by_role("button", name="Зберегти").click()
    page.wait_for_load_state()
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.note, occurrence.people_reached) == ("done", "Провели ефір на радіо", 300)
    # The history says what and when in words, not "12 m2025-03".
    history = page.locator("section.history").inner_text()
    assert "березень 2025" in history and not CODES.search(history)
    assert axe_violations(page) == []


def test_pages_speak_words_not_codes(page, live_server, live_world):
    sign_in(page, live_server, "officer")
    # The import preview: "постійно", "за потреби", not continuous / as_needed / range:.
    page.goto(f"{live_server.url}/o/pokrovska/imports/new/")
    page.set_input_files("input[name=file]", str(SEEDS / "001_d08e3e9dbff834c8.txt"))
    page.get_by_role("button", name="Прочитати план").click()
    page.wait_for_url("**/imports/*/")
    preview = _text(page)
    assert "постійно" in preview and "за потреби" in preview
    assert not CODES.search(preview), CODES.search(preview)
    assert axe_violations(page) == []
    # Findings are named by their rule, in words.
    page.goto(f"{live_server.url}/o/pokrovska/plans/{live_world.plan.pk}/checks/")
    checks = _text(page)
    assert "Захід без індикатора" in checks and not CODES.search(checks)
    # The audit log in English and Czech names a message in that language.
    Suggestion.objects.create(organization=live_world.community, category="suggestion", text="Пандус")
    from holos.suggestions import actions as inbox

    inbox.set_status(actor=live_world.admin, suggestion=Suggestion.objects.get(), status="in_review")
    page.context.clear_cookies()
    sign_in(page, live_server, "admin")
    for language, words in (("en", "message"), ("cs", "zpráva")):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto(f"{live_server.url}/o/pokrovska/audit/")
        log = _text(page)
        assert words in log and "пропозиція" not in log and not re.search(r"#\d+", log)


def test_a_report_form_for_a_finished_plan_offers_its_last_quarter_and_refuses_an_empty_period(
        page, live_server, live_world):
    plan = live_world.plan  # January – June 2025, finished before today
    activity = Activity.objects.filter(plan=plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-05"])
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/plans/{plan.pk}/reports/")
    assert page.locator("#id_year").input_value() == "2025"
    assert page.locator("#id_index").input_value() == "2"
    page.locator("#id_year").fill("2019")
    page.get_by_role("button", name="Сформувати звіт").click()
    page.locator(".error-summary").wait_for()
    assert "звіт був би порожнім" in _text(page)
    assert not ProgressReport.objects.exists()
    assert axe_violations(page) == []


def test_an_empty_plan_shows_the_way_forward(page, live_server, live_world):
    plan = plan_actions.create_plan(actor=None, organization=live_world.community, title="Новий план",
                                    kind="calendar", period_start="2026-01", period_end="2026-12")
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/plans/{plan.pk}/")
    page.get_by_role("link", name="Додати першу ціль").wait_for()
    assert page.get_by_role("link", name="Імпортувати документ плану").count() == 1
    page.get_by_role("link", name="Перевірка").click()
    checks = _text(page)
    assert "нічого перевіряти" in checks and "відповідає методиці" not in checks
    page.get_by_role("link", name="Додати першу ціль").click()
    page.wait_for_url(f"**/plans/{plan.pk}/goals/new/")


def test_a_resident_who_left_an_address_gets_the_answer_by_mail(browser, page, live_server, live_world,
                                                                 smtp_server, settings):
    settings.HOLOS_SUGGESTION_MIN_SECONDS = 0
    resident = browser.new_context(locale="en-GB")
    resident.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    form = resident.new_page()
    form.goto(f"{live_server.url}/p/pokrovska/suggest/")
    form.get_by_label("Question").check()
    form.get_by_label("Your message").fill("Is the centre open on Saturday?")
    form.get_by_label("Email").fill("resident@example.org")
    form.get_by_label(re.compile("I agree")).check()
    form.get_by_role("button", name=re.compile("Send")).click()
    form.wait_for_url("**/thanks/")
    resident.close()
    message = Suggestion.objects.get()
    assert message.email == "resident@example.org" and message.language == "en"

    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/inbox/{message.pk}/")
    page.get_by_role("textbox", name="Відповідь").fill("Yes, from 9 to 14.")
    assert page.get_by_label("Надіслати відповідь на електронну адресу автора").is_checked()
    page.get_by_role("button", name="Зберегти відповідь").click()
    page.wait_for_load_state()
    [mail] = [m for m in smtp_server.messages if m["To"] == "resident@example.org"]
    body = mail.get_content()
    assert "Yes, from 9 to 14." in body and "Answer to your message" in mail["Subject"]
    message.refresh_from_db()
    assert message.answer_mailed_at is not None
    assert AuditEntry.objects.filter(action="suggestion.answer_mailed", object_id=message.pk).exists()
    assert "надіслано авторові поштою" in _text(page)


@pytest.fixture
def failing_page(settings):
    """A page that fails, reached through an address only this test adds."""
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "tests.browser.failing_urls"
    settings.DEBUG = False
    clear_url_caches()
    yield "/fail/"
    clear_url_caches()


def test_error_pages_are_holos_pages_in_the_readers_language_with_a_favicon(browser, live_server, live_world,
                                                                           failing_page):
    for language, missing in (("uk", "Сторінку не знайдено"), ("en", "Page not found"), ("cs", "Stránka nenalezena")):
        context = browser.new_context()
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        response = page.goto(f"{live_server.url}/p/no-such-place/")
        assert response.status == 404
        assert page.get_by_role("heading", level=1).inner_text() == missing
        assert page.get_by_role("link", name=re.compile(".")).count() >= 2
        assert axe_violations(page) == []
        icon = page.locator("link[rel=icon]").first.get_attribute("href")
        assert page.request.get(live_server.url + icon).status == 200
        response = page.goto(live_server.url + failing_page)
        assert response.status == 500
        assert "Server Error (500)" not in _text(page)
        assert page.locator("h1").count() == 1 and axe_violations(page) == []
        context.close()
    assert page_status(browser, live_server.url + "/favicon.ico") == 200


def page_status(browser, url) -> int:
    context = browser.new_context()
    try:
        return context.request.get(url).status
    finally:
        context.close()


def test_focus_comes_back_to_the_edited_row_and_escape_cancels(page, live_server, live_world):
    activity = Activity.objects.filter(plan=live_world.plan).order_by("position").first()
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/plans/{live_world.plan.pk}/")
    row = page.locator(f"#activity-{activity.pk}")
    # One Tab stop for the month cells of a table; arrows move between them.
    cells = page.locator("table.grid td.m button")
    assert page.locator("table.grid td.m button[tabindex='0']").count() == 1
    assert cells.count() > 6
    march = row.locator("button[value='2025-03']")
    march.focus()
    page.keyboard.press("Space")
    row.locator("button[value='2025-03'][aria-pressed=true]").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.value === '2025-03'")
    assert page.evaluate("document.activeElement.closest('tr').id") == f"activity-{activity.pk}"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.value") == "2025-04"
    # Esc leaves an in-place edit, and the focus is back on the row's Edit link.
    row.locator("[data-edit]").click()
    page.locator(f"#activity-{activity.pk}.edit-row textarea[name=title]").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.name === 'title'")
    page.keyboard.type("Інша назва")
    page.keyboard.press("Escape")
    page.locator(f"#activity-{activity.pk}:not(.edit-row)").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.hasAttribute('data-edit')")
    activity.refresh_from_db()
    assert activity.title == "Активність 1"


def test_on_a_phone_the_header_is_a_menu_and_the_grid_scrolls_in_its_own_region(browser, live_server, live_world):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="uk-UA")
    page = context.new_page()
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/plans/{live_world.plan.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_role("link", name="Мешканці").count() == 0  # folded into the menu
    page.locator("details.site-menu > summary").click()
    page.get_by_role("link", name="Вхідні звернення").click()
    page.wait_for_url("**/inbox/")
    page.go_back()
    # Month cells are large enough for a finger, and the activity column stays in view.
    box = page.locator("table.grid td.m button").first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    region = page.locator(".grid-wrap").first
    region.evaluate("element => element.scrollLeft = 400")
    title = page.locator("table.grid th.title").first.bounding_box()
    assert title["x"] >= 0 and title["x"] < 40
    context.close()


def test_the_plan_page_is_in_parts_reached_from_its_local_menu(page, live_server, live_world):
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/o/pokrovska/plans/{live_world.plan.pk}/")
    tabs = page.get_by_role("navigation", name="Частини плану")
    assert tabs.get_by_role("link").all_inner_texts()[:3] == ["План", "Перевірка", "Робота і хід виконання"]
    assert "Історія змін" not in page.locator("main h2").all_inner_texts()
    tabs.get_by_role("link", name="Історія змін").click()
    page.wait_for_url("**/history/")
    assert tabs.get_by_role("link", name="Історія змін").get_attribute("aria-current") == "page"
    assert reverse("plan_history", args=["pokrovska", live_world.plan.pk]) in page.url
    assert "додано активність" in _text(page)
