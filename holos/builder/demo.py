"""The demo community's profile: its groups, languages, channels with dated reach figures, and units."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from holos.builder import actions
from holos.demo.notes import Note
from holos.plans import actions as plan_actions
from holos.plans.models import Unit

AS_OF = datetime.date(2025, 1, 1)
POPULATION = 24_600
GROUPS = (
    ("Внутрішньо переміщені особи", 1850, "Переважно сім'ї з дітьми та люди похилого віку з Донеччини."),
    ("Люди похилого віку", 3400, "Багато хто не користується інтернетом."),
    ("Люди з порушеннями зору", 120, ""),
    ("Люди з порушеннями слуху", 90, ""),
    ("Люди, що пересуваються на колісних кріслах", 60, ""),
    ("Молодь", 2100, ""),
    ("Батьки дітей дошкільного віку", 900, ""),
    ("Підприємці", 350, ""),
    ("Жителі Миролюбівського старостинського округу", 1200, "Автобус двічі на тиждень."),
    ("Жителі Зеленогайського старостинського округу", 800, ""),
)
CHANNELS = (
    ("Сайт громади", "visits_month", ((2024, 7, 4800), (2025, 1, 5400))),
    ("Сторінка громади у Facebook", "followers", ((2024, 7, 3500), (2025, 1, 3900))),
    ("Telegram-канал громади", "subscribers", ((2025, 1, 1700),)),
    ("Viber-спільнота громади", "members", ((2024, 7, 1900), (2025, 1, 2300))),
    ("Газета «Вісник громади»", "circulation", ((2025, 1, 2000),)),
    ("Місцеве радіо «Хвиля»", "listeners", ((2025, 1, 4000),)),
    ("Інформаційні стенди у ЦНАП і старостатах", "stands", ((2025, 1, 9),)),
    ("Листівки у відділеннях пошти", "offices", ((2025, 1, 6),)),
    ("Телефон «гарячої лінії» ЦНАП", "people", ((2025, 1, 600),)),
)
UNITS = ("ЦНАП", "Відділ комунікацій", "Старости", "Відділ соціального захисту")


def create_demo_profile(*, organization, admin) -> list[Note]:
    actions.save_profile(actor=admin, organization=organization, population=POPULATION, population_as_of=AS_OF,
                         languages=["українська", "кримськотатарська", "англійська"])
    for name, size, note in GROUPS:
        actions.add_profile_audience(actor=admin, organization=organization, name=name, size=size,
                                     size_as_of=AS_OF, note=note)
    for name, measure, figures in CHANNELS:
        first, *later = figures
        row = actions.add_profile_channel(actor=admin, organization=organization, name=name, measure=measure,
                                          figure=first[2], as_of=datetime.date(first[0], first[1], 1))
        for year, month, figure in later:
            actions.record_reach(actor=admin, row=row, figure=figure, as_of=datetime.date(year, month, 1))
    plan_actions.find_or_create_entries(organization, Unit, UNITS)
    return [Note(gettext_noop("community profile: %(groups)s groups of the population, %(channels)s channels"),
                 {"groups": len(GROUPS), "channels": len(CHANNELS)})]
