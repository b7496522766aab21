"""Where an organisation's activity templates come from, and its community as the engine reads it.

``library_for(organization)`` puts the sources together in order: the library shipped in
``holos/builder/library/``, the organisation's own templates, the templates of every
registered outside source (a programme the organisation belongs to publishes its own
through ``register_source``), and the activities of plans other organisations have
published. The published plans also count how many of them use each template, which the
proposals give as a reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db.models import Max

from holos.core.checks import audience_groups, channel_kinds, engagement_level_of
from holos.core.suggest.engine import Profile
from holos.core.suggest.engine import ProfileAudience as CoreAudience
from holos.core.suggest.engine import ProfileChannel as CoreChannel
from holos.core.suggest.library import (
    EVERYONE,
    Fallbacks,
    Library,
    Template,
    TemplateSource,
    TemplateText,
    load_directory,
    load_fallbacks,
    normalize,
)

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
# How many of the newest published activities the published source reads: enough to count
# what is common, few enough to read at once.
PUBLISHED_SAMPLE = 3000

_EXTRA_SOURCES: list[Callable[[object], Iterable[TemplateSource]]] = []


def register_source(factory: Callable[[object], Iterable[TemplateSource]]) -> None:
    """Add the templates of an outside source: ``factory(organization)`` gives its sources for that organisation.

    A programme app calls this from its ``AppConfig.ready`` with a factory that returns
    one source per programme the organisation belongs to; the builder and
    ``holos suggest`` then offer those templates with the library's.
    """
    if factory not in _EXTRA_SOURCES:
        _EXTRA_SOURCES.append(factory)


def unregister_source(factory: Callable[[object], Iterable[TemplateSource]]) -> None:
    if factory in _EXTRA_SOURCES:
        _EXTRA_SOURCES.remove(factory)


@dataclass
class StaticSource:
    key: str
    items: Sequence[Template]

    def templates(self) -> Sequence[Template]:
        return self.items


def fallbacks() -> Fallbacks:
    return load_fallbacks(LIBRARY_DIR)


def own_source(organization) -> StaticSource:
    """The organisation's own templates, kept by its administrators."""
    from holos.builder.models import ActivityTemplate

    templates = []
    for row in ActivityTemplate.objects.filter(organization=organization).order_by("id"):
        templates.append(own_template(row))
    return StaticSource("own", templates)


def own_template(row) -> Template:
    kinds = frozenset().union(*(channel_kinds(c) for c in row.channels)) if row.channels else frozenset()
    text = TemplateText(title=row.title, audience=row.audience, channels=tuple(row.channels),
                        responsible=row.responsible, result=row.result, indicator=row.indicator, unit=row.unit,
                        schedule=row.schedule, why=row.why)
    target = int(row.target) if float(row.target).is_integer() else row.target
    return Template(key=f"own:{row.pk}", source="own", level=row.level,
                    groups=frozenset(row.groups or [EVERYONE]), kinds=kinds, texts={row.language: text},
                    when="words", target=target)


def published_templates(organization) -> tuple[list[Template], dict[str, int]]:
    """Activities other organisations have published, as templates, and how many published plans use each title.

    Only whole activities are offered (an audience, a channel, an owner, a result and an
    indicator with a number); an activity is one template however many plans have it.
    """
    from holos.plans.models import Activity, Indicator, Plan

    published = Plan.objects.filter(published_at__isnull=False).exclude(organization=organization)
    stamp = published.aggregate(latest=Max("updated_at"), published=Max("published_at"))
    key = "holos:published-templates:" + hashlib.sha256(
        f"{organization.pk}|{stamp['latest']}|{stamp['published']}|{published.count()}".encode()
    ).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    rows = list(
        Activity.objects.filter(plan__in=published)
        .order_by("-plan__published_at", "id")
        .values("id", "plan_id", "title", "result", "schedule", "level", "plan__language")[:PUBLISHED_SAMPLE]
    )
    ids = [row["id"] for row in rows]
    links = _names_by_activity(ids)
    indicators: dict[int, tuple[str, float, str]] = {}
    for found in Indicator.objects.filter(activity_id__in=ids, target__isnull=False, placeholder=False):
        if found.target is not None and found.activity_id is not None:
            indicators.setdefault(found.activity_id, (found.text, found.target, found.unit))
    plans_by_title: dict[str, set[int]] = {}
    first: dict[str, tuple[dict[str, Any], tuple[str, float, str]]] = {}
    for row in rows:
        title = normalize(row["title"])
        plans_by_title.setdefault(title, set()).add(row["plan_id"])
        audiences, channels, units = (links[kind].get(row["id"], []) for kind in ("audience", "channel", "unit"))
        named = indicators.get(row["id"])
        if title in first or not (audiences and channels and units and row["result"] and named):
            continue
        first[title] = (dict(row), named)
    templates = []
    for title, (chosen, indicator) in first.items():
        audiences, channels, units = (links[kind][chosen["id"]] for kind in ("audience", "channel", "unit"))
        schedule = (chosen["schedule"] or {}).get("text") or ""
        if not schedule:
            continue
        text = TemplateText(title=chosen["title"], audience=audiences[0], channels=tuple(channels),
                            responsible=units[0], result=chosen["result"], indicator=indicator[0], unit=indicator[2],
                            schedule=schedule)
        groups = frozenset().union(*(audience_groups(a) for a in audiences))
        level = chosen["level"] or engagement_level_of("\n".join([chosen["title"], chosen["result"], *channels]))
        target = int(indicator[1]) if float(indicator[1]).is_integer() else indicator[1]
        templates.append(Template(
            key=f"published:{hashlib.sha256(title.encode()).hexdigest()[:12]}", source="published", level=level,
            groups=groups, kinds=frozenset().union(*(channel_kinds(c) for c in channels)),
            texts={chosen["plan__language"] or "uk": text}, target=target, usage=len(plans_by_title[title]),
        ))
    counts = {title: len(plans) for title, plans in plans_by_title.items()}
    cache.set(key, (templates, counts), timeout=600)
    return templates, counts


def _names_by_activity(ids: list[int]) -> dict[str, dict[int, list[str]]]:
    from holos.plans.models import ActivityAudience, ActivityChannel, ActivityUnit

    found: dict[str, dict[int, list[str]]] = {"audience": {}, "channel": {}, "unit": {}}
    for kind, model in (("audience", ActivityAudience), ("channel", ActivityChannel), ("unit", ActivityUnit)):
        rows = model.objects.filter(activity_id__in=ids).order_by("position", "id").values_list(
            "activity_id", f"{kind}__name")
        for activity_id, name in rows:
            found[kind].setdefault(activity_id, []).append(name)
    return found


def library_for(organization) -> Library:
    """Every template the organisation may take, with the number of published plans that use each."""
    published, counts = published_templates(organization)

    def used(template: Template) -> Template:
        if template.usage:
            return template
        usage = sum(count for title, count in counts.items() if template.matches(title))
        return template.with_usage(usage) if usage else template

    sources: list[TemplateSource] = [
        StaticSource("library", [used(t) for t in load_directory(LIBRARY_DIR)]),
        own_source(organization),
    ]
    for factory in _EXTRA_SOURCES:
        sources.extend(factory(organization))
    # A published activity the library already has is counted above, not offered twice.
    known = sources[0].templates()
    sources.append(StaticSource("published", [
        t for t in published if not any(k.matches(text.title) for k in known for text in t.texts.values())
    ]))
    return Library.of(sources)


def profile_for(organization) -> Profile:
    """The organisation's community profile as the engine reads it: groups, channels with their latest reach,
    units and languages."""
    from holos.builder.models import CommunityProfile, ProfileAudience, ProfileChannel
    from holos.plans.models import Unit

    audiences = tuple(
        CoreAudience(name=row.audience.name, size=row.size,
                     as_of=row.size_as_of.isoformat() if row.size_as_of else None)
        for row in ProfileAudience.objects.filter(organization=organization).select_related("audience")
    )
    channels = []
    for row in ProfileChannel.objects.filter(organization=organization).select_related("channel").prefetch_related(
            "figures"):
        latest = row.figures.all()[0] if row.figures.all() else None
        channels.append(CoreChannel(name=row.channel.name, reach=latest.figure if latest else None,
                                    measure=row.measure, as_of=latest.as_of.isoformat() if latest else None))
    units = tuple(Unit.objects.filter(organization=organization).order_by("name").values_list("name", flat=True))
    profile = CommunityProfile.objects.filter(organization=organization).first()
    return Profile(audiences=audiences, channels=tuple(channels), units=units,
                   languages=tuple(profile.languages) if profile else (),
                   population=profile.population if profile else None)


def engine_inputs(organization) -> dict[str, Any]:
    """What the engine reads for an organisation: its library, fallbacks, profile, fit table and check options."""
    from holos.plans.checking import fit_table, options_for

    return {"library": library_for(organization), "fallbacks": fallbacks(), "profile": profile_for(organization),
            "fit": fit_table(organization), "options": options_for(organization)}
