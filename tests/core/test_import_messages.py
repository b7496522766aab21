"""The importer's warnings are translatable sentences, each standing at the row it is about.

The web layer shows a warning in the reader's language by translating ``Warning.template``
with gettext and filling in ``Warning.params``; Django's makemessages finds the templates
by reading ``gettext_noop("…")`` calls in the source. So every template must be one string
literal written inside that call, and filling it in must give the English ``message``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from holos.core.document import PlanDocument
from holos.core.importers import read_path, read_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "holos" / "demo" / "seeds"
IMPORTERS = ROOT / "holos" / "core" / "importers"
# The interpreter's modules; the readers of file formats have messages of their own.
MODULES = ["interpret", "rows", "outline", "plan_facts", "mending", "headers", "cells",
           "vocabulary", "text", "blocks", "timeline"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def seed(number: str) -> PlanDocument:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return read_path(path)


def source_templates() -> dict[str, list[str]]:
    """Every ``gettext_noop`` literal in the interpreter's modules, by module."""
    found: dict[str, list[str]] = {}
    for module in MODULES:
        source = (IMPORTERS / f"{module}.py").read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop":
                (argument,) = node.args
                assert isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                found.setdefault(module, []).append(argument.value)
    return found


ALL_TEMPLATES = [template for templates in source_templates().values() for template in templates]


# --- Every warning of the seeds ----------------------------------------------------------------


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_warning_of_each_seed_is_its_template_filled_in(number):
    for warning in seed(number).warnings:
        assert warning.template, warning.message
        assert warning.template % warning.params == warning.message
        assert "%(" not in warning.message
        assert set(PLACEHOLDER.findall(warning.template)) == set(warning.params)


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_warning_of_each_seed_comes_from_a_marked_literal(number):
    for warning in seed(number).warnings:
        assert warning.template in ALL_TEMPLATES


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_templates_and_params_survive_the_json_document(number):
    document = seed(number)
    again = PlanDocument.from_dict(document.to_dict())
    assert [(w.template, w.params) for w in again.warnings] == [
        (w.template, w.params) for w in document.warnings]


def test_the_seeds_use_many_different_templates():
    used = {w.template for number in ("000", "001", "002", "003", "004") for w in seed(number).warnings}
    assert len(used) >= 12


# --- The templates in the source ---------------------------------------------------------------


def test_the_interpreter_marks_many_templates():
    assert len(ALL_TEMPLATES) >= 30
    assert len(set(ALL_TEMPLATES)) == len(ALL_TEMPLATES)


@pytest.mark.parametrize("template", ALL_TEMPLATES)
def test_each_template_is_one_plain_sentence_or_two(template):
    assert template[0].isupper() or template[0] == "“"
    assert template.endswith(".")
    assert "{" not in template and "}" not in template
    assert "\n" not in template
    assert len(template) <= 120
    # Only named placeholders: a translation may put them in another order.
    assert not re.search(r"%(?!\(\w+\)s)", template)


@pytest.mark.parametrize("template", ALL_TEMPLATES)
def test_each_template_can_be_filled_in(template):
    names = PLACEHOLDER.findall(template)
    filled = template % {name: "X" for name in names}
    assert "%(" not in filled


@pytest.mark.parametrize("module", MODULES)
def test_each_marked_template_is_one_string_literal(module):
    """makemessages reads the literal: no f-strings, no joined pieces, no variables."""
    source = (IMPORTERS / f"{module}.py").read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop":
            assert len(node.args) == 1 and not node.keywords
            segment = ast.get_source_segment(source, node.args[0])
            assert segment is not None
            tokens = [t for t in tokenize.generate_tokens(io.StringIO(segment).readline)
                      if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)]
            assert [t.type for t in tokens] == [tokenize.STRING], segment
            assert not tokens[0].string.lower().startswith(("f", "rf", "fr", "b"))


@pytest.mark.parametrize("module", MODULES)
def test_every_warning_is_made_from_a_marked_template(module):
    """``findings.warn(where, gettext_noop("…"), name=value)``, or a constant made so."""
    source = (IMPORTERS / f"{module}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    marked_names = {
        target.id
        for node in tree.body if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "gettext_noop"
        for target in node.targets if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr == "warn":
            template = node.args[1]
            assert (isinstance(template, ast.Call) and getattr(template.func, "id", "") == "gettext_noop"
                    or isinstance(template, ast.Name) and template.id in marked_names), ast.unparse(node)
        # Warnings are made by Warning.of, never by hand with a message alone.
        assert getattr(node.func, "id", "") != "Warning", ast.unparse(node)


# --- Warnings from small plans carry their params ----------------------------------------------


def test_an_unknown_column_is_named_in_the_params():
    document = read_text("План на 2024 рік\nЗахід\tКанали\tКолір\nЗустріч\tсайт\tсиній\n")
    (warning,) = [w for w in document.warnings if "not recognised" in w.message]
    assert warning.params == {"label": "Колір", "number": 3}
    assert warning.message == "The column “Колір” (column 3) was not recognised; its cells were kept as notes."


def test_a_quoted_cell_is_a_param_not_part_of_the_template():
    document = read_text("План на 2024 рік\nЗахід\tтравень\tчервень\nЗустріч\t15.05\t\n")
    (warning,) = [w for w in document.warnings if "rather than a mark" in w.message]
    assert warning.params == {"text": "15.05"}
    assert "15.05" not in warning.template


def test_a_cell_with_a_percent_sign_is_quoted_as_written():
    document = read_text("План на 2024 рік\nЗахід\tтравень\tчервень\nЗустріч\t100%\t\n")
    (warning,) = [w for w in document.warnings if "rather than a mark" in w.message]
    assert warning.message.endswith("“100%”.")
    assert warning.template % warning.params == warning.message


def test_a_text_without_a_plan_says_so_with_a_template():
    (warning,) = read_text("Просто текст без таблиці.\n").warnings
    assert (warning.where, warning.params) == ("document", {})
    assert warning.template == warning.message
    assert warning.message.startswith("No plan was found")


# --- Places --------------------------------------------------------------------------------------


def test_each_activity_names_the_line_of_its_row():
    text = ("План на 2024 рік\n"
            "Захід\tКанали\tтравень\tчервень\n"
            "Зустріч\tсайт\tx\t\n"
            "Опитування\tФейсбук\t\t\n")
    document = read_text(text)
    assert [a.origin for a in document.plans[0].activities()] == ["line 3", "line 4"]
    (unmarked,) = [w for w in document.warnings if "No month or quarter is marked" in w.message]
    assert unmarked.where == "line 4"


def test_activities_split_from_one_row_share_its_origin():
    text = ("План на 2024 рік\nЗахід\tКанали\tПеріод\n"
            "<p>Зустріч</p><p>Опитування</p>\tсайт\t<p>травень</p><p>червень</p>\n")
    activities = read_text(text).plans[0].activities()
    assert [a.title for a in activities] == ["Зустріч", "Опитування"]
    assert {a.origin for a in activities} == {"line 3"}


def test_a_warning_about_a_whole_table_stands_at_its_header():
    text = "План на 2024 рік\nЗахід\tКанали\tтравень\tчервень\nЗустріч\tсайт\t\t\n"
    document = read_text(text)
    (empty,) = [w for w in document.warnings if "columns of this table are empty" in w.message]
    assert empty.where == "line 2"
    assert document.plans[0].activities()[0].origin == "line 3"


def test_a_row_joined_after_a_page_break_keeps_its_first_place():
    text = ("План на 2024 рік\n"
            "Захід\tКанали\tПеріод\n"
            "Опитування\tФейсбук\tквітень\n"
            "Зустріч з мешканцями\tсайт,\tтравень\n"
            "\n"
            "та старостами\tгазета\t\n"
            "Звіт\tсайт\tгрудень\n")
    document = read_text(text)
    survey, meeting, report = document.plans[0].activities()
    assert meeting.title == "Зустріч з мешканцями та старостами"
    assert meeting.channels == ["сайт", "газета"]
    assert [survey.origin, meeting.origin, report.origin] == ["line 3", "line 4", "line 7"]
    (joined,) = [w for w in document.warnings if "broken across a page" in w.message]
    assert (joined.where, joined.params) == ("line 4", {"place": "line 6"})
    assert not [w for w in document.warnings if w.where == "line 6"]


def test_work_written_among_groups_of_people_becomes_an_activity():
    text = ("План на 2024 рік\n"
            "№\tТематичні блоки\tОпис\tКанали\tПеріод\n"
            "1.\tГРУПИ НАСЕЛЕННЯ\t\t\t\n"
            "1.1.\t<p>Молодь</p><p>Інформування про відкриття центру</p><p>Пенсіонери</p>"
            "\tЗустріч у школі\tсайт\tтравень\n")
    document = read_text(text)
    plan = document.plans[0]
    assert "Інформування про відкриття центру" not in plan.audiences
    assert plan.audiences == ["Молодь", "Пенсіонери"]
    meeting, informing = plan.activities()
    assert (meeting.title, meeting.audiences) == ("Зустріч у школі", ["Молодь"])
    assert (informing.title, informing.audiences) == ("Інформування про відкриття центру", ["Пенсіонери"])
    assert meeting.origin == informing.origin == "line 4"
    (warning,) = [w for w in document.warnings if "names work, not people" in w.message]
    assert warning.where == "line 4"
    assert warning.params == {"title": "Інформування про відкриття центру"}
