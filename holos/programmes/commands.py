"""``holos programmes``: every programme with its organisations, shared plans, templates and team."""

from __future__ import annotations

import json

from django.db.models import Count, Q
from django.urls import reverse

from holos.programmes.models import ParticipationStatus, Programme


def list_programmes(*, json_output: bool) -> int:
    """One line per programme, for scripts: tab-separated, or one JSON object per line with ``--json``."""
    programmes = Programme.objects.annotate(
        active=Count("participations", filter=Q(participations__status=ParticipationStatus.ACTIVE), distinct=True),
        invited=Count("participations", filter=Q(participations__status=ParticipationStatus.INVITED),
                      distinct=True),
        team=Count("members", distinct=True),
        published=Count("templates", filter=Q(templates__published_at__isnull=False), distinct=True),
    ).order_by("name", "pk")
    shared = dict(
        Programme.objects.filter(participations__status=ParticipationStatus.ACTIVE)
        .values("pk").annotate(n=Count("participations__plans")).values_list("pk", "n").order_by()
    )
    for programme in programmes.iterator(chunk_size=500):
        row = {
            "id": programme.pk,
            "slug": programme.slug,
            "name": programme.name,
            "organizations": programme.active,
            "invited": programme.invited,
            "shared_plans": shared.get(programme.pk, 0),
            "templates_published": programme.published,
            "team": programme.team,
            "url": reverse("programme", args=[programme.slug]),
        }
        if json_output:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['id']}\t{row['slug']}\t{row['organizations']}\t{row['invited']}\t{row['shared_plans']}\t"
                  f"{row['templates_published']}\t{row['team']}\t{row['url']}\t{row['name']}")
    return 0
