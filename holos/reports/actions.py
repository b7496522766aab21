"""Every change to a progress report: made for a period, its summary written, deleted.

Each function owns its transaction and its audit row; views and tests call them alike.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from holos.audit.actions import record
from holos.reports.models import ProgressReport
from holos.reports.progress import period_bounds


@transaction.atomic
def create_report(*, actor, plan, kind: str, year: int, index: int) -> ProgressReport:
    """The plan's report for a quarter, half-year or year; the one already made for that period if there is one."""
    starts, ends = period_bounds(kind, year, 1 if kind == "year" else index)
    report, created = ProgressReport.objects.get_or_create(
        plan=plan, starts=starts, ends=ends, defaults={"kind": kind, "created_by": actor})
    if created:
        record(actor=actor, organization=plan.organization, action="report.create", obj=report, plan_id=plan.pk,
               after={"from": starts.isoformat(), "to": ends.isoformat()})
    return report


@transaction.atomic
def update_report(*, actor, report: ProgressReport, summary: str, published: bool) -> ProgressReport:
    before = {"summary": report.summary, "published": report.published}
    report.summary = summary.strip()
    report.published = published
    report.updated_at = timezone.now()
    report.save()
    record(actor=actor, organization=report.plan.organization, action="report.update", obj=report,
           plan_id=report.plan_id, before=before, after={"summary": report.summary, "published": report.published})
    return report


@transaction.atomic
def delete_report(*, actor, report: ProgressReport) -> None:
    """Delete a report; its period, summary and whether it was public stay in the audit log."""
    record(actor=actor, organization=report.plan.organization, action="report.delete", obj=report,
           plan_id=report.plan_id, before={"from": report.starts.isoformat(), "to": report.ends.isoformat(),
                                           "summary": report.summary, "published": report.published})
    report.delete()
