"""Exports of plans: the official table (DOCX, PDF), a spreadsheet (XLSX) and open data (CSV, JSON).

Every format is a plain function over ``holos.core.document.Plan`` that returns bytes, so
the web layer, the CLI and the tests call the same code and nothing here needs Django:

    data = export_plan(plan, "docx", labels=Labels.for_language("uk"))

The words a person reads in an export (column headers, "Комунікаційна ціль", month
names, "сторінка 2 з 5") come in a ``Labels``. ``Labels.for_language`` reads the Ukrainian,
English or Czech ones from the project's message catalogues (the same ``.po`` files as the
pages, with the context "plan export"), through the standard library's gettext, so
nothing here needs Django. Labels are whole phrases with named placeholders.

The DOCX, XLSX and PDF exports share one grid (``plan_columns`` and ``activity_cells``):
number, activity, audiences, channels, responsible, result, resources, the schedule text
when some activity's schedule is written in words, indicators when there are any, and one
column per month or quarter of the plan's period with the marked ones as "x". Header
labels use the words the importers recognise (``holos.core.importers.vocabulary``), so an
exported table can be imported again.

Format modules are imported when a format is asked for: exporting JSON does not load the
DOCX, XLSX and PDF libraries.
"""

from __future__ import annotations

import gettext
import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from holos.core.document import Activity, Goal, Plan, gettext_noop
from holos.core.periods import parse_month, period_columns, quarter_of, slot_matches

# The one list of what a plan can be downloaded as; the command line, the plan's pages and
# its public page read it from here.
# The table formats this package writes, in the order the download menu shows them.
FORMATS = ("docx", "xlsx", "pdf", "csv", "json")
# The calendar of a saved plan's dated work (written from its occurrences by holos.work.ics).
CALENDAR = "ics"
# Every file a saved plan can be downloaded as.
PLAN_FILES = (*FORMATS, CALENDAR)
# The files a published plan offers to anyone: the table to print and the open data.
PUBLIC_FILES = ("pdf", "json", "csv", CALENDAR)
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    CALENDAR: "text/calendar; charset=utf-8",
}
EXTENSIONS = {fmt: f".{fmt}" for fmt in PLAN_FILES}
# What a person is offered in the download menu, translated by the web layer.
FORMAT_NAMES = {
    "docx": gettext_noop("Word document (DOCX)"),
    "xlsx": gettext_noop("Spreadsheet (XLSX)"),
    "pdf": gettext_noop("Document to print (PDF)"),
    "csv": gettext_noop("Table for data (CSV)"),
    "json": gettext_noop("Open data (JSON)"),
    CALENDAR: gettext_noop("calendar (.ics)"),
}


@dataclass(frozen=True)
class Labels:
    """The words of an export in one language.

    Placeholders: ``appendix`` takes ``%(approval)s``; ``period`` takes ``%(start)s``
    and ``%(end)s``; ``page`` takes ``%(n)s`` and
    ``%(total)s``; ``month_column`` takes ``%(month)s`` and ``%(year)s``; ``quarter_column``
    and ``quarter_short`` take ``%(n)s`` and ``%(year)s``; ``goal_numbered`` and
    ``task_numbered`` take ``%(n)s``.
    """

    number: str
    activity: str
    audiences: str
    channels: str
    responsible: str
    result: str
    resources: str
    schedule: str
    indicators: str
    goal: str
    goal_numbered: str
    key_message: str
    task: str
    task_numbered: str
    appendix: str
    period: str
    page: str
    plan: str
    schedule_kind: str
    slots: str
    resources_needed: str
    resources_not_needed: str
    months: tuple[str, ...]
    months_short: tuple[str, ...]
    month_column: str
    quarter_column: str
    quarter_short: str
    mark: str = "x"

    @classmethod
    def for_language(cls, language: str | None) -> Labels:
        """The words of ``language`` ("uk", "en", "cs") from the message catalogues; Ukrainian for any other."""
        code = (language or "").split("-")[0].lower()
        return _labels_in(code if code in LANGUAGES else "uk")

    def time_label(self, column: str, *, short: bool = False) -> str:
        """The header of a month ("травень 2023") or quarter ("3 кв. 2023") column."""
        quarter = re.match(r"^(\d{4})-Q([1-4])$", column)
        if quarter:
            template = self.quarter_short if short else self.quarter_column
            return template % {"n": quarter.group(2), "year": quarter.group(1)}
        parsed = parse_month(column)
        if parsed is None:
            return column
        year, month = parsed
        names = self.months_short if short else self.months
        return self.month_column % {"month": names[month - 1], "year": year}


def pgettext(context: str, message: str) -> tuple[str, str]:
    """Marks a word of the exports for the message catalogues, with its context.

    Named as gettext's own function so that makemessages finds the word and its context;
    ``Labels.for_language`` looks the pair up in the compiled catalogue of a language.
    """
    return context, message


# The words of an export, in English, as the message catalogues (holos/locale) know them.
# Month names and short labels have contexts of their own: "May" is a month and its short
# name, and the two quarter labels are one text in English but two in Czech.
_WORDS: dict[str, Any] = {
    "number": pgettext("plan export", "No."),
    "activity": pgettext("plan export", "Activity"),
    "audiences": pgettext("plan export", "Target audiences"),
    "channels": pgettext("plan export", "Channels"),
    "responsible": pgettext("plan export", "Responsible"),
    "result": pgettext("plan export", "Planned result"),
    "resources": pgettext("plan export", "Resources"),
    "schedule": pgettext("plan export", "Schedule"),
    "indicators": pgettext("plan export", "Indicators"),
    "goal": pgettext("plan export", "Goal"),
    "goal_numbered": pgettext("plan export", "Goal %(n)s"),
    "key_message": pgettext("plan export", "Key message"),
    "task": pgettext("plan export", "Task"),
    "task_numbered": pgettext("plan export", "Task %(n)s"),
    "appendix": pgettext("plan export", "Appendix to %(approval)s"),
    "period": pgettext("plan export", "Period: %(start)s – %(end)s"),
    "page": pgettext("plan export", "Page %(n)s of %(total)s"),
    "plan": pgettext("plan export", "Plan"),
    "schedule_kind": pgettext("plan export", "Schedule kind"),
    "slots": pgettext("plan export", "Months or quarters"),
    "resources_needed": pgettext("plan export", "Needed"),
    "resources_not_needed": pgettext("plan export", "Not needed"),
    "months": (
        pgettext("month in a plan export", "January"), pgettext("month in a plan export", "February"),
        pgettext("month in a plan export", "March"), pgettext("month in a plan export", "April"),
        pgettext("month in a plan export", "May"), pgettext("month in a plan export", "June"),
        pgettext("month in a plan export", "July"), pgettext("month in a plan export", "August"),
        pgettext("month in a plan export", "September"), pgettext("month in a plan export", "October"),
        pgettext("month in a plan export", "November"), pgettext("month in a plan export", "December"),
    ),
    "months_short": (
        pgettext("short month in a plan export", "Jan"), pgettext("short month in a plan export", "Feb"),
        pgettext("short month in a plan export", "Mar"), pgettext("short month in a plan export", "Apr"),
        pgettext("short month in a plan export", "May"), pgettext("short month in a plan export", "Jun"),
        pgettext("short month in a plan export", "Jul"), pgettext("short month in a plan export", "Aug"),
        pgettext("short month in a plan export", "Sep"), pgettext("short month in a plan export", "Oct"),
        pgettext("short month in a plan export", "Nov"), pgettext("short month in a plan export", "Dec"),
    ),
    "month_column": pgettext("plan export", "%(month)s %(year)s"),
    "quarter_column": pgettext("plan export", "Q%(n)s %(year)s"),
    "quarter_short": pgettext("short column of a plan export", "Q%(n)s %(year)s"),
}

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# The languages the catalogues hold; any other gets the Ukrainian words.
LANGUAGES = ("uk", "en", "cs")


@lru_cache(maxsize=len(LANGUAGES))
def _labels_in(language: str) -> Labels:
    """The words of ``language`` read from its compiled catalogue (English while none is compiled)."""
    catalogue = gettext.translation("django", LOCALE_DIR, languages=[language], fallback=True)

    def word(pair: tuple[str, str]) -> str:
        return catalogue.pgettext(*pair)

    values: dict[str, Any] = {
        name: tuple(word(pair) for pair in value) if isinstance(value[0], tuple) else word(value)
        for name, value in _WORDS.items()
    }
    return Labels(**values)


class ExportError(ValueError):
    """An export that cannot be made (an unknown format); the message is for a person."""


def export_plan(plan: Plan, fmt: str, *, labels: Labels | None = None, organization_name: str = "",
                template: Path | None = None) -> bytes:
    """One plan as a file of ``fmt`` (docx, xlsx, pdf, csv, json).

    ``labels`` default to the built-in ones of the plan's language. ``organization_name``,
    when given, is shown instead of the organisation the plan document names (the web
    layer knows the official name); the JSON export is the plan document as it is.
    """
    return export_plans([plan], fmt, labels=labels, organization_name=organization_name, template=template)


def export_plans(plans: Sequence[Plan], fmt: str, *, labels: Labels | None = None,
                 organization_name: str = "", template: Path | None = None) -> bytes:
    """Several plans in one file: one sheet each in XLSX, one after another in DOCX and PDF,
    one document in JSON, and rows with a plan column in CSV.

    ``template`` is a Typst template for the PDF in place of ``exports/templates/plan.typ``
    (an organisation's own); other formats have none.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"holos.exports.{fmt}")
    options: dict[str, Any] = {"template": template} if fmt == "pdf" and template is not None else {}
    data: bytes = module.export(list(plans), labels=labels, organization_name=organization_name, **options)
    return data


def labels_for(plan: Plan, labels: Labels | None) -> Labels:
    return labels if labels is not None else Labels.for_language(plan.language)


def with_organization(plan: Plan, organization_name: str) -> Plan:
    return replace(plan, organization=organization_name) if organization_name else plan


# ---------------------------------------------------------------------------------------------
# The grid shared by DOCX, XLSX and PDF
# ---------------------------------------------------------------------------------------------

# Width of each text column in centimetres on an A4 landscape page; scaled to fill the page.
TEXT_WIDTHS = {
    "number": 1.1,
    "activity": 5.6,
    "audiences": 3.0,
    "channels": 3.2,
    "responsible": 2.8,
    "result": 3.0,
    "resources": 2.2,
    "schedule": 2.6,
    "indicators": 3.8,
}
# A column no activity fills keeps room for its header only.
EMPTY_WIDTH = 2.2
MONTH_WIDTH = 0.75
QUARTER_WIDTH = 1.1
MIN_TIME_WIDTH = 0.45
# The text columns keep this share of the page while month columns can narrow to
# MIN_TIME_WIDTH; past that (periods of several years), months narrow further and the text
# keeps MIN_TEXT_SHARE, so that the table always fits the page.
TEXT_SHARE = 0.55
MIN_TEXT_SHARE = 0.35

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text without the control characters XML (DOCX, XLSX) and PDF text cannot carry."""
    return _CONTROL.sub(" ", text) if text else ""


@dataclass(frozen=True)
class Column:
    """A column of the grid: ``key`` is a text column's name, or "time" with its ``slot``."""

    key: str
    label: str
    short_label: str
    width: float  # centimetres
    slot: str = ""

    @property
    def is_time(self) -> bool:
        return self.key == "time"


def _slot_order(slot: str) -> tuple[int, int, int] | None:
    quarter = re.match(r"^(\d{4})-Q([1-4])$", slot)
    if quarter:
        return int(quarter.group(1)), int(quarter.group(2)) * 3 - 2, 1
    parsed = parse_month(slot)
    return (parsed[0], parsed[1], 0) if parsed else None


def time_slots(plan: Plan) -> list[str]:
    """The plan period's months or quarters, with any marked slot outside it added in order."""
    columns = period_columns(plan.period.start, plan.period.end, plan.period.granularity)
    extra: set[str] = set()
    for activity in plan.activities():
        for slot in activity.schedule.slots:
            if _slot_order(slot) and not any(slot_matches(slot, column) for column in columns):
                extra.add(slot)
    if not extra:
        return columns
    return sorted([*columns, *extra], key=lambda slot: _slot_order(slot) or (0, 0, 0))


def written_schedule(activity: Activity) -> str:
    """The schedule as written, for activities whose schedule is not marks in the grid."""
    if activity.schedule.kind == "slots":
        return ""
    return activity.schedule.text.strip()


def plan_columns(plan: Plan, labels: Labels, *, page_width: float = 26.7, fit_page: bool = True) -> list[Column]:
    """The grid's columns and their widths in centimetres for a page ``page_width`` wide.

    The schedule-text column is there when some activity's schedule is written in words;
    the month or quarter columns unless every schedule is (a thematic plan that says
    "постійно" and "1 раз у місяць" has no grid of marks); indicators when there are any.

    With ``fit_page`` (DOCX, PDF) the table fits the page: a period of so many months that
    their columns would be too narrow to read is shown by quarters, each marked when a
    month of it is. A spreadsheet (``fit_page=False``) keeps every month and grows wider.
    """
    activities = plan.activities()
    has_written = any(written_schedule(a) for a in activities)
    has_slots = any(a.schedule.slots for a in activities)
    slots = time_slots(plan) if has_slots or not has_written else []
    if fit_page and len(slots) * MIN_TIME_WIDTH > page_width * (1 - MIN_TEXT_SHARE):
        slots = list(dict.fromkeys(quarter_of(slot) or slot for slot in slots))
    keys = ["number", "activity", "audiences", "channels", "responsible", "result", "resources"]
    if has_written:
        keys.append("schedule")
    if any(a.indicators for a in activities):
        keys.append("indicators")

    text_widths = {
        key: TEXT_WIDTHS[key] if key == "number" or _filled(activities, key, labels) else EMPTY_WIDTH
        for key in keys
    }
    quarters = any(slot.endswith(("Q1", "Q2", "Q3", "Q4")) for slot in slots)
    time_width = QUARTER_WIDTH if quarters else MONTH_WIDTH
    if slots and time_width * len(slots) > page_width * (1 - TEXT_SHARE):
        time_width = max(MIN_TIME_WIDTH, page_width * (1 - TEXT_SHARE) / len(slots))
        if fit_page:
            time_width = min(time_width, page_width * (1 - MIN_TEXT_SHARE) / len(slots))
    text_room = max(page_width - time_width * len(slots), 0 if fit_page else page_width * TEXT_SHARE)
    scale = text_room / sum(text_widths.values())
    columns = [
        Column(key=key, label=getattr(labels, key), short_label=getattr(labels, key),
               width=round(text_widths[key] * scale, 3))
        for key in keys
    ]
    columns += [
        Column(key="time", label=labels.time_label(slot), short_label=labels.time_label(slot, short=True),
               width=round(time_width, 3), slot=slot)
        for slot in slots
    ]
    return columns


def _filled(activities: Sequence[Activity], key: str, labels: Labels) -> bool:
    return any(any(line.strip() for line in _column_lines(activity, key, "", labels)) for activity in activities)


def resources_text(activity: Activity, labels: Labels) -> str:
    resources = activity.resources
    if resources is None:
        return ""
    if resources.text.strip():
        return resources.text.strip()
    if resources.needed is None:
        return ""
    return labels.resources_needed if resources.needed else labels.resources_not_needed


def activity_cells(activity: Activity, number: str, columns: Sequence[Column], labels: Labels) -> list[list[str]]:
    """Each cell of an activity's row as its lines (one per audience, channel, unit…).

    A time column holds ``[labels.mark]`` when the activity is marked in it, else ``[]``.
    """
    slots = activity.schedule.slots
    cells: list[list[str]] = []
    for column in columns:
        if column.is_time:
            marked = any(slot_matches(slot, column.slot) for slot in slots)
            cells.append([labels.mark] if marked else [])
            continue
        cells.append([clean_text(line) for line in _column_lines(activity, column.key, number, labels) if line])
    return cells


def _column_lines(activity: Activity, key: str, number: str, labels: Labels) -> list[str]:
    if key == "number":
        return [number]
    if key == "activity":
        return [activity.title]
    if key in ("audiences", "channels", "responsible"):
        return list(getattr(activity, key))
    if key == "result":
        return [activity.result]
    if key == "resources":
        return [resources_text(activity, labels)]
    if key == "schedule":
        return [written_schedule(activity)]
    if key == "indicators":
        return [indicator.text for indicator in activity.indicators]
    raise KeyError(key)


def goal_heading(title: str, number: int, count: int, labels: Labels) -> str:
    """ "Комунікаційна ціль: …", numbered when the plan has several goals."""
    label = labels.goal_numbered % {"n": number} if count > 1 else labels.goal
    return f"{label}: {title}"


def goal_indicators_line(goal: Goal, labels: Labels) -> str:
    """The goal's own indicators as one line under its heading ("Індикатори: …; …"), or "" when it has none.

    The importers read such a line back as the goal's indicators.
    """
    texts = [" ".join(indicator.text.replace(";", ",").split()) for indicator in goal.indicators]
    return "; ".join(text for text in texts if text)


def task_heading(title: str, number: int, labels: Labels) -> str:
    """ "Комунікаційне завдання 2: …"; the label alone for an untitled task among titled ones."""
    label = labels.task_numbered % {"n": number}
    return f"{label}: {title}" if title.strip() else label


def show_task_row(goal_tasks: int, title: str) -> bool:
    """A task row is left out only for the one untitled task of a goal (a plan without tasks)."""
    return bool(title.strip()) or goal_tasks > 1


def activity_number(task_number: int, activity_number: int, task_row: bool) -> str:
    return f"{task_number}.{activity_number}" if task_row else str(activity_number)


def appendix_line(plan: Plan, labels: Labels) -> str:
    return labels.appendix % {"approval": plan.approval} if plan.approval else ""


def period_line(plan: Plan, labels: Labels) -> str:
    """ "Період: 02/2018 – 01/2020" under a title that does not say when the plan runs."""
    start, end = parse_month(plan.period.start or ""), parse_month(plan.period.end or "")
    if start is None or end is None:
        return ""
    # Here, not at the top: the command line reads this package's list of formats, and the
    # importers' package would load the whole interpreter with it.
    from holos.core.importers.plan_facts import find_period

    named = find_period(plan.title)
    if named is not None and (named.start, named.end) == (plan.period.start, plan.period.end):
        return ""
    return labels.period % {"start": f"{start[1]:02d}/{start[0]}", "end": f"{end[1]:02d}/{end[0]}"}
