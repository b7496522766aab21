"""Any plan document survives the database and the ``holos.plan/1`` export, whatever it holds.

Hypothesis writes the plans: titles and names in Ukrainian and Czech, empty and full
goals and tasks, catalogue names shared between activities and the plan's own list,
every kind of schedule, indicators with and without numbers, resources said or not.
Each plan is saved as an import saves it (``save_document``), read back
(``plan_to_document``), exported as the plan page exports JSON, and parsed again.
"""

from __future__ import annotations

import itertools
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from holos.accounts.actions import create_organization
from holos.core import document as doc
from holos.core.schedule import Schedule
from holos.plans.actions import plan_to_document, save_document
from holos.plans.exporting import export_plan_file
from holos.plans.models import PlanKind

LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄІЇЛМНОПСТ" + "áčďéěíňóřšťúůýžČŘŠŽ" + "0123456789"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=12)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)
# Catalogue names are matched by a folded form (case, spaces, dashes); these differ in it.
AUDIENCES = ["ВПО", "молодь", "пенсіонери", "батьки школярів", "ветерани", "підприємці", "obyvatelé obce"]
CHANNELS = ["Телеграм канал", "Вайбер-групи", "сайт громади", "радіо", "дошка оголошень", "Facebook"]
UNITS = ["ЦНАП", "Відділ культури", "Рада ВПО", "Секретаріат", "odbor školství"]
MONTHS = [f"2025-{month:02d}" for month in range(1, 13)]

SCHEDULES = st.one_of(
    st.builds(lambda text: Schedule(text=text, kind="unknown"), TEXT),
    st.lists(st.sampled_from(MONTHS), min_size=1, max_size=6, unique=True).map(
        lambda slots: Schedule(text=" ".join("x" for _ in slots), kind="slots", slots=sorted(slots))),
    st.builds(lambda start, end: Schedule(text="щомісяця", kind="recurring", every="month",
                                          start=min(start, end), end=max(start, end)),
              st.sampled_from(MONTHS), st.sampled_from(MONTHS)),
    st.builds(lambda start, end, count: Schedule(text=f"{count} заходи", kind="range",
                                                 start=min(start, end), end=max(start, end), count=count),
              st.sampled_from(MONTHS), st.sampled_from(MONTHS), st.integers(1, 12)),
    st.builds(lambda days, anchor: Schedule(text="перед подією", kind="relative", offset_days=days, anchor=anchor),
              st.integers(-60, 60), TEXT),
)
TARGETS = st.one_of(st.none(), st.integers(0, 100_000), st.integers(1, 99_999).filter(lambda n: n % 100)
                    .map(lambda n: n / 100))
INDICATORS = st.builds(doc.Indicator, text=TEXT, target=TARGETS, unit=OPTIONAL_TEXT, placeholder=st.booleans())
# Resources that say nothing (need unknown, no words) are no resources: the database keeps them as such.
RESOURCES = st.one_of(st.none(), st.builds(doc.Resources, needed=st.booleans(), text=OPTIONAL_TEXT),
                      st.builds(doc.Resources, needed=st.none(), text=TEXT))


def names(pool: list[str], most: int = 3):
    return st.lists(st.sampled_from(pool), max_size=most, unique=True)


ACTIVITIES = st.builds(
    doc.Activity, title=TEXT, audiences=names(AUDIENCES), channels=names(CHANNELS), responsible=names(UNITS, 2),
    result=OPTIONAL_TEXT, resources=RESOURCES, schedule=SCHEDULES,
    indicators=st.lists(INDICATORS, max_size=2), notes=OPTIONAL_TEXT,
)
TASKS = st.builds(doc.Task, title=TEXT, activities=st.lists(ACTIVITIES, max_size=3))
GOALS = st.builds(doc.Goal, title=TEXT, key_message=OPTIONAL_TEXT, tasks=st.lists(TASKS, max_size=3))
PLANS = st.builds(
    doc.Plan, title=TEXT, organization=OPTIONAL_TEXT, kind=st.sampled_from(PlanKind.values),
    language=st.sampled_from(["uk", "en", "cs"]),
    period=st.just(doc.Period(start="2025-01", end="2025-12", granularity="month")),
    approval=st.one_of(st.none(), TEXT), goals=st.lists(GOALS, max_size=3),
    audiences=names(AUDIENCES), notes=st.lists(TEXT, max_size=2),
)

_organizations = itertools.count(1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(plan=PLANS)
def test_a_plan_survives_the_database_and_the_json_export(db, plan):
    # An organisation of its own, so that catalogue names met in earlier examples are not reused.
    number = next(_organizations)
    organization = create_organization(actor=None, name=f"Громада {number}", slug=f"hromada-{number}")
    [saved] = save_document(actor=None, organization=organization, document=doc.PlanDocument(plans=[plan]))

    assert plan_to_document(saved) == plan

    content, filename = export_plan_file(saved, "json")
    assert filename.endswith(".json")
    assert json.loads(content)["schema"] == doc.SCHEMA == "holos.plan/1"
    assert doc.loads(content.decode("utf-8")).plans == [plan]
