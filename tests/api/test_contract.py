"""Contract tests: requests generated from the API's own OpenAPI schema, sent to a live server.

Schemathesis writes requests for every operation (valid ones and broken ones: wrong types,
texts too long, odd characters), sends them to Holos serving on 127.0.0.1, and checks that
no answer is a server error and that every answer (status, content type, body) is one the
schema promises. The organisation and the rows the addresses name are the community's,
so the requests reach its plans, work and surveys instead of stopping at 404; the number
of examples per operation is bounded so the whole walk takes seconds.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from holos.api.endpoints import api
from holos.api.models import Scope
from tests.api.conftest import token_for

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
# Without the coverage phase, which would send every boundary of every field of the deep document.
fuzzed = schemathesis.openapi.from_dict(
    api.get_openapi_schema(), config=schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}}))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


@pytest.fixture
def served(live_world, live_server, settings):
    """The community with published, scheduled work, an indicator and a survey, and its editor's write token."""
    from holos.plans.actions import set_activity_slots, set_published
    from holos.plans.models import Goal, Indicator, Task
    from holos.surveys.actions import add_question, create_survey
    from holos.work.models import Occurrence

    settings.HOLOS_API_RATE_LIMIT = 0
    world = live_world
    for activity in world.plan.activities.all():
        set_activity_slots(actor=None, activity=activity, slots=["2025-01", "2025-02"])
    set_published(actor=None, plan=world.plan, published=True)
    survey = create_survey(actor=None, organization=world.community, title={"uk": "Опитування"})
    add_question(actor=None, survey=survey, kind="scale", text={"uk": "Оцінка"})
    rows = {
        "slug": world.community.slug,
        "plan_id": world.plan.pk,
        "goal_id": Goal.objects.filter(plan=world.plan).first().pk,
        "task_id": Task.objects.filter(plan=world.plan).first().pk,
        "activity_id": world.plan.activities.first().pk,
        "item_id": Occurrence.objects.filter(plan=world.plan).first().pk,
        "indicator_id": Indicator.objects.create(activity=world.plan.activities.first(), text="Охоплення").pk,
        "survey_id": survey.pk,
    }
    secret = token_for(world.officer, world.community, Scope.WRITE)
    return live_server.url, {"Authorization": f"Bearer {secret}"}, rows


HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much,
          HealthCheck.data_too_large]


def _call_and_validate(case, served):
    base_url, headers, rows = served
    for name in case.path_parameters:
        if name in rows:
            case.path_parameters[name] = rows[name]
    response = case.call(base_url=base_url, headers=headers, timeout=10)
    case.validate_response(response, checks=CHECKS)


@pytest.fixture
def served_programme(served, live_world):
    """The same, with the community in a programme sharing its plan, and the coordinator's programme token."""
    from tests.api.conftest import programme_token_for
    from tests.programmes.conftest import build_programme_world

    base_url, _headers, rows = served
    pw = build_programme_world(live_world)
    secret = programme_token_for(pw.coordinator, pw.programme, Scope.READ)
    return base_url, {"Authorization": f"Bearer {secret}"}, {**rows, "slug": pw.programme.slug}


# Bodies deep enough (documents; activities with schedules and indicators) that every boundary
# of every field would take minutes: random examples only.
DEEP = ["create_plans", "replace_plan", "create_activity", "update_activity"]
PROGRAMMES = "^/api/v1/programmes"


@schema.exclude(operation_id=DEEP).exclude(path_regex=PROGRAMMES).parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=HEALTH)
def test_no_answer_is_a_server_error_or_breaks_the_schema(case, served):
    _call_and_validate(case, served)


@schema.include(path_regex=PROGRAMMES).parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=HEALTH)
def test_no_programme_answer_is_a_server_error_or_breaks_the_schema(case, served_programme):
    _call_and_validate(case, served_programme)


# A plan document is deep (plans, goals, tasks, activities, indicators), an activity a part of
# one: each example takes long to make, so a few random ones are sent instead of every boundary.
@fuzzed.include(operation_id=DEEP).parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, database=None, suppress_health_check=HEALTH)
def test_saving_documents_never_fails_on_the_server(case, served):
    _call_and_validate(case, served)
