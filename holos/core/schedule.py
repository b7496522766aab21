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
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``text`` and ``kind`` always, other fields only when set."""
        data: dict[str, Any] = {"text": self.text, "kind": self.kind}
        if self.slots:
            data["slots"] = list(self.slots)
        for name in ("start", "end", "count", "every", "times", "offset_days", "anchor"):
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
        )


def parse_schedule(text: str, *, period_start: str | None = None,
                   period_end: str | None = None) -> Schedule:
    """Understand period text; placeholder until the full parser lands."""
    return Schedule(text=text or "", kind="unknown")
