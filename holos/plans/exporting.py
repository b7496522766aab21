"""A saved plan as a file: the official table, spreadsheets, open data, calendars.

The table formats come from ``holos.exports`` (plain functions over the ``holos.plan/1``
plan); the calendar from the plan's occurrences. The command line and the plan page
both call ``export_plan_file``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from holos.plans.actions import plan_to_document


def filename_for(plan, extension: str) -> str:
    stem = re.sub(r"[^\w\-]+", "-", plan.title, flags=re.UNICODE).strip("-")[:60] or "plan"
    return f"{stem}-{plan.pk}.{extension}"


def export_plan_file(plan, fmt: str, *, language: str = "uk") -> tuple[bytes, str]:
    """The file's bytes and a file name for it."""
    from holos.exports import CALENDAR, Labels, export_plan

    if fmt == CALENDAR:
        return _calendar(plan), filename_for(plan, CALENDAR)

    with translation.override(language):
        content = export_plan(plan_to_document(plan), fmt, labels=Labels.for_language(language),
                              organization_name=plan.organization.name,
                              template=organization_template(plan.organization, "plan"))
    return content, filename_for(plan, fmt)


def organization_template(organization, kind: str) -> Path | None:
    """The organisation's own Typst template for a kind of PDF ("plan", "report"), if it keeps one.

    It lives in ``HOLOS_TEMPLATES_DIR/<organisation slug>/<kind>.typ``, a copy of the one in
    ``holos/exports/templates/`` changed as the organisation's documents require.
    """
    path = Path(settings.HOLOS_TEMPLATES_DIR) / organization.slug / f"{kind}.typ"
    return path if path.is_file() else None


def _calendar(plan) -> bytes:
    from holos.work.ics import build_calendar
    from holos.work.models import Occurrence

    domain = urlsplit(settings.SITE_URL).hostname or "holos"
    occurrences = Occurrence.objects.filter(plan=plan).select_related("activity", "plan").order_by("due", "id")

    def link(occurrence):
        return settings.SITE_URL + reverse("occurrence", args=[plan.organization.slug, occurrence.pk])

    return build_calendar(occurrences, name=plan.title, domain=domain, link=link)
