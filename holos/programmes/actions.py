"""Every write of programmes: members, participation of organisations, indicator definitions, templates.

Each function owns its transaction and its audit row. Rows that are read and then
changed (a participation answered, a member's role, a template published) are locked
first, so two people answering the same invitation at once cannot both win.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from holos.audit.actions import record
from holos.core import document as doc
from holos.outbox.actions import deliver_soon
from holos.programmes.invitations import keep_invitation_mail
from holos.programmes.models import (
    IndicatorDefinition,
    Participation,
    ParticipationStatus,
    PlanTemplate,
    Programme,
    ProgrammeMember,
)


class ProgrammeError(Exception):
    """A change the programme's rules refuse; the message is for the person."""


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "programme"
    slug, n = base, 1
    while Programme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_programme(*, actor, name: str, slug: str = "", description: str = "", coordinator=None) -> Programme:
    programme = Programme.objects.create(name=name, slug=slug or _unique_slug(name), description=description)
    if coordinator is not None:
        ProgrammeMember.objects.create(programme=programme, user=coordinator, role="coordinator")
    record(actor=actor, organization=None, programme_id=programme.pk, action="programme.create", obj=programme,
           after={"name": name, "slug": programme.slug})
    return programme


@transaction.atomic
def set_programme_member(*, actor, programme: Programme, user, role: str) -> ProgrammeMember:
    """Add a person to the programme's team, or change their role."""
    member = ProgrammeMember.objects.select_for_update().filter(programme=programme, user=user).first()
    before = {"user": user.username, "role": member.role} if member else None
    if member is None:
        member = ProgrammeMember.objects.create(programme=programme, user=user, role=role)
    elif member.role != role:
        member.role = role
        member.save(update_fields=["role"])
    record(actor=actor, organization=None, programme_id=programme.pk, action="programme.member", obj=member,
           before=before, after={"user": user.username, "role": role})
    return member


@transaction.atomic
def remove_programme_member(*, actor, member: ProgrammeMember) -> None:
    member = ProgrammeMember.objects.select_for_update().get(pk=member.pk)
    others = ProgrammeMember.objects.filter(programme=member.programme_id, role="coordinator").exclude(pk=member.pk)
    if member.role == "coordinator" and not others.exists():
        raise ProgrammeError("the-last-coordinator")
    record(actor=actor, organization=None, programme_id=member.programme_id, action="programme.member_remove",
           obj=member, before={"user": member.user.username, "role": member.role})
    member.delete()


@transaction.atomic
def invite_organization(*, actor, programme: Programme, organization) -> Participation:
    """Ask an organisation to take part; its administrator answers. Invites again after a refusal or a departure.

    The organisation's administrators are mailed the invitation, each in their language,
    through the outbox (``holos.programmes.invitations``).
    """
    participation, created = Participation.objects.select_for_update().get_or_create(
        programme=programme, organization=organization, defaults={"invited_by": actor if actor else None}
    )
    if not created:
        if participation.status in (ParticipationStatus.ACTIVE, ParticipationStatus.INVITED):
            return participation
        participation.status = ParticipationStatus.INVITED
        participation.invited_by = actor if getattr(actor, "is_authenticated", False) else None
        participation.invited_at = timezone.now()
        participation.save(update_fields=["status", "invited_by", "invited_at"])
    participation.programme, participation.organization = programme, organization
    mailed = keep_invitation_mail(participation, actor)
    record(actor=actor, organization=organization, programme_id=programme.pk, action="programme.invite",
           obj=participation, after={"programme": programme.name, "organization": organization.name,
                                     "messages": mailed})
    transaction.on_commit(deliver_soon)
    return participation


def _own_plans(participation: Participation, plans: Iterable[Any]) -> list[Any]:
    """The given plans that belong to the participating organisation; others are ignored, never shared."""
    return [plan for plan in plans if plan.organization_id == participation.organization_id]


def _plan_titles(plans: Iterable[Any]) -> list[str]:
    return sorted(plan.title for plan in plans)


@transaction.atomic
def accept_participation(*, actor, participation: Participation, plans: Iterable[Any]) -> Participation:
    """The organisation's administrator accepts, choosing the plans the programme may see."""
    participation = Participation.objects.select_for_update().select_related("programme", "organization").get(
        pk=participation.pk)
    if participation.status != ParticipationStatus.INVITED:
        raise ProgrammeError("not-invited")
    shared = _own_plans(participation, plans)
    participation.status = ParticipationStatus.ACTIVE
    participation.answered_by = actor
    participation.joined_at = timezone.now()
    participation.left_at = None
    participation.save(update_fields=["status", "answered_by", "joined_at", "left_at"])
    participation.plans.set(shared)
    record(actor=actor, organization=participation.organization, programme_id=participation.programme_id,
           action="programme.join", obj=participation,
           after={"programme": participation.programme.name, "plans": _plan_titles(shared)})
    return participation


@transaction.atomic
def decline_participation(*, actor, participation: Participation) -> Participation:
    participation = Participation.objects.select_for_update().select_related("programme", "organization").get(
        pk=participation.pk)
    if participation.status != ParticipationStatus.INVITED:
        raise ProgrammeError("not-invited")
    participation.status = ParticipationStatus.DECLINED
    participation.answered_by = actor
    participation.save(update_fields=["status", "answered_by"])
    record(actor=actor, organization=participation.organization, programme_id=participation.programme_id,
           action="programme.decline", obj=participation, after={"programme": participation.programme.name})
    return participation


@transaction.atomic
def set_shared_plans(*, actor, participation: Participation, plans: Iterable[Any]) -> Participation:
    participation = Participation.objects.select_for_update().select_related("programme", "organization").get(
        pk=participation.pk)
    if participation.status != ParticipationStatus.ACTIVE:
        raise ProgrammeError("not-active")
    before = _plan_titles(participation.plans.all())
    shared = _own_plans(participation, plans)
    participation.plans.set(shared)
    record(actor=actor, organization=participation.organization, programme_id=participation.programme_id,
           action="programme.share", obj=participation, before={"plans": before},
           after={"plans": _plan_titles(shared)})
    return participation


@transaction.atomic
def leave_programme(*, actor, participation: Participation) -> Participation:
    """The organisation stops taking part: from now on the programme sees none of its plans."""
    participation = Participation.objects.select_for_update().select_related("programme", "organization").get(
        pk=participation.pk)
    if participation.status != ParticipationStatus.ACTIVE:
        raise ProgrammeError("not-active")
    before = _plan_titles(participation.plans.all())
    participation.status = ParticipationStatus.LEFT
    participation.left_at = timezone.now()
    participation.save(update_fields=["status", "left_at"])
    participation.plans.clear()
    record(actor=actor, organization=participation.organization, programme_id=participation.programme_id,
           action="programme.leave", obj=participation, before={"plans": before},
           after={"programme": participation.programme.name})
    return participation


@transaction.atomic
def save_indicator_definition(*, actor, programme: Programme, definition: IndicatorDefinition | None,
                              name: str, unit: str, aggregate: str) -> IndicatorDefinition:
    before = None
    if definition is None:
        top = programme.indicator_definitions.order_by("-position").values_list("position", flat=True).first()
        definition = IndicatorDefinition(programme=programme, position=0 if top is None else top + 1)
    else:
        definition = IndicatorDefinition.objects.select_for_update().get(pk=definition.pk)
        before = {"name": definition.name, "unit": definition.unit, "aggregate": definition.aggregate}
    definition.name, definition.unit, definition.aggregate = name, unit, aggregate
    definition.save()
    record(actor=actor, organization=None, programme_id=programme.pk, action="programme.indicator",
           obj=definition, before=before, after={"name": name, "unit": unit, "aggregate": aggregate})
    return definition


@transaction.atomic
def link_indicator(*, actor, indicator, definition: IndicatorDefinition | None):
    """An organisation's indicator counted into a programme's indicator (or no longer)."""
    from holos.plans.models import Indicator

    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    plan = indicator.owning_plan
    before = {"definition": indicator.definition.name if indicator.definition else None}
    indicator.definition = definition
    indicator.save(update_fields=["definition"])
    record(actor=actor, organization=plan.organization, plan_id=plan.pk,
           programme_id=definition.programme_id if definition else None, action="indicator.definition",
           obj=indicator, before=before, after={"definition": definition.name if definition else None})
    return indicator


@transaction.atomic
def save_template(*, actor, programme: Programme, template: PlanTemplate | None, title: str,
                  description: str, plan: doc.Plan) -> PlanTemplate:
    """A template's title, description and plan (goals, tasks, typical activities, indicators)."""
    before = None
    if template is None:
        template = PlanTemplate(programme=programme)
    else:
        template = PlanTemplate.objects.select_for_update().get(pk=template.pk)
        before = {"title": template.title, "goals": len(template.document.get("goals") or [])}
    definitions = {d.pk for d in programme.indicator_definitions.all()}
    document = plan.to_dict()
    document["title"] = title
    # An indicator may keep the programme definition it names; any other number is dropped.
    template.title, template.description, template.document = title, description, document
    template.updated_at = timezone.now()
    template.save()
    _keep_definitions(template, definitions)
    record(actor=actor, organization=None, programme_id=programme.pk, action="plan_template.save", obj=template,
           before=before, after={"title": title, "goals": len(document["goals"])})
    return template


def plan_goals(document: dict) -> list[dict]:
    return list(document.get("goals") or [])


def _keep_definitions(template: PlanTemplate, definitions: set[int]) -> None:
    changed = False
    for indicator in template_indicators(template.document):
        if indicator.get("definition") is not None and indicator["definition"] not in definitions:
            indicator.pop("definition")
            changed = True
    if changed:
        template.save(update_fields=["document"])


def template_indicators(document: dict) -> list[dict]:
    """Every indicator of a template's plan, in document order: the plan's, each goal's, each activity's."""
    found = list(document.get("indicators") or [])
    for goal in plan_goals(document):
        found.extend(goal.get("indicators") or [])
        for task in goal.get("tasks") or []:
            for activity in task.get("activities") or []:
                found.extend(activity.get("indicators") or [])
    return found


@transaction.atomic
def set_template_indicator_definition(*, actor, template: PlanTemplate, index: int,
                                      definition: IndicatorDefinition | None) -> PlanTemplate:
    """Name the programme indicator that the template's ``index``-th indicator counts into."""
    template = PlanTemplate.objects.select_for_update().get(pk=template.pk)
    indicators = template_indicators(template.document)
    if not 0 <= index < len(indicators):
        raise ProgrammeError("no-such-indicator")
    if definition is not None and definition.programme_id != template.programme_id:
        raise ProgrammeError("no-such-indicator")
    before = indicators[index].get("definition")
    if definition is None:
        indicators[index].pop("definition", None)
    else:
        indicators[index]["definition"] = definition.pk
    template.updated_at = timezone.now()
    template.save(update_fields=["document", "updated_at"])
    record(actor=actor, organization=None, programme_id=template.programme_id, action="plan_template.indicator",
           obj=template, before={"index": index, "definition": before},
           after={"index": index, "definition": definition.pk if definition else None})
    return template


# The fields of a template's goal, task or activity that a coordinator edits in place.
ITEM_FIELDS = {"goal": ("title", "key_message"), "task": ("title",),
               "activity": ("title", "result", "audiences", "channels", "responsible")}


def template_item(document: dict, where: tuple[int, ...]) -> tuple[str, dict] | None:
    """The goal (one number), task (two) or activity (three) at ``where``, counted from 1, with its kind."""
    levels = (("goal", "goals"), ("task", "tasks"), ("activity", "activities"))
    if not 1 <= len(where) <= len(levels):
        return None
    holder = document
    for (_kind, key), number in zip(levels, where, strict=False):
        items = holder.get(key) or []
        if not 1 <= number <= len(items) or not isinstance(items[number - 1], dict):
            return None
        holder = items[number - 1]
    return levels[len(where) - 1][0], holder


@transaction.atomic
def edit_template_item(*, actor, template: PlanTemplate, where: tuple[int, ...], data: dict[str, Any]) -> PlanTemplate:
    """Change a goal, task or typical activity of a template's plan where it stands; what changed is audited.

    Plans already started from the template keep what they copied; the template's page
    shows how each departs from the template as it is now.
    """
    template = PlanTemplate.objects.select_for_update().get(pk=template.pk)
    found = template_item(template.document, where)
    if found is None:
        raise ProgrammeError("no-such-item")
    kind, item = found
    before, after = {}, {}
    for name in ITEM_FIELDS[kind]:
        if name in data and item.get(name) != data[name]:
            before[name], after[name] = item.get(name), data[name]
            item[name] = data[name]
    if not after:
        return template
    template.updated_at = timezone.now()
    template.save(update_fields=["document", "updated_at"])
    place = ".".join(str(number) for number in where)
    record(actor=actor, organization=None, programme_id=template.programme_id, action=f"plan_template.{kind}",
           obj=template, before={"place": place, **before}, after={"place": place, **after})
    return template


@transaction.atomic
def publish_template(*, actor, template: PlanTemplate, published: bool) -> PlanTemplate:
    template = PlanTemplate.objects.select_for_update().get(pk=template.pk)
    before = {"published": template.published_at is not None}
    template.published_at = timezone.now() if published else None
    template.save(update_fields=["published_at"])
    record(actor=actor, organization=None, programme_id=template.programme_id,
           action="plan_template.publish" if published else "plan_template.unpublish", obj=template, before=before,
           after={"published": published})
    return template


@transaction.atomic
def start_plan_from_template(*, actor, organization, template: PlanTemplate, title: str = ""):
    """A new plan of the organisation made from the template, remembering where each goal came from.

    The plan's goals keep their place in the template (``template_key``) and its
    indicators the programme definitions the template names. When the organisation takes
    part in the programme, the new plan is shared with it at once: it was made for it.
    """
    from holos.plans.actions import save_document
    from holos.plans.models import Goal, Indicator, Plan

    plan_data = doc.Plan.from_dict({**template.document, "title": title or template.title})
    [plan] = save_document(actor=actor, organization=organization,
                           document=doc.PlanDocument(plans=[plan_data]), source=template.title)
    Plan.objects.filter(pk=plan.pk).update(template=template)
    plan.template = template
    goals = list(Goal.objects.filter(plan=plan).order_by("position", "id"))
    for position, goal in enumerate(goals):
        goal.template_key = str(position + 1)
    Goal.objects.bulk_update(goals, ["template_key"])
    definitions = [i.get("definition") for i in template_indicators(template.document)]
    if any(definitions):
        from holos.plans.cascade import indicators_in_document_order

        indicators = indicators_in_document_order(plan)
        for indicator, definition in zip(indicators, definitions, strict=False):
            indicator.definition_id = definition
        Indicator.objects.bulk_update(indicators, ["definition"])
    participation = (Participation.objects.select_for_update()
                     .filter(programme=template.programme_id, organization=organization).active().first())
    if participation is not None:
        participation.plans.add(plan)
    record(actor=actor, organization=organization, plan_id=plan.pk, programme_id=template.programme_id,
           action="plan_template.adopt", obj=plan, after={"template": template.title, "title": plan.title})
    return plan
