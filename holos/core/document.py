"""The plan document, ``holos.plan/1``: one JSON shape for imports, exports and the API.

A document holds every plan found in one source (a file may hold several) and the
warnings about what was guessed or could not be read. The dataclasses here are plain
Python so that importers, checks and exports can work without Django.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from holos.core.schedule import Schedule

SCHEMA = "holos.plan/1"
PLAN_KINDS = ("calendar", "thematic", "campaign", "strategic", "operational")
GRANULARITIES = ("month", "quarter")


class DocumentError(ValueError):
    """The JSON is not a ``holos.plan/1`` document."""


def _number(value: Any) -> int | float | None:
    """Targets are numbers; whole ones are kept as ``int`` so JSON stays tidy."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DocumentError(f"not a number: {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise DocumentError(f"not a number: {value!r}") from exc
    return int(number) if number.is_integer() else number


def _texts(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values] if values.strip() else []
    return [str(v) for v in values]


@dataclass
class Resources:
    needed: bool | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"needed": self.needed, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Resources | None:
        if data is None:
            return None
        needed = data.get("needed")
        return cls(needed=None if needed is None else bool(needed), text=str(data.get("text") or ""))


@dataclass
class Indicator:
    text: str
    target: int | float | None = None
    unit: str = ""
    placeholder: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "target": self.target,
            "unit": self.unit,
            "placeholder": self.placeholder,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Indicator:
        return cls(
            text=str(data.get("text") or ""),
            target=_number(data.get("target")),
            unit=str(data.get("unit") or ""),
            placeholder=bool(data.get("placeholder", False)),
        )


@dataclass
class Activity:
    title: str
    audiences: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    result: str = ""
    resources: Resources | None = None
    schedule: Schedule = field(default_factory=Schedule)
    indicators: list[Indicator] = field(default_factory=list)
    notes: str = ""
    # Where the importer found the row ("table 2, row 5"), to show warnings next to it.
    # Not part of the plan itself, so it does not take part in comparisons.
    origin: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "audiences": list(self.audiences),
            "channels": list(self.channels),
            "responsible": list(self.responsible),
            "result": self.result,
            "resources": self.resources.to_dict() if self.resources else None,
            "schedule": self.schedule.to_dict(),
            "indicators": [i.to_dict() for i in self.indicators],
        }
        if self.notes:
            data["notes"] = self.notes
        if self.origin:
            data["origin"] = self.origin
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Activity:
        return cls(
            title=str(data.get("title") or ""),
            audiences=_texts(data.get("audiences")),
            channels=_texts(data.get("channels")),
            responsible=_texts(data.get("responsible")),
            result=str(data.get("result") or ""),
            resources=Resources.from_dict(data.get("resources")),
            schedule=Schedule.from_dict(data.get("schedule")),
            indicators=[Indicator.from_dict(i) for i in data.get("indicators") or []],
            notes=str(data.get("notes") or ""),
            origin=str(data.get("origin") or ""),
        )


@dataclass
class Task:
    title: str
    activities: list[Activity] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "activities": [a.to_dict() for a in self.activities]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Task:
        return cls(
            title=str(data.get("title") or ""),
            activities=[Activity.from_dict(a) for a in data.get("activities") or []],
        )


@dataclass
class Goal:
    title: str
    key_message: str = ""
    tasks: list[Task] = field(default_factory=list)
    # The goal's own indicators (a strategic direction's), beside its activities'.
    indicators: list[Indicator] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "key_message": self.key_message,
            "tasks": [t.to_dict() for t in self.tasks],
        }
        if self.indicators:
            data["indicators"] = [i.to_dict() for i in self.indicators]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        return cls(
            title=str(data.get("title") or ""),
            key_message=str(data.get("key_message") or ""),
            tasks=[Task.from_dict(t) for t in data.get("tasks") or []],
            indicators=[Indicator.from_dict(i) for i in data.get("indicators") or []],
        )


@dataclass
class Period:
    start: str | None = None
    end: str | None = None
    granularity: str = "month"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "granularity": self.granularity}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Period:
        if not data:
            return cls()
        granularity = data.get("granularity") or "month"
        if granularity not in GRANULARITIES:
            raise DocumentError(f"unknown granularity: {granularity!r}")
        return cls(start=data.get("start"), end=data.get("end"), granularity=granularity)


@dataclass
class Plan:
    title: str
    organization: str = ""
    kind: str = "calendar"
    language: str = "uk"
    period: Period = field(default_factory=Period)
    approval: str | None = None
    goals: list[Goal] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Indicators of the whole plan, beside its goals' and activities'.
    indicators: list[Indicator] = field(default_factory=list)

    def activities(self) -> list[Activity]:
        return [a for g in self.goals for t in g.tasks for a in t.activities]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": self.title,
            "organization": self.organization,
            "kind": self.kind,
            "language": self.language,
            "period": self.period.to_dict(),
            "approval": self.approval,
            "goals": [g.to_dict() for g in self.goals],
        }
        if self.audiences:
            data["audiences"] = list(self.audiences)
        if self.notes:
            data["notes"] = list(self.notes)
        if self.indicators:
            data["indicators"] = [i.to_dict() for i in self.indicators]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        kind = data.get("kind") or "calendar"
        if kind not in PLAN_KINDS:
            raise DocumentError(f"unknown plan kind: {kind!r}")
        return cls(
            title=str(data.get("title") or ""),
            organization=str(data.get("organization") or ""),
            kind=kind,
            language=str(data.get("language") or "uk"),
            period=Period.from_dict(data.get("period")),
            approval=data.get("approval") or None,
            goals=[Goal.from_dict(g) for g in data.get("goals") or []],
            audiences=_texts(data.get("audiences")),
            notes=_texts(data.get("notes")),
            indicators=[Indicator.from_dict(i) for i in data.get("indicators") or []],
        )


def gettext_noop(text: str) -> str:
    """Marks an English sentence for translation without translating it here.

    The core has no Django; the web layer translates ``Warning.template`` with gettext
    and fills in ``Warning.params``. Django's makemessages finds these calls by name.
    """
    return text


@dataclass
class Warning:
    """Something the reader guessed or could not read, with its place in the source.

    ``message`` is the English sentence as the JSON document carries it. When the
    sentence was made from a translatable ``template`` (marked with ``gettext_noop``)
    and ``params``, a reader in another language sees it translated.
    """

    where: str
    message: str
    template: str = field(default="", compare=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, where: str, template: str, **params: Any) -> Warning:
        return cls(where=where, message=template % params if params else template, template=template, params=params)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"where": self.where, "message": self.message}
        if self.template:
            data["template"] = self.template
            data["params"] = dict(self.params)
        return data


@dataclass
class PlanDocument:
    plans: list[Plan] = field(default_factory=list)
    source: dict[str, Any] | None = None
    warnings: list[Warning] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.source,
            "plans": [p.to_dict() for p in self.plans],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: Any) -> PlanDocument:
        if not isinstance(data, dict):
            raise DocumentError("a plan document is a JSON object")
        if data.get("schema") != SCHEMA:
            raise DocumentError(f"schema is not {SCHEMA}: {data.get('schema')!r}")
        plans = data.get("plans")
        if not isinstance(plans, list):
            raise DocumentError("'plans' must be a list")
        return cls(
            plans=[Plan.from_dict(p) for p in plans],
            source=data.get("source"),
            warnings=[
                Warning(
                    where=str(w.get("where") or ""),
                    message=str(w.get("message") or ""),
                    template=str(w.get("template") or ""),
                    params=dict(w.get("params") or {}),
                )
                for w in data.get("warnings") or []
            ],
        )


def loads(text: str) -> PlanDocument:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"not JSON: {exc}") from exc
    return PlanDocument.from_dict(data)


def dumps(document: PlanDocument, *, indent: int | None = 2) -> str:
    return json.dumps(document.to_dict(), ensure_ascii=False, indent=indent)
