"""A resident answers a survey in Chromium: by keyboard, on a phone, without JavaScript; axe-core checks."""

import pytest
from django.core.cache import cache

from holos.surveys import actions
from holos.surveys.models import Answer, QuestionKind, Response
from tests.browser.conftest import axe_violations, sign_in
from tests.surveys.conftest import make_survey
from tests.surveys.test_results import add_response


@pytest.fixture(autouse=True)
def _quick_people(settings):
    # The browser fills the form faster than a person; the minimum is tested elsewhere.
    settings.HOLOS_SURVEY_MIN_SECONDS = 0
    cache.clear()


@pytest.fixture
def survey(live_world):
    return make_survey(live_world.community)


def _focused(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        if _focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_survey_is_answered_by_keyboard_alone(page, live_server, survey):
    page.goto(f"{live_server.url}/s/{survey.token}/")
    assert axe_violations(page) == []
    questions = {q.kind: q for q in survey.questions.all()}
    scale = questions[QuestionKind.SCALE].field_name
    tab_to(page, f"input[name={scale}]")
    for _ in range(4):  # arrows move through the scale: 1 → 5
        page.keyboard.press("ArrowRight")
    assert page.locator(f"input[name={scale}][value='5']").is_checked()
    tab_to(page, f"input[name={questions[QuestionKind.YES_NO].field_name}]")
    page.keyboard.press("Space")
    tab_to(page, f"input[name={questions[QuestionKind.SINGLE].field_name}]")
    page.keyboard.press("ArrowDown")
    tab_to(page, f"input[name={questions[QuestionKind.MULTIPLE].field_name}]")
    page.keyboard.press("Space")
    tab_to(page, f"input[name={questions[QuestionKind.NUMBER].field_name}]")
    page.keyboard.type("15")
    tab_to(page, f"textarea[name={questions[QuestionKind.LONG_TEXT].field_name}]")
    page.keyboard.type("Більше вікон прийому")
    tab_to(page, "form.survey-form button[type=submit]")
    assert page.evaluate("document.activeElement.textContent").strip()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1).wait_for()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    response = Response.objects.get(survey=survey)
    answers = {a.question.kind: a for a in Answer.objects.filter(response=response).select_related("question")}
    assert answers[QuestionKind.SCALE].number == 5
    assert answers[QuestionKind.YES_NO].number == 1
    assert answers[QuestionKind.LONG_TEXT].text == "Більше вікон прийому"


def test_mistakes_are_announced_and_linked_to_their_questions(page, live_server, survey):
    page.goto(f"{live_server.url}/s/{survey.token}/")
    # The browser's own check would stop an empty form; a screen reader user may meet the server's too.
    page.evaluate("document.querySelector('form.survey-form button[type=submit]').form.noValidate = true")
    page.locator("form.survey-form button[type=submit]").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "3" in alert.inner_text()
    assert axe_violations(page) == []
    scale = survey.questions.get(kind=QuestionKind.SCALE)
    alert.get_by_role("link", name=str(scale)).click()
    assert _focused(page, f"input[name={scale.field_name}]")
    assert not Response.objects.exists()


def test_on_a_phone_without_javascript(browser, live_server, survey):
    context = browser.new_context(java_script_enabled=False, locale="uk-UA", viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/s/{survey.token}/")
        questions = {q.kind: q for q in survey.questions.all()}
        page.locator(f"input[name={questions[QuestionKind.SCALE].field_name}][value='4']").check()
        page.locator(f"input[name={questions[QuestionKind.YES_NO].field_name}][value='0']").check()
        page.locator(f"input[name={questions[QuestionKind.SINGLE].field_name}]").first.check()
        page.locator("form.survey-form button[type=submit]").click()
        page.wait_for_load_state()
        assert Response.objects.filter(survey=survey).count() == 1
    finally:
        context.close()


def test_the_page_fits_a_phone_screen(browser, live_server, survey):
    context = browser.new_context(locale="uk-UA", viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/s/{survey.token}/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        height = page.locator("label.option").first.bounding_box()["height"]
        assert height >= 44  # a finger's target
        assert axe_violations(page) == []
    finally:
        context.close()


def test_closed_and_not_yet_open_pages_pass_axe(page, live_server, live_world):
    closed = make_survey(live_world.community)
    actions.close_survey(actor=None, survey=closed)
    page.goto(f"{live_server.url}/s/{closed.token}/")
    assert page.locator("form.survey-form").count() == 0
    assert page.get_by_role("heading", level=1).inner_text() == "Оцінка якості послуг"
    assert axe_violations(page) == []
    draft = make_survey(live_world.community, open_now=False)
    page.goto(f"{live_server.url}/s/{draft.token}/")
    assert page.locator("form.survey-form").count() == 0
    assert axe_violations(page) == []


def test_invitation_code_page_passes_axe(page, live_server, live_world):
    invited = make_survey(live_world.community, invitation_only=True)
    page.goto(f"{live_server.url}/s/{invited.token}/")
    assert axe_violations(page) == []
    page.fill("input[name=code]", "WRONGCODE1")
    page.keyboard.press("Enter")
    page.wait_for_url("**code=WRONGCODE1")
    assert axe_violations(page) == []


def test_public_and_staff_results_pass_axe(page, live_server, live_world, survey):
    for n in range(6):
        add_response(survey, scale=n % 5 + 1, yes=n % 2, single=n % 3, multiple=(0,), number=n, text=f"Текст {n}")
    actions.publish_results(actor=None, survey=survey, note={"uk": "Ми почули вас: подовжуємо години роботи."})
    page.goto(f"{live_server.url}/s/{survey.token}/results/")
    assert page.locator("svg[role=img] title").count() == 4
    assert axe_violations(page) == []
    sign_in(page, live_server, "officer")
    slug = live_world.community.slug
    for path in ("", "results/", f"questions/{survey.questions.get(kind='long_text').pk}/answers/?q=текст",
                 "indicators/", "publish/", "edit/", "questions/new/"):
        page.goto(f"{live_server.url}/o/{slug}/surveys/{survey.pk}/{path}")
        assert axe_violations(page) == [], path
    page.goto(f"{live_server.url}/o/{slug}/surveys/")
    assert axe_violations(page) == []
