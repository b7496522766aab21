"""The preview's rows and findings, as the officer reviews them: every column, every guess, nothing run as markup.

The rows are written in Python (``holos.imports.rows``), not by the template; these tests
read them back from the page as a browser would.
"""

from html.parser import HTMLParser

from django.urls import reverse

from holos.core.document import Activity, Goal, Indicator, Plan, PlanDocument, Resources, Task, Warning
from holos.core.review import row_key
from holos.core.schedule import Schedule
from holos.imports.models import ImportRecord, ImportStatus

HOSTILE = '<script>alert("x")</script> & \'лапки\' у громаді'


class PlanRows(HTMLParser):
    """The rows of the plans' tables: for each ``<tr>`` after the headings, its class and its cells.

    A cell is its text as a person reads it, its ``<select>``'s chosen option, and its
    ``<div>`` lines apart.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.findings: list[tuple[str, str]] = []
        self._in_plan = self._in_thead = False
        self._cell: dict | None = None
        self._finding: list | None = None
        self._in_option = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "section" and "import-plan" in (attributes.get("class") or ""):
            self._in_plan = True
        if not self._in_plan:
            return
        if tag == "thead":
            self._in_thead = True
        elif tag == "li" and "finding" in (attributes.get("class") or ""):
            self._finding = [attributes["class"], ""]
        elif tag == "tr" and not self._in_thead:
            self.rows.append({"class": attributes.get("class") or "", "cells": [], "colspan": None})
        elif tag in ("td", "th") and not self._in_thead and self.rows:
            self._cell = {"tag": tag, "text": "", "lines": [], "chosen": None, "options": []}
            self.rows[-1]["cells"].append(self._cell)
            self.rows[-1]["colspan"] = attributes.get("colspan") or self.rows[-1]["colspan"]
        elif tag == "div" and self._cell is not None:
            self._cell["lines"].append({"class": attributes.get("class") or "", "text": ""})
        elif tag == "option" and self._cell is not None:
            self._in_option = True
            self._cell["options"].append(attributes["value"])
            if "selected" in attributes:
                self._cell["chosen"] = attributes["value"]

    def handle_endtag(self, tag):
        if tag == "section":
            self._in_plan = False
        elif tag == "thead":
            self._in_thead = False
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "option":
            self._in_option = False
        elif tag == "li" and self._finding is not None:
            self.findings.append((self._finding[0], self._finding[1]))
            self._finding = None

    def handle_data(self, data):
        if self._finding is not None:
            self._finding[1] += data
        if self._cell is None or self._in_option:
            return
        if self._cell["lines"]:
            self._cell["lines"][-1]["text"] += data
        else:
            self._cell["text"] += data


def read_rows(html: str) -> PlanRows:
    parser = PlanRows()
    parser.feed(html)
    return parser


def hostile_document() -> PlanDocument:
    risky = Activity(
        title=HOSTILE,
        audiences=["<b>ВПО</b>", "жителі & гості"],
        channels=['Телеграм "канал"'],
        responsible=["ЦНАП <i>"],
        result="Поінформовано <100> осіб",
        resources=Resources(needed=True, text="Кошти <бюджету>"),
        schedule=Schedule(text="коли-небудь <script>", kind="unknown"),
        indicators=[Indicator(text="__ <осіб>", placeholder=True), Indicator(text="Охоплення", target=2.5, unit="%")],
        origin="row 5",
    )
    plain = Activity(
        title="Зустріч з мешканцями",
        audiences=["молодь"],
        channels=["сайт"],
        responsible=["відділ"],
        result="10 зустрічей",
        schedule=Schedule(text="x x", kind="slots", slots=["2025-03", "2025-04"]),
        indicators=[Indicator(text="10 зустрічей", target=10, unit="зустрічей")],
        origin="row 6",
    )
    plan = Plan(title="План <громади>", goals=[Goal(title="Ціль", tasks=[Task(title="<em>Завдання</em>",
                                                                               activities=[risky, plain])])])
    return PlanDocument(plans=[plan], warnings=[
        Warning(where="row 5", message="Guessed <who> is responsible."),
        Warning(where="table 1", message="A note about the table."),
    ])


def make_record(world, *, status=ImportStatus.PREVIEW, row_roles=None) -> ImportRecord:
    return ImportRecord.objects.create(organization=world.community, created_by=world.officer,
                                       source_name="plan.xlsx", status=status,
                                       document=hostile_document().to_dict(), row_roles=row_roles or {})


def preview(client, world, record) -> str:
    response = client.get(reverse("import_preview", args=[world.community.slug, record.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_column_of_a_row_is_shown_and_nothing_in_it_runs(world, as_user):
    record = make_record(world, row_roles={row_key(0, 0, 0, 1): "heading"})
    html = preview(as_user(world.officer), world, record)
    assert "<script>alert" not in html and "<b>ВПО" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;лапки&#x27; у громаді" in html

    task, risky, plain = read_rows(html).rows
    assert task["class"] == "task" and task["colspan"] == "9"
    assert [cell["text"] for cell in task["cells"]] == ["<em>Завдання</em>"]

    assert risky["class"] == "guess"  # a warning was given about its row
    role, title, audiences, channels, responsible, result, resources, when, indicators = risky["cells"]
    assert role["text"].strip() == "Рядок — це: " + HOSTILE[:39] + "…"  # shortened to 40 characters
    assert role["options"] == ["activity", "heading", "ignore"] and role["chosen"] == "activity"
    assert title["tag"] == "th" and title["text"] == HOSTILE
    assert [(line["class"], line["text"]) for line in title["lines"]] == [
        ("error", "⚠ Guessed <who> is responsible."), ("sched", "рядок 5")]
    assert audiences["text"] == "<b>ВПО</b>, жителі & гості"
    assert channels["text"] == 'Телеграм "канал"'
    assert responsible["text"] == "ЦНАП <i>"
    assert result["text"] == "Поінформовано <100> осіб"
    assert resources["text"] == "Кошти <бюджету>"
    assert when["text"] == "коли-небудь <script>"
    assert [(line["class"], line["text"]) for line in when["lines"]] == [("sched error", "⚠ строк не розпізнано")]
    assert [line["text"] for line in indicators["lines"]] == ["⚠ __ <осіб>", "Охоплення (2,5 %)"]

    assert plain["class"] == ""
    role, title, *_middle, when, indicators = plain["cells"]
    assert role["chosen"] == "heading"  # the role chosen before is kept
    assert title["text"] == "Зустріч з мешканцями"
    assert [line["text"] for line in when["lines"]] == ["щомісяця, березень – квітень 2025"]
    assert [line["text"] for line in indicators["lines"]] == ["10 зустрічей (10 зустрічей)"]

    # A warning shown beside its row is not listed again; one about no row is.
    assert html.count("Guessed &lt;who&gt; is responsible.") == 1
    assert "A note about the table." in html


def test_the_checks_name_each_finding_and_its_row(world, as_user):
    record = make_record(world)
    findings = read_rows(preview(as_user(world.officer), world, record)).findings
    assert findings, "the plan has findings: no measurable indicator, a schedule not understood"
    about_risky = [text for _css, text in findings if text.startswith(HOSTILE[:20])]
    assert about_risky and all(" — " in text for text in about_risky)
    assert all(css in ("finding problem", "finding suggestion") for css, _text in findings)


def test_a_saved_import_shows_its_rows_without_the_choice_of_role(world, as_user):
    record = make_record(world, status=ImportStatus.SAVED)
    html = preview(as_user(world.officer), world, record)
    task, risky, plain = read_rows(html).rows
    assert task["colspan"] == "8"
    assert len(risky["cells"]) == len(plain["cells"]) == 8
    assert risky["cells"][0]["tag"] == "th" and risky["cells"][0]["text"] == HOSTILE
    assert "<select id=\"p0." not in html


def test_the_rows_are_in_english_for_an_english_reader(world, as_user, settings):
    client = as_user(world.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = preview(client, world, make_record(world))
    _task, risky, plain = read_rows(html).rows
    assert risky["cells"][0]["text"].strip().startswith("Row is: ")
    assert [line["text"] for line in risky["cells"][1]["lines"]] == ["⚠ Guessed <who> is responsible.", "row 5"]
    assert [line["text"] for line in risky["cells"][8]["lines"]] == ["⚠ __ <осіб>", "Охоплення (2.5 %)"]
    assert [line["text"] for line in plain["cells"][7]["lines"]] == ["monthly, March – April 2025"]


def test_each_line_of_a_table_can_be_marked_as_its_header(world, as_user):
    record = make_record(world)
    record.document["source"] = {"tables": [{
        "id": "table 1", "where": "table 1", "header": 1, "rows": ["Назва <b>плану</b>", "Захід | Канал", ""],
        "columns": [{"index": 0, "header": "Захід", "role": "activity", "guess": "activity", "guessed": True}],
    }]}
    record.save()
    html = preview(as_user(world.officer), world, record)
    select = html[html.index('<select id="header-1" name="header">'):]
    select = select[:select.index("</select>")]
    assert select.endswith('<option value="0">Назва &lt;b&gt;плану&lt;/b&gt;</option>'
                           '<option value="1" selected>Захід | Канал</option><option value="2">—</option>')
