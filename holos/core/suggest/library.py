"""Activity templates: the typical activities of the method, and where they come from.

A template says what an activity of the method looks like: the audience groups it suits,
the kinds of channel it uses, how far up the engagement ladder it goes, and, in each
language it is written in, a title, the channels, the unit that usually does it, a result
with a measurable indicator and a schedule in words. Templates come from sources:

- the library shipped with Holos, one TOML file per template (``load_directory``);
- an organisation's own templates, kept by its administrators;
- the templates a programme publishes for the organisations that belong to it;
- activities of plans other organisations have published.

Every source gives plain ``Template`` objects, so the engine treats them all alike; a
source is anything with a ``key`` and a ``templates()`` method (``TemplateSource``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Protocol

from holos.core.checks import GROUPS, KINDS, LEVELS

LANGUAGES = ("uk", "cs", "en")
# How a template is timed: "words" takes the schedule written in the template's language
# ("щомісяця", "čtvrtletně", "continuously"); "once" and "twice" are placed in the
# plan's quietest months by the engine.
WHEN = ("words", "once", "twice")
# An audience group a template suits without naming it: any audience, as long as a channel
# of the template reaches it.
EVERYONE = "everyone"


class LibraryError(ValueError):
    """A template file that does not say what a template must say."""


@dataclass(frozen=True)
class TemplateText:
    """A template in one language."""

    title: str
    audience: str
    channels: tuple[str, ...]
    responsible: str
    result: str
    indicator: str
    unit: str = ""
    schedule: str = ""
    why: str = ""


@dataclass(frozen=True)
class Template:
    """One typical activity.

    ``key`` is unique across sources ("library:hotline", "own:12", "published:…").
    ``match`` holds patterns that recognise the activity in a plan, in any language,
    matched at the start of a word of the activity's title; a plan that has such an
    activity already is not offered it again. ``usage`` counts the published plans of
    other organisations that have it, when a source knows.
    """

    key: str
    source: str
    level: str
    groups: frozenset[str]
    kinds: frozenset[str]
    texts: Mapping[str, TemplateText]
    when: str = "words"
    target: int | float | None = None
    closes_loop: bool = False
    match: tuple[str, ...] = ()
    usage: int = 0
    source_label: str = ""

    def text(self, language: str) -> TemplateText | None:
        return self.texts.get(language)

    def suits(self, groups: Iterable[str]) -> bool:
        """Whether the template is meant for an audience of ``groups``."""
        return EVERYONE in self.groups or not self.groups.isdisjoint(groups)

    def specific_to(self, groups: Iterable[str]) -> bool:
        """Whether the template names one of ``groups`` other than residents in general."""
        return not self.groups.isdisjoint(set(groups) - {"general"})

    @property
    def pattern(self) -> re.Pattern[str] | None:
        return _pattern(self.match)

    @cached_property
    def titles(self) -> frozenset[str]:
        return frozenset(normalize(text.title) for text in self.texts.values())

    def matches(self, title: str) -> bool:
        """Whether an activity titled ``title`` is this activity, in whatever words."""
        normalized = normalize(title)
        if not normalized:
            return False
        if normalized in self.titles:
            return True
        pattern = self.pattern
        return pattern is not None and pattern.search(title) is not None

    def with_usage(self, usage: int) -> Template:
        return Template(key=self.key, source=self.source, level=self.level, groups=self.groups, kinds=self.kinds,
                        texts=self.texts, when=self.when, target=self.target, closes_loop=self.closes_loop,
                        match=self.match, usage=usage, source_label=self.source_label)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """One spelling of a title: case, quotes, dashes and spaces folded."""
    text = text.casefold().replace("’", "'").replace("ʼ", "'")
    text = re.sub(r"[«»“”\"„]", "", text)
    return " ".join(re.sub(r"[\s\-–—_./,;:]+", " ", text).split())


@lru_cache(maxsize=1024)
def _pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + ")", re.IGNORECASE)


class TemplateSource(Protocol):
    """Where templates come from. ``key`` names the source in a template's key and in JSON."""

    key: str

    def templates(self) -> Sequence[Template]: ...


@dataclass
class Library:
    """The templates an organisation may take from, all sources together, in a fixed order."""

    templates: list[Template] = field(default_factory=list)

    @classmethod
    def of(cls, sources: Iterable[TemplateSource]) -> Library:
        seen: set[str] = set()
        templates: list[Template] = []
        for source in sources:
            for template in source.templates():
                if template.key not in seen:
                    seen.add(template.key)
                    templates.append(template)
        return cls(templates)

    def get(self, key: str) -> Template | None:
        return next((t for t in self.templates if t.key == key), None)

    def in_language(self, language: str) -> list[Template]:
        return [t for t in self.templates if language in t.texts]


# ---------------------------------------------------------------------------------------------
# Reading templates from data
# ---------------------------------------------------------------------------------------------


def _strings(value: Any, name: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LibraryError(f"{where}: {name} must be a list of texts")
    return tuple(value)


def _text(data: Any, where: str) -> TemplateText:
    if not isinstance(data, Mapping):
        raise LibraryError(f"{where}: a language section must be a table")
    missing = [name for name in ("title", "audience", "channels", "responsible", "result", "indicator")
               if not data.get(name)]
    if missing:
        raise LibraryError(f"{where}: missing {', '.join(missing)}")
    return TemplateText(
        title=str(data["title"]),
        audience=str(data["audience"]),
        channels=_strings(data["channels"], "channels", where),
        responsible=str(data["responsible"]),
        result=str(data["result"]),
        indicator=str(data["indicator"]),
        unit=str(data.get("unit") or ""),
        schedule=str(data.get("schedule") or ""),
        why=str(data.get("why") or ""),
    )


def template_from_dict(key: str, data: Mapping[str, Any], *, source: str = "library",
                       where: str = "") -> Template:
    """A template from its data (a TOML file's content, or an organisation's stored template).

    Raises ``LibraryError`` naming what is wrong, so that a mistake in a data file stops
    the suite rather than a proposal.
    """
    where = where or key
    level = data.get("level")
    if level not in LEVELS:
        raise LibraryError(f"{where}: level must be one of {', '.join(LEVELS)}")
    groups = frozenset(_strings(data.get("groups") or [], "groups", where))
    unknown = groups - set(GROUPS) - {EVERYONE}
    if unknown or not groups:
        raise LibraryError(f"{where}: unknown or no audience groups: {', '.join(sorted(unknown))}")
    kinds = frozenset(_strings(data.get("kinds") or [], "kinds", where))
    if kinds - set(KINDS):
        raise LibraryError(f"{where}: unknown channel kinds: {', '.join(sorted(kinds - set(KINDS)))}")
    when = data.get("when") or "words"
    if when not in WHEN:
        raise LibraryError(f"{where}: when must be one of {', '.join(WHEN)}")
    texts = {language: _text(data[language], f"{where} [{language}]") for language in LANGUAGES if language in data}
    if not texts:
        raise LibraryError(f"{where}: no language section")
    if when == "words" and any(not text.schedule for text in texts.values()):
        raise LibraryError(f"{where}: a schedule in words is needed in every language")
    target = data.get("target")
    if target is not None and (isinstance(target, bool) or not isinstance(target, int | float)):
        raise LibraryError(f"{where}: target must be a number")
    match = _strings(data.get("match") or [], "match", where)
    try:
        _pattern(match)
    except re.error as exc:
        raise LibraryError(f"{where}: a match pattern does not compile: {exc}") from exc
    return Template(key=f"{source}:{key}", source=source, level=str(level), groups=groups, kinds=kinds,
                    texts=texts, when=str(when), target=target, closes_loop=bool(data.get("closes_loop")),
                    match=match)


@lru_cache(maxsize=8)
def load_directory(path: Path) -> tuple[Template, ...]:
    """The templates of a folder of TOML files, in file name order. Files starting with "_" are not templates."""
    templates = []
    for file in sorted(Path(path).glob("*.toml")):
        if file.name.startswith("_"):
            continue
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise LibraryError(f"{file.name}: {exc}") from exc
        templates.append(template_from_dict(file.stem, data, where=file.name))
    return tuple(templates)


@dataclass(frozen=True)
class KeyMessage:
    """An example key message of the method, for goals whose words match."""

    key: str
    match: tuple[str, ...]
    texts: Mapping[str, str]

    def matches(self, title: str) -> bool:
        pattern = _pattern(self.match)
        return pattern is None or pattern.search(title) is not None


@dataclass(frozen=True)
class Fallbacks:
    """What the library proposes where no template fits: per level, a result and an indicator."""

    results: Mapping[str, Mapping[str, TemplateText]]
    targets: Mapping[str, int]
    messages: tuple[KeyMessage, ...]
    schedule: Mapping[str, str]


@lru_cache(maxsize=8)
def load_fallbacks(path: Path) -> Fallbacks:
    """The library's ``_fallbacks.toml``: a result and indicator per level, and example key messages."""
    data = tomllib.loads((Path(path) / "_fallbacks.toml").read_text(encoding="utf-8"))
    results: dict[str, dict[str, TemplateText]] = {}
    targets: dict[str, int] = {}
    for level in LEVELS:
        section = data["levels"][level]
        targets[level] = int(section["target"])
        results[level] = {
            language: TemplateText(title="", audience=section[language]["audience"], channels=(),
                                   responsible=section[language]["responsible"], result=section[language]["result"],
                                   indicator=section[language]["indicator"], unit=section[language].get("unit", ""),
                                   schedule=section[language]["schedule"])
            for language in LANGUAGES
        }
    messages = tuple(
        KeyMessage(key=str(item["key"]), match=_strings(item.get("match") or [], "match", "_fallbacks.toml"),
                   texts={language: str(item[language]) for language in LANGUAGES})
        for item in data["messages"]
    )
    return Fallbacks(results=results, targets=targets, messages=messages,
                     schedule={language: str(data["schedule"][language]) for language in LANGUAGES})
