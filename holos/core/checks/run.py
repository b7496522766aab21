"""Reading a plan against the method: ``run_checks`` and what it reports.

The method asks a plan to start from the community: its audiences and the channels they
really use; to give every activity an owner, a result and a measure; to climb the scale
of involving residents from informing them to deciding with them; and to close the loop
by telling people what was done with what they said. Each check here looks for one way a
plan falls short of that, and says so in a sentence a communication officer can act on.

Findings are problems (the plan cannot be carried out or followed as written) or
suggestions (it can, but the method asks for more). Nothing here raises on an odd plan:
a half-imported plan is exactly the one that needs reading.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from holos.core.checks import messages as m
from holos.core.checks.due import due_columns, outside_period
from holos.core.checks.fit import FitTable
from holos.core.checks.words import (
    GROUPS,
    HARD_TO_REACH,
    LEVELS,
    activity_text,
    audience_groups,
    channel_kinds,
    closes_loop,
    engagement_level,
    is_measurable,
)
from holos.core.document import Activity, Plan
from holos.core.periods import period_columns
from holos.core.schedule import Schedule


@dataclass(frozen=True)
class Place:
    """Where a finding is, as 0-based indices into goals, tasks and activities, and a title."""

    goal: int | None = None
    task: int | None = None
    activity: int | None = None
    title: str = ""


@dataclass(frozen=True)
class CheckOptions:
    """What an organisation has decided about the checks.

    ``unit_month_threshold``: a unit with more activities due in one month is overloaded
    (three times as many in a quarter of a quarterly plan). ``unit_share_threshold``: a
    unit carrying more than this share of the activities of a plan of at least five.
    ``enabled``: the codes to run, ``None`` for all. ``dismissed``: ``(code, where)`` pairs
    a person has looked at and set aside, with a reason kept by the web layer.
    """

    unit_month_threshold: int = 8
    unit_share_threshold: float = 0.6
    enabled: frozenset[str] | None = None
    dismissed: frozenset[tuple[str, str]] = frozenset()

    def runs(self, code: str) -> bool:
        return self.enabled is None or code in self.enabled


@dataclass
class Finding:
    """One thing the plan should look at.

    ``message`` and ``hint`` are English msgids with ``%(name)s`` placeholders filled from
    ``params``: translate first, then fill (``gettext(finding.message) % finding.params``).
    ``where`` is a stable key: "plan", "g1" or "g1.t2.a3" (1-based).
    """

    code: str
    severity: str
    where: str
    place: Place
    message: str
    params: dict[str, str | int] = field(default_factory=dict)
    hint: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """What a dismissal names: the code and the place."""
        return self.code, self.where

    def text(self) -> str:
        """The message in English with its placeholders filled."""
        return self.message % self.params

    def hint_text(self) -> str:
        return self.hint % self.params

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "where": self.where,
            "message": self.text(),
            "hint": self.hint_text(),
            "params": dict(self.params),
            "place": {
                "goal": self.place.goal,
                "task": self.place.task,
                "activity": self.place.activity,
                "title": self.place.title,
            },
        }


@dataclass
class CheckReport:
    """The findings on one plan, the load on its units and the level of each activity.

    ``load``: unit → column ("YYYY-MM", or "YYYY-Qn" in a quarterly plan) → number of its
    activities due then; only columns with something due are present. ``columns``: the
    plan's period as grid columns, for drawing the load table. ``levels``: the engagement
    level of each activity in document order. ``dismissed``: findings left out because a
    person dismissed them, so that the page can still show them set aside.
    """

    findings: list[Finding] = field(default_factory=list)
    load: dict[str, dict[str, int]] = field(default_factory=dict)
    levels: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    dismissed: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {m.PROBLEM: 0, m.SUGGESTION: 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [
                {"code": f.code, "severity": f.severity, "where": f.where, "message": f.text()}
                for f in self.findings
            ],
            "load": {unit: dict(columns) for unit, columns in self.load.items()},
        }


def _clean(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    """One spelling for names written differently ("ЦНАП " and "цнап")."""
    return _clean(text).casefold()


def _short(text: str, limit: int = 100) -> str:
    """A title short enough for a sentence; the place keeps the whole of it."""
    text = _clean(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-")
    return f"{cut}\u2026"


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _says_when(schedule: Schedule) -> bool:
    """Whether a schedule says when, however vaguely ("as needed" does; an empty one does not)."""
    if schedule.slots:
        return True
    kind, has_text = schedule.kind, bool(schedule.text.strip())
    if kind in ("unknown", "slots"):
        return False
    if kind in ("continuous", "as_needed", "relative"):
        return True
    if kind == "recurring":
        return has_text or schedule.every is not None
    return has_text or schedule.start is not None or schedule.end is not None


@dataclass
class _Entry:
    """An activity with its place in the plan."""

    activity: Activity
    where: str
    place: Place
    columns: list[str]
    level: str


class _Collector:
    """Adds findings the options allow, and sets aside the dismissed ones."""

    def __init__(self, options: CheckOptions) -> None:
        self.options = options
        self.findings: list[Finding] = []
        self.dismissed: list[Finding] = []

    def wants(self, code: str) -> bool:
        return self.options.runs(code)

    def add(self, code: str, where: str, place: Place, message: str, params: dict[str, str | int],
            hint: str | None = None) -> None:
        if not self.options.runs(code):
            return
        check = m.CHECKS[code]
        finding = Finding(code=code, severity=check.severity, where=where, place=place, message=message,
                          params=params, hint=check.hint if hint is None else hint)
        if finding.key in self.options.dismissed:
            self.dismissed.append(finding)
        else:
            self.findings.append(finding)


def run_checks(
    plan: Plan,
    *,
    options: CheckOptions | None = None,
    fit: FitTable | None = None,
    events: Mapping[str, str] | None = None,
    levels: Sequence[str | None] | None = None,
) -> CheckReport:
    """Read ``plan`` against the method and report what it finds.

    ``fit``: the organisation's table of which channels reach whom (the default one when
    ``None``). ``events``: the dates of the events relative schedules count from, as
    anchor name → "YYYY-MM-DD". ``levels``: the engagement level stored for each activity in
    document order; ``None`` (or an unknown value) means "guess it from the words".
    """
    options = options or CheckOptions()
    fit = fit or FitTable.default()
    dated_events = {_key(name): date for name, date in (events or {}).items() if _is_date(date)}
    out = _Collector(options)
    entries: list[_Entry] = []
    plan_place = Place(title=plan.title)

    for gi, goal in enumerate(plan.goals):
        if not goal.key_message.strip():
            out.add("goal-no-key-message", f"g{gi + 1}", Place(goal=gi, title=goal.title), m.GOAL_NO_KEY_MESSAGE,
                    {"title": _short(goal.title)})
        for ti, task in enumerate(goal.tasks):
            for ai, activity in enumerate(task.activities):
                index = len(entries)
                stored = levels[index] if levels is not None and index < len(levels) else None
                level = stored if stored is not None and stored in LEVELS else engagement_level(activity)
                entry = _Entry(
                    activity=activity,
                    where=f"g{gi + 1}.t{ti + 1}.a{ai + 1}",
                    place=Place(goal=gi, task=ti, activity=ai, title=activity.title),
                    columns=due_columns(activity.schedule, plan.period),
                    level=level,
                )
                entries.append(entry)
                _check_activity(entry, plan, dated_events, out)

    _check_audiences(plan, entries, fit, out)
    _check_engagement(entries, plan_place, out)
    load = _load(entries)
    _check_units(plan, entries, load, options, plan_place, out)
    columns = period_columns(plan.period.start, plan.period.end, plan.period.granularity)
    _check_empty_columns(entries, columns, plan_place, out)
    return CheckReport(findings=out.findings, load=load, levels=[e.level for e in entries], columns=columns,
                       dismissed=out.dismissed)


def _check_activity(entry: _Entry, plan: Plan, events: Mapping[str, str], out: _Collector) -> None:
    _check_who_and_what(entry, out)
    _check_when(entry, plan, events, out)
    _check_measures(entry, out)


def _check_who_and_what(entry: _Entry, out: _Collector) -> None:
    """Whom the activity reaches, through what, who does it, and what it should bring."""
    activity, where, place = entry.activity, entry.where, entry.place
    params: dict[str, str | int] = {"title": _short(activity.title)}
    if not any(a.strip() for a in activity.audiences):
        out.add("activity-no-audience", where, place, m.NO_AUDIENCE, dict(params))
    if not any(c.strip() for c in activity.channels):
        out.add("activity-no-channel", where, place, m.NO_CHANNEL, dict(params))
    if not any(r.strip() for r in activity.responsible):
        out.add("activity-no-responsible", where, place, m.NO_RESPONSIBLE, dict(params))
    if not _clean(activity.result):
        out.add("activity-no-result", where, place, m.NO_RESULT, dict(params))


def _check_when(entry: _Entry, plan: Plan, events: Mapping[str, str], out: _Collector) -> None:
    """Whether the schedule says when, inside the plan's period, and from an event the organisation has."""
    activity, where, place = entry.activity, entry.where, entry.place
    title = _short(activity.title)
    schedule = activity.schedule
    if not _says_when(schedule):
        text = _clean(schedule.text)
        if text:
            out.add("activity-no-schedule", where, place, m.NO_SCHEDULE_UNREAD, {"title": title, "text": _short(text)})
        else:
            out.add("activity-no-schedule", where, place, m.NO_SCHEDULE, {"title": title})
    if out.wants("outside-period"):
        outside = outside_period(schedule, plan.period)
        if outside:
            out.add("outside-period", where, place, m.OUTSIDE_PERIOD, {
                "title": title, "when": ", ".join(outside),
                "start": plan.period.start or "", "end": plan.period.end or "",
            })
    if schedule.kind == "relative":
        anchor = _clean(schedule.anchor or "")
        if not anchor:
            out.add("relative-no-anchor", where, place, m.RELATIVE_UNNAMED, {"title": title})
        elif _key(anchor) not in events:
            out.add("relative-no-anchor", where, place, m.RELATIVE_NO_ANCHOR, {"title": title, "anchor": anchor})


def _check_measures(entry: _Entry, out: _Collector) -> None:
    """Whether the activity's indicators are real and its result can be measured."""
    activity, where, place = entry.activity, entry.where, entry.place
    title = _short(activity.title)
    for number, indicator in enumerate(activity.indicators, start=1):
        if indicator.placeholder:
            out.add("indicator-placeholder", where, place, m.INDICATOR_PLACEHOLDER,
                    {"title": title, "indicator": _short(indicator.text), "number": number})
    if not activity.indicators:
        out.add("activity-no-indicator", where, place, m.NO_INDICATOR, {"title": title})
    result = _clean(activity.result)
    if result and not is_measurable(result):
        out.add("result-not-measurable", where, place, m.NOT_MEASURABLE, {"title": title, "result": _short(result)})


@dataclass
class _Audience:
    name: str
    where: str
    place: Place
    channels: list[str] = field(default_factory=list)
    activities: int = 0


def _named_audiences(plan: Plan, entries: list[_Entry]) -> dict[str, _Audience]:
    """Every audience the plan names, in its activities or at plan level, with the channels that reach it."""
    audiences: dict[str, _Audience] = {}
    for entry in entries:
        channels = [c for c in entry.activity.channels if c.strip()]
        for name in entry.activity.audiences:
            key = _key(name)
            if not key:
                continue
            audience = audiences.setdefault(key, _Audience(_clean(name), entry.where, entry.place))
            audience.channels.extend(channels)
            audience.activities += 1
    for name in plan.audiences:
        key = _key(name)
        if key and key not in audiences:
            audiences[key] = _Audience(_clean(name), "plan", Place(title=plan.title))
    return audiences


def _check_audiences(plan: Plan, entries: list[_Entry], fit: FitTable, out: _Collector) -> None:
    """``audience-unreached`` and ``accessibility-gap``: who the plan names, and whether it reaches them."""
    if not (out.wants("audience-unreached") or out.wants("accessibility-gap")):
        return
    audiences = _named_audiences(plan, entries)
    named_groups: set[str] = set()
    for audience in audiences.values():
        groups = audience_groups(audience.name)
        named_groups |= groups
        params: dict[str, str | int] = {"audience": _short(audience.name)}
        if audience.activities == 0:
            out.add("audience-unreached", audience.where, audience.place, m.AUDIENCE_NO_ACTIVITY, params,
                    m.UNREACHED_HINTS[_first(groups)])
            continue
        if not audience.channels:
            continue  # each of its activities has ``activity-no-channel`` already
        kinds: set[str] = set()
        for channel in audience.channels:
            kinds |= channel_kinds(channel)
        unreached = [group for group in GROUPS if group in groups and not fit.fits(group, kinds)]
        if unreached:
            names = list(dict.fromkeys(_clean(c) for c in audience.channels))
            params.update({"channels": _short("; ".join(names), 160), "group": unreached[0]})
            out.add("audience-unreached", audience.where, audience.place, m.AUDIENCE_UNREACHED, params,
                    m.UNREACHED_HINTS[unreached[0]])

    # A plan that names no audience at all names none of these either; an empty new plan is left alone.
    if (entries or audiences) and named_groups.isdisjoint(HARD_TO_REACH):
        out.add("accessibility-gap", "plan", Place(title=plan.title), m.ACCESSIBILITY_GAP, {})


def _first(groups: frozenset[str]) -> str:
    return next(group for group in GROUPS if group in groups)


def _check_engagement(entries: list[_Entry], plan_place: Place, out: _Collector) -> None:
    """``engagement-inform-only`` and ``no-feedback-loop``: the scale of involvement and its loop."""
    if len(entries) >= 3 and all(entry.level == "inform" for entry in entries):
        out.add("engagement-inform-only", "plan", plan_place, m.INFORM_ONLY, {"count": len(entries)})
    if not out.wants("no-feedback-loop"):
        return
    consulting = [entry for entry in entries if entry.level == "consult"]
    if consulting and not any(closes_loop(activity_text(entry.activity)) for entry in entries):
        first = consulting[0]
        out.add("no-feedback-loop", first.where, first.place, m.NO_FEEDBACK_LOOP,
                {"title": _short(first.activity.title)})


def _units(activity: Activity) -> dict[str, str]:
    """The units responsible for an activity, by one spelling, each once."""
    units: dict[str, str] = {}
    for name in activity.responsible:
        key = _key(name)
        if key:
            units.setdefault(key, _clean(name))
    return units


def _load(entries: list[_Entry]) -> dict[str, dict[str, int]]:
    """Unit → column → activities due. A unit is shown as first written in the plan."""
    spelling: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    for entry in entries:
        if not entry.columns:
            continue
        for key, name in _units(entry.activity).items():
            spelling.setdefault(key, name)
            columns = counts.setdefault(key, {})
            for column in entry.columns:
                columns[column] = columns.get(column, 0) + 1
    return {spelling[key]: dict(sorted(columns.items())) for key, columns in counts.items()}


def _check_units(plan: Plan, entries: list[_Entry], load: dict[str, dict[str, int]], options: CheckOptions,
                 plan_place: Place, out: _Collector) -> None:
    """``unit-overload``: too much due in one month, or too much of the plan on one unit."""
    if not out.wants("unit-overload"):
        return
    limit = options.unit_month_threshold * (3 if plan.period.granularity == "quarter" else 1)
    for unit, columns in load.items():
        for column, count in columns.items():
            if count > limit:
                out.add("unit-overload", "plan", plan_place, m.UNIT_OVERLOAD_MONTH,
                        {"unit": unit, "month": column, "count": count, "threshold": limit})
    total = len(entries)
    if total < 5:
        return
    spelling: dict[str, str] = {}
    shares: dict[str, int] = {}
    for entry in entries:
        for key, name in _units(entry.activity).items():
            spelling.setdefault(key, name)
            shares[key] = shares.get(key, 0) + 1
    for key, count in shares.items():
        if count / total > options.unit_share_threshold:
            out.add("unit-overload", "plan", plan_place, m.UNIT_OVERLOAD_SHARE,
                    {"unit": spelling[key], "count": count, "total": total, "percent": round(100 * count / total)},
                    m.UNIT_OVERLOAD_SHARE_HINT)


def _check_empty_columns(entries: list[_Entry], columns: list[str], plan_place: Place, out: _Collector) -> None:
    """``empty-month``: a month (or quarter) of the period with nothing due, once anything is dated."""
    due = {column for entry in entries for column in entry.columns}
    if not columns or not due:
        return
    for column in columns:
        if column not in due:
            out.add("empty-month", "plan", plan_place, m.EMPTY_MONTH, {"month": column})
