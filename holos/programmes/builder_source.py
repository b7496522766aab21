"""The published plan templates of the programmes an organisation takes part in, offered by the builder.

Registered with ``holos.builder.sources.register_source`` when the app is ready, so the
builder's proposals and ``holos suggest`` offer a programme's typical activities beside
the library's, each named with the programme it comes from.
"""

from __future__ import annotations

from holos.builder.sources import StaticSource
from holos.core import document as doc
from holos.core.checks import audience_groups, channel_kinds, engagement_level_of
from holos.core.schedule import parse_schedule
from holos.core.suggest.library import EVERYONE, Template, TemplateText


def programme_sources(organization) -> list[StaticSource]:
    """One source per published template of a programme the organisation actively takes part in."""
    from holos.programmes.models import ParticipationStatus, PlanTemplate

    templates = (
        PlanTemplate.objects.filter(
            published_at__isnull=False,
            programme__participations__organization=organization,
            programme__participations__status=ParticipationStatus.ACTIVE,
        )
        .select_related("programme")
        .distinct()
        .order_by("id")
    )
    return [StaticSource(f"programme:{template.pk}", _templates(template)) for template in templates]


def _templates(template) -> list[Template]:
    plan = doc.Plan.from_dict(template.document or {"title": template.title})
    found = []
    for number, activity in enumerate(plan.activities()):
        indicator = next((i for i in activity.indicators if i.target is not None and not i.placeholder), None)
        if not (activity.title and activity.audiences and activity.channels and activity.responsible and indicator):
            continue  # a proposal names whom, through what, who does it and how it is measured, with a number
        if parse_schedule(activity.schedule.text).kind in ("unknown", "slots"):
            continue  # and when, in words a plan of other months can take ("щомісяця"), not a grid's marks
        text = TemplateText(
            title=activity.title, audience=activity.audiences[0], channels=tuple(activity.channels),
            responsible=activity.responsible[0], result=activity.result,
            indicator=indicator.text, unit=indicator.unit,
            schedule=activity.schedule.text,
        )
        groups = frozenset().union(*(audience_groups(name) for name in activity.audiences)) or {EVERYONE}
        found.append(Template(
            key=f"programme:{template.pk}:{number}", source="programme",
            level=engagement_level_of(activity.title), groups=frozenset(groups),
            kinds=frozenset().union(*(channel_kinds(name) for name in activity.channels)),
            texts={plan.language: text}, target=indicator.target,
            source_label=template.programme.name,
        ))
    return found
