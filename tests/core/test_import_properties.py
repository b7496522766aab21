"""Property tests of the importers: any table in any shape is read without an error, and a
plan written by Holos's own exporters reads back with the same activities."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from holos.core.document import Activity, Goal, Period, Plan, Task
from holos.core.importers import UnreadableSource, read_bytes, read_text
from holos.core.schedule import Schedule
from holos.exports import export_plan

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words of real plans, so that random tables reach the importer's rules, and characters that
# break shapes: tabs, quotes, pipes, line breaks, bullets.
WORDS = ["Захід", "Найменування заходу", "Строк виконання", "Відповідальні", "постійно", "III квартал 2023 р.",
         "Aktivita", "Termín", "do 9 czerwca", "Działanie", "Action", "Lead", "Timescale", "22 November → 31 January",
         "1) перший", "2) другий", "__ (кількість)", "Не менше 200 учасників", "ЦНАП", "відділ", "x", "•", "|", "\t",
         '"', '""', "\n", "—", "2023", "15.07.2023", "XI", "…", "<b>", "</p>", "#", "---"]
CELL = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=4).map(" ".join)
TABLE = st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=12)


def _shapes(rows: list[list[str]]) -> list[str]:
    """The table as it is pasted from a spreadsheet, a web page, markdown or aligned text."""
    quoted = io.StringIO()
    csv.writer(quoted, delimiter="\t", lineterminator="\n").writerows(rows)
    return [
        "\n".join("\t".join(row) for row in rows),
        quoted.getvalue(),
        "\n".join("| " + " | ".join(row) + " |" for row in rows),
        "\n".join(" | ".join(row) for row in rows[:1]) + "\n|---|---|\n" + "\n".join(" | ".join(r) for r in rows[1:]),
        "\n".join("     ".join(row) for row in rows),
        "\n\n".join(cell for row in rows for cell in row),
        "\n".join(cell + " |" for row in rows for cell in row),
        "<table>" + "".join("<tr>" + "".join(f"<td rowspan='2'>{c}</td>" for c in r) + "</tr>" for r in rows)
        + "</table><ul><li>" + "</li><li>".join(r[0] for r in rows) + "</li></ul>",
    ]


def _read_or_refuse(read, *args, **kwargs) -> None:
    try:
        document = read(*args, **kwargs)
    except UnreadableSource as exc:
        assert str(exc)  # a refusal is a sentence for a person, never an empty one
        return
    for plan in document.plans:
        assert all(activity.title.strip() for activity in plan.activities())


@SETTINGS
@given(TABLE)
def test_a_table_in_any_text_shape_is_read_or_refused_with_a_sentence(rows):
    for text in _shapes(rows):
        _read_or_refuse(read_text, text, columns={})


@SETTINGS
@given(TABLE, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_a_mutated_table_is_read_or_refused_with_a_sentence(rows, cut, swap):
    for text in _shapes(rows):
        mutated = text[:cut] + text[cut + swap:] + text[cut:cut + swap]
        _read_or_refuse(read_text, mutated)


@SETTINGS
@given(TABLE)
def test_a_table_in_a_word_or_excel_file_is_read_or_refused_with_a_sentence(rows):
    document = docx.Document()
    document.add_paragraph("План заходів на 2024 рік")
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = "".join(char for char in value if char.isprintable() or char in "\n\t")
    buffer = io.BytesIO()
    document.save(buffer)
    _read_or_refuse(read_bytes, buffer.getvalue(), filename="plan.docx")
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(["".join(c for c in value if c.isprintable() or c == "\n") for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _read_or_refuse(read_bytes, buffer.getvalue(), filename="plan.xlsx")


TITLE = st.text(alphabet=st.sampled_from("абвгдежзиклмнопрстуфхцчшщюяіїєАБВГДЕЖЗИКЛМНОПРСТ "), min_size=3,
                max_size=30).map(lambda text: " ".join(text.split())).filter(lambda text: len(text) >= 3)
UNITS = st.sampled_from(["Відділ культури", "ЦНАП", "Відділ освіти", "Сектор комунікацій"])
MONTHS = st.lists(st.sampled_from([f"2024-{month:02d}" for month in range(1, 13)]), min_size=1, max_size=4,
                  unique=True).map(sorted)


@st.composite
def plans(draw) -> Plan:
    tasks = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        activities = [Activity(title=f"Захід {draw(TITLE)}", responsible=[draw(UNITS)],
                               schedule=Schedule(text="x", kind="slots", slots=draw(MONTHS)))
                      for _ in range(draw(st.integers(min_value=1, max_value=4)))]
        tasks.append(Task(title=f"Завдання {draw(TITLE)}", activities=activities))
    return Plan(title="Комунікаційний план громади на 2024 рік", organization="Громада",
                period=Period(start="2024-01", end="2024-12", granularity="month"),
                goals=[Goal(title=f"Мета {draw(TITLE)}", tasks=tasks)])


def _same_activities(plan: Plan, read: Plan) -> None:
    assert [a.title for a in read.activities()] == [a.title for a in plan.activities()]
    assert [a.responsible for a in read.activities()] == [a.responsible for a in plan.activities()]
    assert [a.schedule.slots for a in read.activities()] == [a.schedule.slots for a in plan.activities()]


@SETTINGS
@given(plans())
def test_a_plan_exported_to_word_and_excel_reads_back_the_same(plan):
    for fmt, name in (("docx", "plan.docx"), ("xlsx", "plan.xlsx")):
        document = read_bytes(export_plan(plan, fmt), filename=name)
        assert len(document.plans) == 1
        _same_activities(plan, document.plans[0])


def test_a_goal_or_task_that_names_a_plan_is_not_read_as_the_plans_title():
    """Found by the test above: a goal "Мета ПЛАН" took the title's place in Word, and the year with it."""
    activity = Activity(title="Захід у громаді", responsible=["ЦНАП"],
                        schedule=Schedule(text="x", kind="slots", slots=["2024-03", "2024-09"]))
    plan = Plan(title="Комунікаційний план громади на 2024 рік", organization="Громада",
                period=Period(start="2024-01", end="2024-12", granularity="month"),
                goals=[Goal(title="Оновити план евакуації", tasks=[
                    Task(title="План дій оприлюднено", activities=[activity])])])
    for fmt, name in (("docx", "plan.docx"), ("xlsx", "plan.xlsx")):
        [read] = read_bytes(export_plan(plan, fmt), filename=name).plans
        assert read.title == plan.title, fmt
        assert [goal.title for goal in read.goals] == ["Оновити план евакуації"], fmt
        _same_activities(plan, read)


@SETTINGS
@given(plans())
def test_holos_own_spreadsheet_pasted_as_text_reads_back_the_same(plan):
    """What Excel or Calc puts on the clipboard: tabs, and quotes around cells with line breaks."""
    sheet = openpyxl.load_workbook(io.BytesIO(export_plan(plan, "xlsx"))).active
    pasted = io.StringIO()
    writer = csv.writer(pasted, delimiter="\t", lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if value is None else str(value) for value in row])
    document = read_text(pasted.getvalue())
    assert len(document.plans) == 1
    _same_activities(plan, document.plans[0])
