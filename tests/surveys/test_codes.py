"""Invitation codes: made in bulk for a list of people, one response per code, answers anonymous."""

import csv
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from holos.surveys import actions
from holos.surveys.models import CodeUse, InvitationCode, RejectionCount, Response
from tests.surveys.conftest import make_survey, post_answers


@pytest.fixture
def invited(world):
    survey = make_survey(world.community, invitation_only=True)
    return survey


def test_officer_makes_codes_for_a_list_of_people_and_downloads_them(world, as_user, invited):
    client = as_user(world.officer)
    url = reverse("survey_codes", args=[world.community.slug, invited.pk])
    response = client.post(url, {"people": "Олена Петренко\n\n  Іван   Сидоренко \n=HYPERLINK(\"x\")\n"})
    assert response.status_code == 302
    codes = list(InvitationCode.objects.filter(survey=invited).order_by("id"))
    assert [c.label for c in codes] == ["Олена Петренко", "Іван Сидоренко", '=HYPERLINK("x")']
    assert len({c.code for c in codes}) == 3
    assert all(len(c.code) == 10 for c in codes)
    client.post(url, {"count": "5"})
    assert InvitationCode.objects.filter(survey=invited).count() == 8
    assert client.post(url, {"people": "", "count": ""}).status_code == 422

    client.cookies["django_language"] = "en"
    download = client.get(reverse("survey_codes_csv", args=[world.community.slug, invited.pk]))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["For whom", "Code", "Link", "Used"]
    assert rows[1][0] == "Олена Петренко" and rows[1][1] == codes[0].code
    assert rows[1][2] == f"{invited.public_url()}?code={codes[0].code}"
    # A name that a spreadsheet would run as a formula is written as text.
    assert rows[3][0] == "'=HYPERLINK(\"x\")"
    assert len(rows) == 9


def test_the_survey_asks_for_a_code_and_checks_it(world, client, invited):
    [code] = actions.generate_codes(actor=None, survey=invited, labels=["Олена"])
    url = reverse("survey_public", args=[invited.token])
    assert 'name="code"' in client.get(url).content.decode()
    unknown = client.get(url, {"code": "NOPE123456"}).content.decode()
    assert 'aria-invalid="true"' in unknown
    form = client.get(url, {"code": code.code.lower()}).content.decode()
    assert f'<input type="hidden" name="code" value="{code.code}">' in form


def test_a_code_gives_one_response_and_the_second_looks_accepted(world, client, invited):
    [code] = actions.generate_codes(actor=None, survey=invited, labels=["Олена"])
    first = post_answers(client, invited, code=code.code)
    second = post_answers(client, invited, code=code.code)
    assert first.status_code == second.status_code == 200
    assert Response.objects.filter(survey=invited).count() == 1
    assert RejectionCount.objects.get(survey=invited, reason="used_code").count == 1
    client.cookies["django_language"] = "en"
    page = client.get(reverse("survey_public", args=[invited.token]), {"code": code.code})
    assert "used" in page.content.decode()


def test_without_a_known_code_nothing_is_stored(world, client, invited):
    post_answers(client, invited)
    post_answers(client, invited, code="ZZZZZZZZZZ")
    other = make_survey(world.community, invitation_only=True)
    [foreign] = actions.generate_codes(actor=None, survey=other, labels=["x"])
    post_answers(client, invited, code=foreign.code)
    assert not Response.objects.exists()
    assert RejectionCount.objects.get(survey=invited, reason="unknown_code").count == 3


def test_the_database_refuses_a_second_use_of_a_code(invited):
    [code] = actions.generate_codes(actor=None, survey=invited, labels=["Олена"])
    CodeUse.objects.create(code=code)
    with pytest.raises(IntegrityError), transaction.atomic():
        CodeUse.objects.create(code=code)


def test_the_use_of_a_code_does_not_lead_to_the_answers(world, client, invited):
    codes = actions.generate_codes(actor=None, survey=invited, labels=["Олена", "Іван"])
    post_answers(client, invited, code=codes[1].code)
    use = CodeUse.objects.values().get()
    assert use == {"code_id": codes[1].pk}
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert not response_fields & {"code", "invitation", "codes"}


def test_viewers_cannot_see_the_codes(world, as_user, invited):
    client = as_user(world.viewer)
    assert client.get(reverse("survey_codes", args=[world.community.slug, invited.pk])).status_code == 403
    assert client.get(reverse("survey_codes_csv", args=[world.community.slug, invited.pk])).status_code == 403


def test_the_constraint_not_the_check_before_it_refuses_a_spent_code(invited):
    """Two submissions past the check at once: the second insert is rolled back whole."""
    [code] = actions.generate_codes(actor=None, survey=invited, labels=["Олена"])
    question = invited.questions.get(kind="scale")
    from holos.surveys.models import Answer

    first = actions.submit_response(survey=invited, answers=[Answer(question=question, number=5)], code=code)
    second = actions.submit_response(survey=invited, answers=[Answer(question=question, number=1)], code=code)
    assert first is not None and second is None
    assert Response.objects.filter(survey=invited).count() == 1
    assert Answer.objects.filter(question=question).values_list("number", flat=True).get() == 5
