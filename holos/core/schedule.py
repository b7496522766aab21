"""Schedules: when an activity happens, as written in a plan and as understood.

A schedule always keeps the text the plan's author wrote; the other fields say what
Holos understood of it. Kinds:

- ``slots``: months (``YYYY-MM``) or quarters (``YYYY-Qn``) marked in the plan's grid;
- ``once``: a single month (``start``);
- ``range``: ``start`` … ``end``, optionally ``count`` events spread over it;
- ``recurring``: ``every`` week, month, quarter or year, within ``start`` … ``end``
  when the text bounds it (otherwise within the plan's period);
- ``continuous``: all the time ("постійно", "průběžně", "ongoing");
- ``relative``: ``offset_days`` from a named ``anchor`` event (negative is before);
- ``as_needed``: only when the need arises ("за потреби");
- ``unknown``: nothing could be understood; never an error.

A deadline by a day ("до 1 липня", "do 9 czerwca", "by 14 January 2019") is ``once``, in
its month. A length of time ("6 week consultation") is kept as ``duration_days`` whatever
the kind.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

KINDS = (
    "slots",
    "once",
    "range",
    "recurring",
    "continuous",
    "relative",
    "as_needed",
    "unknown",
)
EVERY = ("day", "week", "month", "quarter", "year")


@dataclass
class Schedule:
    text: str = ""
    kind: str = "unknown"
    slots: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    count: int | None = None
    every: str | None = None
    times: int | None = None
    offset_days: int | None = None
    anchor: str | None = None
    duration_days: int | None = None

    def copy(self) -> Schedule:
        """A copy sharing nothing that can change (its list of slots).

        Made without ``__init__``, which would only check again what this schedule already
        is: a long plan copies a remembered schedule for each of its rows.
        """
        copied = object.__new__(Schedule)
        copied.__dict__.update(vars(self), slots=list(self.slots))
        return copied

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``text`` and ``kind`` always, other fields only when set."""
        data: dict[str, Any] = {"text": self.text, "kind": self.kind}
        if self.slots:
            data["slots"] = list(self.slots)
        for name in ("start", "end", "count", "every", "times", "offset_days", "anchor", "duration_days"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Schedule:
        if not data:
            return cls()
        kind = data.get("kind") or "unknown"
        if kind not in KINDS:
            kind = "unknown"
        return cls(
            text=str(data.get("text") or ""),
            kind=kind,
            slots=[str(s) for s in data.get("slots") or []],
            start=data.get("start"),
            end=data.get("end"),
            count=data.get("count"),
            every=data.get("every"),
            times=data.get("times"),
            offset_days=data.get("offset_days"),
            anchor=data.get("anchor"),
            duration_days=data.get("duration_days"),
        )


# ---------------------------------------------------------------------------------------------
# parse_schedule: the public entry point
# ---------------------------------------------------------------------------------------------

# A period cell is a few words; a longer text is prose or garbage. Only its beginning is read,
# so that a pasted page cannot make the importer slow. ``text`` still keeps all of it.
_MAX_PARSED = 1000


def parse_schedule(text: str | None, *, period_start: str | None = None,
                   period_end: str | None = None) -> Schedule:
    """Understand the period text of a plan ("9-11/2018", "щомісяця", "за потреби").

    ``period_start``/``period_end`` are the plan's period as ``YYYY-MM`` (either may be
    ``None``): they give a year to months written without one ("вересень-листопад" in a 2021
    plan) and bound recurring and continuous schedules that do not say when they end.

    Decisions worth knowing:

    - a single quarter, half-year, season or year is a ``range`` of months
      ("1 квартал 2021" → 2021-01 … 2021-03); several quarters listed are quarter ``slots``;
    - ``times`` is set only when it says more than once per unit ("2 рази на місяць" → 2);
      an interval ("every two weeks", "раз на 2 місяці") becomes the nearest whole number of
      times per longer unit (twice a month, six times a year), see ``_every_from_rate``;
    - relative offsets count a week as 7 days, a month as 30, a quarter as 91, half a year
      as 182 and a year as 365;
    - a month without a year and no plan period to take one from cannot be placed, so it is
      not understood;
    - qualifiers such as "dle potřeby častěji" (more often if needed) do not change what a
      more precise phrase said; "as needed" is only the kind when nothing else was found.

    It never raises: an importer reads thousands of cells and one odd cell must not stop it.
    """
    raw = _as_text(text)
    understood = _remembered(raw, period_start if isinstance(period_start, str) else None,
                             period_end if isinstance(period_end, str) else None)
    return understood.copy()


@lru_cache(maxsize=4096)
def _remembered(raw: str, period_start: str | None, period_end: str | None) -> Schedule:
    """The same period text in the same plan is read once: a table of 10,000 rows repeats it.

    The cached schedule is never handed out; ``parse_schedule`` gives a copy.
    """
    try:
        return _parse(raw, _Period.of(period_start, period_end))
    except Exception:  # a safety net: any surprise is "not understood"
        return Schedule(text=raw)


def _as_text(text: object) -> str:
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    return text.strip()


def _parse(raw: str, period: _Period) -> Schedule:
    """Try the readings from the most specific to the vaguest; the first that fits wins.

    A rhythm ("щомісяця") comes first and takes any dates as its bounds; then an offset from
    an event; then dates, which words of continuity turn into the bounds of a continuous
    schedule ("протягом 2024 року", "1 квартал 2021 постійно"); then continuity alone; and
    "as needed" last, since it is usually a qualifier of something more precise.
    """
    if not raw:
        return Schedule(text=raw)
    schedule = _understood(raw, period)
    if schedule.kind not in ("recurring", "relative"):  # there a length is the rhythm or the offset
        schedule.duration_days = _find_duration(_normalise(raw[:_MAX_PARSED]).lower())
    return schedule


def _understood(raw: str, period: _Period) -> Schedule:
    norm = _normalise(raw[:_MAX_PARSED])
    low = norm.lower()
    dates = _find_dates(norm, period)

    recurring = _find_recurring(low)
    if recurring is not None:
        every, times = recurring
        start, end = _bounds(dates, period, every)
        return Schedule(text=raw, kind="recurring", every=every, times=times,
                        start=start, end=end)

    relative = _find_relative(low)
    if relative is not None:
        offset, anchor = relative
        return Schedule(text=raw, kind="relative", offset_days=offset, anchor=anchor)

    count = _find_count(low)
    continuous = _matches_any(_CONTINUOUS, low)
    if dates is not None:
        if continuous and count is None:
            start, end = _bounds(dates, period, None)
            return Schedule(text=raw, kind="continuous", start=start, end=end)
        return _dates_schedule(raw, dates, count, period)
    if count is not None and (period.start is not None or period.end is not None):
        return Schedule(text=raw, kind="range", start=period.start_key, end=period.end_key,
                        count=count)
    if continuous:
        return Schedule(text=raw, kind="continuous", start=period.start_key,
                        end=period.end_key)
    if _matches_any(_AS_NEEDED, low):
        return Schedule(text=raw, kind="as_needed")
    return Schedule(text=raw)


def _normalise(text: str) -> str:
    """One spelling for what people type many ways: dashes, spaces, apostrophes, HTML."""
    text = html.unescape(re.sub(r"<[^<>]{0,80}>", " ", text))
    text = re.sub(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]", "-", text)
    text = re.sub(r"[\u2019\u02bc\u2018`´]", "'", text)
    text = text.replace("×", "x").replace("→", "-").replace("⇒", "-")
    text = _BETWEEN.sub(r"\g<from> \g<first> - ", text)
    return re.sub(r"\s+", " ", text).strip()


# "between April and May", "між квітнем і травнем", "mezi dubnem a květnem": a range.
_BETWEEN = re.compile(
    r"(?<!\w)(?P<from>between|між|mezi|między)\s+(?P<first>[^,;]{1,40}?)\s+(?P<to>and|і|та|a)\s+",
    re.IGNORECASE,
)



def _matches_any(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


# ---------------------------------------------------------------------------------------------
# Months as numbers: index = year * 12 + month - 1, so that ranges are simple comparisons
# ---------------------------------------------------------------------------------------------

def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _month_key(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _quarter_key(index: int) -> str:
    return f"{index // 12:04d}-Q{index % 12 // 3 + 1}"


_FIRST_YEAR, _LAST_YEAR = 1900, 2100


def _year_of(digits: str) -> int | None:
    """``"2019"`` → 2019, ``"19"`` → 2019 (plans are of this century), else ``None``."""
    value = int(digits)
    if len(digits) == 2:
        value += 2000 if value < 70 else 1900
    elif len(digits) != 4:
        return None
    return value if _FIRST_YEAR <= value <= _LAST_YEAR else None


@dataclass
class _Period:
    """The plan's period, as month indexes; either end may be unknown."""

    start: int | None = None
    end: int | None = None

    @classmethod
    def of(cls, start: str | None, end: str | None) -> _Period:
        first, last = _period_month(start, False), _period_month(end, True)
        if first is not None and last is not None and first > last:
            first, last = last, first
        return cls(first, last)

    @property
    def start_key(self) -> str | None:
        return None if self.start is None else _month_key(self.start)

    @property
    def end_key(self) -> str | None:
        return None if self.end is None else _month_key(self.end)

    def year_for(self, first_month: int, last_month: int) -> int | None:
        """The year in which months ``first_month``…``last_month`` fall within the period."""
        if self.start is not None and self.end is not None:
            for year in range(self.start // 12, self.end // 12 + 1):
                if (_index(year, first_month) <= self.end
                        and _index(year, last_month) >= self.start):
                    return year
            return self.start // 12
        if self.start is not None:
            year = self.start // 12
            return year + 1 if _index(year, last_month) < self.start else year
        if self.end is not None:
            year = self.end // 12
            return year - 1 if _index(year, first_month) > self.end else year
        return None


def _period_month(value: object, is_end: bool) -> int | None:
    """``"2021-09"`` (or ``"2021"``, or a full date) → a month index; junk → ``None``."""
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?\s*", value)
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if is_end else 1)
    if not (_FIRST_YEAR <= year <= _LAST_YEAR and 1 <= month <= 12):
        return None
    return _index(year, month)


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("січень", "січня", "січні", "січ", "leden", "ledna", "lednu", "lednem",
        "january", "jan", "styczeń", "stycznia", "styczniu"),
    2: ("лютий", "лютого", "лютому", "лют", "únor", "února", "únoru", "únorem",
        "february", "feb", "luty", "lutego", "lutym"),
    3: ("березень", "березня", "березні", "бер", "březen", "března", "březnu", "březnem",
        "march", "mar", "marzec", "marca", "marcu"),
    4: ("квітень", "квітня", "квітні", "квіт", "duben", "dubna", "dubnu", "dubnem",
        "april", "apr", "kwiecień", "kwietnia", "kwietniu"),
    5: ("травень", "травня", "травні", "трав", "květen", "května", "květnu", "květnem",
        "may", "maj", "maja", "maju"),
    6: ("червень", "червня", "червні", "черв", "červen", "června", "červnu", "červnem",
        "june", "jun", "czerwiec", "czerwca", "czerwcu"),
    7: ("липень", "липня", "липні", "лип", "červenec", "července", "červenci", "červencem",
        "july", "jul", "lipiec", "lipca", "lipcu"),
    8: ("серпень", "серпня", "серпні", "серп", "srpen", "srpna", "srpnu", "srpnem",
        "august", "aug", "sierpień", "sierpnia", "sierpniu"),
    9: ("вересень", "вересня", "вересні", "вер", "září", "zářím",
        "september", "sep", "sept", "wrzesień", "września", "wrześniu"),
    10: ("жовтень", "жовтня", "жовтні", "жовт", "říjen", "října", "říjnu", "říjnem",
         "october", "oct", "październik", "października", "październiku"),
    11: ("листопад", "листопада", "листопаді", "листопаду", "лист", "listopad", "listopadu",
         "listopadem", "november", "nov", "listopada", "listopadzie"),
    12: ("грудень", "грудня", "грудні", "груд", "prosinec", "prosince", "prosinci",
         "prosincem", "december", "dec", "grudzień", "grudnia", "grudniu"),
}

# Abbreviations and words that are also ordinary words ("may", "лист" is a letter, "jan" a
# name): they count as months only next to a year, another month or "from"/"to".
_WEAK_MONTH_WORDS = frozenset({
    "січ", "лют", "бер", "квіт", "трав", "черв", "лип", "серп", "вер", "жовт", "лист", "груд",
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})

# Seasons as their first month; winter is left out on purpose: it spans two years and
# "зима 2024" does not say which December is meant.
_SEASON_WORDS: dict[int, tuple[str, ...]] = {
    3: ("весна", "весни", "навесні", "весною", "jaro", "jara", "jaře", "spring",
        "wiosna", "wiosną", "wiosny", "wiosnę"),
    6: ("літо", "влітку", "léto", "létě", "summer", "lato", "latem"),
    9: ("осінь", "осені", "восени", "podzim", "podzimu", "autumn", "fall",
        "jesień", "jesienią", "jesieni"),
}
_WEAK_SEASON_WORDS = frozenset({"fall"})
_WINTER_WORDS = frozenset({"зима", "зими", "взимку", "зимою", "zima", "zimy", "zimě",
                           "winter", "zimą", "zimie", "zimę"})

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
          "IX": 9, "X": 10, "XI": 11, "XII": 12}

# Connecting words between dates: a range ("вересень до листопада"), a start ("з березня"),
# a list ("травень і липень"), and filler that says nothing ("2021 року", "in May").
_TO_WORDS = frozenset({"до", "по", "to", "until", "till", "through", "thru", "do", "až", "aż", "by"})
_FROM_WORDS = frozenset({"з", "із", "зі", "від", "od", "ode", "from", "since", "starting", "between", "між",
                         "mezi", "między",
                         "počínaje", "począwszy"})
_LIST_WORDS = frozenset({"і", "й", "та", "a", "i", "and", "or", "або", "nebo", "lub", "albo"})
_SKIP_WORDS = frozenset({
    "р", "рр", "рік", "року", "роки", "років", "році", "г", "рока",
    "rok", "roku", "roce", "roky", "let", "letech", "r", "lata", "lat",
    "year", "years", "yr", "of", "the", "in", "on", "у", "в", "на", "v", "ve", "w", "we",
})


def _fold(word: str) -> str:
    """Latin words without diacritics ("zari" for "září"); Cyrillic is left alone."""
    if any("\u0400" <= ch <= "\u04ff" for ch in word):
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _word_table(groups: dict[int, tuple[str, ...]]) -> dict[str, int]:
    table: dict[str, int] = {}
    for value, words in groups.items():
        for word in words:
            table.setdefault(word, value)
            table.setdefault(_fold(word), value)
    return table


_MONTHS = _word_table(_MONTH_WORDS)
_SEASONS = _word_table(_SEASON_WORDS)

# Ordinals that name a quarter or a half-year ("перший квартал", "druhé pololetí").
_ORDINAL_STEMS = (
    ("перш", 1), ("друг", 2), ("трет", 3), ("четверт", 4), ("останн", 4),
    ("prvn", 1), ("druh", 2), ("třet", 3), ("tret", 3), ("čtvrt", 4), ("ctvrt", 4),
    ("posledn", 4), ("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("last", 4),
    ("pierwsz", 1), ("drug", 2), ("trzec", 3), ("czwart", 4), ("ostatni", 4),
)


def _ordinal(word: str) -> int | None:
    word = word.lower()
    for stem, value in _ORDINAL_STEMS:
        if word.startswith(stem):
            return value
    return None


# ---------------------------------------------------------------------------------------------
# Dates: tokens
# ---------------------------------------------------------------------------------------------

@dataclass
class _Point:
    """A stretch of time written in the text: a month, quarter, half-year, season or year."""

    unit: str                  # month | quarter | half | season | year
    value: int                 # month 1-12, quarter 1-4, half 1-2, season's first month, year
    year: int | None = None
    style: str = ""            # how a month was written: num | roman | name
    source: str = ""           # where the year came from: own | near | period
    weak: bool = False         # an ambiguous word that needs a neighbour to be a month
    dated: bool = False        # written with its day ("15.07.2019"): a deadline's point

    def months(self) -> tuple[int, int]:
        """First and last month (1-12) of the stretch within its year."""
        if self.unit == "month":
            return self.value, self.value
        if self.unit == "quarter":
            return 3 * self.value - 2, 3 * self.value
        if self.unit == "half":
            return 6 * self.value - 5, 6 * self.value
        if self.unit == "season":
            return self.value, self.value + 2
        return 1, 12

    def span(self) -> tuple[int, int]:
        year = self.year if self.year is not None else 0
        first, last = self.months()
        return _index(year, first), _index(year, last)


@dataclass
class _Tok:
    # point | year | num | roman | dash | to | from | list | slash | skip | vague | word
    kind: str
    value: int = 0
    point: _Point | None = None
    used: bool = False         # a year token that gave its year to a neighbour


def _point(unit: str, value: int, year: int | None = None, style: str = "",
           weak: bool = False) -> list[_Tok]:
    source = "own" if year is not None else ""
    return [_Tok("point", point=_Point(unit, value, year, style, source, weak))]


_Builder = Callable[[re.Match[str]], "list[_Tok] | None"]


# A date written as a date but impossible ("13/2018", "32.13.2020"): rather than read a part
# of it (the year), the whole text's dates are not understood.
def _invalid() -> list[_Tok]:
    return [_Tok("vague")]


def _build_date(m: re.Match[str]) -> list[_Tok] | None:
    """``15.07.2019`` → July 2019 (the day is not kept)."""
    day, month, year = int(m.group(1)), int(m.group(2)), _year_of(m.group(3))
    if not (1 <= day <= 31 and 1 <= month <= 12) or year is None:
        return _invalid()
    return _dated(_point("month", month, year, "num"))


def _dated(tokens: list[_Tok]) -> list[_Tok]:
    for tok in tokens:
        if tok.point is not None:
            tok.point.dated = True
    return tokens


def _build_day_month(m: re.Match[str]) -> list[_Tok] | None:
    """``15.07`` before a dash, as in ``15.07-31.08.19``: the year comes from the right."""
    day, month = int(m.group(1)), int(m.group(2))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return _dated(_point("month", month, None, "num"))


def _build_iso(m: re.Match[str]) -> list[_Tok] | None:
    """``2025-03`` is a month; ``2023-24`` is the years 2023 to 2024."""
    year, second = _year_of(m.group(1)), m.group(2)
    if year is None:
        return None
    if 1 <= int(second) <= 12:
        return _point("month", int(second), year, "num")
    if len(second) == 2 and m.group(3) is None and int(second) > year % 100:
        return [_Tok("year", year), _Tok("dash"), _Tok("year", year // 100 * 100 + int(second))]
    return _invalid()


def _build_month_year(m: re.Match[str]) -> list[_Tok] | None:
    """``5/2018``, ``05.2018``, ``5/18``."""
    month = int(m.group(1))
    year = _year_of(m.group(2) or m.group(3))
    if not 1 <= month <= 12 or year is None:
        return _invalid()
    return _point("month", month, year, "num")


def _roman(text: str) -> int | None:
    return _ROMAN.get(text.upper().replace("І", "I").replace("Х", "X"))


def _build_roman_month_year(m: re.Match[str]) -> list[_Tok] | None:
    """``V.2018``, ``IX/2018``."""
    month, year = _roman(m.group(1)), _year_of(m.group(2))
    if month is None or year is None:
        return None
    return _point("month", month, year, "roman")


def _numeral(m: re.Match[str]) -> int | None:
    """The number in front of "квартал"/"pololetí": a digit, a Roman numeral or an ordinal."""
    if m.group("d"):
        return int(m.group("d"))
    if m.group("r"):
        return _roman(m.group("r"))
    if m.group("w"):
        return _ordinal(m.group("w"))
    return None


def _build_numbered(unit: str, limit: int) -> _Builder:
    def build(m: re.Match[str]) -> list[_Tok] | None:
        value = _numeral(m)
        if value is None or not 1 <= value <= limit:
            return None
        year = _year_of(m.group("y")) if m.groupdict().get("y") else None
        return _point(unit, value, year)
    return build


def _build_year_lettered(unit: str) -> _Builder:
    """``2025-Q2``, ``Q1/2019``, ``Q3'24``, ``H1 2025``."""
    def build(m: re.Match[str]) -> list[_Tok] | None:
        year = _year_of(m.group("y"))
        if year is None:
            return None
        return _point(unit, int(m.group("n")), year)
    return build


def _build_lettered(unit: str) -> _Builder:
    """``Q2``, ``1Q``, ``H1``: the year, if any, is a separate token."""
    def build(m: re.Match[str]) -> list[_Tok] | None:
        return _point(unit, int(m.group("n")))
    return build


def _build_year(m: re.Match[str]) -> list[_Tok] | None:
    year = _year_of(m.group(1))
    return [_Tok("year", year)] if year is not None else [_Tok("num", int(m.group(1)))]


def _build_number(m: re.Match[str]) -> list[_Tok] | None:
    return [_Tok("num", int(m.group(1)))]


def _build_roman(m: re.Match[str]) -> list[_Tok] | None:
    value = _roman(m.group(0))
    return [_Tok("roman", value)] if value is not None else None


def _build_word(m: re.Match[str]) -> list[_Tok] | None:
    word = m.group(1).lower()
    folded = _fold(word)
    if word in _MONTHS or folded in _MONTHS:
        month = _MONTHS.get(word, _MONTHS.get(folded, 0))
        return _point("month", month, None, "name", weak=word in _WEAK_MONTH_WORDS)
    if word in _SEASONS or folded in _SEASONS:
        first = _SEASONS.get(word, _SEASONS.get(folded, 0))
        return _point("season", first, None, weak=word in _WEAK_SEASON_WORDS)
    if word in _WINTER_WORDS:
        return [_Tok("vague")]
    for words, kind in ((_TO_WORDS, "to"), (_FROM_WORDS, "from"), (_LIST_WORDS, "list"),
                        (_SKIP_WORDS, "skip")):
        if word in words:
            return [_Tok(kind)]
    return [_Tok("word")]


_PUNCTUATION = {"-": "dash", ",": "list", ";": "list", "+": "list", "&": "list",
                "/": "slash"}


def _build_punctuation(m: re.Match[str]) -> list[_Tok] | None:
    kind = _PUNCTUATION.get(m.group(0))
    return [_Tok(kind)] if kind else []


_YY = r"(\d{4}|\d{2})(?!\d)"
_ROMAN_CHARS = r"(?-i:[IVXІХ]{1,4})"
_NUMERAL = (r"(?:(?P<d>\d)(?!\d)\s*(?:-?\s*(?:й|ий|ій|го|ого|st|nd|rd|th)(?!\w))?\.?"
            rf"|(?P<r>{_ROMAN_CHARS})\.?|(?P<w>[^\W\d_]+))\s*")
_QUARTER_WORD = (r"(?:квартал\w*|кв(?!\w)\.?|čtvrtletí\w*|ctvrtleti\w*|kwarta[łl]\w*"
                 r"|kw(?!\w)\.?|quarters?(?!\w)|qtr(?!\w)\.?)")
_HALF_WORD = (r"(?:півріч\w*|половин\w*|pololetí\w*|pololeti\w*|polovin\w*|półrocz\w*"
              r"|polrocz\w*|połow\w*|half(?:-year)?(?!\w))")
_OF_YEAR = r"(?:\s*(?:of|року|roku|r\.|р\.)?\s*(?P<y>\d{4})(?!\d))?"

# Tried in this order at each position; the first that matches and makes sense wins.
_SCANNERS: tuple[tuple[re.Pattern[str], _Builder], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), build) for pattern, build in (
        (rf"(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?{_YY}", _build_date),
        (r"(\d{1,2})\.\s?(\d{1,2})\.?(?=\s*-)", _build_day_month),
        (r"(?P<y>\d{4})\s*[-/]?\s*q\s*(?P<n>[1-4])(?!\d)", _build_year_lettered("quarter")),
        (r"(?P<y>\d{4})\s*[-/]?\s*h(?P<n>[12])(?!\w)", _build_year_lettered("half")),
        (r"(\d{4})-(\d{1,2})(-\d{1,2})?(?!\d)", _build_iso),
        (rf"(\d{{1,2}})(?:\s*/\s*{_YY}|\.(\d{{4}})(?!\d))", _build_month_year),
        (rf"({_ROMAN_CHARS})\s*[./]\s*{_YY}", _build_roman_month_year),
        (r"q\s*(?P<n>[1-4])\s*[-/']\s*(?P<y>\d{4}|\d{2})(?!\d)",
         _build_year_lettered("quarter")),
        (r"q\s*(?P<n>[1-4])(?!\d)", _build_lettered("quarter")),
        (r"(?P<n>[1-4])\s*q(?!\w)", _build_lettered("quarter")),
        (r"h(?P<n>[12])(?!\w)", _build_lettered("half")),
        (_NUMERAL + _QUARTER_WORD + _OF_YEAR, _build_numbered("quarter", 4)),
        (_NUMERAL + _HALF_WORD + _OF_YEAR, _build_numbered("half", 2)),
        (r"(\d{4})(?!\d)", _build_year),
        (r"(\d+)(?:-?(?:й|ий|ій|го|ого|st|nd|rd|th)(?!\w))?", _build_number),
        (rf"{_ROMAN_CHARS}(?!\w)", _build_roman),
        (r"([^\W\d_][\w']*)\.?", _build_word),
        (r".", _build_punctuation),
    )
)


def _tokenise(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos, size = 0, len(text)
    while pos < size:
        if text[pos].isspace():
            pos += 1
            continue
        for pattern, build in _SCANNERS:
            match = pattern.match(text, pos)
            if match is None or match.end() == pos:
                continue
            made = build(match)
            if made is None:
                continue
            tokens.extend(made)
            pos = match.end()
            break
        else:  # pragma: no cover - the last scanner matches any character
            pos += 1
    return tokens


# ---------------------------------------------------------------------------------------------
# Dates: from tokens to points with years
# ---------------------------------------------------------------------------------------------

_CONNECTORS = ("dash", "to", "list", "slash")


def _at(tokens: list[_Tok], i: int) -> _Tok | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _is_point(tok: _Tok | None) -> bool:
    return tok is not None and tok.kind == "point"


def _resolve_numbers(tokens: list[_Tok]) -> None:
    """Bare numbers that borrow a unit from the right: ``9-11/2018``, ``I-II квартал``,
    ``IX-XI 2018``. Right to left, so that ``IX`` sees ``XI`` already made a month."""
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok.kind not in ("num", "roman"):
            continue
        after = _at(tokens, i + 1)
        if tok.kind == "roman" and after is not None and after.kind == "year":
            if 1 <= tok.value <= 12:
                tokens[i] = _point("month", tok.value, None, "roman")[0]
            continue
        if after is None or after.kind not in _CONNECTORS:
            continue
        target = _at(tokens, i + 2)
        if target is None or target.point is None:
            continue
        unit, style = target.point.unit, target.point.style
        wanted_style = "num" if tok.kind == "num" else "roman"
        if unit == "month" and style == wanted_style and 1 <= tok.value <= 12:
            tokens[i] = _point("month", tok.value, None, style)[0]
        elif unit == "quarter" and 1 <= tok.value <= 4:
            tokens[i] = _point("quarter", tok.value)[0]
        elif unit == "half" and 1 <= tok.value <= 2:
            tokens[i] = _point("half", tok.value)[0]


def _confirm_weak(tokens: list[_Tok]) -> None:
    """"May" is a month in "May 2025" or "May-June", a verb in "may be needed"."""
    for i, tok in enumerate(tokens):
        if tok.point is None or not tok.point.weak:
            continue
        before, after = _at(tokens, i - 1), _at(tokens, i + 1)
        j = i + 1
        while (tok_j := _at(tokens, j)) is not None and tok_j.kind in ("num", "list"):
            j += 1  # "May 15, 2025": the day and a comma before the year
        year_after = _at(tokens, j)
        near = (
            (year_after is not None and year_after.kind == "year")
            or (after is not None and after.kind in ("year", "point"))
            or (before is not None and before.kind in ("from", "to", "point", "num"))
            or (after is not None and after.kind in _CONNECTORS and _is_point(_at(tokens, i + 2)))
            or (before is not None and before.kind in _CONNECTORS
                and _is_point(_at(tokens, i - 2)))
        )
        if not near:
            tokens[i] = _Tok("word")


def _carry_years(tokens: Iterable[_Tok], backwards: bool) -> None:
    """Give a year to the points written without one, from the nearest year in one direction.

    "травень, липень, вересень 2023": going backwards, 2023 reaches all three months.
    A year token that gives its year away is not a point itself ("березень 2024").
    An ordinary word breaks the chain: the year belongs to another phrase.
    """
    year: int | None = None
    giver: _Tok | None = None
    adjacent = False
    for tok in tokens:
        if tok.kind == "year":
            year, giver, adjacent = tok.value, tok, True
        elif tok.point is not None:
            point = tok.point
            if point.year is None and year is not None:
                point.year = year
                point.source = "own" if adjacent and backwards else "near"
                if giver is not None:
                    giver.used = True
            if point.year is not None:
                year, giver = point.year, None
            adjacent = False
        elif tok.kind == "word":
            year, giver, adjacent = None, None, False
        elif tok.kind != "skip":
            adjacent = False


def _years_from_period(points: list[_Point], period: _Period) -> bool:
    """Place the remaining points in the plan's period; ``False`` when there is none."""
    for point in points:
        if point.year is None:
            first, last = point.months()
            point.year = period.year_for(first, last)
            point.source = "period"
            if point.year is None:
                return False
    return True


# ---------------------------------------------------------------------------------------------
# Dates: from points to once / range / slots
# ---------------------------------------------------------------------------------------------

@dataclass
class _Dates:
    """What the dates in a text say, before other words decide the kind."""

    kind: str                   # once | range | slots
    start: int | None = None    # month indexes; None is open (taken from the plan's period)
    end: int | None = None
    slots: list[str] = field(default_factory=list)
    written_year: bool = True   # a year came from the text rather than the plan's period


_MAX_SLOTS = 240


def _find_dates(text: str, period: _Period) -> _Dates | None:
    """The months a text names, in four steps: tokens ("9", "-", "11/2018"); bare numbers
    take the unit of their neighbour (9 becomes September); points without a year take one
    from the nearest year written, else from the plan's period; then the points, joined by
    dashes or separated by commas, make one month, a range or slots."""
    tokens = _tokenise(text)
    if any(tok.kind == "vague" for tok in tokens):
        return None  # "зима 2024", "13/2018": which months is not ours to guess
    _resolve_numbers(tokens)
    _confirm_weak(tokens)
    _carry_years(reversed(tokens), backwards=True)
    _carry_years(tokens, backwards=False)
    items: list[tuple[int, _Point]] = []
    for i, tok in enumerate(tokens):
        if tok.point is not None:
            items.append((i, tok.point))
        elif tok.kind == "year" and not tok.used:
            items.append((i, _Point("year", tok.value, tok.value, source="own")))
    if not items:
        return None
    points = [p for _, p in items]
    if not _years_from_period(points, period):
        return None
    written = any(p.source != "period" for p in points)
    groups = _group(tokens, items)
    if len(groups) == 1:
        dates = _single_group(groups[0], _lead(tokens, items[0][0]))
    else:
        dates = _list_of_groups(groups)
    dates.written_year = written
    return dates


def _group(tokens: list[_Tok], items: list[tuple[int, _Point]]) -> list[list[_Point]]:
    """Split the points into a list of ranges: a dash joins, anything else separates."""
    groups: list[list[_Point]] = [[items[0][1]]]
    for (i, left), (j, right) in zip(items, items[1:], strict=False):
        between = {t.kind for t in tokens[i + 1:j]}
        joined = bool(between & {"dash", "to"}) or (
            "slash" in between and left.unit == right.unit == "year")
        if joined:
            groups[-1].append(right)
        else:
            groups.append([right])
    return groups


def _lead(tokens: list[_Tok], first: int) -> str:
    """Whether the dates start with "from" ("з березня") or "until" ("до травня 2024").

    Days in front are skipped ("з 1 березня"), but "з 1 по 15 травня" is a stretch of days
    within May, not "until May".
    """
    i = first - 1
    day = False
    while i >= 0 and tokens[i].kind in ("num", "skip"):
        day = day or tokens[i].kind == "num"
        i -= 1
    lead = tokens[i].kind if i >= 0 else ""
    if lead not in ("from", "to"):
        return ""
    before = _at(tokens, i - 1)
    if lead == "to" and before is not None and before.kind == "num":
        return ""
    point = tokens[first].point
    if lead == "to" and (day or (point is not None and point.dated)):
        return "deadline"  # "до 1 липня", "do 15.07.2023": by a day of that month
    return lead


def _ordered(first: _Point, last: _Point) -> tuple[int, int]:
    """A range's bounds; a year that was only guessed moves so that the range runs forward
    ("листопад-лютий 2024" is 2023-11 … 2024-02)."""
    start, end = first.span()[0], last.span()[1]
    if end >= start:
        return start, end
    if last.source != "own":
        while end < start:
            end += 12
        return start, end
    if first.source != "own":
        while end < start:
            start -= 12
        return start, end
    return last.span()[0], first.span()[1]


def _single_group(group: list[_Point], lead: str) -> _Dates:
    if len(group) > 1:
        start, end = _ordered(group[0], group[-1])
        return _Dates("range", start, end)
    point = group[0]
    start, end = point.span()
    if lead == "from":
        return _Dates("range", start, None)
    if lead == "to":
        return _Dates("range", None, end)
    if lead == "deadline":
        return _Dates("once", end - (end - start), end) if start == end else _Dates("range", start, end)
    return _Dates("once" if start == end else "range", start, end)


def _list_of_groups(groups: list[list[_Point]]) -> _Dates:
    """"травень, липень, вересень 2023" → month slots; "Q1, Q3 2024" → quarter slots."""
    spans = [_ordered(g[0], g[-1]) for g in groups]
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    units = {p.unit for g in groups for p in g}
    if "year" in units:
        return _Dates("range", start, end)
    by_quarter = units == {"quarter"}
    slots: list[str] = []
    for first, last in spans:
        if last - first >= _MAX_SLOTS or len(slots) > _MAX_SLOTS:
            return _Dates("range", start, end)
        step = 3 if by_quarter else 1
        for index in range(first, last + 1, step):
            key = _quarter_key(index) if by_quarter else _month_key(index)
            if key not in slots:
                slots.append(key)
    if len(slots) == 1:
        return _Dates("once" if start == end else "range", start, end)
    return _Dates("slots", start, end, slots)


def _dates_schedule(raw: str, dates: _Dates, count: int | None, period: _Period) -> Schedule:
    """Dates alone: "з березня" runs to the end of the plan's period."""
    start, end = _bounds(dates, period, None)
    if dates.kind == "slots":
        return Schedule(text=raw, kind="slots", slots=list(dates.slots))
    if start is not None and start == end and (count is None or count <= 1):
        return Schedule(text=raw, kind="once", start=start, end=end)
    return Schedule(text=raw, kind="range", start=start, end=end, count=count)


def _bounds(dates: _Dates | None, period: _Period,
            every: str | None) -> tuple[str | None, str | None]:
    """Where a recurring or continuous schedule runs: the dates the text gives, otherwise
    the plan's period. "щороку в травні" names the month of the year, not the bounds."""
    if dates is None:
        return period.start_key, period.end_key
    if (every in ("quarter", "year") and dates.kind == "once" and not dates.written_year):
        return period.start_key, period.end_key
    start = dates.start if dates.start is not None else period.start
    end = dates.end if dates.end is not None else period.end
    if start is not None and end is not None and start > end:
        if dates.start is None:
            start = end
        else:
            end = start
    return (None if start is None else _month_key(start),
            None if end is None else _month_key(end))


# ---------------------------------------------------------------------------------------------
# Numbers and units in words, for recurring and relative schedules
# ---------------------------------------------------------------------------------------------

_NUMBER_WORDS: dict[str, float] = {
    "один": 1, "одна": 1, "одну": 1, "одного": 1, "два": 2, "дві": 2, "двох": 2, "три": 3,
    "трьох": 3, "чотири": 4, "п'ять": 5, "шість": 6, "сім": 7, "вісім": 8, "дев'ять": 9,
    "десять": 10, "півтора": 1.5, "півтори": 1.5, "другого": 2, "другий": 2,
    "jeden": 1, "jedna": 1, "jedno": 1, "dva": 2, "dvě": 2, "tři": 3, "čtyři": 4, "pět": 5,
    "šest": 6, "sedm": 7, "osm": 8, "devět": 9, "deset": 10, "druhý": 2, "druhé": 2,
    "druhou": 2,
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "other": 2, "second": 2,
    "dwa": 2, "dwie": 2, "trzy": 3, "cztery": 4, "pięć": 5, "sześć": 6, "siedem": 7,
    "osiem": 8, "dziewięć": 9, "dziesięć": 10, "drugi": 2, "drugim": 2,
}
_TIMES_WORDS: dict[str, int] = {
    "двічі": 2, "тричі": 3, "однократно": 1, "одноразово": 1, "dvakrát": 2, "třikrát": 3,
    "jednou": 1, "twice": 2, "thrice": 3, "once": 1, "dwukrotnie": 2, "trzykrotnie": 3,
}
_UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "day": ("день", "дні", "днів", "дня", "добу", "доби", "діб", "den", "dny", "dní", "dnů",
            "dnu", "day", "days", "dzień", "dni", "dnia"),
    "week": ("тиждень", "тижні", "тижнів", "тижня", "týden", "týdny", "týdnů", "týdnu",
             "week", "weeks", "tydzień", "tygodnie", "tygodni", "tygodniu"),
    "month": ("місяць", "місяці", "місяців", "місяця", "měsíc", "měsíce", "měsíců", "měsíci",
              "month", "months", "miesiąc", "miesiące", "miesięcy", "miesiącu"),
    "quarter": ("квартал", "квартали", "кварталу", "кварталів", "кварталі", "čtvrtletí",
                "quarter", "quarters", "kwartał", "kwartały", "kwartale", "kwartału",
                "kwartałów"),
    "halfyear": ("півроку", "пів року", "півріччя", "půl roku", "půlroku", "pololetí",
                 "half a year", "half-year", "half year", "pół roku", "półrocze", "półroczu"),
    "year": ("рік", "роки", "років", "року", "році", "rok", "roky", "roku", "let", "roce",
             "year", "years", "lata", "lat"),
}
# Adverbs that carry their unit, for "2x měsíčně", "2 рази щомісяця".
_UNIT_ADVERBS: dict[str, str] = {
    "denně": "day", "týdně": "week", "měsíčně": "month", "čtvrtletně": "quarter",
    "pololetně": "halfyear", "ročně": "year", "daily": "day", "weekly": "week",
    "monthly": "month", "quarterly": "quarter", "yearly": "year", "annually": "year",
    "dziennie": "day", "tygodniowo": "week", "miesięcznie": "month", "kwartalnie": "quarter",
    "rocznie": "year", "щодня": "day", "щотижня": "week", "щомісяця": "month",
    "щокварталу": "quarter", "щороку": "year",
}
_UNIT_OF: dict[str, str] = {w: u for u, words in _UNIT_WORDS.items() for w in words}
_UNIT_OF.update(_UNIT_ADVERBS)

# How many of each unit fit in a year, and how many days each lasts.
_PER_YEAR = {"day": 365.0, "week": 52.0, "month": 12.0, "quarter": 4.0, "halfyear": 2.0,
             "year": 1.0}
_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "halfyear": 182, "year": 365}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternative of whole words, longest first so that "роки" beats "рік"."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


_NUM = rf"(?:\d+(?:[.,]\d+)?|{_alternation(_NUMBER_WORDS)}(?!\w))"
_UNIT = _alternation(w for words in _UNIT_WORDS.values() for w in words)
_UNIT_OR_ADVERB = _alternation(_UNIT_OF)


def _number(text: str | None, default: float = 1) -> float:
    if not text:
        return default
    text = text.lower()
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return default


def _unit(text: str) -> str:
    return _UNIT_OF.get(re.sub(r"\s+", " ", text.lower()), "")


# ---------------------------------------------------------------------------------------------
# Recurring
# ---------------------------------------------------------------------------------------------

# "2 рази на місяць", "1 раз на 2 тижні", "2x měsíčně", "once a month", "raz w miesiącu".
_TIMES_PER = re.compile(
    rf"(?<!\w)(?:(?:(?P<n1>{_NUM})\s*)?(?:раз(?:и|ів|у)?|razy?)(?!\w)"
    rf"|(?P<n2>{_NUM})\s*(?:x|krát|-krát|times)(?!\w)"
    rf"|(?P<tw>{_alternation(_TIMES_WORDS)})(?!\w))"
    rf"\s*(?:(?:у|в|на|за|протягом|per|a|an|each|every|in\s+a|w|na|za|v|ve|do)\s+)?"
    rf"(?:(?P<m>{_NUM})\s+)?(?P<unit>{_UNIT_OR_ADVERB})(?!\w)",
    re.IGNORECASE,
)
# "кожного місяця", "every 2 weeks", "co tydzień", "každé čtvrtletí", "кожні два тижні".
_EVERY_N = re.compile(
    rf"(?<!\w)(?:кожн\w*|кожен|every|each|každ\w*|co|każd\w*)\s+"
    rf"(?:(?P<m>{_NUM})\s+)?(?P<unit>{_UNIT})(?!\w)",
    re.IGNORECASE,
)
_WEEKDAYS = (r"(?:понеділ\w*|вівтор\w*|серед(?:а|у|и|ам|ах)|четвер\w*|п'ятниц\w*|субот\w*|неділ\w*"
             r"|pondělí|úterý|střed\w*|čtvrt(?:ek|ky)|pát(?:ek|ky)|sobot\w*|neděl\w*"
             r"|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?"
             r"|poniedział\w*|wtor\w*|środ\w*|czwart(?:ek|ki|ku)|piąt(?:ek|ki|ku)|niedziel\w*)")
_WEEKLY_DAY = re.compile(
    rf"(?<!\w)(?:(?:кожн\w*|кожен|every|each|každ\w*|w\s+każd\w*|co|по)\s+{_WEEKDAYS}"
    r"|що(?:понеділ|вівтор|серед|четвер|п'ятниц|субот|неділ)\w*"
    r"|(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays))(?!\w)",
    re.IGNORECASE,
)
# Single words and set phrases: (pattern, unit, every how many units).
_RECURRING_WORDS: tuple[tuple[re.Pattern[str], str, int], ...] = tuple(
    (re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE), unit, interval)
    for pattern, unit, interval in (
        (r"fortnightly|bi-?weekly|щодвотижн\w*", "week", 2),
        (r"щодн\w*|щоденн\w*|denně|daily|codziennie|dziennie", "day", 1),
        (r"щотижн\w*|týdně|weekly|tygodniowo|cotygodni\w*", "week", 1),
        (r"щоміс\w*|měsíčně|monthly|miesięcznie|comiesięczn\w*", "month", 1),
        (r"щокварт\w*|čtvrtletně|quarterly|kwartalnie|cokwartaln\w*", "quarter", 1),
        (r"щопівроку|щопіврічн\w*|pololetně|semi-?annual\w*|bi-?annual\w*|half-?yearly"
         r"|półrocznie|co\s+pół\s+roku", "halfyear", 1),
        (r"щороку|щорічн\w*|ročně|každoročně|yearly|annually|annual|rocznie|coroczn\w*"
         r"|corocznie", "year", 1),
    )
)


def _find_recurring(low: str) -> tuple[str, int | None] | None:
    """``(every, times)`` when the text repeats on a rhythm, else ``None``."""
    match = _TIMES_PER.search(low)
    if match:
        if match.group("tw"):
            times = float(_TIMES_WORDS.get(match.group("tw").lower(), 1))
        else:
            times = _number(match.group("n1") or match.group("n2"))
        unit = _unit(match.group("unit"))
        found = _every_from_rate(times, _number(match.group("m")), unit)
        if found is not None:
            return found
    match = _EVERY_N.search(low)
    if match:
        found = _every_from_rate(1, _number(match.group("m")), _unit(match.group("unit")))
        if found is not None:
            return found
    if _WEEKLY_DAY.search(low):
        return "week", None
    for pattern, unit, interval in _RECURRING_WORDS:
        if pattern.search(low):
            return _every_from_rate(1, interval, unit)
    return None


_RATE_TOLERANCE = 0.1


def _every_from_rate(times: float, interval: float, unit: str) -> tuple[str, int | None] | None:
    """``times`` per ``interval`` ``unit``s as ``(every, times)``.

    Once or more per one unit keeps the unit (a half-year becomes twice a year). Anything else
    ("every 2 weeks", "раз на 2 місяці") is expressed in the shortest unit that takes a whole
    number of occurrences within 10 %: every 2 weeks is twice a month, every 2 months six times
    a year, every 3 months once a quarter. Rarer than once a year is not understood.
    """
    if unit not in _PER_YEAR or times <= 0 or interval <= 0:
        return None
    if interval == 1 and times == int(times):
        if unit == "halfyear":
            return "year", int(times) * 2
        return unit, int(times) if times > 1 else None
    per_year = times * _PER_YEAR[unit] / interval
    for every in EVERY:
        ratio = per_year / _PER_YEAR[every]
        whole = round(ratio)
        if whole >= 1 and abs(ratio - whole) <= _RATE_TOLERANCE * ratio:
            return every, whole if whole > 1 else None
    return None


# ---------------------------------------------------------------------------------------------
# Relative
# ---------------------------------------------------------------------------------------------

_ANCHOR = r"(?P<anchor>[^,;:()\[\]\n]+)"
_BEFORE = re.compile(
    rf"(?<!\w)(?P<za>(?:за|na)\s+)?(?:(?P<n>{_NUM})\s*)?(?P<unit>{_UNIT})\s+"
    rf"(?P<prep>до|перед|před|pred|before|prior\s+to|ahead\s+of|przed)\s+{_ANCHOR}",
    re.IGNORECASE,
)
_AFTER = re.compile(
    rf"(?<!\w)(?:(?:через|протягом|within|in|za|po)\s+)?(?:(?P<n>{_NUM})\s*)?(?P<unit>{_UNIT})"
    rf"\s+(?P<prep>після|по|po|after|following|później\s+niż)\s+{_ANCHOR}",
    re.IGNORECASE,
)
_SAME_DAY = re.compile(
    rf"(?<!\w)(?:(?:у|в)\s+день|on\s+the\s+day\s+of|v\s+den|w\s+dniu)\s+{_ANCHOR}",
    re.IGNORECASE,
)
_EVE = re.compile(rf"(?<!\w)напередодні\s+{_ANCHOR}", re.IGNORECASE)

# A few common anchors in the nominative, so that "заходу" and "захід" are the same event.
_ANCHOR_NOMINATIVE = {
    "заходу": "захід", "заходом": "захід", "заходів": "захід", "події": "подія",
    "подією": "подія", "сесії": "сесія", "сесією": "сесія", "свята": "свято",
    "святом": "свято", "відкриттям": "відкриття", "засіданням": "засідання",
    "akcí": "akce", "akci": "akce", "otevřením": "otevření", "zahájením": "zahájení",
    "zasedáním": "zasedání", "událostí": "událost",
    "wydarzeniem": "wydarzenie", "wydarzenia": "wydarzenie", "otwarciem": "otwarcie",
    "otwarcia": "otwarcie", "sesją": "sesja", "sesji": "sesja",
}
_ARTICLES = ("the ", "a ", "an ")


def _anchor(text: str) -> str | None:
    """The event a relative schedule counts from, lower-cased, as written."""
    anchor = re.sub(r"\s+", " ", text).strip(" .-–—'\"«»").lower()
    for article in _ARTICLES:
        if anchor.startswith(article):
            anchor = anchor[len(article):]
    anchor = anchor[:120].strip()
    if not anchor:
        return None
    first, _, rest = anchor.partition(" ")
    first = _ANCHOR_NOMINATIVE.get(first, first)
    return f"{first} {rest}".strip()


def _find_relative(low: str) -> tuple[int, str] | None:
    """``(offset_days, anchor)`` for "за 2 тижні до заходу", "one month after opening"."""
    for pattern, sign in ((_BEFORE, -1), (_AFTER, 1)):
        for match in pattern.finditer(low):
            # "до" is also "until" ("тиждень до кінця року"): it needs "за" or a number in
            # front ("за тиждень до заходу", "2 тижні до заходу").
            if match.group("prep") == "до" and not (match.group("za") or match.group("n")):
                continue
            anchor = _anchor(match.group("anchor"))
            unit = _unit(match.group("unit"))
            if anchor is None or unit not in _DAYS:
                continue
            days = round(_number(match.group("n")) * _DAYS[unit])
            return sign * days, anchor
    for pattern, offset in ((_SAME_DAY, 0), (_EVE, -1)):
        found = pattern.search(low)
        if found:
            anchor = _anchor(found.group("anchor"))
            if anchor is not None:
                return offset, anchor
    return None


# ---------------------------------------------------------------------------------------------
# Count of events, continuous, as needed
# ---------------------------------------------------------------------------------------------

_COUNT = re.compile(
    r"(?<![\d/.\w])(?P<n>\d{1,3})\s*(?:x\s*)?"
    r"(?:akc[eíi]\w*|заход\w*|поді[йїя]\w*|зустріч\w*|сесі\w*|events?|meetings?|sessions?"
    r"|setkání|spotka\w*|wydarze\w*|раз(?:и|ів)?|krát|times|razy)(?!\w)"
    r"|(?<![\d/.\w])(?P<x>\d{1,3})\s*x(?!\w)",
    re.IGNORECASE,
)


# "6 week consultation", "a 12-week period", "3 місяці", "2 týdny": a length of time.
_DURATION = re.compile(
    rf"(?<![\d/.\w])(?P<n>\d{{1,3}})\s*-?\s*(?P<unit>{_UNIT})(?!\w)(?!\s+(?:до|перед|před|before|prior|po|після|after))",
    re.IGNORECASE,
)


def _find_duration(low: str) -> int | None:
    match = _DURATION.search(low)
    if not match:
        return None
    unit = _unit(match.group("unit"))
    if unit not in ("day", "week", "month"):
        return None
    return int(match.group("n")) * _DAYS[unit]


def _find_count(low: str) -> int | None:
    """How many events a range holds: "6/2018 - 01/2020 - 4 akce" → 4."""
    match = _COUNT.search(low)
    if not match:
        return None
    value = int(match.group("n") or match.group("x"))
    return value if value > 0 else None


def _compile_words(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"(?<!\w){p}", re.IGNORECASE) for p in patterns)


_CONTINUOUS = _compile_words((
    # Ukrainian; "оперативне інформування" is informing as things happen, i.e. all the time
    r"постійн", r"протягом", r"впродовж", r"упродовж", r"на\s+протязі",
    r"ціл(?:ий|ого)\s+р(?:ік|оку)", r"(?:у)?весь\s+(?:рік|період)", r"цілорічн", r"безперервн", r"оперативн",
    # Czech
    r"průběžn", r"prubezn", r"trval", r"stále", r"neustál", r"celoročn", r"po\s+celou\s+dobu",
    r"po\s+celý\s+rok", r"celý\s+rok", r"kontinuáln", r"soustavn",
    # English
    r"ongoing", r"continuous", r"continually", r"all\s+year", r"year[-\s]round", r"throughout",
    r"permanent", r"constantly", r"at\s+all\s+times", r"all\s+the\s+time",
    # Polish
    r"na\s+bieżąco", r"ciągle", r"ciągł", r"stale(?!\w)", r"cały\s+rok", r"przez\s+cały",
    r"całorocz", r"nieustann",
))

_AS_NEEDED = _compile_words((
    # Ukrainian
    r"за\s+потреб", r"(?:у|в)\s+разі\s+потреб", r"при\s+потреб", r"по\s+мірі\s+потреб",
    r"(?:у|в)\s+міру\s+потреб", r"за\s+необхідн", r"(?:у|в)\s+разі\s+необхідн",
    r"при\s+необхідн", r"за\s+запит", r"на\s+вимогу", r"(?:у|в)\s+разі\s+виникнення",
    # Czech
    r"(?:dle|podle)\s+(?:aktuáln\w*\s+)?potřeb", r"v\s+případě\s+potřeb",
    r"v\s+případě\s+nutnosti", r"(?:dle|podle)\s+situace", r"dle\s+poptávky",
    # English
    r"as\s+needed", r"when\s+needed", r"if\s+needed", r"as\s+required", r"when\s+required",
    r"on\s+demand", r"on\s+request", r"upon\s+request", r"ad[\s-]hoc", r"when\s+necessary",
    r"as\s+necessary", r"if\s+necessary",
    # Polish
    r"w\s+razie\s+potrzeb", r"w\s+miarę\s+potrzeb", r"według\s+potrzeb",
    r"zgodnie\s+z\s+potrzeb", r"doraźn", r"w\s+razie\s+konieczności",
))


def month_of(word: str) -> int | None:
    """The month a word names in any of the four languages and cases ("lutego", "листопада")."""
    lower = word.lower()
    return _MONTHS.get(lower) or _MONTHS.get(_fold(lower))


def is_quarter_word(word: str) -> bool:
    return _QUARTER_ALONE.fullmatch(word) is not None


_QUARTER_ALONE = re.compile(_QUARTER_WORD + r"|" + _HALF_WORD, re.IGNORECASE)
