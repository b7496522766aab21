"""Public pages of published plans: no sign-in, no JavaScript, nothing internal.

What a resident sees is the plan itself, its calendar and its progress. Notes, evidence
files, who did the work and anything about people stay inside; the open data (JSON, CSV,
iCalendar) is built from the same public view of the plan.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from holos.exports import CALENDAR, CONTENT_TYPES, PUBLIC_FILES, Labels, export_plan
from holos.plans.grid import load_plan_tree
from holos.plans.labels import column_label
from holos.plans.models import Plan
from holos.public.documents import public_document
from holos.work.ics import build_calendar
from holos.work.models import Occurrence


def favicon(request):
    """``/favicon.ico``, which browsers ask for by that address whatever the page says."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("holos/img/favicon.ico"), permanent=True)


def published_plan(slug: str, pk: int) -> Plan:
    plan = Plan.objects.select_related("organization").filter(
        pk=pk, organization__slug=slug, published_at__isnull=False
    ).first()
    if plan is None:
        raise Http404
    return plan


@dataclasses.dataclass(frozen=True)
class CalendarItem:
    """A date of the public calendar: what is done then, and whether it was."""

    title: str
    status: str


def plan_page(request, slug, pk):
    plan = published_plan(slug, pk)
    tree = load_plan_tree(plan)
    columns = [(c, column_label(c), column_label(c, long=True)) for c in tree.columns]
    for activity in tree.activities():
        activity.marks = list(zip(columns, activity.cells, strict=True))
    # A plan of two years holds thousands of dates: read as plain rows, titled from the tree.
    titles = {activity.pk: activity.title for activity in tree.activities()}
    months: dict[str, list[CalendarItem]] = {}
    counts: Counter[str] = Counter()
    rows = Occurrence.objects.filter(plan=plan).order_by("due", "id").values_list("due", "status", "activity_id")
    for due, status, activity_id in rows:
        months.setdefault(due.strftime("%Y-%m"), []).append(CalendarItem(titles.get(activity_id, ""), status))
        counts[status] += 1
    calendar = [(column_label(month, long=True), items) for month, items in months.items()]
    return render(request, "public/plan.html", {
        "plan": plan, "tree": tree, "columns": columns, "calendar": calendar,
        "done": counts.get("done", 0), "total": sum(counts.values()),
        "reports": plan.reports.filter(published=True),
        "feeds": {fmt: reverse("public_plan_data", args=[slug, pk, fmt]) for fmt in PUBLIC_FILES},
    })


def plan_data(request, slug, pk, fmt):
    plan = published_plan(slug, pk)
    if fmt not in PUBLIC_FILES:
        raise Http404
    if fmt == CALENDAR:
        domain = urlsplit(settings.SITE_URL).hostname or "holos"
        occurrences = Occurrence.objects.filter(plan=plan).select_related("activity", "plan").order_by("due", "id")
        page = settings.SITE_URL + reverse("public_plan", args=[slug, pk])
        body = build_calendar(_public_occurrences(occurrences), name=plan.title, domain=domain, link=lambda o: page)
        return HttpResponse(body, content_type=CONTENT_TYPES[CALENDAR])
    document = public_document(load_plan_tree(plan))
    if fmt == "pdf":
        language = request.LANGUAGE_CODE or settings.LANGUAGE_CODE
        content = export_plan(document, fmt, labels=Labels.for_language(language),
                              organization_name=plan.organization.name)
    else:
        content = export_plan(document, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(f'plan-{plan.pk}.{fmt}')}"
    if fmt != "pdf":
        response["Access-Control-Allow-Origin"] = "*"  # open data, for anyone's page to read
    return response


def _public_occurrences(occurrences):
    """Occurrences as the public calendar shows them: no notes of the work done."""
    for occurrence in occurrences:
        occurrence.note = ""
        yield occurrence


def organization_page(request, slug):
    """The organisation's front door for residents: its plans, surveys, answers and news.

    ``news`` is the place for the organisation's published posts; it stays empty until
    posts are published.
    """
    from holos.accounts.models import Organization
    from holos.suggestions.models import InboxSettings, Suggestion
    from holos.surveys.models import Survey

    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404
    plans = list(Plan.objects.filter(organization=organization, published_at__isnull=False)
                 .annotate(report_count=Count("reports", filter=Q(reports__published=True)))
                 .order_by("-period_start", "title"))
    now = timezone.now()
    surveys = list(Survey.objects.filter(organization=organization, opens_at__isnull=False)
                   .filter(Q(results_published_at__isnull=False) | Q(opens_at__lte=now, invitation_only=False))
                   .order_by("-opens_at"))
    open_surveys = [s for s in surveys if s.status_at(now) == "open" and not s.invitation_only]
    results = [s for s in surveys if s.results_published_at]
    answers = list(Suggestion.objects.filter(organization=organization, published_at__isnull=False)
                   .order_by("-published_at", "-id")[:3])
    return render(request, "public/organization.html", {
        "organization": organization, "plans": plans, "open_surveys": open_surveys, "results": results,
        "answers": answers, "accepting": InboxSettings.for_organization(organization).accepting,
    })
