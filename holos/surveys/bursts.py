"""Bursts of responses: many sent with one form, or from one address, which may be one person stuffing the ballot.

A form's stamp is handed out once per page view, so two responses with one stamp are the
same form sent again; many responses from one home address (its IPv4 address, or its
IPv6 /64 network) within a survey may be a family, a service centre's kiosk, or one
person. Holos keeps neither the address nor the stamp, only keyed hashes of them, and
shows the groups to the survey's staff, who can discount a group from the results (all
but its first response) and count it again later; both are audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Min, Q

from holos.surveys.models import Response, Survey

STAMP, ADDRESS = "stamp", "sender"


@dataclass
class Burst:
    kind: str  # STAMP or ADDRESS: which of a response's keys the group shares
    key: str
    responses: int
    discounted: int
    first: datetime
    last: datetime


def bursts(survey: Survey) -> list[Burst]:
    """The groups of the survey's responses that share a form, or an address past ``HOLOS_SURVEY_BURST_SIZE``."""
    found = []
    for kind, least in ((STAMP, 2), (ADDRESS, settings.HOLOS_SURVEY_BURST_SIZE)):
        rows = (Response.objects.filter(survey=survey).exclude(**{kind: ""}).values(kind)
                .annotate(responses=Count("id"), discounted=Count("id", filter=Q(discounted_at__isnull=False)),
                          first=Min("submitted_at"), last=Max("submitted_at"))
                .filter(responses__gte=least).order_by("-responses", kind))
        found += [Burst(kind=kind, key=row[kind], responses=row["responses"], discounted=row["discounted"],
                        first=row["first"], last=row["last"]) for row in rows]
    return found


def burst_responses(survey: Survey, kind: str, key: str):
    """The responses of one group, the first one first."""
    if kind not in (STAMP, ADDRESS) or not key:
        return Response.objects.none()
    return Response.objects.filter(survey=survey, **{kind: key[:32]}).order_by("submitted_at", "id")
