"""What a programme may read of its organisations, and nothing more.

Every read a programme's page makes of an organisation's data starts here: the plans an
active participant chose to share. An organisation that was only invited, declined or
left shares nothing. Pages built on these reads show plans, progress, indicators, check
summaries and survey aggregates; they never read contacts, evidence files, inbox
messages or notes (``Plan.notes``, ``Activity.notes``, the notes of recorded work).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from holos.plans.models import Plan
from holos.programmes.models import Participation, ParticipationStatus, Programme


def active_participations(programme: Programme) -> QuerySet:
    return Participation.objects.filter(programme=programme, status=ParticipationStatus.ACTIVE)


def shared_plans(programme: Programme) -> QuerySet:
    """The plans the programme's active participants share with it."""
    return Plan.objects.filter(participations__programme=programme,
                               participations__status=ParticipationStatus.ACTIVE)


def shared_plan_ids(programme: Programme) -> QuerySet:
    return shared_plans(programme).values("pk")


def shared_plan_or_404(programme: Programme, pk: int) -> Plan:
    plan = shared_plans(programme).select_related("organization", "template").filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def participation_or_404(programme: Programme, organization_pk: int) -> Participation:
    participation = (active_participations(programme).select_related("organization")
                     .filter(organization_id=organization_pk).first())
    if participation is None:
        raise Http404
    return participation
