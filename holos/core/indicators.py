"""Indicators: what a plan promises to measure, and the number it aims at.

Plans write indicators as short phrases: "принаймні 500 мешканців", "20% ВПО",
"Проведено 4 дослідження". Many leave the number to be filled in later ("__ (кількість)
ВПО, що пройшли опитування", "_% задоволеності"): such an indicator is a placeholder, a
finding for the plan's author, not an error. The phrase is always kept as written; the
target and unit are what could be read from it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from holos.core.document import Indicator
from holos.core.schedule import month_of

# Words that say "the number of" and are therefore not the unit being counted.
COUNT_WORDS = frozenset({
    "кількість", "кількості", "рівень", "число", "частка", "відсоток",
    "počet", "úroveň", "podíl",
    "number", "level", "share", "count",
    "liczba", "poziom", "udział",
})

# Words before a number that make it a target inside an activity's title.
TARGET_WORDS = (
    "принаймні", "принаймі", "щонайменше", "не менше ніж", "не менше", "не менш як", "понад",
    "alespoň", "nejméně", "minimálně",
    "at least", "no fewer than", "more than",
    "co najmniej", "nie mniej niż", "ponad",
)

_TARGET_PATTERNS = tuple((word, re.compile(rf"(?<!\w){re.escape(word)}\s+(?=\d)")) for word in TARGET_WORDS)
_PERCENT_IN_TITLE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?\s*%")
_PLACEHOLDER = re.compile(r"(?:_+|…|\.{3})\s*(%)?")
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|\d+(?:[.,/-]\d+)*")
_PLAIN_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_PERCENT = re.compile(r"^\s*(%|відсот\w*|procent\w*|percent\w*)", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"^\s*(р\b|р\.|рр|рік|року|роки|roku|rok|roce|year)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’ʼ-]*")
_PARENTHESIS = re.compile(r"^\s*\([^)]*\)")
# Plural genitive adjectives ("діалогових сесій", "nových služeb"): the unit is two words.
_ADJECTIVE = re.compile(r"(их|іх|ых|ých|ych)$")
_CLAUSE_END = re.compile(r"[,;.()\n]")


def _as_number(token: str) -> int | float:
    value = float(token.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    return int(value) if value.is_integer() else value


def _unit_after(rest: str) -> str:
    """The thing being counted: the first word after the number, past "(кількість)"."""
    rest = _PARENTHESIS.sub(" ", rest) if rest.lstrip().startswith("(") else rest
    words: list[str] = _WORD.findall(rest.replace("(", " "))
    while words and words[0].lower() in COUNT_WORDS:
        words.pop(0)
    if not words:
        return ""
    if _ADJECTIVE.search(words[0].lower()) and len(words) > 1:
        return f"{words[0]} {words[1]}"
    return words[0]


def _is_year(number: int | float, rest: str) -> bool:
    return isinstance(number, int) and 1900 <= number <= 2100 and bool(_YEAR_AFTER.match(rest))


def _first_target(text: str) -> tuple[int | float, str] | None:
    """The first number that is a count or a percentage (not a date, range or year)."""
    for match in _NUMBER.finditer(text):
        token = match.group(0)
        if not _PLAIN_NUMBER.match(token.replace(" ", "").replace("\u00a0", "")):
            continue
        number = _as_number(token)
        rest = text[match.end():]
        if _is_year(number, rest):
            continue
        if _PERCENT.match(rest):
            return number, "%"
        return number, _unit_after(rest)
    return None


def parse_indicator(text: str) -> Indicator:
    """Read one indicator phrase: its target number and unit, or that it is a blank."""
    return Indicator(*_read_phrase(" ".join(text.split())))


@lru_cache(maxsize=4096)
def _read_phrase(phrase: str) -> tuple[str, int | float | None, str, bool]:
    """An indicator's fields from its phrase, spaces already tidied; a long plan repeats its measures.

    A tuple, so that the remembered reading cannot be changed by whoever gets an indicator.
    """
    placeholder = _PLACEHOLDER.search(phrase)
    if placeholder:
        unit = "%" if placeholder.group(1) else _unit_after(phrase[placeholder.end():])
        return phrase, None, unit, True
    target = _first_target(phrase)
    if target is None:
        return phrase, None, "", False
    number, unit = target
    return phrase, number, unit, False


def _clause_from(text: str, start: int) -> str:
    end = _CLAUSE_END.search(text, start)
    return text[start:end.start() if end else len(text)].strip()


def find_indicator(title: str) -> Indicator | None:
    """Find a target written into an activity's title, if there is one.

    Authors often put the measure into the activity itself ("Залучити … принаймні 500
    мешканців громади", "Проінформувати … 20% ВПО у громаді"). Only a percentage or a
    number after "at least" counts: other numbers in titles are addresses and dates.
    """
    text = " ".join(title.split())
    lowered = text.lower()
    for word, pattern in _TARGET_PATTERNS:
        # Most titles hold none of the words: looking for the word is much quicker than the pattern.
        found = pattern.search(lowered) if word in lowered else None
        if found:
            clause = _clause_from(text, found.start())
            indicator = parse_indicator(clause)
            indicator.text = clause
            return indicator if indicator.target is not None else None
    percent = _PERCENT_IN_TITLE.search(text) if "%" in text else None
    if percent:
        clause = _clause_from(text, percent.start())
        return Indicator(text=clause, target=_as_number(percent.group(0).rstrip("% ")), unit="%")
    return None


def result_indicator(result: str) -> Indicator | None:
    """The measure a planned result holds: "Не менше 200 учасників зустрічей", "1000 примірників
    розповсюджено", "__ (кількість) прослуховувань"; None when it names no count.

    A number that is a day of a month ("до 1 липня") or a year is not a count.
    """
    phrase = " ".join(result.split())
    if not phrase:
        return None
    fields = _measure(phrase)
    return None if fields is None else Indicator(*fields)


@lru_cache(maxsize=4096)
def _measure(phrase: str) -> tuple[str, int | float | None, str, bool] | None:
    fields = _read_phrase(phrase)
    _, target, unit, placeholder = fields
    if not placeholder and (target is None or not unit or month_of(unit) is not None):
        return None
    return fields
