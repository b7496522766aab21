"""The language being read is marked in both language menus, and the stylesheet shows that mark.

The menus mark it with an attribute; the stylesheet once styled another one
(``aria-pressed``), so the mark was in the page but never seen. This ties the two: the
attribute each menu writes for the current language is the one the stylesheet gives a
look of its own.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "holos" / "templates"
STYLESHEET = Path(settings.BASE_DIR) / "holos" / "static" / "holos" / "css" / "components.css"
MARK = re.compile(r"\{% if code == LANGUAGE_CODE %\} ([a-z-]+)=")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def _rules() -> list[tuple[list[str], str]]:
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.DOTALL)
    return [([s.strip() for s in selectors.split(",")], body) for selectors, body in RULE.findall(css)]


@pytest.mark.parametrize(("template", "element"), [("_language_menu.html", "a"), ("_languages.html", "button")])
def test_the_current_language_has_a_look_of_its_own(template, element):
    [attribute] = MARK.findall((TEMPLATES / template).read_text())
    selector = f".languages {element}[{attribute}]"
    bodies = [body for selectors, body in _rules() if selector in selectors]
    assert bodies, f"no rule of the stylesheet styles {selector}"
    declared = {line.split(":")[0].strip() for body in bodies for line in body.split(";") if ":" in line}
    assert {"background", "color"} <= declared, declared
    plain = [body for selectors, body in _rules() if f".languages {element}" in selectors]
    assert plain and all("background: var(--primary)" not in body for body in plain), "only the current one stands out"
