"""Results: counts and percentages per question from the database, charts and tables, text answers."""

import re
from datetime import date, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from holos.surveys import actions
from holos.surveys.models import Answer, QuestionKind, Response
from holos.surveys.results import Period, compute_results
from tests.surveys.conftest import make_survey, post_answers, questions_by_kind


def add_response(survey, *, scale=None, yes=None, single=None, multiple=(), number=None, text="", when=None):
    """Store a response through the action, as the public form does (positions for options)."""
    q = questions_by_kind(survey)
    rows = []
    if scale is not None:
        rows.append(Answer(question=q[QuestionKind.SCALE], number=scale))
    if yes is not None:
        rows.append(Answer(question=q[QuestionKind.YES_NO], number=yes))
    if single is not None:
        options = list(q[QuestionKind.SINGLE].choices.all())
        rows.append(Answer(question=q[QuestionKind.SINGLE], choice=options[single]))
    options = list(q[QuestionKind.MULTIPLE].choices.all())
    for position in multiple:
        rows.append(Answer(question=q[QuestionKind.MULTIPLE], choice=options[position]))
    if number is not None:
        rows.append(Answer(question=q[QuestionKind.NUMBER], number=number))
    if text:
        rows.append(Answer(question=q[QuestionKind.LONG_TEXT], text=text))
    response = actions.submit_response(survey=survey, answers=rows, language="uk")
    if when is not None:
        Response.objects.filter(pk=response.pk).update(submitted_at=when)
    return response


def _by_kind(results):
    return {r.question.kind: r for r in results.questions}


def test_counts_and_percentages_per_question(survey):
    add_response(survey, scale=5, yes=1, single=0, multiple=(0, 1), number=10)
    add_response(survey, scale=4, yes=1, single=0, multiple=(0,), number=20)
    add_response(survey, scale=2, yes=0, single=1, number=30)
    add_response(survey, scale=5, yes=1, single=2)
    results = compute_results(survey)
    by_kind = _by_kind(results)
    assert results.responses == 4
    scale = by_kind[QuestionKind.SCALE]
    assert [(r.label, r.count) for r in scale.rows] == [("1", 0), ("2", 1), ("3", 0), ("4", 1), ("5", 2)]
    assert [r.percent for r in scale.rows] == [0, 25, 0, 25, 50]
    assert scale.average == 4
    yes = by_kind[QuestionKind.YES_NO]
    assert [(str(r.label), r.count, r.percent) for r in yes.rows] == [("Так", 3, 75), ("Ні", 1, 25)]
    single = by_kind[QuestionKind.SINGLE]
    assert [(str(r.label), r.count) for r in single.rows] == [("Сайт", 2), ("Телеграм", 1), ("Знайомі", 1)]
    multiple = by_kind[QuestionKind.MULTIPLE]
    # Two people answered; shares are of the people who answered, so they add up past 100%.
    assert multiple.answered == 2
    assert [(r.count, r.percent) for r in multiple.rows] == [(2, 100), (1, 50), (0, 0)]
    number = by_kind[QuestionKind.NUMBER]
    assert (number.answered, number.average, number.minimum, number.maximum) == (3, 20, 10, 30)


def test_the_results_take_the_same_queries_for_ten_or_a_hundred_responses(survey, as_user, world):
    client = as_user(world.viewer)
    url = reverse("survey_results", args=[world.community.slug, survey.pk])
    for n in range(10):
        add_response(survey, scale=n % 5 + 1, yes=n % 2, single=n % 3, multiple=(n % 3,), number=n, text=f"t{n}")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(90):
        add_response(survey, scale=n % 5 + 1, yes=n % 2, single=n % 3, multiple=(0, 1), number=n, text=f"t{n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many.captured_queries) <= 12


def test_charts_are_svg_images_with_a_title_and_a_table_of_the_same_numbers(survey, as_user, world):
    add_response(survey, scale=5, yes=1, single=0)
    add_response(survey, scale=4, yes=0, single=1)
    client = as_user(world.officer)
    html = client.get(reverse("survey_results", args=[world.community.slug, survey.pk])).content.decode()
    charts = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(charts) == 4  # scale, yes/no, single and multiple choice
    scale = questions_by_kind(survey)[QuestionKind.SCALE]
    chart = next(c for c in charts if f"chart-{scale.pk}" in c)
    assert 'role="img"' in chart and f'aria-labelledby="chart-{scale.pk}-title chart-{scale.pk}-desc"' in chart
    title = re.search(r"<title[^>]*>(.*?)</title>", chart).group(1)
    description = re.search(r"<desc[^>]*>(.*?)</desc>", chart).group(1)
    assert "Наскільки ви задоволені?" in title and "5: 1 (50,0%)" in description
    # The same numbers in a table, formatted for the language (a decimal comma in Ukrainian).
    assert re.search(r'<th scope="row">5</th><td class="n">1</td><td class="n">50,0%</td>', html)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("survey_results", args=[world.community.slug, survey.pk])).content.decode()
    assert "50.0%" in html


def test_results_are_filtered_by_date(survey, as_user, world):
    zone = timezone.get_current_timezone()
    add_response(survey, scale=1, when=datetime(2025, 3, 1, 10, tzinfo=zone))
    add_response(survey, scale=5, when=datetime(2025, 3, 15, 23, 30, tzinfo=zone))
    add_response(survey, scale=5, when=datetime(2025, 4, 2, 8, tzinfo=zone))
    results = compute_results(survey, period=Period(since=date(2025, 3, 10), until=date(2025, 3, 15)))
    assert results.responses == 1
    assert _by_kind(results)[QuestionKind.SCALE].rows[4].count == 1
    client = as_user(world.viewer)
    client.cookies["django_language"] = "en"
    url = reverse("survey_results", args=[world.community.slug, survey.pk])
    html = client.get(url, {"since": "2025-03-02", "until": ""}).content.decode()
    assert "2 responses" in html
    assert client.get(url, {"since": "not a date"}).status_code == 200


def test_free_text_answers_are_searched_regardless_of_case_and_paged(survey, as_user, world):
    add_response(survey, scale=5, text="Дуже ВВІЧЛИВИЙ персонал")
    add_response(survey, scale=5, text="Довго чекав у черзі")
    for n in range(60):
        add_response(survey, scale=3, text=f"Відповідь {n}")
    question = questions_by_kind(survey)[QuestionKind.LONG_TEXT]
    client = as_user(world.viewer)
    url = reverse("survey_text_answers", args=[world.community.slug, survey.pk, question.pk])
    found = client.get(url, {"q": "ввічливий"}).content.decode()
    assert "Дуже ВВІЧЛИВИЙ персонал" in found and "Довго чекав" not in found
    first = client.get(url).content.decode()
    assert first.count("<li><time") == 50
    assert "?page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("<li><time") == 12
    searched = client.get(url, {"q": "відповідь", "page": 2}).content.decode()
    assert searched.count("<li><time") == 10
    assert "q=%D0%B2%D1%96%D0%B4" in searched  # the search stays in the page links
    # Only free-text questions have this page.
    scale = questions_by_kind(survey)[QuestionKind.SCALE]
    assert client.get(reverse("survey_text_answers", args=[world.community.slug, survey.pk, scale.pk])
                      ).status_code == 404


def test_published_results_are_public_without_free_text(survey, as_user, world, client):
    add_response(survey, scale=5, yes=1, text="ПРИВАТНИЙ ТЕКСТ мешканця")
    public = reverse("survey_public_results", args=[survey.token])
    assert client.get(public).status_code == 404
    staff = as_user(world.officer)
    url = reverse("survey_publish", args=[world.community.slug, survey.pk])
    assert staff.post(url, {"action": "publish", "note_uk": "Ми подовжимо години роботи.",
                            "note_en": "We will open longer."}).status_code == 302
    visitor = type(client)()
    page = visitor.get(public)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ми подовжимо години роботи." in html
    assert "ПРИВАТНИЙ ТЕКСТ" not in html
    assert "<script" not in html and 'role="img"' in html
    visitor.cookies["django_language"] = "en"
    assert "We will open longer." in visitor.get(public).content.decode()
    staff.post(url, {"action": "unpublish"})
    assert visitor.get(public).status_code == 404


def test_the_thank_you_page_links_to_published_results(survey, client):
    actions.publish_results(actor=None, survey=survey, note={})
    html = post_answers(client, survey).content.decode()
    assert reverse("survey_public_results", args=[survey.token]) in html


def test_an_empty_survey_shows_zeros(world):
    survey = make_survey(world.community)
    results = compute_results(survey)
    assert results.responses == 0
    assert all(r.count == 0 and r.percent is None for q in results.questions for r in q.rows)
    assert all(q.answered == 0 and q.average is None for q in results.questions)
