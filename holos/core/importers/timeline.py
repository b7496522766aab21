"""Finding the table a person sees in text that lost its table: timelines and dated lists.

A table copied out of a web page often arrives as lines: a stage, then its dates on the
next line ("Składanie projektów" / "1 lutego – 2 marca"), or the dates first; a period
heading with the work of that period listed under it in bullets ("září 2018" /
"• předkládání návrhů"); a line that names its dates ("Zgłaszanie projektów: 20 maja -
10 czerwca", "1. … 1.07 – 21.10.2020 r."); the header cells one per line, then each row's
cells one per line ("DZIAŁANIE:" / "TERMIN:" / …); a header written on one line with
spaces between the headings, each row on a line of its own; or records, each a name with
the same labelled lines under it (see ``records``).

``find_tables`` turns such runs of paragraphs back into tables of (task, activity, dates)
without a header, which the interpreter reads by their content; it is asked only when the
document holds no plan table with a header, so plans with tables are read as they were.
Lines it does not use stay paragraphs, so nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from holos.core.importers.blocks import Block, Paragraph, Row, Table
from holos.core.importers.headers import role_of
from holos.core.importers.plan_facts import is_title
from holos.core.importers.records import find_records
from holos.core.schedule import is_quarter_word, month_of, parse_schedule

_MIN_ENTRIES = 3
_LONGEST_LABEL = 40
_LONGEST_TITLE = 160
_TOKEN = re.compile(r"\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\.?(?![\d:])|\d{1,2}:\d{2}(?::\d{2})?"
                    r"|\d+(?:st|nd|rd|th|r|р)?\.?|[^\W\d_]+\.?|[–—\-→/&,:]")
_BULLET = re.compile(r"^\s*(?:[•·▪◦○●\-–—*]|\d{1,2}[.)](?!\d))\s+")
_MARK = re.compile(r"^\s*[•·▪◦○●\-–—*]\s+")
_NUMBERING = re.compile(r"^\s*\d{1,2}[.)]\s+(?=\D)")
_GLUED = re.compile(r"(\d)([^\W\d_])")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_ROMAN_MONTH = re.compile(r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.?")
_DAY_MONTH = re.compile(r"\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_SPACED_DAY = re.compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.(?=\s|$)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CONNECTORS = frozenset("–—-→/&,:")
_NUMBERED_AFTER = re.compile(r"^(.*?\S)\s+(\d{1,3}\.\s+[^\W\d_].*)$")
# Words that may stand between dates without making a line more than a date.
_DATE_WORDS = frozenset({
    "r", "р", "рр", "рік", "року", "роки", "roku", "rok", "roce", "year", "of", "the", "ve", "dnech", "w", "we",
    "v", "у", "в", "godz", "hod", "hodin", "od", "ode", "do", "to", "from", "until", "till", "by", "between",
    "and", "a", "i", "та", "і", "й", "з", "із", "по", "до", "від", "až", "aż", "end", "konce", "końca", "кінця",
    "early", "late", "mid", "week", "commencing", "w/c", "or", "lub", "nebo", "po", "after", "після",
})
# Words that open a date as its bound ("do 15 września", "By Monday", "від 1 травня").
_WEEKDAYS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela",
    "pondělí", "úterý", "středa", "čtvrtek", "pátek", "neděle",
    "понеділок", "вівторок", "середа", "четвер", "п'ятниця", "субота", "неділя",
})
_OPENING_WORDS = frozenset({"od", "ode", "do", "to", "from", "until", "till", "by", "between", "з", "із", "по",
                            "до", "від", "end", "konce", "końca", "кінця", "early", "late", "mid", "week",
                            *_WEEKDAYS})
_TRAILING = " \t;:,.–—-"
_ABBREVIATION = re.compile(r"\s*(?:etc|itd|itp|apod|тощо|і т\.\s?д)\.$", re.IGNORECASE)


@dataclass
class _Line:
    """One paragraph, seen as a piece of a timeline."""

    paragraph: Paragraph
    kind: str  # date | entry | bullet | text
    title: str = ""
    date: str = ""
    used: bool = False

    @property
    def text(self) -> str:
        return self.paragraph.text


@dataclass
class _Entry:
    at: int
    title: str
    date: str
    where: str
    task: str = ""


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _is_strong(token: str) -> bool:
    """A token that names a time by itself: a month, a day.month, a quarter."""
    bare = token.rstrip(".").lower()
    return (month_of(bare) is not None or _DAY_MONTH.fullmatch(token.rstrip(".")) is not None
            or is_quarter_word(bare) or _ROMAN_MONTH.fullmatch(token) is not None)


def _is_date_token(token: str) -> bool:
    bare = token.rstrip(".").lower()
    return (token in _CONNECTORS or bare.isdigit() or bare in _DATE_WORDS or bare in _WEEKDAYS or _is_strong(token)
            or _TIME.fullmatch(token) is not None or re.fullmatch(r"\d+(?:st|nd|rd|th|r|р)", bare) is not None)


def _reads_as_date(text: str) -> bool:
    """Dates that say which month, not a year alone; read in a sample year to know."""
    tokens = [m.group(0) for m in _tokens(text)]
    bounded_year = any(t.rstrip(".").lower() in _OPENING_WORDS for t in tokens) and any(
        _YEAR.fullmatch(t.rstrip(".")) for t in tokens)  # "do konce roku 2023"
    if not bounded_year and not any(_is_strong(token) for token in tokens):
        return False
    schedule = parse_schedule(text, period_start="2000-01", period_end="2000-12")
    return schedule.kind in ("once", "range", "slots")


def _date_run(tokens: list[re.Match[str]]) -> int:
    count = 0
    for match in tokens:
        if not _is_date_token(match.group(0)):
            break
        count += 1
    return count


def _split(text: str) -> tuple[str, str]:
    """(dates, the rest) when the line starts or ends with dates; ("", text) otherwise."""
    flat = _GLUED.sub(lambda m: f"{m.group(1)} {m.group(2)}" if m.group(2).isupper() else m.group(0), text)
    flat = _SPACED_DAY.sub(r"\1.\2.", " ".join(flat.split()))
    tokens = _tokens(flat)
    if not tokens:
        return "", text
    lead = _date_run(tokens)
    if lead == len(tokens):
        return (flat, "") if _reads_as_date(flat) else ("", text)
    if lead:
        date = flat[:tokens[lead - 1].end()].strip(_TRAILING + " ")
        rest = flat[tokens[lead].start():].strip(_TRAILING)
        if _reads_as_date(date) and _has_words(rest):
            return date, rest
    core = _PARENTHESIS.sub("", flat).rstrip(_TRAILING)
    tokens = _tokens(core)
    trail = _date_run(list(reversed(tokens)))
    while trail and tokens[len(tokens) - trail].group(0).rstrip(".").lower() not in _OPENING_WORDS and not (
            _is_strong(tokens[len(tokens) - trail].group(0))
            or tokens[len(tokens) - trail].group(0).rstrip(".").isdigit()):
        trail -= 1  # "… invited: and 5 May": the words before the first number or month are the title's
    if trail and trail < len(tokens):
        first = tokens[len(tokens) - trail]
        date = flat[first.start():].strip(" ;,")
        rest = core[:first.start()].strip(_TRAILING)
        numbered = _NUMBERING.match(flat) is not None and _YEAR.search(date) is not None
        if (_reads_as_date(core[first.start():]) or numbered) and _has_words(rest):
            return date, rest
    return "", text


def _has_words(text: str) -> bool:
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 1


def _is_sentence(text: str) -> bool:
    stripped = _ABBREVIATION.sub("", text.rstrip())
    return len(stripped) > _LONGEST_TITLE or (stripped.endswith((".", "!", "?")) and len(stripped.split()) > 4)


_SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_]{2})[.!?]\s+[A-ZА-ЯІЇЄҐÁČĎÉĚÍŇÓŘŠŤÚŮÝŽŁŚŻŹ]")
_TIMES = re.compile(r"(?:\b(?:od|do|po|from|to|at|о|з|до)\s+)?(?:godz\.|hod\.)?\s*\b\d{1,2}:\d{2}(?::\d{2})?\b",
                    re.IGNORECASE)
_TWO_DATES = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{4})\s+(\d{1,2}\.\d{1,2}\.\d{4})$")


def _is_prose(text: str) -> bool:
    """Sentences, not a line of a table: "… extended. Please give your comments by February 2, 2021."."""
    stripped = _ABBREVIATION.sub("", text.strip())
    return stripped.endswith((".", "!", "?")) and _SENTENCE_BREAK.search(stripped) is not None


def _clean_date(date: str) -> str:
    """The dates without the hours ("04.05.2023 00:00 11.06.2023 23:59" is 04.05.2023 – 11.06.2023)."""
    bare = " ".join(_TIMES.sub(" ", date).split()).strip(" ;,")
    two = _TWO_DATES.match(bare)
    return f"{two.group(1)} – {two.group(2)}" if two else bare or date


def _classify(paragraph: Paragraph) -> _Line:
    text = paragraph.text.strip()
    if _is_prose(text):
        return _Line(paragraph, "text", title=text)
    marked = _MARK.match(text)
    if marked:
        inner = text[marked.end():].strip()
        date, rest = _split(inner)
        if date and not rest:
            return _Line(paragraph, "date", date=_clean_date(date))
        return _Line(paragraph, "bullet", title=inner, date=_clean_date(date) if date else "")
    date, rest = _split(text)
    if date and not rest:
        return _Line(paragraph, "date", date=_clean_date(date))
    if date:
        return _Line(paragraph, "entry", title=_NUMBERING.sub("", rest).strip(), date=_clean_date(date))
    return _Line(paragraph, "text", title=text)


def _title_like(line: _Line | None) -> bool:
    return (line is not None and line.kind == "text" and not line.used and not _is_sentence(line.text)
            and _has_words(line.text))


@dataclass
class _Run:
    """The paragraphs between two tables, read as one timeline."""

    lines: list[_Line]
    entries: list[_Entry] = field(default_factory=list)

    @property
    def labelled(self) -> bool:
        """Each dated line has one bullet of its own above it: the bullets label them (icons' names)."""
        entries = [index for index, line in enumerate(self.lines) if line.kind == "entry"]
        return bool(entries) and all(
            index > 0 and self.lines[index - 1].kind == "bullet"
            and (index < 2 or self.lines[index - 2].kind != "bullet")
            for index in entries)

    def read(self) -> None:
        self.read_bullets()
        self.read_entries()
        self.read_pairs()
        self.read_headings()
        self.read_phases()
        self.entries.sort(key=lambda entry: entry.at)

    def add(self, at: int, title: str, date: str, task: str = "") -> None:
        self.entries.append(_Entry(at=at, title=title, date=date, where=self.lines[at].paragraph.where, task=task))

    def read_bullets(self) -> None:
        """A date (or a stage with its dates) with bullets under it: each bullet is work of that time."""
        for index, line in enumerate(self.lines):
            if line.kind not in ("date", "entry"):
                continue
            following = index + 1
            while following < len(self.lines) and self.lines[following].kind == "bullet":
                following += 1
            after = self._at(following)
            if self.labelled and after is not None and after.kind == "entry":
                following -= 1  # the bullet labels the line after it ("• Ikona megafonu" / "Kampania … 21.04")
            if following <= index + 1:
                continue
            line.used = True
            for bullet in self.lines[index + 1:following]:
                bullet.used = True
                self.add(self.lines.index(bullet), bullet.title, line.date, task=line.title)

    def read_entries(self) -> None:
        """Lines that name their dates; bullets too, when no date heads them."""
        for index, line in enumerate(self.lines):
            if line.kind == "entry" and not line.used:
                line.used = True
                self.add(index, line.title, line.date)
            elif line.kind == "bullet" and line.date and not line.used:
                line.used = True
                self.add(index, _split(line.title)[1], line.date)

    def read_pairs(self) -> None:
        """Dates on a line of their own go with the stage before or after them, as the layout shows."""
        dates = [index for index, line in enumerate(self.lines) if line.kind == "date" and not line.used]
        if not dates:
            return
        after = sum(1 for index in dates if _title_like(self._at(index + 1)))
        before = sum(1 for index in dates if _title_like(self._at(index - 1)))
        if after == before:
            # As many stages stand before their dates as after: the line left over tells.
            # The document's title stands first, so dates come first when a title is left over there.
            head = self._at(dates[0] - 1)
            step = 1 if head is not None and is_title(head.text.rstrip(" :")) else -1
        else:
            step = 1 if after > before else -1
        for index in dates:
            partner = self._at(index + step)
            if step == 1 and partner is not None and partner.kind == "text" and not partner.used:
                beyond, above = self._at(index + 2), self._at(index - 1)
                noted = above is not None and above.kind == "text" and above.used  # "End of June" under its stage
                if not noted and (beyond is None or beyond.kind == "date"):
                    partner.used = self.lines[index].used = True  # a stage told in a sentence only
                    self.add(index, partner.text.strip(_TRAILING), self.lines[index].date)
                    continue
            if not _title_like(partner):
                continue
            assert partner is not None
            partner.used = self.lines[index].used = True
            at = index if step == 1 else index - 1
            self.add(at, partner.text.strip(_TRAILING), self.lines[index].date)

    def read_headings(self) -> None:
        """A line that ends with a colon, among dated lines, names the ones after it.

        It covers the entries up to one that names itself with a colon ("Głosowanie: 6
        września") or the next such heading; a line above all entries is the title.
        """
        first = min((entry.at for entry in self.entries), default=len(self.lines))
        for index, line in enumerate(self.lines):
            if line.kind != "text" or line.used or index < first or not line.text.rstrip().endswith(":"):
                continue
            line.used = True
            for entry in sorted(self.entries, key=lambda entry: entry.at):
                if entry.at <= index:
                    continue
                own = self.lines[entry.at]
                if entry.task or (own.kind == "entry" and ":" in own.text) or any(
                        other.kind == "text" and other.text.rstrip().endswith(":")
                        for other in self.lines[index + 1:entry.at]):
                    break
                entry.task = line.text.rstrip(" :")

    def read_phases(self) -> None:
        """Under a header naming a phase first ("Phase Action/stage of process Proposed dates"),
        the words several rows start with alike are the phase: the task of those rows."""
        first = min((entry.at for entry in self.entries), default=0)
        header = next((line for line in reversed(self.lines[:first]) if line.kind == "text"), None)
        words = header.text.split() if header else []
        if len(words) < 2 or len(words) > 10 or role_of(header.text if header else "") != "task" or role_of(
                " ".join(words[1:])) is None:
            return
        ordered = sorted(self.entries, key=lambda entry: entry.at)
        shared = {prefix for a, b in zip(ordered, ordered[1:], strict=False)
                  if (prefix := _common_words(a.title, b.title))}
        for entry in ordered:
            prefix = min((p for p in shared if entry.title.startswith(p + " ")), key=len, default="")
            if prefix and not entry.task:
                entry.task, entry.title = prefix, entry.title[len(prefix):].strip()

    def _at(self, index: int) -> _Line | None:
        return self.lines[index] if 0 <= index < len(self.lines) else None


def _common_words(first: str, second: str) -> str:
    shared = []
    for a, b in zip(first.split(), second.split(), strict=False):
        if a != b:
            break
        shared.append(a)
    return " ".join(shared) if len(shared) < min(len(first.split()), len(second.split())) else ""


def _cell_lines(paragraphs: list[Paragraph]) -> tuple[int, int] | None:
    """(start, width) of header cells written one per line ("DZIAŁANIE:", "TERMIN:"), if any."""
    for start in range(len(paragraphs)):
        roles: list[str] = []
        while start + len(roles) < len(paragraphs) and (role := _label_role(paragraphs[start + len(roles)].text)):
            roles.append(role)
        width = len(roles)
        if (width >= 2 and len(set(roles)) == width and "activity" in roles
                and len(paragraphs) - start - width >= width):
            return start, width
    return None


def _label_role(text: str) -> str | None:
    label = text.strip().rstrip(" :|")
    if len(label) > _LONGEST_LABEL or len(label.split()) > 3 or any(char.isdigit() for char in label):
        return None
    return role_of(label)


def _cell_table(paragraphs: list[Paragraph], start: int, width: int) -> list[Block]:
    """The table whose header cells stand one per line from ``start``, each row's cells one per line after it.

    What the copy lost is put back by what the cells hold: a lead-in ("2. Проведення
    перевірки дотримання:") whose other cells were empty fills its row alone, and a
    period cell that took the next row's first cell on its line ("серпень 2. …") is split.
    """
    header = paragraphs[start:start + width]
    roles = [_label_role(paragraph.text) for paragraph in header]
    rows = [Row(cells=[paragraph.text.rstrip(" :") for paragraph in header], where=header[0].where)]
    queue = [(paragraph.text, paragraph.where) for paragraph in paragraphs[start + width:]]
    queue.reverse()
    current: list[str] = []
    where = ""
    while queue:
        text, at = queue.pop()
        if not current:
            where = at
            if text.rstrip().endswith(":") and queue and queue[-1][0][:1].islower():
                rows.append(Row(cells=[text] + [""] * (width - 1), where=at))
                continue
        if roles[len(current)] == "period" and len(current) == width - 1:
            numbered = _NUMBERED_AFTER.match(text)  # "серпень 2. Проведення …": "2." numbers the next row
            date, rest = (numbered.group(1), numbered.group(2)) if numbered else _split(text)
            if date and rest and _reads_as_date(date):
                text = date
                queue.append((rest, at))
        current.append(text)
        if len(current) == width:
            rows.append(Row(cells=current, where=where))
            current = []
    if current:
        rows.append(Row(cells=current + [""] * (width - len(current)), where=where))
    return [*paragraphs[:start], Table(rows=rows, where=rows[0].where)]


def _timeline(paragraphs: list[Paragraph]) -> list[Block] | None:
    """The run as blocks with its timeline made a table, or None when it holds none."""
    records = find_records(paragraphs)
    if records is not None:
        return records
    found = _cell_lines(paragraphs)
    if found is not None:
        return _cell_table(paragraphs, *found)
    run = _Run([_classify(paragraph) for paragraph in _joined(paragraphs)])
    run.read()
    distinct = len({entry.date for entry in run.entries})
    short = all(len(entry.title) <= 80 for entry in run.entries)
    if len(run.entries) < _MIN_ENTRIES or distinct < (2 if short else _MIN_ENTRIES):
        return None  # a list of news, most of one day, is not a timeline
    first = run.entries[0].at
    before = [line.paragraph for line in run.lines[:first] if not line.used]
    after = [line.paragraph for line in run.lines[first:] if not line.used]
    tasks = any(entry.task for entry in run.entries)
    rows = [Row(cells=[entry.task, entry.title, entry.date] if tasks else [entry.title, entry.date],
                where=entry.where) for entry in run.entries]
    return [*before, Table(rows=rows, where=rows[0].where), *after]


def _goes_on(previous: str, text: str) -> bool:
    """Whether a line finishes the one above: it goes on in lower case after a colon or a
    comma, or after a short heading of a few words; or it closes the dates above
    ("od 13 lutego" / "do 10 marca")."""
    if not previous:
        return False
    if text[:1].islower() and not _MARK.match(text):
        if previous.endswith((":", ",")):
            return True
        if (len(previous.split()) <= 5 and not any(char.isdigit() for char in previous)
                and not previous.endswith((".", "!", "?", ";")) and not _split(text)[0]):
            return True
    first = text.split()[0].lower() if text.split() else ""
    if first in _CLOSING_WORDS:
        date, rest = _split(previous)
        return bool(date) and not rest and bool(_split(text)[0])
    return False


_CLOSING_WORDS = frozenset({"do", "to", "until", "till", "до", "по", "až", "aż", "–", "-"})


def _joined(paragraphs: list[Paragraph]) -> list[Paragraph]:
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if joined and _goes_on(joined[-1].text.strip(), text):
            last = joined[-1]
            joined[-1] = Paragraph(text=f"{last.text.rstrip()} {text}", where=last.where, emphasis=last.emphasis)
        else:
            joined.append(paragraph)
    return joined


def find_tables(blocks: list[Block]) -> list[Block]:
    """The blocks with every run of paragraphs that holds a timeline made a table."""
    result: list[Block] = []
    run: list[Paragraph] = []
    for block in [*blocks, None]:
        if isinstance(block, Paragraph):
            run.append(block)
            continue
        if run:
            result.extend(_timeline(run) or run)
            run = []
        if block is not None:
            result.append(block)
    return result


def starts_with_date(text: str) -> bool:
    """A cell that is a date or a stretch of dates and nothing else ("16th March – 7th April 2018")."""
    date, rest = _split(text)
    return bool(date) and not rest
