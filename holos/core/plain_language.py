"""The message helper: how a key message reads, in Ukrainian, Czech or English.

A key message is the one sentence every activity of a goal should leave people with. The
method asks it to be short, to ask for one thing ("come", "call", "tell us"), and to be
written in the words residents use. ``analyse`` measures the first and finds the other
two the way a careful editor would: a call to action is an imperative addressed to the
reader; jargon is the vocabulary of orders and reports; passive voice hides who acts.

The readability figure is Flesch's reading ease with constants for each language: the
original for English; the constants of the Czech adaptation by Bendová and Cinková
(2021); for Ukrainian, which has no published calibration of its own, those Oborneva
(2006) derived for Russian, a language of the same syllable structure. Syllables are
counted by vowels, which in Ukrainian and Czech is exact (with Czech syllabic r and l).
The figure runs from 0 (hard) to 100 (easy) and is for comparing drafts, not a grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from holos.core.checks import gettext_noop

LANGUAGES = ("uk", "cs", "en")
LONG_SENTENCE = 20  # words
LONG_MESSAGE = 25  # words

# Flesch reading ease: base − a × words per sentence − b × syllables per word.
_FLESCH = {
    "en": (206.835, 1.015, 84.6),
    "cs": (206.935, 1.672, 62.183),
    "uk": (206.835, 1.3, 60.1),
}

BANDS = (
    (80.0, gettext_noop("very easy")),
    (60.0, gettext_noop("easy")),
    (40.0, gettext_noop("fairly difficult")),
    (0.0, gettext_noop("difficult")),
)

HINT_LONG_MESSAGE = gettext_noop(
    "The message has %(words)s words; a key message people remember has no more than %(limit)s."
)
HINT_LONG_SENTENCE = gettext_noop(
    "A sentence has %(words)s words: “%(sentence)s”. Split it; sentences of up to %(limit)s words are read at once."
)
HINT_NO_CALL = gettext_noop(
    "The message does not say what people should do: add one call to action, such as “come”, “call” or “tell us”."
)
HINT_MANY_CALLS = gettext_noop(
    "The message asks for several things (%(calls)s); one call to action is remembered better."
)
HINT_JARGON = gettext_noop("“%(word)s” is the language of documents; say it the way residents would.")
HINT_PASSIVE = gettext_noop("“%(phrase)s” hides who acts; say who does it: “we will open”, “the centre helps”.")


@dataclass(frozen=True)
class Hint:
    code: str
    message: str
    params: dict[str, str | int] = field(default_factory=dict)

    def text(self) -> str:
        return self.message % self.params if self.params else self.message


@dataclass
class MessageReport:
    language: str
    characters: int = 0
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    calls: list[str] = field(default_factory=list)
    readability: float | None = None
    band: str = ""
    hints: list[Hint] = field(default_factory=list)

    @property
    def one_call(self) -> bool:
        return len(self.calls) == 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language, "characters": self.characters, "words": self.words,
            "sentences": self.sentences, "calls": list(self.calls), "readability": self.readability,
            "band": self.band, "hints": [{"code": h.code, "message": h.text()} for h in self.hints],
        }


# ---------------------------------------------------------------------------------------------
# Words, sentences, syllables
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ\-][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_VOWELS = {
    "uk": set("аеєиіїоуюяёыэ"),
    "cs": set("aáeéěiíoóuúůyý"),
    "en": set("aeiouy"),
}


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences_of(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if words_of(p)]


def syllables(word: str, language: str) -> int:
    """Syllables of one word: its vowels (vowel groups in English, with a silent final e)."""
    word = word.casefold()
    if word.isdigit():
        return max(1, len(word) // 2)
    if language == "en":
        groups = re.findall(r"[aeiouy]+", word)
        count = len(groups)
        if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
            count -= 1
        return max(1, count)
    vowels = _VOWELS.get(language, _VOWELS["uk"])
    count = sum(1 for letter in word if letter in vowels)
    if language == "cs":
        # Syllabic r and l between consonants: "vlk", "krk", "prst", "Brno".
        count += len(re.findall(r"(?<=[^aáeéěiíoóuúůyý])[rl](?=[^aáeéěiíoóuúůyý]|$)", word))
    return max(1, count)


def readability(text: str, language: str) -> float | None:
    """Flesch reading ease of ``text`` with the constants of ``language``, from 0 to 100."""
    words = words_of(text)
    sentences = sentences_of(text)
    if not words or not sentences:
        return None
    base, per_sentence, per_syllable = _FLESCH.get(language, _FLESCH["en"])
    syllable_count = sum(syllables(w, language) for w in words)
    score = base - per_sentence * len(words) / len(sentences) - per_syllable * syllable_count / len(words)
    return round(min(100.0, max(0.0, score)), 1)


def band_of(score: float) -> str:
    return next(label for floor, label in BANDS if score >= floor)


# ---------------------------------------------------------------------------------------------
# Calls to action, jargon, passive voice
# ---------------------------------------------------------------------------------------------


def _any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")", re.IGNORECASE)


# Imperatives addressed to the reader. Ukrainian and Czech imperatives are told by their
# endings; English ones by the verb opening a sentence or a clause.
_CALLS = {
    "uk": re.compile(r"(?<!\w)\w+(?:йте|йтеся|ьте|ьтеся|іть|іться|ніть|ніться)(?!\w)", re.IGNORECASE),
    "cs": re.compile(
        r"(?<!\w)(?:\w+(?:jte|ďte|ňte|ťte|ište|ěte|vte)|pojďte|přijďte|přihlaste|pište)(?:\s+se)?(?!\w)",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?:^|[.!?:;,—–-]\s*|\b(?:and|or)\s+)"
        r"((?:please\s+)?(?:call|come|visit|ask|tell|write|join|vote|fill|register|apply|share|find|contact|send|"
        r"read|check|sign|book|follow|subscribe|give|bring|learn|use|see|get|talk|meet|help|take|choose|"
        r"decide|watch|listen|leave|drop|email|phone|text)\b)",
        re.IGNORECASE | re.MULTILINE,
    ),
}
# Words ending like an imperative that are not one.
_NOT_CALLS = {
    "uk": frozenset({"сіть", "мить", "путь", "суть", "міць", "ртуть", "жовть", "памʼять", "пам'ять", "блакить"}),
    "cs": frozenset({"jste", "máte", "chcete", "můžete", "budete", "víte", "děláte", "ste"}),
    "en": frozenset(),
}

_JARGON = {
    "uk": _any((
        r"здійсненн\w*", r"здійснюват\w*", r"здійсню\w*", r"забезпеченн\w*", r"вищезазначен\w*", r"вищевказан\w*",
        r"нижчезазначен\w*", r"вищенаведен\w*", r"відповідно\s+до", r"у\s+відповідності", r"з\s+метою",
        r"в\s+рамках", r"у\s+рамках", r"на\s+виконання", r"суб['’ʼ]єкт\w*", r"функціонуванн\w*", r"реалізаці\w*",
        r"інформаційно-роз['’ʼ]яснювальн\w*", r"задля", r"належн\w*\s+чином", r"у\s+разі", r"вжитт\w*\s+заход\w*",
        r"провадженн\w*", r"нормативно-правов\w*",
    )),
    "cs": _any((
        r"v\s+souladu\s+s", r"za\s+účelem", r"výše\s+uveden\w*", r"níže\s+uveden\w*", r"realiz\w*", r"v\s+rámci",
        r"na\s+základě", r"zabezpečení", r"subjekt\w*", r"příslušn\w*", r"dotčen\w*", r"předmětn\w*",
        r"uskutečn\w*", r"implementac\w*", r"s\s+ohledem\s+na", r"ve\s+smyslu",
    )),
    "en": _any((
        r"pursuant\s+to", r"in\s+accordance\s+with", r"aforementioned", r"utili[sz]\w*", r"facilitat\w*",
        r"implementation", r"in\s+order\s+to", r"with\s+regard\s+to", r"stakeholders?", r"leverag\w*",
        r"commenc\w*", r"endeavou?r\w*", r"in\s+the\s+framework\s+of", r"hereby", r"thereof",
    )),
}

_PASSIVE = {
    "en": re.compile(
        r"\b(?:is|are|was|were|be|been|being|will\s+be)\s+(?:\w+ly\s+)?"
        r"(?:\w+ed|made|done|held|given|built|sent|paid|told|kept|found|shown|taken|seen|known|written|chosen)\b",
        re.IGNORECASE,
    ),
    "uk": re.compile(
        r"(?<!\w)(?:(?:буде|було|був|була|були|будуть|є)\s+\w+(?:ний|на|не|ні|тий|та|те|ті)"
        r"|\w{3,}(?:ено|ано|яно|ито|уто|ото)|\w{3,}(?:ається|аються|юється|юються|ується|уються))(?!\w)",
        re.IGNORECASE,
    ),
    "cs": re.compile(
        r"(?<!\w)(?:je|jsou|byl|byla|bylo|byly|bude|budou|být)\s+(?:\w+\s+)?"
        r"\w+(?:en|ena|eno|eny|án|ána|áno|ány|it|ita|ito|ity|ut|uta|uto|uty)(?!\w)",
        re.IGNORECASE,
    ),
}


def calls_to_action(text: str, language: str) -> list[str]:
    """The imperatives of ``text`` addressed to the reader, in order, each once."""
    pattern = _CALLS.get(language)
    if pattern is None:
        return []
    found: list[str] = []
    for match in pattern.finditer(text):
        word = (match.group(1) if match.groups() else match.group(0)).strip()
        if word.casefold() in _NOT_CALLS.get(language, frozenset()):
            continue
        if word.casefold() not in {f.casefold() for f in found}:
            found.append(word)
    return found


def analyse(text: str, language: str) -> MessageReport:
    """How ``text`` reads as a key message in ``language`` (uk, cs or en; other languages read as English)."""
    language = language if language in LANGUAGES else "en"
    text = " ".join(text.split())
    report = MessageReport(language=language, characters=len(text))
    words = words_of(text)
    report.words = len(words)
    if not words:
        return report
    sentences = sentences_of(text)
    report.sentences = len(sentences)
    report.syllables = sum(syllables(w, language) for w in words)
    report.readability = readability(text, language)
    report.band = band_of(report.readability) if report.readability is not None else ""
    report.calls = calls_to_action(text, language)

    if report.words > LONG_MESSAGE:
        report.hints.append(Hint("long-message", HINT_LONG_MESSAGE, {"words": report.words, "limit": LONG_MESSAGE}))
    for sentence in sentences:
        count = len(words_of(sentence))
        if count > LONG_SENTENCE:
            short = sentence if len(sentence) <= 80 else sentence[:80].rsplit(" ", 1)[0] + "\u2026"
            report.hints.append(Hint("long-sentence", HINT_LONG_SENTENCE,
                                     {"words": count, "sentence": short, "limit": LONG_SENTENCE}))
    if not report.calls:
        report.hints.append(Hint("no-call", HINT_NO_CALL))
    elif len(report.calls) > 1:
        report.hints.append(Hint("many-calls", HINT_MANY_CALLS, {"calls": ", ".join(report.calls)}))
    seen: set[str] = set()
    for match in _JARGON[language].finditer(text):
        word = match.group(0)
        if word.casefold() not in seen:
            seen.add(word.casefold())
            report.hints.append(Hint("jargon", HINT_JARGON, {"word": word}))
    for match in _PASSIVE[language].finditer(text):
        report.hints.append(Hint("passive", HINT_PASSIVE, {"phrase": match.group(0)}))
    return report
