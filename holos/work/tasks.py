"""Mail about work: a reminder before work is due, and a daily list of overdue work.

Both jobs run in the task worker and take the day they run for as an ISO date, which is the
organisations' local date: the scheduler (``holos.scheduler``) works it out from each
organisation's time zone and passes the organisations whose day it is. Called by hand without
organisations, a job covers all of them.

Mail goes to the members of the units responsible for an activity who still belong to the
organisation, keep reminders on and have an address; each person gets one message in their
own language. The messages are kept in the outbox (``holos.outbox``) in one transaction with
the marks of the occurrences they are about: the day's run is done when its messages exist.
The worker then sends them, and tries again while the mail server is down, so a server that
fails at the hour of the run loses nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tasks import task

from holos.accounts.models import Membership, Organization, User
from holos.outbox.actions import deliver_soon, keep_messages
from holos.plans.models import ActivityUnit, Unit
from holos.work.models import Occurrence

logger = logging.getLogger(__name__)

# A digest lists this many items at most; the rest are on the person's "My work" page.
DIGEST_LIMIT = 100
FALLBACK_LANGUAGE = "uk"

ORDER = ("plan__organization__name", "plan__organization_id", "plan__title", "plan_id", "due",
         "activity__position", "activity_id", "id")


@dataclass
class Letter:
    """One person's message: who, and the occurrences it is about, in reading order."""

    user: User
    occurrences: list[Occurrence]


@task()
def send_reminders(day: str, organization_ids: list[int] | None = None) -> dict[str, int]:
    """Remind people of open work due in ``reminder_days`` days of their organisation.

    Only occurrences not reminded yet are included, and each is marked reminded in the
    transaction that keeps the messages about it, so a second run keeps nothing more.
    """
    today = date.fromisoformat(day)
    by_days: dict[int, list[int]] = defaultdict(list)
    for pk, days in _organizations(organization_ids).values_list("pk", "reminder_days"):
        by_days[days].append(pk)
    if not by_days:
        return {"messages": 0, "occurrences": 0}
    due = Q()
    for days, pks in by_days.items():
        due |= Q(plan__organization_id__in=pks, due=today + timedelta(days=days))
    occurrences = list(
        Occurrence.objects.open().filter(due, reminded_at__isnull=True, detached=False)
        .select_related("activity", "plan__organization").order_by(*ORDER)
    )
    letters = _letters(occurrences)
    with transaction.atomic():
        kept = _keep_each(letters, _reminder_message, kind="reminder")
        told = {o.pk for letter in letters for o in letter.occurrences}  # work nobody hears of stays unmarked
        marked = Occurrence.objects.filter(pk__in=told, reminded_at__isnull=True).update(reminded_at=timezone.now())
    deliver_soon()
    logger.info("Holos reminders for %s: %d message(s) kept to be sent", today, kept)
    return {"messages": kept, "occurrences": marked}


@task()
def send_overdue_digest(day: str, organization_ids: list[int] | None = None) -> dict[str, int]:
    """Send each person the open work of their units that was due before ``day``.

    One message per person, grouped by organisation and plan; nobody hears anything on a
    day when nothing of theirs is overdue.
    """
    today = date.fromisoformat(day)
    occurrences = list(
        Occurrence.objects.overdue(today)
        .filter(plan__organization__in=_organizations(organization_ids), detached=False)
        .select_related("activity", "plan__organization").order_by(*ORDER)
    )
    letters = _letters(occurrences)
    with transaction.atomic():
        kept = _keep_each(letters, _digest_message, kind="digest")
    deliver_soon()
    logger.info("Holos overdue digest for %s: %d message(s) kept to be sent", today, kept)
    return {"messages": kept, "occurrences": len({o.pk for letter in letters for o in letter.occurrences})}


def _organizations(organization_ids: Iterable[int] | None):
    organizations = Organization.objects.all()
    if organization_ids is not None:
        organizations = organizations.filter(pk__in=list(organization_ids))
    return organizations


def _letters(occurrences: list[Occurrence]) -> list[Letter]:
    """Who hears of which occurrences, in a fixed number of queries.

    A person hears of an occurrence when they are a member of one of its activity's units
    and of the unit's organisation (the plan's), is active, wants reminders and has an
    address; a unit of another organisation never brings anyone in.
    """
    if not occurrences:
        return []
    units_by_activity: dict[int, set[int]] = defaultdict(set)
    links = ActivityUnit.objects.filter(activity_id__in={o.activity_id for o in occurrences})
    for activity_id, unit_id in links.values_list("activity_id", "unit_id"):
        units_by_activity[activity_id].add(unit_id)
    unit_ids = set().union(*units_by_activity.values())
    members = list(
        Unit.members.through.objects.filter(unit_id__in=unit_ids, user__is_active=True, user__email_reminders=True)
        .exclude(user__email="").select_related("user", "unit")
    )
    belongs = set(
        Membership.objects.filter(user_id__in={m.user_id for m in members},
                                  organization_id__in={m.unit.organization_id for m in members})
        .values_list("user_id", "organization_id")
    )
    people_by_unit: dict[int, list[tuple[int, User]]] = defaultdict(list)
    for member in members:
        if (member.user_id, member.unit.organization_id) in belongs:
            people_by_unit[member.unit_id].append((member.unit.organization_id, member.user))
    letters: dict[int, Letter] = {}
    for occurrence in occurrences:
        organization_id = occurrence.plan.organization_id
        told: set[int] = set()
        for unit_id in sorted(units_by_activity[occurrence.activity_id]):
            for unit_organization_id, user in people_by_unit[unit_id]:
                if unit_organization_id != organization_id or user.pk in told:
                    continue
                told.add(user.pk)
                letters.setdefault(user.pk, Letter(user, [])).occurrences.append(occurrence)
    return sorted(letters.values(), key=lambda letter: letter.user.pk)


def _language(user: User) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in languages else FALLBACK_LANGUAGE


def _sections(occurrences: list[Occurrence]) -> list[dict[str, Any]]:
    """Occurrences grouped by organisation and plan, with dates in the active language."""
    sections: list[dict[str, Any]] = []
    for occurrence in occurrences:
        plan = occurrence.plan
        organization = plan.organization
        if not sections or sections[-1]["pk"] != organization.pk:
            sections.append({"pk": organization.pk, "organization": organization.name, "plans": []})
        plans = sections[-1]["plans"]
        if not plans or plans[-1]["pk"] != plan.pk:
            plans.append({"pk": plan.pk, "title": _one_line(plan.title), "items": []})
        plans[-1]["items"].append({
            "title": _one_line(occurrence.activity.title),
            "due": date_format(occurrence.due, "DATE_FORMAT"),
            "url": settings.SITE_URL + reverse("occurrence", args=[organization.slug, occurrence.pk]),
        })
    return sections


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _message(user: User, template: str, context: dict[str, Any]) -> EmailMessage:
    context = {
        "name": user.get_full_name() or user.username,
        "settings_url": settings.SITE_URL + reverse("my_settings"),
        "my_work_url": settings.SITE_URL + reverse("my_work"),
        **context,
    }
    subject = _one_line(render_to_string(f"work/email/{template}_subject.txt", context))
    body = render_to_string(f"work/email/{template}.txt", context)
    # RFC 3834: tells out-of-office responders not to answer.
    return EmailMessage(subject, body, None, [user.email], headers={"Auto-Submitted": "auto-generated"})


def _reminder_message(letter: Letter) -> EmailMessage:
    with translation.override(_language(letter.user)):
        return _message(letter.user, "reminder", {
            "count": len(letter.occurrences), "sections": _sections(letter.occurrences),
        })


def _digest_message(letter: Letter) -> EmailMessage:
    shown = letter.occurrences[:DIGEST_LIMIT]
    with translation.override(_language(letter.user)):
        return _message(letter.user, "overdue", {
            "count": len(letter.occurrences), "sections": _sections(shown),
            "more": len(letter.occurrences) - len(shown),
        })


def _keep_each(letters: list[Letter], build: Callable[[Letter], EmailMessage], *, kind: str) -> int:
    """Keep every letter in the outbox, with the organisations whose work it names."""
    keep_messages(kind, [(build(letter), letter.user, {o.plan.organization_id for o in letter.occurrences})
                         for letter in letters])
    return len(letters)
