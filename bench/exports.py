"""Exports of a generated plan of 500 activities over 12 months, in every format.

Prints the time of each export (best of three runs) and the size of the file. Targets:
DOCX and XLSX under 2 s, PDF under 10 s, so that the plan page can build any export
while the person waits. The plan is random but seeded, so every run measures the same plan.
"""

from __future__ import annotations

import random
import time

from holos.core.document import Activity, Goal, Indicator, Period, Plan, Resources, Task
from holos.core.schedule import Schedule, parse_schedule
from holos.exports import FORMATS, export_plan

START, END = "2025-01", "2025-12"
MONTHS = [f"2025-{month:02d}" for month in range(1, 13)]
TARGETS = {"docx": 2.0, "xlsx": 2.0, "pdf": 10.0, "csv": 1.0, "json": 1.0}
UNITS = ["ЦНАП", "Відділ культури", "Центр соціальних служб", "Загальний відділ", "Секретар ради",
         "Відділ освіти", "Старостат", "Прес-служба"]
AUDIENCES = ["ВПО", "Жителі громади", "Люди з вадами зору", "Пенсіонери", "Молодь", "Жителі віддалених сіл",
             "Батьки учнів", "Підприємці", "Люди на інвалідних візках", "Громадські організації"]
CHANNELS = ["Телеграм канал", "Вайбер-група", "Фейсбук сторінка громади", "Сайт громади", "Місцеве радіо",
            "Дошка оголошень", "Староста", "Листівки", "Гаряча лінія", "Особистий прийом", "Газета «Вісник»"]
TITLES = ["Інформування мешканців про послуги ЦНАП", "Опитування мешканців щодо якості послуг",
          "Робоча група з ВПО", "Громадські слухання щодо бюджету", "Спільно з ГО облаштувати сквер",
          "Бюджет участі: голосування", "Новини на сайті", "Зустрічі старост з мешканцями у віддалених селах"]
RESULTS = ["Інформування населення", "10 публікацій", "Звіт про потреби", "500 учасників", ""]
SCHEDULE_TEXTS = ["щомісяця", "постійно", "за потреби", "За 2 тижні до заходу", "вересень-листопад 2025"]


def build_plan(activities: int = 500, *, seed: int = 7) -> Plan:
    """A 12-month plan of ``activities`` over 5 goals and 25 tasks; most schedules are marked months."""
    rng = random.Random(seed)
    goals = [Goal(title=f"Ціль {g + 1}: поінформувати й залучити мешканців", key_message="Ми поруч")
             for g in range(5)]
    tasks = [Task(title=f"Завдання {t + 1}: підвищити обізнаність") for t in range(25)]
    for t, task in enumerate(tasks):
        goals[t % len(goals)].tasks.append(task)
    for n in range(activities):
        if rng.random() < 0.8:
            marked = sorted(rng.sample(MONTHS, rng.randint(1, 12)))
            schedule = Schedule(text=" ".join("x" for _ in marked), kind="slots", slots=marked)
        else:
            schedule = parse_schedule(rng.choice(SCHEDULE_TEXTS), period_start=START, period_end=END)
        tasks[n % len(tasks)].activities.append(Activity(
            title=f"{rng.choice(TITLES)} ({n + 1})",
            audiences=rng.sample(AUDIENCES, rng.randint(1, 3)),
            channels=rng.sample(CHANNELS, rng.randint(1, 3)),
            responsible=rng.sample(UNITS, rng.randint(1, 2)),
            result=rng.choice(RESULTS),
            resources=Resources(needed=False, text="Не потребує"),
            schedule=schedule,
            indicators=[Indicator(text=f"{rng.randint(5, 500)} учасників", target=5, unit="учасників")],
        ))
    return Plan(title=f"Комунікаційний план на 2025 рік ({activities} заходів)", organization="Тестова громада",
                kind="calendar", period=Period(start=START, end=END, granularity="month"),
                approval="розпорядження від 27.11.2024 № 211", goals=goals)


def main(activities: int = 500, runs: int = 3) -> dict[str, float]:
    """Print and return the best time in seconds of each format's export of the generated plan."""
    plan = build_plan(activities)
    best: dict[str, float] = {}
    for fmt in FORMATS:
        times = []
        size = 0
        for _ in range(runs):
            started = time.perf_counter()
            size = len(export_plan(plan, fmt))
            times.append(time.perf_counter() - started)
        best[fmt] = min(times)
        verdict = "ok" if best[fmt] < TARGETS[fmt] else f"SLOWER than the {TARGETS[fmt]:.0f} s target"
        print(f"exports: {fmt:>4}: {activities} activities x 12 months: {best[fmt] * 1000:.0f} ms "
              f"(best of {runs}, {size / 1024:.0f} KiB) {verdict}")
    return best


if __name__ == "__main__":
    main()
