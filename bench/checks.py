"""Plan checks on a generated plan of 1,000 activities over 24 months.

Prints the median time of ``run_checks`` over 20 runs (there is no floor to set beside
it). Target: under 250 ms, so that the plan page and the CLI can check a plan of that
size while a person waits.
The plan is random but seeded, so every run measures the same plan.
"""

from __future__ import annotations

import random
import statistics
import time

from bench.measure import report
from holos.core.checks import run_checks
from holos.core.document import Activity, Goal, Indicator, Period, Plan, Task
from holos.core.schedule import Schedule, parse_schedule

START, END = "2024-01", "2025-12"
MONTHS = [f"{year}-{month:02d}" for year in (2024, 2025) for month in range(1, 13)]
UNITS = ["ЦНАП", "Відділ культури", "Центр соціальних служб", "Загальний відділ", "Секретар ради",
         "Відділ освіти", "Старостат", "Прес-служба"]
AUDIENCES = ["ВПО", "Жителі громади", "Люди з вадами зору", "Пенсіонери", "Молодь", "Жителі віддалених сіл",
             "Батьки учнів", "Підприємці", "Люди на інвалідних візках", "Громадські організації"]
CHANNELS = ["Телеграм канал", "Вайбер-група", "Фейсбук сторінка громади", "Сайт громади", "Місцеве радіо",
            "Дошка оголошень", "Староста", "Листівки", "Гаряча лінія", "Особистий прийом", "Плакати",
            "Аудіооголошення", "Газета «Вісник»", "E-mail розсилка", "Шкільні батьківські чати"]
TITLES = ["Інформування мешканців про послуги ЦНАП", "Опитування мешканців щодо якості послуг",
          "Робоча група з ВПО", "Громадські слухання щодо бюджету", "Спільно з ГО облаштувати сквер",
          "Бюджет участі: голосування", "Новини на сайті", "Інформування про результати опитування",
          "Зустрічі старост з мешканцями", "Випуск листівок"]
RESULTS = ["Інформування населення", "10 публікацій", "Звіт про потреби", "500 учасників", "Почути думку жителів",
           ""]
SCHEDULE_TEXTS = ["щомісяця", "щокварталу", "постійно", "за потреби", "За 2 тижні до заходу", "щотижня",
                  "вересень-листопад 2024", "1 квартал 2025", "6/2024 - 12/2025 - 4 заходи", "колись"]


def _schedule(rng: random.Random) -> Schedule:
    if rng.random() < 0.5:
        marked = sorted(rng.sample(MONTHS, rng.randint(1, 8)))
        return Schedule(text=" ".join("x" for _ in marked), kind="slots", slots=marked)
    return parse_schedule(rng.choice(SCHEDULE_TEXTS), period_start=START, period_end=END)


def _indicators(rng: random.Random) -> list[Indicator]:
    choice = rng.random()
    if choice < 0.3:
        return []
    if choice < 0.6:
        return [Indicator(text="__ (кількість) учасників", placeholder=True)]
    return [Indicator(text=f"{rng.randint(5, 500)} учасників", target=rng.randint(5, 500), unit="учасників")]


def build_plan(activities: int = 1000, *, seed: int = 11) -> Plan:
    """A plan of ``activities`` spread over 6 goals and 30 tasks, with a bit of everything."""
    rng = random.Random(seed)
    goals = [Goal(title=f"Ціль {g + 1}", key_message=rng.choice(["Ми поруч", ""])) for g in range(6)]
    tasks = [Task(title=f"Завдання {t + 1}") for t in range(30)]
    for t, task in enumerate(tasks):
        goals[t % len(goals)].tasks.append(task)
    for n in range(activities):
        tasks[n % len(tasks)].activities.append(Activity(
            title=f"{rng.choice(TITLES)} ({n + 1})",
            audiences=rng.sample(AUDIENCES, rng.randint(0, 3)),
            channels=rng.sample(CHANNELS, rng.randint(0, 3)),
            responsible=rng.sample(UNITS, rng.randint(0, 2)),
            result=rng.choice(RESULTS),
            schedule=_schedule(rng),
            indicators=_indicators(rng),
        ))
    return Plan(title=f"План на {activities} заходів", kind="operational",
                period=Period(start=START, end=END, granularity="month"), goals=goals,
                audiences=["Сім'ї з дітьми", "Люди без інтернету"])


def main(activities: int = 1000, runs: int = 20) -> float:
    """Print and return the median milliseconds of ``run_checks`` on the generated plan."""
    plan = build_plan(activities)
    events = {"захід": "2024-06-01"}
    times: list[float] = []
    findings = 0
    for _ in range(runs):
        started = time.perf_counter()
        checked = run_checks(plan, events=events)
        times.append((time.perf_counter() - started) * 1000)
        findings = len(checked.findings)
    median = statistics.median(times)
    # The first run also fills the caches of recognised audience and channel names.
    print(f"checks: {activities} activities, {findings} findings, first run {times[0]:.1f} ms:")
    report(f"plan checks, {activities} activities", [t / 1000 for t in times[1:]], target="< 250 ms",
           passed=lambda median, floor: median < 250)
    return median


if __name__ == "__main__":
    main()
