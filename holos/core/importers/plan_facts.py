"""What the text around a plan's table says about the plan as a whole.

Title, organisation, period, kind, language and approval are written in the title and the
lines near it ("Комунікаційний календарний план Покровської селищної територіальної
громади на 2023 рік (травень-жовтень)", "termín realizace: 02/2018 - 01/2020",
"Додаток до розпорядження від 27.11.2020 № 211"). Each finder here takes text and returns
what it could read, or None; the interpreter decides which text to ask.
"""

from __future__ import annotations

import re
from functools import lru_cache

from holos.core.document import Period
from holos.core.importers.vocabulary import (
    ADJECTIVE_ENDINGS,
    APPROVAL_DOCUMENTS,
    GOAL_MARKERS,
    KIND_WORDS,
    LANGUAGE_LETTERS,
    LANGUAGE_WORDS,
    MONTH_STEMS,
    MONTHS,
    ORGANIZATION_NOUNS,
    ORGANIZATION_STOPS,
    PERIOD_MARKERS,
    PLAN_WORDS,
    PROJECT_WORDS,
    TASK_MARKERS,
)

_LONGEST_TITLE = 250
# A paragraph starting with these states a goal or task, not a plan's title.
_NOT_TITLES = ("мета", "ціль", "завдання", "cíl", "úkol", "goal", "aim", "task", "cel", "zadanie")
_PLAN_WORD = re.compile(rf"(?<!\w)({'|'.join(PLAN_WORDS)})(?!\w)", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZА-ЯІЇЄҐÁČĎÉĚÍŇÓŘŠŤÚŮÝŽŁŚŻŹ]")
_BULLET = re.compile(r"^\s*[-·•–—*]")
_CONTINUATION = re.compile(r"^(на|for|na|za|pro|od|з|\(|(?:19|20)\d\d)", re.IGNORECASE)
_MONTH_RANGE = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*((?:19|20)\d\d)\s*[-–—]\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?!\d)")
_YEAR = re.compile(r"(?<![\d./])((?:19|20)\d\d)(?![\d./])")
_WORDS = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-z]")
_APPROVAL_UK = re.compile(
    r"(?<!\w)(розпорядження|рішенням|рішення|наказом|наказу|наказ|постановою|постанови|постанова)"
    r"(?!\w)[^№\n]{0,80}?(?<!\w)від\s+(\d{1,2}\.\d{1,2}\.\d{4})(?:\s*р(?:оку)?\.?)?\s*№\s*([\w/-]+)",
    re.IGNORECASE,
)
_APPROVAL_CS = re.compile(
    r"(?<!\w)(usnesením|usnesení|rozhodnutí)(?!\w).{0,60}?č\.\s*([\w/-]+)\s+ze dne\s+"
    r"(\d{1,2}\.\s*\d{1,2}\.\s*\d{4})",
    re.IGNORECASE,
)
_APPROVAL_PL = re.compile(
    r"(?<!\w)(zarządzenia|zarządzenie|uchwały|uchwała)(?!\w)\s+nr\s*([\w/.-]+)\s+.{0,60}?"
    r"z dnia\s+(\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2} \w+ \d{4})",
    re.IGNORECASE,
)
_APPROVAL_EN = re.compile(
    r"(?<!\w)(order|decision|resolution)\s+no\.?\s*([\w/-]+)\s+(?:of|dated)\s+([\w .,/]{4,20}?\d{4})",
    re.IGNORECASE,
)


def is_title(text: str) -> bool:
    """A paragraph that names a plan: short, one sentence, with the word "plan" in it."""
    if len(text) > _LONGEST_TITLE or _BULLET.match(text) or text.rstrip().endswith(":"):
        return False
    if _SENTENCE_BREAK.search(text) or not _PLAN_WORD.search(text):
        return False
    # A labelled goal or task ("Комунікаційна ціль 2: план дій …") is one, whatever it names.
    return not (starts_with_marker(text, _NOT_TITLES) or marker_text(text, (*GOAL_MARKERS, *TASK_MARKERS)) is not None)


def continues_title(text: str) -> bool:
    """A short line under a title that finishes it ("на 2023-2024 роки", "2023-2024 рр.")."""
    return len(text) <= 60 and bool(_CONTINUATION.match(text.strip()))


def clean_title(text: str) -> str:
    return " ".join(text.split()).strip(" *")


@lru_cache(maxsize=64)
def _marker_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for a set of labels, longest first, compiled once per set."""
    alternatives = "|".join(re.escape(marker) for marker in sorted(markers, key=len, reverse=True))
    return re.compile(rf"^(?:{alternatives})\s*(?:№\s*)?(?:\d+(?:\.\d+)*\.?)?\s*[:.\-–—]\s*(.*)$", re.IGNORECASE)


@lru_cache(maxsize=64)
def _start_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"^(?:{'|'.join(re.escape(marker) for marker in markers)})(?!\w)")


def marker_text(text: str, markers: tuple[str, ...]) -> str | None:
    """The text after a label such as "Ключове повідомлення:" or "Завдання 2 -"."""
    match = _marker_pattern(markers).match(" ".join(text.split()))
    return match.group(1).strip() if match else None


def starts_with_marker(text: str, markers: tuple[str, ...]) -> bool:
    return _start_pattern(markers).match(" ".join(text.split()).lower()) is not None


# Organisation ----------------------------------------------------------------------


def _nominative_adjective(word: str) -> str | None:
    for genitive, nominative in ADJECTIVE_ENDINGS:
        if word.lower().endswith(genitive) and len(word) > len(genitive) + 2:
            return word[: -len(genitive)] + nominative
    return None


def _nominative_noun(word: str) -> str:
    nominative = ORGANIZATION_NOUNS[word.lower()]
    if nominative.isupper():
        return nominative
    return nominative[0].upper() + nominative[1:] if word[0].isupper() else nominative


def find_organization(text: str) -> str | None:
    """The organisation a title names, put back into the nominative case.

    Titles name it in the genitive ("план Покровської селищної територіальної громади");
    the adjectives before the noun and the noun itself are turned back ("Покровська
    селищна територіальна громада"); what follows the noun ("з питань ВПО при … раді")
    stays as written. The caller warns that this is a guess.
    """
    words = " ".join(text.split()).split(" ")
    for index, word in enumerate(words):
        if word.lower().strip(",.;:()«»\"") not in ORGANIZATION_NOUNS:
            continue
        start = index
        while start > 0 and _nominative_adjective(words[start - 1]):
            start -= 1
        head = [_nominative_adjective(w) or w for w in words[start:index]]
        noun = _nominative_noun(word.strip(",.;:()«»\""))
        tail = " " + " ".join(words[index + 1:]) + " "
        cut = min((tail.find(stop) for stop in ORGANIZATION_STOPS if stop in tail),
                  default=len(tail))
        name = " ".join([*head, noun]) + tail[:cut].rstrip()
        if not head and not tail[:cut].strip():
            continue  # "obce" alone names no one ("Schváleno: Rada obce"); a name has more to it
        return _without_stray_quote(name.strip())
    return None


def organization_line(text: str) -> str | None:
    """A line that is an organisation's name as it stands, above a title ("Покровська селищна рада").

    Official documents put the organisation on a line of its own over the title; there it
    is already in the nominative and is taken as written.
    """
    flat = " ".join(text.split())
    if not flat or len(flat) > 150 or find_approval(flat) or find_kind(flat) or find_period(flat):
        return None
    words = [word.lower().strip(",.;:()«»\"") for word in flat.split(" ")]
    named = [word for word in words if word and word not in _NOMINATIVE_NOUNS]
    return flat if named and set(words) & _NOMINATIVE_NOUNS else None


_NOMINATIVE_NOUNS = {noun.lower() for noun in ORGANIZATION_NOUNS.values()}


def _without_stray_quote(name: str) -> str:
    """A name found at the end of a quoted title loses the quote that closed the title."""
    quotes = "\"«»„“”"
    if name and name[-1] in quotes and not any(char in quotes for char in name[:-1]):
        return name[:-1].rstrip()
    return name


def names_project(text: str) -> bool:
    """A line that names the project a plan belongs to ("projekt „…“")."""
    return starts_with_marker(text, PROJECT_WORDS)


# Period ------------------------------------------------------------------------------


def _month_of(word: str) -> int | None:
    lower = word.lower()
    if lower in MONTHS:
        return MONTHS[lower]
    for stem, month in MONTH_STEMS.items():
        if lower.startswith(stem):
            return month
    return None


def find_period(text: str) -> Period | None:
    """A plan's period from its title or a "термін"/"termín realizace" line.

    Reads "02/2018 - 01/2020", "2023-2025", and a year with an optional span of months in
    words ("2023 рік (травень-жовтень)"). Activity schedules are not read here: that is
    the schedule parser's work.
    """
    flat = " ".join(text.split())
    months = _MONTH_RANGE.search(flat)
    if months:
        start_month, start_year, end_month, end_year = (int(g) for g in months.groups())
        return Period(start=f"{start_year}-{start_month:02d}", end=f"{end_year}-{end_month:02d}")
    years = _YEAR_RANGE.search(flat)
    if years:
        return Period(start=f"{years.group(1)}-01", end=f"{years.group(2)}-12")
    year = _YEAR.search(flat)
    if not year:
        return None
    named = [m for w in _WORDS.findall(flat[year.end():]) if (m := _month_of(w))]
    first, last = (named[0], named[-1]) if len(named) >= 2 else (1, 12)
    return Period(start=f"{year.group(1)}-{first:02d}", end=f"{year.group(1)}-{last:02d}")


def names_period(text: str) -> bool:
    """A line that states the period ("termín realizace: …", "Період: …")."""
    flat = " ".join(text.split()).lower()
    return any(flat.startswith(marker) for marker in PERIOD_MARKERS) or bool(
        _MONTH_RANGE.search(flat)
    )


# Kind, language, approval ------------------------------------------------------------


def find_kind(text: str) -> str | None:
    """The kind a title names; the word that comes first wins."""
    lower = text.lower()
    found: list[tuple[int, str]] = []
    for kind, stems in KIND_WORDS.items():
        for stem in stems:
            position = lower.find(stem)
            if position >= 0:
                found.append((position, kind))
    return min(found)[1] if found else None


def detect_language(texts: list[str]) -> str:
    """Ukrainian, Czech, Polish or English, by letters first and common words second."""
    text = " ".join(texts).lower()
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic >= latin:
        return "uk"
    words = _WORDS.findall(text)
    scores = {language: 0 for language in ("cs", "pl", "en")}
    for language, letters in LANGUAGE_LETTERS.items():
        scores[language] += 3 * sum(text.count(letter) for letter in letters)
    for language, common in LANGUAGE_WORDS.items():
        scores[language] += sum(1 for word in words if word in common)
    if not any(scores.values()):
        return "en"  # Latin letters without Czech or Polish ones, and no telling word
    return max(scores, key=lambda language: scores[language])


def find_approval(text: str) -> str | None:
    """The act that approved the plan, as "розпорядження від 27.11.2020 № 211"."""
    flat = " ".join(text.split())
    match = _APPROVAL_UK.search(flat)
    if match:
        document = APPROVAL_DOCUMENTS[match.group(1).lower()]
        return f"{document} від {match.group(2)} № {match.group(3)}"
    match = _APPROVAL_CS.search(flat)
    if match:
        document = APPROVAL_DOCUMENTS[match.group(1).lower()]
        return f"{document} č. {match.group(2)} ze dne {match.group(3)}"
    match = _APPROVAL_PL.search(flat)
    if match:
        document = APPROVAL_DOCUMENTS[match.group(1).lower()]
        return f"{document} nr {match.group(2)} z dnia {match.group(3)}"
    match = _APPROVAL_EN.search(flat)
    if match:
        return f"{match.group(1).lower()} No. {match.group(2)} of {match.group(3)}"
    return None
