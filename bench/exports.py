"""Exports of a generated plan of 500 activities over 12 months: PDF, DOCX and XLSX.

Each beside a floor measured in the same run, runs alternating: for the PDF, Typst
setting a bare table of the same cells (no styles, no headings) with the same font; for
the XLSX, openpyxl writing the same cells into a write-only workbook; for the DOCX, the
same cells built as a WordprocessingML table with lxml (as python-docx builds it) and
zipped. Targets: the PDF under 0.5 s; DOCX and XLSX guarded at 4 × their floor (they
measure 2–3 × today), so that they stay where they are. The plan is random but seeded,
so every run measures the same plan.
"""

from __future__ import annotations

import random

from bench.measure import alternate, report, timed
from holos.core.document import Activity, Goal, Indicator, Period, Plan, Resources, Task
from holos.core.schedule import Schedule, parse_schedule
from holos.exports import export_plan

START, END = "2025-01", "2025-12"
MONTHS = [f"2025-{month:02d}" for month in range(1, 13)]
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


def _cells(plan: Plan) -> list[list[str]]:
    from holos.exports import Labels, activity_cells, plan_columns

    labels = Labels.for_language("uk")
    columns = plan_columns(plan, labels)
    return [[" ".join(lines) for lines in activity_cells(activity, str(n), columns, labels)]
            for n, activity in enumerate(plan.activities(), start=1)]


def _bare_typst(cells: list[list[str]]):
    import json
    import tempfile
    from pathlib import Path

    import typst

    from holos.exports.pdf import FONT_FAMILY, FONTS

    folder = Path(tempfile.mkdtemp(prefix="holos-bench-typst-"))
    (folder / "bare.typ").write_text(
        '#let rows = json(bytes(sys.inputs.rows))\n'
        f'#set page(paper: "a4", flipped: true)\n#set text(font: "{FONT_FAMILY}", size: 8pt)\n'
        '#table(columns: rows.first().len(), ..rows.flatten())\n')
    compiler = typst.Compiler(folder / "bare.typ", root=folder, font_paths=[str(FONTS)])
    data = json.dumps(cells, ensure_ascii=False)
    return lambda: compiler.compile(format="pdf", sys_inputs={"rows": data})


def _bare_xlsx(cells: list[list[str]]):
    import io

    import openpyxl

    def write() -> bytes:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet()
        for row in cells:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    return write


def _bare_docx(cells: list[list[str]]):
    import io
    import zipfile

    from lxml import etree

    namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def w(name: str) -> str:
        return f"{{{namespace}}}{name}"

    def write() -> bytes:
        document = etree.Element(w("document"), nsmap={"w": namespace})
        table = etree.SubElement(etree.SubElement(document, w("body")), w("tbl"))
        for row in cells:
            tr = etree.SubElement(table, w("tr"))
            for cell in row:
                run = etree.SubElement(etree.SubElement(etree.SubElement(tr, w("tc")), w("p")), w("r"))
                etree.SubElement(run, w("t")).text = cell
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", etree.tostring(document))
        return buffer.getvalue()
    return write


def main(activities: int = 500, rounds: int = 7) -> None:
    """Print each export beside its floor."""
    plan = build_plan(activities)
    cells = _cells(plan)
    floors = {"pdf": _bare_typst(cells), "xlsx": _bare_xlsx(cells), "docx": _bare_docx(cells)}
    print(f"exports, {activities} activities × 12 months:")
    for fmt in ("pdf", "docx", "xlsx"):
        figures, floor_times = alternate(lambda fmt=fmt: timed(lambda: export_plan(plan, fmt)),
                                         lambda fmt=fmt: timed(floors[fmt]), rounds)
        if fmt == "pdf":
            report(f"PDF export, {activities} activities", figures, floor_times, target="< 0.5 s",
                   passed=lambda median, floor: median < 500)
        else:
            report(f"{fmt.upper()} export, {activities} activities", figures, floor_times, target="≤ 4 × floor",
                   passed=lambda median, floor: floor is not None and median <= 4 * floor)


if __name__ == "__main__":
    main()
