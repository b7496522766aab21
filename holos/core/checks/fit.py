"""Which channels reach which audiences: the fit table behind ``audience-unreached``.

The default is what the method teaches: a poster does not reach a person who cannot see
it, a website does not reach a village without internet. Every community knows better
about its own people, so an organisation can keep its own table (the web layer stores
``to_dict()`` as JSON) and the checks read that instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from holos.core.checks.words import GROUPS, KINDS

ANY = "*"
"""In a group's list of kinds: every channel reaches this group, even one not recognised."""

_OFFLINE = ("print", "radio", "in_person", "phone", "starosta", "boards", "tv", "press")

DEFAULT_FIT: dict[str, tuple[str, ...]] = {
    "impaired_sight": ("audio", "voice_message", "large_print", "braille", "phone", "radio", "in_person"),
    "impaired_hearing": ("subtitles", "sign_language", "website", "messenger", "print", "boards", "email"),
    # Any channel tells a wheelchair user about an event; whether they can get into it is a
    # question of the venue, which the plan does not say.
    "wheelchair": (ANY,),
    "no_internet": _OFFLINE,
    "elderly": _OFFLINE,
    "remote": ("starosta", "mobile_service", "boards", "radio", "phone", "print"),
    # Pupils in online lessons are reached by the video call too.
    "youth": ("social_media", "messenger", "school", "website", "video_call"),
    "idp": (ANY,),
    "general": (ANY,),
}


@dataclass(frozen=True)
class FitTable:
    """For each audience group, the channel kinds that reach it (``ANY`` for all of them)."""

    reaches: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def default(cls) -> FitTable:
        return cls({group: frozenset(kinds) for group, kinds in DEFAULT_FIT.items()})

    def fits(self, group: str, kinds: Iterable[str], *, any_channel: bool = True) -> bool:
        """Whether a channel of ``kinds`` reaches ``group``.

        ``any_channel`` says there is a channel at all: a group marked ``ANY`` is reached by
        any channel, even one whose kind was not recognised. A group missing from the table
        is treated as reached by any channel.
        """
        allowed = self.reaches.get(group)
        if allowed is None or ANY in allowed:
            return any_channel
        return not allowed.isdisjoint(kinds)

    def with_group(self, group: str, kinds: Iterable[str]) -> FitTable:
        """A copy of the table where ``group`` is reached by exactly ``kinds``."""
        table = type(self).from_dict({group: list(kinds)}, base=self)
        return table

    def to_dict(self) -> dict[str, list[str]]:
        """The JSON form: group → sorted kinds, every known group present."""
        return {group: sorted(self.reaches[group]) for group in GROUPS if group in self.reaches}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, base: FitTable | None = None) -> FitTable:
        """Read a stored table. Groups it leaves out keep the rows of ``base`` (the default).

        Raises ``ValueError`` for a group or kind Holos does not know, so that a typo in
        an organisation's settings is refused when saved instead of silently reaching
        nobody.
        """
        if not isinstance(data, Mapping):
            raise ValueError("a fit table is an object of audience group → list of channel kinds")
        reaches = dict((base or cls.default()).reaches)
        for group, kinds in data.items():
            if group not in GROUPS:
                raise ValueError(f"unknown audience group: {group!r}")
            if isinstance(kinds, str) or not isinstance(kinds, Iterable):
                raise ValueError(f"the kinds of {group!r} must be a list")
            wanted = frozenset(str(kind) for kind in kinds)
            unknown = sorted(wanted - set(KINDS) - {ANY})
            if unknown:
                raise ValueError(f"unknown channel kinds for {group!r}: {', '.join(unknown)}")
            reaches[group] = wanted
        return cls(reaches)
