"""What to do about a plan: activities to add and rows to mend, each with its reasons.

The engine reads a plan the way the checks do (the same audience groups, channel kinds
and fit table, the same engagement levels and load) and answers each finding:

- an audience no channel reaches, a plan that names nobody hard to reach, a plan that
  only informs, asking without answering, a month with nothing planned: **activities**
  from the library that close the gap, each with channels that reach its audience, a
  responsible unit, a result with a measurable indicator and a schedule in words;
- a row that lacks something (an audience, a channel, an owner, a result, a number, a
  date, a key message) or a unit with too much work: a **mend** of that row.

Nothing proposed duplicates an activity the plan already has: a template that recognises
one of the plan's activities (``Template.matches``) is not offered. The builder and
``holos suggest`` both call ``suggest``; the builder's steps call ``propose_for`` and
``climb`` directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from holos.core import document as doc
from holos.core.checks import (
    GROUP_LABELS,
    HARD_TO_REACH,
    KIND_LABELS,
    LEVEL_LABELS,
    LEVELS,
    CheckOptions,
    CheckReport,
    Finding,
    FitTable,
    audience_groups,
    channel_kinds,
    closes_loop,
    due_columns,
    run_checks,
)
from holos.core.checks.words import activity_text
from holos.core.periods import period_columns
from holos.core.schedule import Schedule, parse_schedule
from holos.core.suggest import reasons as r
from holos.core.suggest.library import LANGUAGES, Fallbacks, Library, Template, TemplateText, normalize
from holos.core.suggest.reasons import Reason

# Findings an activity can answer, and those a mend of a row answers.
GAP_CODES = ("audience-unreached", "accessibility-gap", "engagement-inform-only", "no-feedback-loop", "empty-month")
MEND_CODES = (
    "activity-no-audience", "activity-no-channel", "activity-no-responsible", "activity-no-result",
    "activity-no-schedule", "activity-no-indicator", "result-not-measurable", "indicator-placeholder",
    "outside-period", "relative-no-anchor", "goal-no-key-message", "unit-overload",
)
MEASURES = {
    "visits_month": "site visits a month",
    "followers": "followers",
    "members": "members",
    "subscribers": "subscribers",
    "circulation": "copies in circulation",
    "listeners": "listeners",
    "visitors_month": "visitors a month",
    "stands": "stands",
    "offices": "offices",
    "people": "people",
}
# Proposals that climb go one step, two steps and to the top of the ladder.
_CLIMB = {"inform": ("consult", "involve", "empower"), "consult": ("involve", "collaborate", "empower"),
          "involve": ("collaborate", "empower"), "collaborate": ("empower",), "empower": ()}


# ---------------------------------------------------------------------------------------------
# The community, as the engine sees it
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileAudience:
    name: str
    size: int | None = None
    as_of: str | None = None


@dataclass(frozen=True)
class ProfileChannel:
    """A channel the community has, with its latest reach figure (``measure`` is a key of ``MEASURES``)."""

    name: str
    reach: int | None = None
    measure: str = ""
    as_of: str | None = None


@dataclass(frozen=True)
class Profile:
    audiences: tuple[ProfileAudience, ...] = ()
    channels: tuple[ProfileChannel, ...] = ()
    units: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    population: int | None = None


# ---------------------------------------------------------------------------------------------
# What the engine proposes
# ---------------------------------------------------------------------------------------------


@dataclass
class Proposal:
    """An activity to add, ready to be edited and taken."""

    template: str
    source: str
    level: str
    title: str
    audiences: list[str]
    channels: list[str]
    responsible: list[str]
    result: str
    indicator: doc.Indicator
    schedule: Schedule
    reasons: list[Reason]
    goal: int | None = None
    answers: list[str] = field(default_factory=list)

    def to_activity(self) -> doc.Activity:
        return doc.Activity(title=self.title, audiences=list(self.audiences), channels=list(self.channels),
                            responsible=list(self.responsible), result=self.result, schedule=self.schedule,
                            indicators=[self.indicator])

    def to_dict(self) -> dict[str, Any]:
        return {
            "template": self.template, "source": self.source, "level": self.level, "title": self.title,
            "audiences": list(self.audiences), "channels": list(self.channels),
            "responsible": list(self.responsible), "result": self.result, "indicator": self.indicator.to_dict(),
            "schedule": self.schedule.to_dict(), "goal": self.goal, "answers": list(self.answers),
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


@dataclass
class Mend:
    """A change to a row the plan has: ``field`` of the activity (or goal) at ``where`` becomes ``value``.

    ``field`` is one of audiences, channels, responsible, result, indicator, target,
    schedule, key_message, event (a date to give an event; nothing to write in the row).
    """

    code: str
    where: str
    field: str
    value: Any
    reasons: list[Reason]

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, doc.Indicator):
            value = value.to_dict()
        elif isinstance(value, Schedule):
            value = value.to_dict()
        return {"code": self.code, "where": self.where, "field": self.field, "value": value,
                "reasons": [reason.to_dict() for reason in self.reasons]}


@dataclass
class Gap:
    """A finding of the checks and what answers it (indices into the proposals and mends)."""

    finding: Finding
    proposals: list[int] = field(default_factory=list)
    mends: list[int] = field(default_factory=list)


@dataclass
class Suggestions:
    report: CheckReport
    gaps: list[Gap] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    mends: list[Mend] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gaps": [
                {
                    "code": gap.finding.code, "severity": gap.finding.severity, "where": gap.finding.where,
                    "message": gap.finding.text(),
                    "proposals": [self.proposals[i].to_dict() for i in gap.proposals],
                    "mends": [self.mends[i].to_dict() for i in gap.mends],
                }
                for gap in self.gaps
            ],
        }


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join(text.split())


def _labels(groups: Iterable[str], table: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(table[g] for g in groups if g in table)


class _Context:
    """One plan, its community and its library, and what has been proposed so far."""

    def __init__(self, plan: doc.Plan, *, library: Library, fallbacks: Fallbacks, profile: Profile | None,
                 fit: FitTable | None, report: CheckReport | None, levels: Sequence[str | None] | None,
                 options: CheckOptions | None) -> None:
        self.plan = plan
        self.language = plan.language if plan.language in LANGUAGES else "en"
        self.fallbacks = fallbacks
        self.profile = profile or Profile()
        self.fit = fit or FitTable.default()
        self.options = options or CheckOptions()
        self.report = report or run_checks(plan, options=self.options, fit=self.fit, levels=levels)
        self.templates = [t for t in library.in_language(self.language)]
        self.activities = plan.activities()
        self.titles = [a.title for a in self.activities]
        self.columns = period_columns(plan.period.start, plan.period.end, plan.period.granularity)
        self._duplicates: dict[str, bool] = {}
        self._templates_of: dict[str, Template | None] = {}
        self.proposed: dict[tuple[str, int | None], int] = {}
        self.proposals: list[Proposal] = []
        self.channels = self._channels()
        self.units = self._units()

    # The community's channels and units, and the plan's own ------------------------------

    def _channels(self) -> list[ProfileChannel]:
        channels = list(self.profile.channels)
        known = {normalize(c.name) for c in channels}
        for activity in self.activities:
            for name in activity.channels:
                key = normalize(name)
                if key and key not in known:
                    known.add(key)
                    channels.append(ProfileChannel(name=_clean(name)))
        # The widest first; channels without a figure keep their order after those with one.
        return sorted(channels, key=lambda c: -(c.reach or 0))

    def _units(self) -> list[str]:
        units: dict[str, str] = {}
        for name in [*self.profile.units, *(u for a in self.activities for u in a.responsible)]:
            key = normalize(name)
            if key:
                units.setdefault(key, _clean(name))
        return list(units.values())

    def load_in(self, unit: str, columns: Iterable[str]) -> int:
        key = normalize(unit)
        counts = next((c for u, c in self.report.load.items() if normalize(u) == key), {})
        return sum(counts.get(column, 0) for column in columns)

    def busy(self, column: str) -> int:
        return sum(counts.get(column, 0) for counts in self.report.load.values())

    # Templates --------------------------------------------------------------------------

    def duplicates(self, template: Template) -> bool:
        if template.key not in self._duplicates:
            self._duplicates[template.key] = any(template.matches(title) for title in self.titles)
        return self._duplicates[template.key]

    def usable(self, *, groups: frozenset[str], levels: Sequence[str] | None = None,
               loop: bool = False) -> list[Template]:
        """Templates for an audience of ``groups``, best first, none the plan has already."""
        found = []
        for index, template in enumerate(self.templates):
            if levels is not None and template.level not in levels:
                continue
            if loop and not template.closes_loop:
                continue
            if not template.suits(groups) or self.duplicates(template):
                continue
            score = 0.0
            if template.specific_to(groups):
                # The narrower a template's audience, the better it fits a specific one.
                score += 4 + 2 / max(1, len(template.groups - {"everyone", "general"}))
            score += min(template.usage, 9) / 3
            if self.has_channel_for(template, groups):
                score += 2
            found.append((-score, index, template))
        return [template for _score, _index, template in sorted(found, key=lambda item: (item[0], item[1]))]

    def has_channel_for(self, template: Template, groups: frozenset[str]) -> bool:
        return bool(self.community_channels(template, groups))

    def community_channels(self, template: Template, groups: frozenset[str]) -> list[ProfileChannel]:
        """The community's channels of the template's kinds that reach ``groups``, widest first.

        A channel of several kinds ("radio, newspaper and TV announcements") is left to
        templates of all of them.
        """
        return [
            c for c in self.channels
            if channel_kinds(c.name) and channel_kinds(c.name) <= template.kinds
            and all(self.fit.fits(group, channel_kinds(c.name)) for group in groups)
        ]

    # Building a proposal ----------------------------------------------------------------

    def pick_channels(self, template: Template, text: TemplateText, groups: frozenset[str],
                      audience: str) -> tuple[list[str], list[Reason]] | None:
        """Channels of the community that are of the template's kinds and reach ``groups``, or the template's own."""
        chosen = self.community_channels(template, groups)[:2]
        if chosen:
            reasons = [_reach_reason(c) for c in chosen]
            return [c.name for c in chosen], reasons
        kinds = set().union(*(channel_kinds(c) for c in text.channels))
        if not all(self.fit.fits(group, kinds) for group in groups):
            return None
        names = "; ".join(text.channels)
        return list(text.channels), [Reason(r.NEW_CHANNEL, {"channels": names})]

    def pick_unit(self, text: TemplateText, columns: Sequence[str]) -> tuple[str, Reason | None]:
        """The unit that usually does the activity when the community has it; else the least busy unit of the
        plan in those months; else the usual unit, by the template's name for it."""
        usual = normalize(text.responsible)
        for unit in self.units:
            if normalize(unit) == usual or (usual and usual in normalize(unit)):
                return unit, Reason(r.USUAL_UNIT, {"unit": unit})
        in_plan = self.plan_units()
        if in_plan:
            unit = min(in_plan, key=lambda u: (self.load_in(u, columns), in_plan.index(u)))
            return unit, Reason(r.LEAST_LOADED, {"unit": unit, "count": self.load_in(unit, columns)})
        return text.responsible, Reason(r.USUAL_UNIT, {"unit": text.responsible})

    def plan_units(self) -> list[str]:
        """The units the plan names, those with the most activities first."""
        counts = Counter(normalize(u) for a in self.activities for u in a.responsible if u.strip())
        names = {normalize(u): _clean(u) for a in self.activities for u in a.responsible if u.strip()}
        return [names[key] for key, _count in counts.most_common()]

    def quiet_columns(self, count: int, within: Sequence[str] | None = None) -> list[str]:
        """``count`` columns with the least due, spread over the period (or over ``within``)."""
        columns = list(within if within is not None else self.columns)
        if not columns:
            return []
        if count == 1:
            return [min(columns, key=lambda c: (self.busy(c), columns.index(c)))]
        half = max(1, len(columns) // 2)
        return [*self.quiet_columns(1, columns[:half]), *self.quiet_columns(1, columns[half:] or columns[:half])]

    def schedule_for(self, template: Template, text: TemplateText, month: str | None = None) -> Schedule:
        period = self.plan.period
        if month is not None:
            words = _month_words([month])
        elif template.when == "words":
            words = text.schedule
        else:
            columns = self.quiet_columns(1 if template.when == "once" else 2)
            words = _month_words(columns) if columns else self.fallbacks.schedule[self.language]
        return parse_schedule(words, period_start=period.start, period_end=period.end)

    def _join(self, proposal: Proposal, *, audience: str, groups: frozenset[str], first: Sequence[Reason],
              answer: str) -> Proposal | None:
        """One activity for several audiences, when its channels reach them all: taking two would duplicate it."""
        kinds = set().union(*(channel_kinds(c) for c in proposal.channels))
        if not all(self.fit.fits(group, kinds) for group in groups):
            return None
        if normalize(audience) not in {normalize(a) for a in proposal.audiences}:
            proposal.audiences.append(audience)
            proposal.reasons[len(first):len(first)] = list(first)
        if answer and answer not in proposal.answers:
            proposal.answers.append(answer)
        return proposal

    def propose(self, template: Template, *, audience: str, groups: frozenset[str], goal: int | None,
                first: Sequence[Reason] = (), month: str | None = None, answer: str = "") -> Proposal | None:
        """A proposal from ``template`` for ``audience``; the same template for the same audience and goal is
        proposed once, answering every gap it closes."""
        key = (template.key, goal)
        if key in self.proposed and month is None:
            return self._join(self.proposals[self.proposed[key]], audience=audience, groups=groups, first=first,
                              answer=answer)
        text = template.text(self.language)
        if text is None:
            return None
        picked = self.pick_channels(template, text, groups, audience)
        if picked is None:
            return None
        channels, channel_reasons = picked
        schedule = self.schedule_for(template, text, month)
        columns = due_columns(schedule, self.plan.period)
        unit, unit_reason = self.pick_unit(text, columns)
        reasons = [*first]
        if text.why:
            reasons.append(r.template_words({lang: t.why for lang, t in template.texts.items()}))
        recognised: set[str] = set().union(*(channel_kinds(c) for c in channels))
        named = sorted(recognised & set(KIND_LABELS))
        specific = [g for g in groups if g != "general"]
        if specific and named:
            reasons.append(Reason(r.REACHES, labels={"groups": _labels(specific, GROUP_LABELS),
                                                      "kinds": _labels(named, KIND_LABELS)}))
        reasons.extend(channel_reasons)
        size = next((a for a in self.profile.audiences if normalize(a.name) == normalize(audience)), None)
        if size is not None and size.size:
            reasons.append(Reason(r.AUDIENCE_SIZE, {"size": size.size, "audience": size.name}))
        if template.usage:
            reasons.append(Reason(r.USED_ELSEWHERE, {"count": template.usage}))
        if template.source_label:
            reasons.append(Reason(r.FROM_SOURCE, {"source": template.source_label}))
        if unit_reason is not None:
            reasons.append(unit_reason)
        proposal = Proposal(
            template=template.key, source=template.source, level=template.level, title=text.title,
            audiences=[audience], channels=channels, responsible=[unit], result=text.result,
            indicator=doc.Indicator(text=text.indicator, target=template.target, unit=text.unit),
            schedule=schedule, reasons=reasons, goal=goal, answers=[answer] if answer else [],
        )
        self.proposed[key] = len(self.proposals)
        self.proposals.append(proposal)
        return proposal

    def first_goal(self) -> int | None:
        return 0 if self.plan.goals else None

    def main_audience(self) -> str:
        """The audience the plan aims most activities at; the community in general when it names none."""
        counts = Counter(_clean(a) for activity in self.activities for a in activity.audiences if a.strip())
        for name, _count in counts.most_common():
            if "general" in audience_groups(name):
                return name
        if counts:
            return counts.most_common(1)[0][0]
        general = next((a.name for a in self.profile.audiences if audience_groups(a.name) == {"general"}), None)
        return general or self.fallbacks.results["inform"][self.language].audience


def _reach_reason(channel: ProfileChannel) -> Reason:
    if channel.reach and channel.measure in MEASURES and channel.as_of:
        return Reason(r.CHANNEL_REACH, {"channel": channel.name, "reach": channel.reach},
                      labels={"measure": (MEASURES[channel.measure],)}, dates={"date": channel.as_of})
    return Reason(r.CHANNEL_KNOWN, {"channel": channel.name})


def _month_words(columns: Sequence[str]) -> str:
    """Months as a schedule in words every language reads: "05/2025, 10/2025"."""
    words = []
    for column in columns:
        if "-Q" in column:
            year, quarter = column.split("-Q")
            column = f"{year}-{(int(quarter) - 1) * 3 + 1:02d}"
        year, month = column.split("-")
        words.append(f"{month}/{year}")
    return ", ".join(words)


# ---------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------


def suggest(plan: doc.Plan, *, library: Library, fallbacks: Fallbacks, profile: Profile | None = None,
            fit: FitTable | None = None, report: CheckReport | None = None,
            levels: Sequence[str | None] | None = None, options: CheckOptions | None = None) -> Suggestions:
    """For each finding of the checks on ``plan``, the activities and mends that answer it."""
    ctx = _Context(plan, library=library, fallbacks=fallbacks, profile=profile, fit=fit, report=report,
                   levels=levels, options=options)
    out = Suggestions(report=ctx.report)
    mends: list[Mend] = []
    empty = [f for f in ctx.report.findings if f.code == "empty-month"]
    for finding in ctx.report.findings:
        gap = Gap(finding)
        gap.proposals = [ctx.proposals.index(p) for p in _answer(ctx, finding, empty)]
        for mend in _mend(ctx, finding):
            gap.mends.append(len(mends))
            mends.append(mend)
        out.gaps.append(gap)
    out.proposals = ctx.proposals
    out.mends = mends
    return out


def propose_for(plan: doc.Plan, *, goal: int, audience: str, library: Library, fallbacks: Fallbacks,
                profile: Profile | None = None, fit: FitTable | None = None, limit: int = 3,
                levels: Sequence[str | None] | None = None, exclude: Iterable[str] = ()) -> list[Proposal]:
    """Activities for one goal and one audience: the builder's step 4.

    The best two for the audience, then the best of another step of the engagement
    ladder, so that the choice is real; as many more as ``limit`` allows, in order.
    ``exclude``: templates already proposed elsewhere on the same page, so that taking
    both would not make the same activity twice.
    """
    ctx = _Context(plan, library=library, fallbacks=fallbacks, profile=profile, fit=fit, report=None,
                   levels=levels, options=None)
    groups = audience_groups(audience)
    title = plan.goals[goal].title if 0 <= goal < len(plan.goals) else ""
    first = [Reason(r.FOR_GOAL, {"goal": title, "audience": audience})]
    skip = set(exclude)
    candidates = [t for t in ctx.usable(groups=groups) if t.key not in skip]
    order = candidates[:2]
    higher = next((t for t in candidates[2:] if t.level not in {o.level for o in order}), None)
    if higher is not None:
        order.append(higher)
    order += [t for t in candidates if t not in order]
    chosen: list[Proposal] = []
    for template in order:
        if len(chosen) >= limit:
            break
        proposal = ctx.propose(template, audience=audience, groups=groups, goal=goal, first=first)
        if proposal is not None:
            chosen.append(proposal)
    return chosen


def climb(plan: doc.Plan, *, library: Library, fallbacks: Fallbacks, profile: Profile | None = None,
          fit: FitTable | None = None, levels: Sequence[str | None] | None = None, limit: int = 4) -> list[Proposal]:
    """Activities that take the plan up the engagement ladder, and one that closes the loop where residents are
    asked but not answered: the builder's step 5."""
    ctx = _Context(plan, library=library, fallbacks=fallbacks, profile=profile, fit=fit, report=None,
                   levels=levels, options=None)
    current = _top_level(ctx.report.levels)
    audience = ctx.main_audience()
    groups = audience_groups(audience)
    found: list[Proposal] = []
    for level in _CLIMB[current]:
        message = r.INFORM_ONLY if current == "inform" else r.CLIMB
        first = [Reason(message, labels={"level": (LEVEL_LABELS[level],), "current": (LEVEL_LABELS[current],)})]
        for template in ctx.usable(groups=groups, levels=(level,)):
            proposal = ctx.propose(template, audience=audience, groups=groups, goal=ctx.first_goal(), first=first)
            if proposal is not None:
                found.append(proposal)
                break
    loop = next((f for f in ctx.report.findings if f.code == "no-feedback-loop"), None)
    closed = any(closes_loop(activity_text(a)) for a in ctx.activities)
    if loop is not None or (found and not closed):
        # Asking residents comes with telling them what came of it.
        found.extend(_close_loop(ctx, loop))
    return found[:limit]


def _top_level(levels: Sequence[str]) -> str:
    return max(levels, key=LEVELS.index) if levels else "inform"


# ---------------------------------------------------------------------------------------------
# Answers to each kind of finding
# ---------------------------------------------------------------------------------------------


def _audience_named(ctx: _Context, short: str) -> str:
    """The audience a finding names, whole: findings shorten long names with "…"."""
    stem = short.rstrip("\u2026")
    names = [*ctx.plan.audiences, *(a for activity in ctx.activities for a in activity.audiences)]
    for name in names:
        if _clean(name) == short or (short.endswith("\u2026") and _clean(name).startswith(stem)):
            return _clean(name)
    return short


def _answer(ctx: _Context, finding: Finding, empty: list[Finding]) -> list[Proposal]:
    code, key = finding.code, f"{finding.code}@{finding.where}"
    if code == "audience-unreached":
        goal = finding.place.goal if finding.place.goal is not None else ctx.first_goal()
        return _reach_audience(ctx, finding, goal, key)
    if code == "accessibility-gap":
        return _hard_to_reach(ctx, key)
    if code == "engagement-inform-only":
        return _beyond_informing(ctx, key)
    if code == "no-feedback-loop":
        return _close_loop(ctx, finding)
    if code == "empty-month":
        return _fill_month(ctx, finding, empty)
    return []


def _reach_audience(ctx: _Context, finding: Finding, goal: int | None, key: str) -> list[Proposal]:
    """Two activities at most that reach an audience the plan names but does not reach (or one of its groups)."""
    found: list[Proposal] = []
    audience = _audience_named(ctx, str(finding.params.get("audience", "")))
    groups = audience_groups(audience)
    group = str(finding.params.get("group") or "")
    wanted = frozenset({group}) if group else groups
    if "group" in finding.params:
        first = Reason(r.UNREACHED, {"audience": audience}, labels={"groups": _labels([group], GROUP_LABELS)})
    else:
        first = Reason(r.NOT_AIMED, {"audience": audience})
    for template in ctx.usable(groups=wanted):
        if group and group != "general" and not template.specific_to(wanted):
            continue
        proposal = ctx.propose(template, audience=audience, groups=groups, goal=goal, first=[first], answer=key)
        if proposal is not None:
            found.append(proposal)
        if len(found) == 2:
            break
    return found


def _beyond_informing(ctx: _Context, key: str) -> list[Proposal]:
    """For a plan that only informs: one activity that consults, one that involves, one that empowers."""
    found: list[Proposal] = []
    audience = ctx.main_audience()
    groups = audience_groups(audience)
    for level in ("consult", "involve", "empower"):
        first = Reason(r.INFORM_ONLY, labels={"level": (LEVEL_LABELS[level],)})
        for template in ctx.usable(groups=groups, levels=(level,)):
            proposal = ctx.propose(template, audience=audience, groups=groups, goal=ctx.first_goal(),
                                   first=[first], answer=key)
            if proposal is not None:
                found.append(proposal)
                break
    return found


def _hard_to_reach(ctx: _Context, key: str) -> list[Proposal]:
    found: list[Proposal] = []
    named = [a for a in ctx.profile.audiences if audience_groups(a.name) & HARD_TO_REACH]
    targets: list[tuple[str, frozenset[str], Reason]] = [
        (a.name, audience_groups(a.name), Reason(r.NO_HARD_TO_REACH, {"audience": a.name})) for a in named
    ]
    if not targets:
        for group in ("impaired_sight", "impaired_hearing", "remote"):
            targets.append(("", frozenset({group}),
                            Reason(r.NO_HARD_TO_REACH_GROUP, labels={"groups": (GROUP_LABELS[group],)})))
    for audience, groups, first in targets[:3]:
        for template in ctx.usable(groups=groups):
            text = template.text(ctx.language)
            if not template.specific_to(groups) or text is None:
                continue
            # Without a profile, the template's own audience names the group, so the plan then names it too.
            if not audience and not groups <= audience_groups(text.audience):
                continue
            name = audience or text.audience
            proposal = ctx.propose(template, audience=name, groups=audience_groups(name) | groups,
                                   goal=ctx.first_goal(), first=[first], answer=key)
            if proposal is not None:
                found.append(proposal)
                break
    return found


def _close_loop(ctx: _Context, finding: Finding | None) -> list[Proposal]:
    title = str(finding.params.get("title", "")) if finding is not None else ""
    audience = ctx.main_audience()
    if finding is not None and finding.place.activity is not None:
        place = finding.place
        activity = ctx.plan.goals[place.goal or 0].tasks[place.task or 0].activities[place.activity or 0]
        audience = next((_clean(a) for a in activity.audiences if a.strip()), audience)
    groups = audience_groups(audience)
    key = f"{finding.code}@{finding.where}" if finding is not None else ""
    first = Reason(r.NO_LOOP, {"title": title}) if title else Reason(r.LOOP_AHEAD)
    goal = finding.place.goal if finding is not None and finding.place.goal is not None else ctx.first_goal()
    found = []
    for template in ctx.usable(groups=groups, loop=True):
        proposal = ctx.propose(template, audience=audience, groups=groups, goal=goal, first=[first], answer=key)
        if proposal is not None:
            found.append(proposal)
            break
    return found


def _fill_month(ctx: _Context, finding: Finding, empty: list[Finding]) -> list[Proposal]:
    """A recurring activity that fills every quiet month, and one placed in this month."""
    month = str(finding.params.get("month", ""))
    months = tuple(str(f.params.get("month", "")) for f in empty)
    audience = ctx.main_audience()
    groups = audience_groups(audience)
    key = f"{finding.code}@{finding.where}#{month}"
    found: list[Proposal] = []
    first = Reason(r.EMPTY_MONTHS, months={"months": months})
    for template in ctx.usable(groups=groups):
        text = template.text(ctx.language)
        if template.when != "words" or text is None:
            continue
        schedule = parse_schedule(text.schedule, period_start=ctx.plan.period.start, period_end=ctx.plan.period.end)
        if month in due_columns(schedule, ctx.plan.period):
            proposal = ctx.propose(template, audience=audience, groups=groups, goal=ctx.first_goal(),
                                   first=[first], answer=key)
            if proposal is not None:
                found.append(proposal)
                break
    once = Reason(r.EMPTY_MONTHS, months={"months": (month,)})
    for template in ctx.usable(groups=groups):
        if template.when != "once" or any(p.template == template.key for p in ctx.proposals):
            continue
        proposal = ctx.propose(template, audience=audience, groups=groups, goal=ctx.first_goal(), first=[once],
                               month=month, answer=key)
        if proposal is not None:
            found.append(proposal)
            break
    return found


# ---------------------------------------------------------------------------------------------
# Mends of rows the plan has
# ---------------------------------------------------------------------------------------------


def _number(value: int | float) -> str | int:
    return int(value) if float(value).is_integer() else str(value)


def _activity_at(ctx: _Context, finding: Finding) -> doc.Activity | None:
    place = finding.place
    if place.goal is None or place.task is None or place.activity is None:
        return None
    try:
        return ctx.plan.goals[place.goal].tasks[place.task].activities[place.activity]
    except IndexError:
        return None


def _level_of(ctx: _Context, finding: Finding) -> str:
    place = finding.place
    index = 0
    for gi, goal in enumerate(ctx.plan.goals):
        for ti, task in enumerate(goal.tasks):
            for ai, _activity in enumerate(task.activities):
                if (gi, ti, ai) == (place.goal, place.task, place.activity):
                    return ctx.report.levels[index] if index < len(ctx.report.levels) else "inform"
                index += 1
    return "inform"


def _template_of(ctx: _Context, activity: doc.Activity) -> Template | None:
    if activity.title not in ctx._templates_of:
        ctx._templates_of[activity.title] = next((t for t in ctx.templates if t.matches(activity.title)), None)
    return ctx._templates_of[activity.title]


def _mend(ctx: _Context, finding: Finding) -> list[Mend]:
    code, where = finding.code, finding.where
    if code == "goal-no-key-message":
        goal = ctx.plan.goals[finding.place.goal or 0] if ctx.plan.goals else None
        title = goal.title if goal else ""
        message = next(m for m in ctx.fallbacks.messages if m.matches(title))
        return [Mend(code, where, "key_message", message.texts[ctx.language], [Reason(r.MEND_KEY_MESSAGE)])]
    if code == "relative-no-anchor":
        anchor = str(finding.params.get("anchor") or "")
        return [Mend(code, where, "event", anchor, [Reason(r.MEND_EVENT, {"anchor": anchor or "…"})])]
    if code == "unit-overload":
        return _even_out(ctx, finding)
    activity = _activity_at(ctx, finding)
    if activity is None:
        return []
    return _mend_activity(ctx, finding, activity)


def _mend_activity(ctx: _Context, finding: Finding, activity: doc.Activity) -> list[Mend]:
    """What an activity lacks, from the template it matches, or else from the method's fallbacks."""
    code, where = finding.code, finding.where
    template = _template_of(ctx, activity)
    level = template.level if template else _level_of(ctx, finding)
    fallback = ctx.fallbacks.results[level][ctx.language]
    text = template.text(ctx.language) if template else None
    if code == "activity-no-audience":
        return [_mend_audience(ctx, finding, template, fallback)]
    if code == "activity-no-channel":
        mend = _mend_channels(ctx, finding, activity, template)
        return [mend] if mend else []
    if code == "activity-no-responsible":
        columns = due_columns(activity.schedule, ctx.plan.period) or ctx.columns
        unit, reason = ctx.pick_unit(text or fallback, columns)
        return [Mend(code, where, "responsible", [unit], [reason or Reason(r.USUAL_UNIT, {"unit": unit})])]
    if code in ("activity-no-result", "result-not-measurable"):
        mends = [Mend(code, where, "result", (text or fallback).result, [Reason(r.MEND_RESULT)])]
        return mends + ([] if activity.indicators else [_mend_indicator(ctx, code, where, template, level,
                                                                        text or fallback)])
    if code == "activity-no-indicator":
        return [_mend_indicator(ctx, code, where, template, level, text or fallback)]
    if code == "indicator-placeholder":
        target = template.target if template and template.target is not None else ctx.fallbacks.targets[level]
        return [Mend(code, where, "target", target, [Reason(r.MEND_TARGET, {"target": _number(target)})])]
    if code in ("activity-no-schedule", "outside-period"):
        return [_mend_schedule(ctx, finding, template, text, fallback)]
    return []


def _mend_schedule(ctx: _Context, finding: Finding, template: Template | None, text: Any, fallback: Any) -> Mend:
    if template is not None and text is not None:
        schedule = ctx.schedule_for(template, text)
    else:
        schedule = parse_schedule(fallback.schedule, period_start=ctx.plan.period.start,
                                  period_end=ctx.plan.period.end)
    return Mend(finding.code, finding.where, "schedule", schedule, [Reason(r.MEND_SCHEDULE)])


def _mend_indicator(ctx: _Context, code: str, where: str, template: Template | None, level: str,
                    text: TemplateText) -> Mend:
    target = template.target if template and template.target is not None else ctx.fallbacks.targets[level]
    indicator = doc.Indicator(text=text.indicator, target=target, unit=text.unit)
    return Mend(code, where, "indicator", indicator, [Reason(r.MEND_TARGET, {"target": _number(target)})])


def _mend_audience(ctx: _Context, finding: Finding, template: Template | None, fallback: TemplateText) -> Mend:
    code, where, place = finding.code, finding.where, finding.place
    if template is not None:
        wanted = template.groups - {"everyone"}
        names = [a.name for a in ctx.profile.audiences if audience_groups(a.name) & wanted]
        if names:
            return Mend(code, where, "audiences", names[:2],
                        [Reason(r.MEND_AUDIENCE_TEMPLATE, labels={"groups": _labels(sorted(wanted), GROUP_LABELS)})])
    task = ctx.plan.goals[place.goal or 0].tasks[place.task or 0]
    siblings = list(dict.fromkeys(_clean(a) for act in task.activities for a in act.audiences if a.strip()))
    if siblings:
        return Mend(code, where, "audiences", siblings[:2],
                    [Reason(r.MEND_AUDIENCE, {"audiences": ", ".join(siblings[:2])})])
    audience = ctx.main_audience() if ctx.plan.audiences or ctx.profile.audiences else fallback.audience
    named = [_clean(a) for a in ctx.plan.audiences if a.strip()]
    audience = named[0] if named else audience
    return Mend(code, where, "audiences", [audience], [Reason(r.MEND_AUDIENCE, {"audiences": audience})])


def _mend_channels(ctx: _Context, finding: Finding, activity: doc.Activity, template: Template | None) -> Mend | None:
    audiences = [a for a in activity.audiences if a.strip()] or [ctx.main_audience()]
    groups = frozenset().union(*(audience_groups(a) for a in audiences))
    templates = [template] if template is not None else []
    level = _level_of(ctx, finding)
    templates += ctx.usable(groups=groups, levels=(level,)) + ctx.usable(groups=groups)
    for candidate in templates:
        text = candidate.text(ctx.language)
        if text is None:
            continue
        picked = ctx.pick_channels(candidate, text, groups, audiences[0])
        if picked is not None:
            channels, reasons = picked
            return Mend(finding.code, finding.where, "channels", channels,
                        [Reason(r.MEND_CHANNEL, {"channels": "; ".join(channels)}), *reasons])
    return None


def _even_out(ctx: _Context, finding: Finding) -> list[Mend]:
    """Moves that bring an overloaded unit's month down to the threshold, or another unit to share the plan."""
    unit = str(finding.params.get("unit", ""))
    if "percent" in finding.params:
        others = [u for u in ctx.units if normalize(u) != normalize(unit)]
        if not others:
            return []
        other = min(others, key=lambda u: ctx.load_in(u, ctx.columns))
        reason = Reason(r.SHARE, {"unit": unit, "percent": finding.params["percent"], "other": other})
        mends = []
        share = [(i, a) for i, a in enumerate(ctx.activities)
                 if any(normalize(x) == normalize(unit) for x in a.responsible)]
        for index, _activity in share[: max(1, len(share) // 3)]:
            mends.append(Mend(finding.code, _where_of(ctx, index), "responsible", [other], [reason]))
        return mends
    month = str(finding.params.get("month", ""))
    excess = int(finding.params.get("count", 0)) - int(finding.params.get("threshold", 0))
    return even_out_moves(ctx, unit, month, excess, finding.code)


def _where_of(ctx: _Context, index: int) -> str:
    n = 0
    for gi, goal in enumerate(ctx.plan.goals, start=1):
        for ti, task in enumerate(goal.tasks, start=1):
            for ai, _activity in enumerate(task.activities, start=1):
                if n == index:
                    return f"g{gi}.t{ti}.a{ai}"
                n += 1
    return "plan"


def even_out_moves(ctx: _Context, unit: str, month: str, excess: int, code: str = "unit-overload") -> list[Mend]:
    load = next((dict(c) for u, c in ctx.report.load.items() if normalize(u) == normalize(unit)), {})
    mends: list[Mend] = []
    for index, activity in enumerate(ctx.activities):
        if len(mends) >= excess:
            break
        if not any(normalize(x) == normalize(unit) for x in activity.responsible):
            continue
        schedule = activity.schedule
        columns = due_columns(schedule, ctx.plan.period)
        if month not in columns or schedule.kind not in ("slots", "once"):
            continue
        free = [c for c in ctx.columns if c not in columns]
        if not free:
            continue
        target = min(free, key=lambda c: (load.get(c, 0), ctx.columns.index(c)))
        if load.get(target, 0) + 1 >= load.get(month, 0):
            continue
        moved = [target if c == month else c for c in columns]
        new = parse_schedule(_month_words(sorted(moved)), period_start=ctx.plan.period.start,
                             period_end=ctx.plan.period.end)
        reason = Reason(r.MOVE, {"unit": unit, "count": load.get(month, 0), "other": load.get(target, 0)},
                        months={"from": (month,), "to": (target,)})
        load[month] = load.get(month, 0) - 1
        load[target] = load.get(target, 0) + 1
        mends.append(Mend(code, _where_of(ctx, index), "schedule", new, [reason]))
    return mends


def even_out(plan: doc.Plan, *, library: Library, fallbacks: Fallbacks, profile: Profile | None = None,
             fit: FitTable | None = None, levels: Sequence[str | None] | None = None,
             options: CheckOptions | None = None) -> list[Mend]:
    """Moves of activities out of the months where a unit has too much: the builder's step 6."""
    ctx = _Context(plan, library=library, fallbacks=fallbacks, profile=profile, fit=fit, report=None,
                   levels=levels, options=options)
    mends: list[Mend] = []
    for finding in ctx.report.findings:
        if finding.code == "unit-overload":
            mends.extend(_even_out(ctx, finding))
    return mends



def apply_mend(plan: doc.Plan, mend: Mend) -> bool:
    """Write a mend into a plan document; ``False`` when its row is gone or it has nothing to write."""
    parts = mend.where.split(".")
    try:
        goal = plan.goals[int(parts[0][1:]) - 1]
        if mend.field == "key_message":
            goal.key_message = str(mend.value)
            return True
        activity = goal.tasks[int(parts[1][1:]) - 1].activities[int(parts[2][1:]) - 1]
    except (IndexError, ValueError):
        return False
    if mend.field in ("audiences", "channels", "responsible"):
        setattr(activity, mend.field, list(mend.value))
    elif mend.field == "result":
        activity.result = str(mend.value)
    elif mend.field == "indicator":
        activity.indicators = [*activity.indicators, mend.value]
    elif mend.field == "target":
        for indicator in activity.indicators:
            if indicator.placeholder:
                indicator.target, indicator.placeholder = mend.value, False
    elif mend.field == "schedule":
        activity.schedule = mend.value
    else:
        return False
    return True


def add_proposal(plan: doc.Plan, proposal: Proposal, *, task_title: str = "") -> doc.Activity:
    """Add a proposal to a plan document as an activity, in a task of its goal named ``task_title``."""
    if not plan.goals:
        plan.goals.append(doc.Goal(title=plan.title))
    goal = plan.goals[proposal.goal if proposal.goal is not None and proposal.goal < len(plan.goals) else 0]
    title = task_title or (proposal.audiences[0] if proposal.audiences else goal.title)
    task = next((t for t in goal.tasks if t.title == title), None)
    if task is None:
        task = doc.Task(title=title)
        goal.tasks.append(task)
    activity = proposal.to_activity()
    task.activities.append(activity)
    return activity
