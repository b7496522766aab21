"""A plan document saved into the database and dumped back is the document saved."""

import pytest
from django.db import IntegrityError

from holos.core import document as doc
from holos.core.schedule import Schedule
from holos.plans.actions import plan_to_document, save_document
from holos.plans.models import Activity, Channel


def rich_plan() -> doc.Plan:
    return doc.Plan(
        title="Стратегічний план Ради ВПО на 2023-2025 роки",
        organization="Рада з питань ВПО при Коломийській міській раді",
        kind="strategic",
        language="uk",
        period=doc.Period(start="2023-07", end="2025-06", granularity="quarter"),
        approval="рішення від 14.06.2023 № 5",
        audiences=["Вразливі ВПО", "Сім'ї з дітьми"],
        notes=["Проблемне питання: житло", "Роль ради: координація"],
        goals=[
            doc.Goal(
                title="Дослідження потреб ВПО",
                key_message="Нічого про ВПО без ВПО",
                tasks=[
                    doc.Task(
                        title="Опитування",
                        activities=[
                            doc.Activity(
                                title="Анкетування ВПО",
                                audiences=["Вразливі ВПО", "Працездатні"],
                                channels=["Гугл-форма", "Вайбер-групи", "Телефон"],
                                responsible=["Рада ВПО", "ГО Трикутник"],
                                result="Звіт про потреби",
                                resources=doc.Resources(needed=True, text="Потребує"),
                                schedule=Schedule(text="x x", kind="slots", slots=["2023-Q3", "2024-Q1"]),
                                indicators=[
                                    doc.Indicator(
                                        text="__ (кількість) анкет", target=None, unit="анкет", placeholder=True
                                    ),
                                    doc.Indicator(text="80% охоплення", target=80, unit="%"),
                                    doc.Indicator(text="2.5 години", target=2.5, unit="години"),
                                ],
                                notes="Разом з партнерами",
                            ),
                            doc.Activity(
                                title="Публікація результатів",
                                channels=["Сайт"],
                                schedule=Schedule(
                                    text="За 2 тижні до заходу", kind="relative", offset_days=-14, anchor="захід"
                                ),
                            ),
                        ],
                    ),
                    doc.Task(title="Порожнє завдання"),
                ],
            ),
            doc.Goal(
                title="Інформування",
                tasks=[
                    doc.Task(
                        title="Постійна комунікація",
                        activities=[
                            doc.Activity(
                                title="Новини",
                                resources=doc.Resources(needed=False, text="Не потребує"),
                                schedule=Schedule(
                                    text="щомісяця", kind="recurring", every="month", start="2023-07", end="2025-06"
                                ),
                            ),
                            doc.Activity(
                                title="Круглі столи",
                                schedule=Schedule(
                                    text="6/2018 - 01/2020 - 4 akce",
                                    kind="range",
                                    start="2018-06",
                                    end="2020-01",
                                    count=4,
                                ),
                            ),
                            doc.Activity(title="Щось невідоме", schedule=Schedule(text="колись", kind="unknown")),
                        ],
                    )
                ],
            ),
        ],
    )


def test_a_rich_plan_survives_the_database(world):
    original = rich_plan()
    document = doc.PlanDocument(plans=[original], source={"file": "plan.docx", "format": "docx"})
    [plan] = save_document(actor=world.officer, organization=world.community, document=document)
    assert plan_to_document(plan) == original
    # And through JSON as well.
    assert doc.loads(doc.dumps(doc.PlanDocument(plans=[plan_to_document(plan)]))).plans[0] == original


def test_saving_reuses_the_organisations_catalogue(world):
    document = doc.PlanDocument(plans=[rich_plan(), rich_plan()])
    save_document(actor=None, organization=world.community, document=document)
    assert Channel.objects.filter(organization=world.community, name="Вайбер-групи").count() == 1
    assert Activity.objects.filter(plan__organization=world.community, title="Новини").count() == 2


def test_a_failing_save_leaves_no_half_plan(world):
    broken = rich_plan()
    broken.goals[1].tasks[0].title = None  # a task must have a title: the database refuses it
    before = Activity.objects.count()
    with pytest.raises(IntegrityError):
        save_document(actor=None, organization=world.community, document=doc.PlanDocument(plans=[rich_plan(), broken]))
    assert Activity.objects.count() == before
    assert not world.community.plans.filter(title__startswith="Стратегічний").exists()
