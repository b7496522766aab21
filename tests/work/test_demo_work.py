"""The demo comes with work already recorded, so its dashboards show progress."""

from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from holos.audit.models import AuditEntry
from holos.demo.build import build_demo
from holos.work.dashboard import plan_progress
from holos.work.demo import SKIPPED_BECAUSE, create_demo_work
from holos.work.models import Occurrence, Status


def test_the_calendar_plans_show_done_skipped_and_overdue_work(db, client):
    demo = build_demo()
    calendar = [plan for plan in demo.plans if plan.kind == "calendar"]
    assert len(calendar) == 2
    totals = [plan_progress(plan, date(2026, 1, 1)).totals for plan in calendar]
    for counts in totals:
        assert counts.done > counts.overdue > 0 and counts.planned == counts.done + counts.skipped + counts.overdue
    assert sum(counts.skipped for counts in totals) > 0
    skipped = Occurrence.objects.filter(status=Status.SKIPPED).first()
    assert skipped.skip_reason == SKIPPED_BECAUSE
    done = Occurrence.objects.filter(status=Status.DONE)
    assert done.filter(people_reached__isnull=True).count() == 0
    assert AuditEntry.objects.filter(action="occurrence.status").count() == done.count() + totals[0].skipped + \
        totals[1].skipped
    # The organisation's other plans are left as imported, and a second run adds nothing.
    others = Occurrence.objects.filter(plan__organization=demo.organization).exclude(plan__in=calendar)
    assert not others.exclude(status=Status.PLANNED).exists()
    assert create_demo_work(organization=demo.organization, admin=None, plans=demo.plans) == []
    client.post(reverse("login"), {"username": "demo", "password": "demo"})
    page = client.get(reverse("plan_dashboard", args=["demo", calendar[0].pk])).content.decode()
    with translation.override("uk"):
        summary = ngettext(
            "%(done)s of %(planned)s piece of work done, %(overdue)s overdue.",
            "%(done)s of %(planned)s pieces of work done, %(overdue)s overdue.",
            totals[0].planned,
        ) % {"done": totals[0].done, "planned": totals[0].planned, "overdue": totals[0].overdue}
    assert summary in page
