"""The plan checks of ``holos.core.checks`` with an organisation's settings, for pages.

The core speaks English msgids and document positions; this module translates them and
turns positions into links to the grid's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from holos import describe
from holos.audit.actions import record
from holos.core import document as doc
from holos.core.checks import CODES, PROBLEM, CheckOptions, CheckReport, Finding, FitTable, run_checks
from holos.plans.models import Activity, Dismissal, Goal, Plan, Task
from holos.translation import core_message

DEFAULT_MONTH_THRESHOLD = 8
DEFAULT_SHARE_THRESHOLD = 0.6
REPORT_SECONDS = 24 * 3600


def fit_table(organization) -> FitTable:
    settings = organization.check_settings or {}
    if settings.get("fit"):
        return FitTable.from_dict(settings["fit"])
    return FitTable.default()


def options_for(organization, dismissed: frozenset[tuple[str, str]] = frozenset()) -> CheckOptions:
    settings = organization.check_settings or {}
    disabled = set(settings.get("disabled") or [])
    return CheckOptions(
        unit_month_threshold=int(settings.get("unit_month_threshold") or DEFAULT_MONTH_THRESHOLD),
        unit_share_threshold=float(settings.get("unit_share_threshold") or DEFAULT_SHARE_THRESHOLD),
        enabled=frozenset(c for c in CODES if c not in disabled) if disabled else None,
        dismissed=dismissed,
    )


def translate(text: str, params: dict[str, Any]) -> str:
    """A finding's message or hint (an English msgid and its params) in the reader's language."""
    try:
        english = text % params if params else text
    except (KeyError, TypeError, ValueError):
        english = text
    return core_message(text, params, english)


@dataclass
class FindingView:
    """A finding as a page shows it, its message and hint put in the reader's language when shown.

    ``key`` names its place by the row it is about ("activity-45"), or "plan": a dismissal
    is stored with it, so it stays with its row when rows are moved, added or deleted.
    """

    finding: Finding
    anchor: str = ""
    dismissal: Dismissal | None = None

    @classmethod
    def of(cls, finding: Finding, *, anchor: str = "", dismissal: Dismissal | None = None) -> FindingView:
        return cls(finding=finding, anchor=anchor, dismissal=dismissal)

    @cached_property
    def message(self) -> str:
        return translate(self.finding.message, self.finding.params)

    @cached_property
    def hint(self) -> str:
        return translate(self.finding.hint, self.finding.params) if self.finding.hint else ""

    @property
    def key(self) -> str:
        return self.anchor or self.finding.where

    @property
    def is_problem(self) -> bool:
        return self.finding.severity == PROBLEM


@dataclass
class PlaceGroup:
    title: str
    anchor: str
    findings: list[FindingView] = field(default_factory=list)


@dataclass
class PlanChecks:
    report: CheckReport
    groups: list[PlaceGroup]
    dismissed: list[FindingView]
    counts: dict[str, int]
    load_rows: list[tuple[str, list[tuple[int, bool]]]]
    columns: list[str]
    # Names this state of the plan in the cache ("" for a plan not saved): its report, and
    # the findings written as HTML in each language, are kept under it.
    key: str = ""


def _anchor(tree, finding: Finding) -> str:
    place = finding.place
    try:
        if place.activity is not None:
            return f"activity-{tree.goals[place.goal].task_list[place.task].activity_list[place.activity].pk}"
        if place.task is not None:
            return f"task-{tree.goals[place.goal].task_list[place.task].pk}"
        if place.goal is not None:
            return f"goal-{tree.goals[place.goal].pk}"
    except (IndexError, TypeError):
        return ""
    return ""


def row_positions(tree) -> dict[str, str]:
    """Each row's key ("goal-12", "task-30", "activity-45") and its position in the checks ("g1.t2.a3")."""
    positions = {}
    for gi, goal in enumerate(tree.goals, start=1):
        positions[f"goal-{goal.pk}"] = f"g{gi}"
        for ti, task in enumerate(goal.task_list, start=1):
            positions[f"task-{task.pk}"] = f"g{gi}.t{ti}"
            for ai, activity in enumerate(task.activity_list, start=1):
                positions[f"activity-{activity.pk}"] = f"g{gi}.t{ti}.a{ai}"
    return positions


def check_tree(tree, document_plan: doc.Plan) -> PlanChecks:
    """Run the checks on a loaded plan, with its organisation's settings and dismissals.

    Dismissals name rows by key; the checks name them by position, so the keys are put in
    the places the rows hold now. A dismissal of a deleted row has no place and is not shown.
    """
    plan = tree.plan
    organization = plan.organization
    positions = row_positions(tree)
    dismissals = {
        (d.code, positions[d.where] if d.where in positions else d.where): d
        for d in Dismissal.objects.filter(plan=plan).select_related("dismissed_by")
        if d.where in positions or d.where == "plan"
    }
    levels = [a.level or None for a in tree.activities()]
    cache_key = report_key(plan)
    report = cache.get(cache_key)
    if report is None:
        report = _report(document_plan, organization, frozenset(dismissals), levels)
        cache.set(cache_key, report, timeout=REPORT_SECONDS)

    def view(finding: Finding) -> FindingView:
        return FindingView.of(finding, anchor=_anchor(tree, finding), dismissal=dismissals.get(finding.key))

    groups: dict[str, PlaceGroup] = {}
    for finding in report.findings:
        item = view(finding)
        key = finding.where
        if key not in groups:
            title = finding.place.title if finding.where != "plan" else _("The whole plan")
            groups[key] = PlaceGroup(title=title, anchor=item.anchor)
        groups[key].findings.append(item)
    threshold = options_for(organization).unit_month_threshold
    if plan.granularity == "quarter":
        threshold *= 3
    load_rows = [
        (unit, [(counts.get(c, 0), counts.get(c, 0) > threshold) for c in report.columns])
        for unit, counts in sorted(report.load.items())
    ]
    return PlanChecks(
        report=report,
        groups=list(groups.values()),
        dismissed=[view(f) for f in report.dismissed],
        counts=report.counts(),
        load_rows=load_rows,
        columns=report.columns,
        key=cache_key,
    )


def report_key(plan: Plan) -> str:
    """The cache key of a plan's check report: the plan and its revision.

    Every action that changes the plan, or what its checks read (catalogue names, events,
    the organisation's check settings, dismissals), adds one to ``Plan.revision`` in its
    own transaction, so a stale report is never shown, and a cached one is found without
    reading the plan twice. The creation time tells apart plans that reused a number.
    """
    return f"holos:checks:{plan.pk}:{plan.created_at.timestamp():.6f}:{plan.revision}"


def _report(document_plan: doc.Plan, organization, dismissed, levels) -> CheckReport:
    from holos.work.actions import organization_events

    events = {name: day.isoformat() for name, day in organization_events(organization).items()}
    return run_checks(
        document_plan,
        options=options_for(organization, dismissed),
        fit=fit_table(organization),
        events=events,
        levels=levels,
    )


def check_document_plan(plan: doc.Plan, organization) -> tuple[CheckReport, list[FindingView]]:
    """Checks on a plan not yet saved (the import preview)."""
    report = run_checks(plan, options=options_for(organization), fit=fit_table(organization))
    views = [FindingView.of(finding) for finding in report.findings]
    return report, views


def names_row_of(plan: Plan, key: str) -> bool:
    """Whether ``key`` is "plan" or names a goal, task or activity of ``plan``."""
    if key == "plan":
        return True
    kind, _sep, pk = key.partition("-")
    models: dict[str, type[Goal] | type[Task] | type[Activity]] = {"goal": Goal, "task": Task, "activity": Activity}
    model = models.get(kind)
    return model is not None and pk.isdigit() and model._default_manager.filter(pk=int(pk), plan=plan).exists()


@transaction.atomic
def dismiss_finding(*, actor, plan: Plan, code: str, where: str, reason: str) -> Dismissal:
    dismissal, _created = Dismissal.objects.update_or_create(
        plan=plan, code=code, where=where, defaults={"reason": reason, "dismissed_by": actor}
    )
    Plan.objects.filter(pk=plan.pk).count_change()
    record(
        actor=actor,
        organization=plan.organization,
        action="check.dismiss",
        obj=dismissal,
        plan_id=plan.pk,
        after={"code": code, "where": where, "reason": reason},
    )
    return dismissal


@transaction.atomic
def restore_finding(*, actor, plan: Plan, code: str, where: str) -> None:
    dismissal = Dismissal.objects.filter(plan=plan, code=code, where=where).first()
    if dismissal is None:
        return
    record(
        actor=actor,
        organization=plan.organization,
        action="check.restore",
        obj=dismissal,
        plan_id=plan.pk,
        before={"code": code, "where": where, "reason": dismissal.reason},
    )
    dismissal.delete()
    Plan.objects.filter(pk=plan.pk).count_change()


def findings_by_rule(checks: PlanChecks) -> list[tuple[str, list[FindingView]]]:
    """The findings grouped by the rule that found them, problems first, in the rules' order."""
    by_code: dict[str, list[FindingView]] = {}
    for group in checks.groups:
        for item in group.findings:
            by_code.setdefault(item.finding.code, []).append(item)
    order = {code: n for n, code in enumerate(CODES)}
    return sorted(by_code.items(), key=lambda pair: (not pair[1][0].is_problem, order.get(pair[0], len(order))))


def render_finding_groups(checks: PlanChecks, *, can_edit: bool, plan_url: str = "") -> SafeString:
    """The findings grouped by rule, as HTML, kept in the cache with the plan's report.

    A plan of 500 activities can have hundreds of findings; like the grid's rows they
    are written here rather than in a template, which spent most of the page's time on
    them, and they are translated and written once per revision of the plan and language.
    Every value is escaped. Rule codes appear only in form values, never as text.
    """
    if not checks.key:
        return _finding_groups_html(checks, can_edit=can_edit, plan_url=plan_url)
    key = f"{checks.key}:html:{get_language()}:{int(can_edit)}"
    html = cache.get(key)
    if html is None:
        html = _finding_groups_html(checks, can_edit=can_edit, plan_url=plan_url)
        cache.set(key, html, timeout=REPORT_SECONDS)
    return mark_safe(html)  # noqa: S308 - written by _finding_groups_html, which escapes every value


def _finding_groups_html(checks: PlanChecks, *, can_edit: bool, plan_url: str) -> SafeString:
    problem, suggestion = escape(_("Problem")), escape(_("Suggestion"))
    go_to = escape(_("go to the row"))
    parts: list[str] = []
    for g, (code, items) in enumerate(findings_by_rule(checks), start=1):
        first = items[0]
        severity = "problem" if first.is_problem else "suggestion"
        word = problem if first.is_problem else suggestion
        ident = f"rule-{g}"
        parts.append(
            f'<section class="rule {severity}" aria-labelledby="{ident}">'
            f'<h3 id="{ident}"><span class="badge {severity}">{word}</span> {escape(describe.rule(code))} '
            f'<span class="count">({len(items)})</span></h3>'
        )
        hint = describe.rule_hint(code)
        if hint:
            parts.append(f'<p class="help">{escape(hint)}</p>')
        parts.append("<ul>")
        for n, item in enumerate(items, start=1):
            text = escape(item.message)
            if can_edit:
                box = f"f-{g}-{n}"
                value = escape(f"{code}|{item.key}")
                text = (f'<input type="checkbox" name="finding" value="{value}" id="{box}">'
                        f'<label for="{box}">{text}</label>')
            else:
                text = f"<span>{text}</span>"
            link = ""
            if item.anchor:
                link = f' <a href="{escape(plan_url)}#{escape(item.anchor)}">{go_to}</a>'
            parts.append(f"<li>{text}{link}</li>")
        parts.append("</ul>")
        if can_edit and len(items) > 1:
            label = escape(_("Dismiss all %(count)s with the reason below") % {"count": len(items)})
            parts.append(f'<div class="rule-tools"><button type="submit" name="rule" value="{escape(code)}" '
                         f'class="secondary small">{label}</button></div>')
        parts.append("</section>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
