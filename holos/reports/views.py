"""Progress reports of a plan: made for a quarter, half-year or year, read as a page, PDF or DOCX."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from holos import describe
from holos.accounts.access import get_object_for_member
from holos.pages import form_status
from holos.plans.actions import tree_to_document
from holos.plans.checking import check_tree
from holos.plans.grid import load_plan_tree
from holos.plans.models import Plan
from holos.public.views import published_plan
from holos.reports import actions
from holos.reports.models import PeriodKind, ProgressReport
from holos.reports.progress import progress


class NewReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Period"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    index = forms.IntegerField(label=gettext_lazy("Which quarter or half-year"), min_value=1, max_value=4,
                               initial=1, help_text=gettext_lazy("1–4 for a quarter, 1–2 for a half-year."))

    def __init__(self, *args, plan, today, **kwargs):
        kwargs.setdefault("initial", default_period(plan, today))
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        from holos.reports.progress import period_bounds
        from holos.work.models import Occurrence

        super().clean()

        data = self.cleaned_data
        if data.get("kind") == "half" and (data.get("index") or 1) > 2:
            self.add_error("index", _("A year has two halves."))
        if self.errors or not data.get("kind"):
            return data
        starts, ends = period_bounds(data["kind"], data["year"], 1 if data["kind"] == "year" else data["index"])
        if not Occurrence.objects.filter(plan=self.plan, due__gte=starts, due__lte=ends).exists():
            message = _("No work of this plan is due from %(first)s to %(last)s, so the report would be empty.") % {
                "first": date_format(starts, "DATE_FORMAT"), "last": date_format(ends, "DATE_FORMAT")}
            if self.plan.period_start:
                message += " " + _("The plan runs %(period)s.") % {
                    "period": describe.period(self.plan.period_start, self.plan.period_end)}
            raise forms.ValidationError(message)
        return data


def default_period(plan, today) -> dict:
    """The quarter a report is most likely wanted for: the current one while the plan runs,
    its last quarter once it has ended, its first before it starts."""
    from holos.core.periods import parse_month

    month = (today.year, today.month)
    first, last = parse_month(plan.period_start), parse_month(plan.period_end)
    if last and month > last:
        month = last
    elif first and month < first:
        month = first
    return {"kind": "quarter", "year": month[0], "index": (month[1] - 1) // 3 + 1}


class SummaryForm(forms.Form):
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    published = forms.BooleanField(label=gettext_lazy("Show on the plan's public page"), required=False)


def reports(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk)
    form = NewReportForm(request.POST or None, plan=plan, today=timezone.localdate())
    if request.method == "POST":
        get_object_for_member(request, slug, Plan, pk, edit=True)
        if form.is_valid():
            data = form.cleaned_data
            report = actions.create_report(actor=request.user, plan=plan, kind=data["kind"], year=data["year"],
                                           index=data["index"])
            return redirect("report", slug, report.pk)
    items = ProgressReport.objects.filter(plan=plan)
    return render(request, "reports/report_list.html", {"membership": membership, "plan": plan, "reports": items,
                                                        "form": form},
                  status=form_status(form))


def report_context(report):
    plan = report.plan
    tree = load_plan_tree(plan)
    checks = check_tree(tree, tree_to_document(tree))
    return {"report": report, "plan": plan, "progress": progress(plan, report.starts, report.ends),
            "findings": [item for group in checks.groups for item in group.findings if item.is_problem]}


def report_detail(request, slug, pk):
    membership, report = get_object_for_member(request, slug, ProgressReport, pk)
    form = SummaryForm(request.POST or None, initial={"summary": report.summary, "published": report.published})
    if request.method == "POST":
        get_object_for_member(request, slug, ProgressReport, pk, edit=True)
        if "delete" in request.POST:
            plan_pk = report.plan_id
            actions.delete_report(actor=request.user, report=report)
            messages.success(request, _("The report was deleted; the audit log keeps what it said."))
            return redirect("reports", slug, plan_pk)
        if form.is_valid():
            actions.update_report(actor=request.user, report=report, summary=form.cleaned_data["summary"],
                                  published=form.cleaned_data["published"])
            messages.success(request, _("Saved."))
            return redirect("report", slug, report.pk)
    return render(request, "reports/report.html", {"membership": membership, "form": form, **report_context(report)})


def report_file(request, slug, pk, fmt):
    _membership, report = get_object_for_member(request, slug, ProgressReport, pk)
    return _file_response(report, fmt, request.LANGUAGE_CODE or "uk")


def _file_response(report, fmt, language):
    from holos.reports.documents import CONTENT_TYPES, report_document

    if fmt not in CONTENT_TYPES:
        raise Http404
    from holos.plans.exporting import organization_template

    content = report_document(report_context(report), fmt, language=language,
                              template=organization_template(report.plan.organization, "report"))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"report-{report.plan_id}-{report.starts.isoformat()}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def public_report(request, slug, pk, report_pk):
    plan = published_plan(slug, pk)
    report = ProgressReport.objects.filter(pk=report_pk, plan=plan, published=True).first()
    if report is None:
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    context = report_context(report)
    context["public"] = True
    context["findings"] = []
    return render(request, "reports/public_report.html", context)
