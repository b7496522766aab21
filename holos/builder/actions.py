"""Every write of the profile, the drafts and the organisation's own templates, one function per change.

Each owns its transaction and audit row. A draft becomes a plan through ``finish_draft``,
which writes the plan with ``holos.plans.actions`` as every other plan is written.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from holos.audit.actions import record
from holos.builder.models import (
    ActivityTemplate,
    CommunityProfile,
    PlanDraft,
    ProfileAudience,
    ProfileChannel,
    ReachFigure,
)
from holos.core.draft import STEPS, Draft
from holos.plans import actions as plan_actions
from holos.plans.models import Audience, Channel, Plan

# The groups the method names first, in each language: each is recognised by the checks.
USUAL_GROUPS = (
    gettext_noop("Internally displaced people"),
    gettext_noop("Older people"),
    gettext_noop("People with impaired sight"),
    gettext_noop("People with impaired hearing"),
    gettext_noop("People who use a wheelchair"),
    gettext_noop("Young people"),
    gettext_noop("Parents of young children"),
    gettext_noop("Entrepreneurs"),
    gettext_noop("Residents of the villages of the starosta districts"),
)


def _profile_snapshot(organization) -> dict[str, Any]:
    profile = CommunityProfile.objects.filter(organization=organization).first()
    if profile is None:
        return {}
    return {"population": profile.population, "languages": list(profile.languages),
            "population_as_of": profile.population_as_of.isoformat() if profile.population_as_of else None}


@transaction.atomic
def save_profile(*, actor, organization, population: int | None, population_as_of: datetime.date | None,
                 languages: list[str]) -> CommunityProfile:
    before = _profile_snapshot(organization)
    profile, _created = CommunityProfile.objects.select_for_update().get_or_create(organization=organization)
    profile.population, profile.population_as_of, profile.languages = population, population_as_of, languages
    profile.updated_at = timezone.now()
    profile.save()
    record(actor=actor, organization=organization, action="profile.update", obj=profile, before=before,
           after=_profile_snapshot(organization))
    return profile


def _audience_snapshot(row: ProfileAudience) -> dict[str, Any]:
    return {"audience": row.audience.name, "size": row.size, "about": row.note,
            "size_as_of": row.size_as_of.isoformat() if row.size_as_of else None}


@transaction.atomic
def add_profile_audience(*, actor, organization, name: str, size: int | None = None,
                         size_as_of: datetime.date | None = None, note: str = "") -> ProfileAudience:
    """A group of the population, named in the audiences catalogue (an existing entry is reused)."""
    audience = plan_actions.find_or_create_entries(organization, Audience, [name])[0]
    row, created = ProfileAudience.objects.select_for_update().get_or_create(
        audience=audience, defaults={"organization": organization, "size": size, "size_as_of": size_as_of,
                                     "note": note})
    if not created:
        return update_profile_audience(actor=actor, row=row, size=size, size_as_of=size_as_of, note=note)
    record(actor=actor, organization=organization, action="profile.audience.add", obj=row,
           after=_audience_snapshot(row))
    return row


@transaction.atomic
def update_profile_audience(*, actor, row: ProfileAudience, size: int | None, size_as_of: datetime.date | None,
                            note: str) -> ProfileAudience:
    row = ProfileAudience.objects.select_for_update(of=("self",)).select_related("audience").get(pk=row.pk)
    before = _audience_snapshot(row)
    row.size, row.size_as_of, row.note = size, size_as_of, note
    row.save()
    record(actor=actor, organization=row.organization, action="profile.audience.update", obj=row, before=before,
           after=_audience_snapshot(row))
    return row


@transaction.atomic
def remove_profile_audience(*, actor, row: ProfileAudience) -> None:
    """Take a group out of the profile; the audience stays in the catalogue and in plans."""
    record(actor=actor, organization=row.organization, action="profile.audience.remove", obj=row,
           before=_audience_snapshot(row))
    row.delete()


@transaction.atomic
def add_usual_groups(*, actor, organization, language: str) -> list[ProfileAudience]:
    """The groups the method names first, in ``language``, added where the profile lacks them."""
    with override(language):
        names = [_(name) for name in USUAL_GROUPS]
    return [add_profile_audience(actor=actor, organization=organization, name=name)
            for name in names
            if not ProfileAudience.objects.filter(organization=organization,
                                                  audience__normalized=_normalized(name)).exists()]


def _normalized(name: str) -> str:
    from holos.plans.models import normalize_name

    return normalize_name(name)


def _channel_snapshot(row: ProfileChannel) -> dict[str, Any]:
    latest = row.figures.first()
    return {"channel": row.channel.name, "measure": row.measure,
            "reach": latest.figure if latest else None, "as_of": latest.as_of.isoformat() if latest else None}


@transaction.atomic
def add_profile_channel(*, actor, organization, name: str, measure: str, figure: int | None = None,
                        as_of: datetime.date | None = None) -> ProfileChannel:
    """A channel the community has, named in the channels catalogue, with its first reach figure."""
    channel = plan_actions.find_or_create_entries(organization, Channel, [name])[0]
    row, _created = ProfileChannel.objects.select_for_update().get_or_create(
        channel=channel, defaults={"organization": organization, "measure": measure})
    if row.measure != measure:
        row.measure = measure
        row.save(update_fields=["measure"])
    if figure is not None:
        ReachFigure.objects.create(channel=row, figure=figure, as_of=as_of or timezone.localdate(),
                                   recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    record(actor=actor, organization=organization, action="profile.channel.add", obj=row,
           after=_channel_snapshot(row))
    return row


@transaction.atomic
def record_reach(*, actor, row: ProfileChannel, figure: int, as_of: datetime.date,
                 measure: str | None = None) -> ReachFigure:
    """A new reach figure; the earlier ones stay, so the channel's growth can be read."""
    row = ProfileChannel.objects.select_for_update(of=("self",)).select_related("channel").get(pk=row.pk)
    before = _channel_snapshot(row)
    if measure and measure != row.measure:
        row.measure = measure
        row.save(update_fields=["measure"])
    reach = ReachFigure.objects.create(channel=row, figure=figure, as_of=as_of,
                                       recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    record(actor=actor, organization=row.organization, action="profile.channel.reach", obj=row, before=before,
           after=_channel_snapshot(row))
    return reach


@transaction.atomic
def remove_profile_channel(*, actor, row: ProfileChannel) -> None:
    record(actor=actor, organization=row.organization, action="profile.channel.remove", obj=row,
           before={**_channel_snapshot(row),
                   "figures": [[f.figure, f.as_of.isoformat()] for f in row.figures.all()]})
    row.delete()


# Own templates


def _template_snapshot(row: ActivityTemplate) -> dict[str, Any]:
    fields = ("language", "title", "level", "groups", "audience", "channels", "responsible", "result", "indicator",
              "target", "unit", "schedule", "why")
    return {name: getattr(row, name) for name in fields}


@transaction.atomic
def save_template(*, actor, organization, row: ActivityTemplate | None, data: dict[str, Any]) -> ActivityTemplate:
    before = _template_snapshot(row) if row is not None else None
    if row is None:
        row = ActivityTemplate(organization=organization,
                               created_by=actor if getattr(actor, "is_authenticated", False) else None)
    else:
        row = ActivityTemplate.objects.select_for_update().get(pk=row.pk)
    for name, value in data.items():
        setattr(row, name, value)
    row.updated_at = timezone.now()
    row.save()
    record(actor=actor, organization=organization, action="template.save", obj=row, before=before,
           after=_template_snapshot(row))
    return row


@transaction.atomic
def delete_template(*, actor, row: ActivityTemplate) -> None:
    record(actor=actor, organization=row.organization, action="template.delete", obj=row,
           before=_template_snapshot(row))
    row.delete()


# Drafts


@transaction.atomic
def start_draft(*, actor, organization, plan: Plan | None = None, language: str = "uk") -> PlanDraft:
    """A new draft; for an empty plan, the draft starts from its title, kind and period and fills it."""
    draft = Draft(language=language)
    if plan is not None:
        draft = Draft(title=plan.title, kind=plan.kind, language=plan.language, start=plan.period_start,
                      end=plan.period_end, granularity=plan.granularity)
    row = PlanDraft.objects.create(organization=organization, plan=plan, data=draft.to_dict(),
                                   created_by=actor if getattr(actor, "is_authenticated", False) else None)
    record(actor=actor, organization=organization, action="draft.start", obj=row, plan_id=plan.pk if plan else None,
           after={"title": draft.title})
    return row


@transaction.atomic
def save_draft(*, actor, row: PlanDraft, draft: Draft, step: int) -> PlanDraft:
    """Keep the draft as it is after ``step``; the furthest step reached is remembered."""
    row = PlanDraft.objects.select_for_update().get(pk=row.pk)
    draft.reached = max(draft.reached, Draft.from_dict(row.data).reached, min(STEPS, step))
    row.data = draft.to_dict()
    row.updated_at = timezone.now()
    row.save(update_fields=["data", "updated_at"])
    return row


@transaction.atomic
def delete_draft(*, actor, row: PlanDraft) -> None:
    record(actor=actor, organization=row.organization, action="draft.delete", obj=row, before=dict(row.data))
    row.delete()


@transaction.atomic
def finish_draft(*, actor, row: PlanDraft) -> Plan:
    """Write the draft as a plan (or into the empty plan it was started for), ready to run.

    Activities keep the level of involvement of the proposals they came from, so the
    checks read them as the builder showed them on the ladder.
    """
    row = PlanDraft.objects.select_for_update(of=("self",)).select_related("organization", "plan").get(pk=row.pk)
    if row.finished_at is not None and row.plan is not None:
        return row.plan
    organization = row.organization
    draft = Draft.from_dict(row.data)
    fields = {"title": draft.title[:500] or _("Plan"), "kind": draft.kind, "language": draft.language,
              "period_start": draft.start, "period_end": draft.end, "granularity": draft.granularity}
    plan = row.plan
    if plan is None:
        plan = plan_actions.create_plan(actor=actor, organization=organization, organization_name=organization.name,
                                        **fields)
    else:
        plan = plan_actions.update_plan(actor=actor, plan=plan, **fields)
    notes = [draft.purpose] if draft.purpose.strip() else []
    if notes:
        Plan.objects.filter(pk=plan.pk).update(notes=[*plan.notes, *notes])
    plan_actions.set_plan_audiences(actor=actor, plan=plan, names=[a.name for a in draft.audiences])
    document = draft.to_plan()
    activities = draft.activities()
    index = 0
    for goal_data in document.goals:
        goal = plan_actions.create_goal(actor=actor, plan=plan, title=goal_data.title,
                                        key_message=goal_data.key_message)
        for task_data in goal_data.tasks:
            task = plan_actions.create_task(actor=actor, goal=goal, title=task_data.title)
            for activity_data in task_data.activities:
                fields_of = plan_actions.activity_fields(activity_data)
                fields_of["level"] = activities[index].level
                plan_actions.create_activity(actor=actor, task=task, data=fields_of)
                index += 1
    row.plan = plan
    row.finished_at = timezone.now()
    row.save(update_fields=["plan", "finished_at"])
    record(actor=actor, organization=organization, action="draft.finish", obj=row, plan_id=plan.pk,
           after={"title": plan.title, "activities": index})
    return plan
