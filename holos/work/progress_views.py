"""Progress pages: a plan's dashboard, its indicators, and the organisation's dashboard.

Every member reads them; editors and administrators record measurements and say where an
indicator's value comes from. The numbers are counted by ``holos.work.dashboard`` and
drawn by ``holos.charts``; these views check access, validate, call the actions in
``holos.work.actions`` and render.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from holos import charts
from holos.accounts.access import get_membership, get_object_for_member
from holos.pages import form_status, post_only, row_id
from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Indicator, IndicatorTarget, Plan
from holos.programmes import actions as programme_actions
from holos.work import actions, dashboard
from holos.work.forms import (
    DefinitionForm,
    IndicatorForm,
    IndicatorSourceForm,
    MeasurementEntryForm,
    TargetForm,
)
from holos.work.models import Measurement

READ_METHODS = ("GET", "HEAD")


def today_for(organization) -> date:
    """The organisation's local date; the one place tests replace to fix "today"."""
    return organization.today()


def _plan_for_member(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk)
    plan.organization = membership.organization
    return membership, plan


class MonthRangeForm(forms.Form):
    """The months a dashboard counts: from … to, as ``<input type="month">`` sends them."""

    start = forms.CharField(label=gettext_lazy("From"), required=False,
                            widget=forms.TextInput(attrs={"type": "month"}))
    end = forms.CharField(label=gettext_lazy("To"), required=False, widget=forms.TextInput(attrs={"type": "month"}))

    def months(self, default: tuple[date, date]) -> tuple[date, date]:
        """The chosen months (first days), else ``default``; in order, at most ten years apart."""
        first, last = default
        if self.is_valid():
            first = dashboard.parse_month_start(self.cleaned_data["start"]) or first
            last = dashboard.parse_month_start(self.cleaned_data["end"]) or last
        first, last = min(first, last), max(first, last)
        if len(dashboard.months_between(first, last)) >= dashboard.MAX_PERIOD_MONTHS:
            last = dashboard.months_between(first, last)[-1]
        return first, last


def _range_words(first: date, last: date) -> str:
    from holos import describe

    return describe.period(first.strftime("%Y-%m"), last.strftime("%Y-%m"))


def _all_work(occurrences) -> dict | None:
    """The months from the first to the last piece of work, to offer when the chosen months have none."""
    from django.db.models import Max, Min

    span = occurrences.aggregate(first=Min("due"), last=Max("due"))
    if span["first"] is None:
        return None
    first, last = span["first"].replace(day=1), span["last"].replace(day=1)
    last = max(last, first)
    months = dashboard.months_between(first, last)
    last = months[-1]
    return {"start": first.strftime("%Y-%m"), "end": last.strftime("%Y-%m"), "words": _range_words(first, last)}


def _range(request, default: tuple[date, date]) -> tuple[MonthRangeForm, date, date]:
    form = MonthRangeForm(request.GET or None)
    first, last = form.months(default)
    form = MonthRangeForm(initial={"start": first.strftime("%Y-%m"), "end": last.strftime("%Y-%m")})
    return form, first, last


def coming_months(today: date, count: int = 6) -> tuple[date, date]:
    """The organisation dashboard's default: this month and the next five."""
    first = today.replace(day=1)
    last = first
    for _n in range(count - 1):
        last = dashboard.month_after(last)
    return first, last


def _told_apart(rows):
    """Plans sharing a title named with what tells them apart."""
    import dataclasses

    from holos.plans.labels import plan_label, told_apart

    titles = [row.title for row in rows]
    twins = [row.pk for row in rows if titles.count(row.title) > 1]
    if not twins:
        return rows
    plans = list(Plan.objects.filter(pk__in=twins))
    apart = told_apart(plans)
    labels = {plan.pk: plan_label(plan, apart) for plan in plans}
    return [dataclasses.replace(row, title=labels[row.pk]) if row.pk in labels else row for row in rows]


def plan_dashboard(request, slug, pk):
    from holos.work.models import Occurrence
    from holos.work.views import due_work

    membership, plan = _plan_for_member(request, slug, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    today = today_for(membership.organization)
    period = dashboard.period_months(plan.period_start, plan.period_end)
    range_form, first, last = _range(request, (period[0], period[-1]) if period else coming_months(today))
    progress = dashboard.plan_progress(plan, today, first=first, last=last)
    month_chart = charts.with_totals(
        charts.month_chart(progress.months, chart_id="months", title=_("Work by month")), progress.totals, _("Total"))
    breakdowns = [
        charts.group_chart(progress.units, chart_id="units", title=_("By responsible unit"),
                           first_header=_("Unit"), empty_name=_("no responsible unit")),
        charts.group_chart(progress.channels, chart_id="channels", title=_("By channel"),
                           first_header=_("Channel"), empty_name=_("no channel")),
        charts.group_chart(progress.audiences, chart_id="audiences", title=_("By audience"),
                           first_header=_("Audience"), empty_name=_("no audience")),
    ]
    return render(request, "work/dashboard.html", {
        "membership": membership,
        "plan": plan,
        "range_form": range_form,
        "first": first,
        "last": last,
        "range_words": _range_words(first, last),
        "work": due_work(Occurrence.objects.filter(plan=plan), today),
        "today": progress.today,
        "totals": progress.totals,
        "month_chart": month_chart,
        "indicator_chart": charts.progress_chart(progress.indicators, chart_id="indicators",
                                                 title=_("Indicators against their targets")),
        "breakdowns": breakdowns,
    })


def organization_dashboard(request, slug):
    from holos.work.models import Occurrence

    membership = get_membership(request, slug)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    organization = membership.organization
    today = today_for(organization)
    range_form, first, last = _range(request, coming_months(today))
    summary = dashboard.organization_summary(organization, today, first=first, last=last)
    month_chart = charts.with_totals(
        charts.month_chart(summary.months, chart_id="months", title=_("Work by month")), summary.totals, _("Total"))
    plan_chart = charts.group_chart(
        _told_apart(summary.plans), chart_id="plans", title=_("By plan"), first_header=_("Plan"),
        url_for=lambda row: reverse("plan_dashboard", args=[organization.slug, row.pk]))
    return render(request, "work/dashboard.html", {
        "membership": membership,
        "range_form": range_form,
        "first": first,
        "last": last,
        "range_words": _range_words(first, last),
        "all_work": (None if summary.totals.planned else
                     _all_work(Occurrence.objects.filter(plan__organization=organization))),
        "overdue_all": dashboard.overdue_count(organization, today),
        "today": summary.today,
        "totals": summary.totals,
        "month_chart": month_chart,
        "breakdowns": [plan_chart],
    })


def _activity_choices(plan) -> list[tuple[int, str]]:
    activities = (Activity.objects.filter(plan=plan)
                  .order_by("task__goal__position", "task__goal_id", "task__position", "task_id", "position", "id")
                  .values_list("pk", "title"))
    return [(pk, charts.shorten(title, 90)) for pk, title in activities]


def _indicator_of(plan, pk) -> Indicator:
    """One indicator of the plan (its own, a goal's or an activity's), or 404."""
    indicator = (Indicator.objects.filter(pk=pk).filter(Q(activity__plan=plan) | Q(goal__plan=plan) | Q(plan=plan))
                 .select_related("activity__plan", "goal__plan", "plan").first())
    if indicator is None:
        raise Http404
    return indicator


def _plan_for_editor(request, slug, pk):
    """The plan of the member's organisation (404 for another's), and 403 unless the member edits plans."""
    membership, plan = _plan_for_member(request, slug, pk)
    if not membership.can_edit_plans:
        raise PermissionDenied
    return membership, plan


def _indicator_for_editor(request, slug, pk, indicator_pk):
    membership, plan = _plan_for_editor(request, slug, pk)
    return membership, plan, _indicator_of(plan, indicator_pk)


def _indicators_page(request, membership, plan, *, add_form=None, bound=None):
    """The indicators page; ``bound`` is ``(indicator, form name, form)`` of a form sent with mistakes."""
    can_edit = membership.can_edit_plans
    activity_choices = _activity_choices(plan) if can_edit else []
    definitions = programme_definitions(membership.organization) if can_edit else []
    if can_edit and add_form is None:
        add_form = IndicatorForm(goals=plan.goals.all())
    today = today_for(membership.organization)
    entries = _indicator_entries(plan, today, can_edit=can_edit, activity_choices=activity_choices, bound=bound,
                                 definitions=definitions)
    return render(request, "work/indicators.html", {
        "membership": membership, "plan": plan, "entries": entries, "can_edit": can_edit, "today": today,
        "add_form": add_form, "add_open": bool(add_form is not None and add_form.is_bound),
    }, status=form_status(add_form, bound[2] if bound else None))


def _saved(request, plan, indicator, text):
    """Back to the indicator on its page, with what was saved said."""
    messages.success(request, text)
    return redirect(reverse("plan_indicators", args=[plan.organization.slug, plan.pk]) + f"#indicator-{indicator.pk}")


def plan_indicators(request, slug, pk):
    """The indicators page. Its forms are sent to addresses of their own; the name in ``form`` still finds them."""
    membership, plan = _plan_for_member(request, slug, pk)
    if request.method == "POST":
        name = request.POST.get("form", "")
        if name == "add":
            return indicator_add(request, slug, pk)
        view = INDICATOR_FORMS.get(name)
        if view is None or row_id(request.POST.get("indicator", "")) is None:
            raise Http404
        return view(request, slug, pk, row_id(request.POST["indicator"]))
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed((*READ_METHODS, "POST"))
    return _indicators_page(request, membership, plan)


def indicator_add(request, slug, pk):
    membership, plan = _plan_for_editor(request, slug, pk)
    if refused := post_only(request):
        return refused
    form = IndicatorForm(request.POST, goals=plan.goals.all())
    if not form.is_valid():
        return _indicators_page(request, membership, plan, add_form=form)
    data = form.cleaned_data
    indicator = plan_actions.add_indicator(actor=request.user, plan=plan, goal=data["level"], text=data["text"],
                                           target=data["target"], unit=data["unit"])
    return _saved(request, plan, indicator, _("The indicator was added."))


def indicator_measure(request, slug, pk, indicator_pk):
    membership, plan, indicator = _indicator_for_editor(request, slug, pk, indicator_pk)
    if refused := post_only(request):
        return refused
    form = MeasurementEntryForm(request.POST, prefix=f"m{indicator.pk}")
    if not form.is_valid():
        return _indicators_page(request, membership, plan, bound=(indicator.pk, "measure", form))
    data = form.cleaned_data
    actions.add_measurement(actor=request.user, indicator=indicator, day=data["date"], value=data["value"],
                            note=data["note"])
    return _saved(request, plan, indicator, _("The measurement was added."))


def indicator_target(request, slug, pk, indicator_pk):
    membership, plan, indicator = _indicator_for_editor(request, slug, pk, indicator_pk)
    if refused := post_only(request):
        return refused
    form = TargetForm(request.POST, prefix=f"t{indicator.pk}")
    if not form.is_valid():
        return _indicators_page(request, membership, plan, bound=(indicator.pk, "target", form))
    plan_actions.set_indicator_target(actor=request.user, indicator=indicator, period=form.cleaned_data["period"],
                                      value=form.cleaned_data["value"])
    return _saved(request, plan, indicator, _("The target was saved."))


def indicator_definition(request, slug, pk, indicator_pk):
    membership, plan, indicator = _indicator_for_editor(request, slug, pk, indicator_pk)
    if refused := post_only(request):
        return refused
    form = DefinitionForm(request.POST, prefix=f"d{indicator.pk}",
                          definitions=programme_definitions(membership.organization))
    if not form.is_valid():
        return _indicators_page(request, membership, plan, bound=(indicator.pk, "definition", form))
    programme_actions.link_indicator(actor=request.user, indicator=indicator,
                                     definition=form.cleaned_data["definition"])
    return _saved(request, plan, indicator, _("The indicator was saved."))


def indicator_source(request, slug, pk, indicator_pk):
    membership, plan, indicator = _indicator_for_editor(request, slug, pk, indicator_pk)
    if refused := post_only(request):
        return refused
    form = IndicatorSourceForm(request.POST, prefix=f"s{indicator.pk}", activity_choices=_activity_choices(plan),
                               plan=plan)
    if not form.is_valid():
        return _indicators_page(request, membership, plan, bound=(indicator.pk, "source", form))
    data = form.cleaned_data
    actions.set_indicator_source(actor=request.user, indicator=indicator, baseline=data["baseline"],
                                 target=data["target"], metric=data["metric"] or "", activities=data["activities"])
    return _saved(request, plan, indicator, _("The indicator was saved."))


# The names the page's forms were sent with before each had its own address.
INDICATOR_FORMS = {
    "measure": indicator_measure, "target": indicator_target, "definition": indicator_definition,
    "source": indicator_source,
}


def programme_definitions(organization) -> list:
    """The indicators of the programmes the organisation takes part in, which its indicators may count into."""
    from holos.programmes.models import IndicatorDefinition, ParticipationStatus

    return list(IndicatorDefinition.objects.filter(
        programme__participations__organization=organization,
        programme__participations__status=ParticipationStatus.ACTIVE,
    ).select_related("programme").order_by("programme__name", "position", "id"))


def _indicator_entries(plan, today, *, can_edit, activity_choices, bound, definitions):
    """Each indicator with its progress, targets, measurements and (for editors) its forms."""
    progress = dashboard.indicators_of(plan)
    ids = [item.indicator.pk for item in progress]
    measurements: dict[int, list[Measurement]] = {}
    for measurement in Measurement.objects.filter(indicator__in=ids).order_by("date", "id"):
        measurements.setdefault(measurement.indicator_id, []).append(measurement)
    targets: dict[int, list[IndicatorTarget]] = {}
    for target in IndicatorTarget.objects.filter(indicator__in=ids):
        targets.setdefault(target.indicator_id, []).append(target)
    sources: dict[int, list[int]] = {}
    if can_edit:
        links = Indicator.source_activities.through.objects.filter(indicator__in=ids)
        for indicator_id, activity_id in links.values_list("indicator_id", "activity_id"):
            sources.setdefault(indicator_id, []).append(activity_id)
    metric_labels = dict(IndicatorSourceForm.METRICS)
    entries = []
    for item in progress:
        indicator = item.indicator
        entry = {
            "item": item,
            "chart": charts.single_progress(item, chart_id=f"indicator-{indicator.pk}-progress"),
            "progress_text": charts.progress_text(item),
            "baseline": charts.format_number(indicator.baseline),
            "target": charts.format_number(item.target) if item.target is not None else None,
            "value": charts.format_number(item.value),
            "percent": charts.format_percent(item.percent),
            "metric_label": metric_labels.get(indicator.source_metric, ""),
            "measurements": [(m, charts.format_number(m.value)) for m in measurements.get(indicator.pk, [])],
            "targets": [(t.period, charts.format_number(t.value)) for t in targets.get(indicator.pk, [])],
        }
        if can_edit:
            entry["measure_form"] = MeasurementEntryForm(prefix=f"m{indicator.pk}", initial={"date": today})
            entry["source_form"] = IndicatorSourceForm(
                prefix=f"s{indicator.pk}", activity_choices=activity_choices,
                initial={"baseline": indicator.baseline, "target": item.target,
                         "metric": indicator.source_metric, "activities": sources.get(indicator.pk, [])},
            )
            entry["target_form"] = TargetForm(prefix=f"t{indicator.pk}")
            if definitions:
                entry["definition_form"] = DefinitionForm(prefix=f"d{indicator.pk}", definitions=definitions,
                                                          initial={"definition": indicator.definition_id})
            if bound and bound[0] == indicator.pk:
                entry[f"{bound[1]}_form"] = bound[2]
                entry["open"] = bound[1]
        entries.append(entry)
    return entries
