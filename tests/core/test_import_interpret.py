"""The interpreter on small plans written the ways the seeds are not: English and Polish
headers, one cell per line, tasks without labels, analysis tables, no title."""

from __future__ import annotations

from holos.core.document import PlanDocument
from holos.core.importers import read_text


def lines(*rows: tuple[str, ...] | str) -> str:
    """Text as copied from a table: one line per row, cells separated by tabs."""
    return "".join(("\t".join(row) if isinstance(row, tuple) else row) + "\n" for row in rows)


ENGLISH = lines(
    "Communication plan of the City Council for 2024",
    "",
    "Goal: Residents know where the new service centre is",
    "Key message: One visit is enough",
    "",
    ("Activity", "Target audience", "Channels", "Responsible", "Expected result", "Resources",
     "Jan", "Feb", "Mar"),
    ("Task 1: Tell residents where the centre is", "", "", "", "", "", "", "", ""),
    ("1. Press release about the opening", "residents; journalists", "website, local newspaper",
     "Press office", "Article published", "none", "x", "", ""),
    ("2. Survey at least 300 residents", "residents", "Facebook", "Press office, IT department",
     "Feedback", "Budget for ads", "", "x", "X"),
)

POLISH = lines(
    "Plan komunikacji na 2025 rok",
    "Cel: Mieszkańcy wiedzą o budżecie obywatelskim",
    "",
    ("Lp.", "Działanie", "Grupa docelowa", "Kanały", "Odpowiedzialny", "Termin", "Wskaźnik"),
    ("1.", "Spotkania z mieszkańcami", "mieszkańcy, seniorzy", "plakaty, strona internetowa",
     "Wydział promocji", "marzec 2025", "co najmniej 100 uczestników"),
    ("2.", "Ankieta online", "młodzież", "Facebook", "Wydział promocji", "co miesiąc", "__ ankiet"),
)


def test_an_english_calendar_plan():
    document = read_text(ENGLISH)
    (plan,) = document.plans
    assert plan.language == "en"
    assert (plan.period.start, plan.period.end) == ("2024-01", "2024-03")
    (goal,) = plan.goals
    assert goal.title == "Residents know where the new service centre is"
    assert goal.key_message == "One visit is enough"
    (task,) = goal.tasks
    assert task.title == "Tell residents where the centre is"
    press, survey = task.activities
    assert press.title == "Press release about the opening"
    assert press.audiences == ["residents", "journalists"]
    assert press.channels == ["website", "local newspaper"]
    assert press.resources is not None and press.resources.needed is False
    assert press.schedule.slots == ["2024-01"]
    assert survey.responsible == ["Press office", "IT department"]
    assert survey.resources is not None and survey.resources.needed is True
    assert survey.schedule.slots == ["2024-02", "2024-03"]
    assert [(i.target, i.unit) for i in survey.indicators] == [(300, "residents")]


def test_an_unstated_kind_is_taken_as_calendar_with_a_warning():
    document = read_text(ENGLISH)
    assert document.plans[0].kind == "calendar"
    assert any("kind of plan is not stated" in w.message for w in document.warnings)


def test_a_polish_plan_with_a_numbering_column():
    (plan,) = read_text(POLISH).plans
    assert plan.language == "pl"
    assert (plan.period.start, plan.period.end) == ("2025-01", "2025-12")
    assert plan.goals[0].title == "Mieszkańcy wiedzą o budżecie obywatelskim"
    meetings, survey = plan.activities()
    assert meetings.title == "Spotkania z mieszkańcami"
    assert meetings.audiences == ["mieszkańcy", "seniorzy"]
    assert meetings.responsible == ["Wydział promocji"]
    assert meetings.schedule.text == "marzec 2025"
    assert [(i.target, i.unit) for i in meetings.indicators] == [(100, "uczestników")]
    assert [(i.placeholder, i.unit) for i in survey.indicators] == [(True, "ankiet")]


ONE_CELL_PER_LINE = """Операційний план Ради на 2024 рік
Стратегічний напрям: Інформування
Мета: поширювати інформацію
\tСкладові напряму
\tЗавдання
\t2024
\tПоказники

\t
\t
\tсічень
\tлютий
\t

\tКомунікація
\tСтворення сторінки
\tx
\t
\t1 сторінка

\t
\tПроведення звітування
\t
\tx
\t__ (кількість) звітів
"""


def test_one_cell_per_line_tables_with_components_and_months():
    (plan,) = read_text(ONE_CELL_PER_LINE).plans
    assert plan.kind == "operational"
    (goal,) = plan.goals
    assert goal.title == "Інформування"
    assert plan.notes == ["Інформування: Мета: поширювати інформацію"]
    (task,) = goal.tasks
    assert task.title == "Комунікація"
    page, report = task.activities
    assert page.schedule.slots == ["2024-01"]
    assert report.schedule.slots == ["2024-02"]
    assert [(i.target, i.unit) for i in page.indicators] == [(1, "сторінка")]
    assert report.indicators[0].placeholder


def test_a_table_without_a_header_after_a_plan_table_continues_it():
    text = ("План заходів громади на 2024 рік\n"
            "Захід\tКанали\tПеріод\n"
            "Зустріч\tсайт\tпостійно\n"
            "**ПРИМІТКА**\n"
            "Звіт\tгазета\tза потреби\n")
    (plan,) = read_text(text).plans
    assert [a.title for a in plan.activities()] == ["Зустріч", "Звіт"]
    assert plan.notes == ["ПРИМІТКА"]


def test_a_new_title_before_a_plan_table_starts_a_new_plan():
    text = ("План заходів громади на 2024 рік\nЗахід\tКанали\nЗустріч\tсайт\n\n"
            "План заходів громади на 2025 рік\nЗахід\tКанали\nЗвіт\tгазета\n")
    plans = read_text(text).plans
    assert [(p.period.start, [a.title for a in p.activities()]) for p in plans] == [
        ("2024-01", ["Зустріч"]), ("2025-01", ["Звіт"])]


def test_analysis_tables_become_notes_and_their_groups_audiences():
    text = ("Аналіз\n"
            "Групи стейкхолдерів\tРаціональна мета\n"
            "Молодь\tЗалученість\n"
            "Пенсіонери\tОбізнаність\n\n"
            "План заходів на 2024 рік\n"
            "Захід\tЦільова аудиторія\n"
            "Зустріч\tмолодь\n")
    (plan,) = read_text(text).plans
    assert plan.audiences == ["Молодь", "Пенсіонери"]
    assert plan.notes == ["Аналіз\n\nГрупи стейкхолдерів: Молодь\nРаціональна мета: Залученість"
                          "\n\nГрупи стейкхолдерів: Пенсіонери\nРаціональна мета: Обізнаність"]
    assert [a.title for a in plan.activities()] == ["Зустріч"]


def test_a_plan_table_without_a_title_is_imported_with_a_warning():
    document = read_text("Захід\tКанали\nЗустріч\tсайт\n")
    (plan,) = document.plans
    assert plan.title == ""
    assert any("No title" in w.message for w in document.warnings)


def test_a_row_with_text_only_in_its_first_cell_is_a_task_heading():
    text = ("План на 2024 рік\nЗахід\tКанали\tВідповідальний\n"
            "Інформування молоді\t\t\nЗустріч\tсайт\tвідділ\n")
    document = read_text(text)
    (task,) = document.plans[0].goals[0].tasks
    assert task.title == "Інформування молоді"
    assert [a.title for a in task.activities] == ["Зустріч"]
    assert any("task heading" in w.message for w in document.warnings)


def test_unknown_columns_are_kept_as_activity_notes():
    document = read_text("План на 2024 рік\nЗахід\tКанали\tКолір\nЗустріч\tсайт\tсиній\n")
    (activity,) = document.plans[0].activities()
    assert activity.notes == "Колір: синій"
    assert any("Колір" in w.message for w in document.warnings)


def test_text_in_a_month_column_is_read_as_a_mark_with_a_warning():
    document = read_text("План на 2024 рік\nЗахід\tтравень\tчервень\nЗустріч\t15.05\t\n")
    (activity,) = document.plans[0].activities()
    assert activity.schedule.slots == ["2024-05"]
    assert any("rather than a mark" in w.message for w in document.warnings)


def test_a_document_round_trips(tmp_path):
    for text in (ENGLISH, POLISH, ONE_CELL_PER_LINE):
        document = read_text(text)
        assert PlanDocument.from_dict(document.to_dict()) == document
