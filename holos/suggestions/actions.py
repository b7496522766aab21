"""Every write to the suggestion box, one function per change.

Each function owns its transaction and its audit row, and first asks
``holos.accounts.policy`` whether the actor may do it (no actor is the product itself).
The audit log is kept for good, so it never holds what a sender wrote or who they are: rows say which message, what
changed in its handling, and who looked at or erased a contact.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from holos.accounts.policy import Do, require
from holos.audit.actions import record
from holos.suggestions.models import (
    ErasureReason,
    InboxSettings,
    Note,
    RejectedCount,
    Source,
    Status,
    Suggestion,
    default_retention_days,
)

ERASED_TEXT = "—"


def _handling(suggestion: Suggestion) -> dict:
    """What the audit log keeps of a message: its handling, never its sender or text."""
    return {
        "category": suggestion.category,
        "status": suggestion.status,
        "unit": suggestion.unit.name if suggestion.unit_id and suggestion.unit else None,
        "published": suggestion.published_at is not None,
    }


def _contact_fields(suggestion: Suggestion) -> list[str]:
    return [name for name in ("name", "email", "phone") if getattr(suggestion, name)]


@transaction.atomic
def receive_message(
    *,
    organization,
    category: str,
    text: str,
    name: str = "",
    email: str = "",
    phone: str = "",
    consent: bool = False,
    source: str = Source.WEB,
    received_at: datetime | None = None,
    actor=None,
    language: str = "",
) -> Suggestion:
    """Store a message from the public form (no actor) or a call logged by staff (actor).

    A contact is kept only with consent; without it the name and contact are dropped
    here, whatever the caller of this function passed.
    """
    require(actor, Do.HANDLE_MESSAGE, organization=organization)
    now = timezone.now()
    received_at = received_at or now
    keep_contact = consent and bool(name or email or phone)
    inbox_settings = InboxSettings.for_organization(organization)
    suggestion = Suggestion.objects.create(
        organization=organization,
        source=source,
        category=category,
        text=text.strip(),
        received_at=received_at,
        logged_by=actor if getattr(actor, "is_authenticated", False) else None,
        name=name.strip() if keep_contact else "",
        email=email.strip() if keep_contact else "",
        phone=phone.strip() if keep_contact else "",
        consent_at=now if keep_contact else None,
        contact_expires_at=inbox_settings.contact_expiry(received_at) if keep_contact else None,
        language=language[:8],
        updated_at=now,
    )
    record(actor=actor, organization=organization, action=f"suggestion.{source}", obj=suggestion,
           after={**_handling(suggestion), "source": source, "contact": _contact_fields(suggestion)})
    return suggestion


def count_rejection(*, organization, reason: str) -> None:
    """One more refused submission for the staff's count. Nothing about the sender is kept."""
    day = timezone.localdate()
    updated = RejectedCount.objects.filter(organization=organization, day=day, reason=reason).update(
        count=F("count") + 1
    )
    if updated:
        return
    try:
        with transaction.atomic():
            RejectedCount.objects.create(organization=organization, day=day, reason=reason, count=1)
    except IntegrityError:  # another request created today's row first
        RejectedCount.objects.filter(organization=organization, day=day, reason=reason).update(
            count=F("count") + 1
        )


@transaction.atomic
def set_status(*, actor, suggestion: Suggestion, status: str) -> Suggestion:
    require(actor, Do.HANDLE_MESSAGE, suggestion)
    return _set_status(actor, suggestion, status)


def _set_status(actor, suggestion: Suggestion, status: str) -> Suggestion:
    if status == Status.ANSWERED and not suggestion.answer.strip():
        raise ValueError("a message is answered only with an answer")
    before = _handling(suggestion)
    suggestion.status = status
    suggestion.updated_at = timezone.now()
    suggestion.save(update_fields=["status", "updated_at"])
    record(actor=actor, organization=suggestion.organization, action="suggestion.status", obj=suggestion,
           before=before, after=_handling(suggestion))
    return suggestion


@transaction.atomic
def assign_unit(*, actor, suggestion: Suggestion, unit) -> Suggestion:
    require(actor, Do.HANDLE_MESSAGE, suggestion)
    return _assign_unit(actor, suggestion, unit)


def _assign_unit(actor, suggestion: Suggestion, unit) -> Suggestion:
    if unit is not None and unit.organization_id != suggestion.organization_id:
        raise ValueError("the unit belongs to another organisation")
    before = _handling(suggestion)
    suggestion.unit = unit
    suggestion.updated_at = timezone.now()
    suggestion.save(update_fields=["unit", "updated_at"])
    record(actor=actor, organization=suggestion.organization, action="suggestion.assign", obj=suggestion,
           before=before, after=_handling(suggestion))
    return suggestion


@transaction.atomic
def handle_message(*, actor, suggestion: Suggestion, unit, status: str) -> Suggestion:
    """The handling form: the message's unit and status, each changed only when it differs.

    The right to handle is the one the person had when they sent the form: an executor
    who passes a message to another unit sets its status in the same step.
    """
    require(actor, Do.HANDLE_MESSAGE, suggestion)
    if (unit.pk if unit else None) != suggestion.unit_id:
        _assign_unit(actor, suggestion, unit)
    if status != suggestion.status:
        _set_status(actor, suggestion, status)
    return suggestion


@transaction.atomic
def add_note(*, actor, suggestion: Suggestion, text: str) -> Note:
    require(actor, Do.HANDLE_MESSAGE, suggestion)
    note = Note.objects.create(suggestion=suggestion, author=actor, text=text.strip())
    record(actor=actor, organization=suggestion.organization, action="suggestion.note", obj=suggestion,
           after={"note": note.pk})
    return note


@transaction.atomic
def answer_message(*, actor, suggestion: Suggestion, answer: str, mail: bool = True) -> Suggestion:
    """Write (or rewrite) the answer; a message that was not closed becomes answered.

    When the sender left an email address (which is kept only with their consent, to be
    answered) and ``mail`` is on, the answer is sent to it by the task worker after commit.
    """
    require(actor, Do.HANDLE_MESSAGE, suggestion)
    before = {**_handling(suggestion), "answer": suggestion.answer}
    now = timezone.now()
    suggestion.answer = answer.strip()
    suggestion.answered_at = now
    suggestion.answered_by = actor
    if suggestion.status != Status.CLOSED:
        suggestion.status = Status.ANSWERED
    suggestion.updated_at = now
    suggestion.save(update_fields=["answer", "answered_at", "answered_by", "status", "updated_at"])
    record(actor=actor, organization=suggestion.organization, action="suggestion.answer", obj=suggestion,
           before=before, after={**_handling(suggestion), "answer": suggestion.answer})
    if mail and suggestion.email and suggestion.answer:
        from holos.suggestions.tasks import send_answer

        pk = suggestion.pk
        transaction.on_commit(lambda: send_answer.enqueue(pk))
    return suggestion


@transaction.atomic
def mark_answer_mailed(*, suggestion_id: int, address: str) -> None:
    """Note that the answer went out by mail; the audit log keeps when, not to whom."""
    suggestion = Suggestion.objects.select_for_update().select_related("organization").get(pk=suggestion_id)
    suggestion.answer_mailed_at = timezone.now()
    suggestion.save(update_fields=["answer_mailed_at"])
    record(actor=None, organization=suggestion.organization, action="suggestion.answer_mailed", obj=suggestion,
           after={**_handling(suggestion), "contact": ["email"] if address else []})


@transaction.atomic
def publish_answer(*, actor, suggestion: Suggestion, public_text: str) -> Suggestion:
    """Show the message (as staff worded it) and its answer on the public answers page."""
    require(actor, Do.PUBLISH_ANSWER, suggestion)
    if not suggestion.can_be_published:
        raise ValueError("only answered messages are published")
    before = {**_handling(suggestion), "public_text": suggestion.public_text}
    now = timezone.now()
    suggestion.public_text = public_text.strip()
    suggestion.published_at = suggestion.published_at or now
    suggestion.updated_at = now
    suggestion.save(update_fields=["public_text", "published_at", "updated_at"])
    record(actor=actor, organization=suggestion.organization, action="suggestion.publish", obj=suggestion,
           before=before, after={**_handling(suggestion), "public_text": suggestion.public_text})
    return suggestion


@transaction.atomic
def unpublish_answer(*, actor, suggestion: Suggestion) -> Suggestion:
    require(actor, Do.PUBLISH_ANSWER, suggestion)
    before = _handling(suggestion)
    suggestion.published_at = None
    suggestion.updated_at = timezone.now()
    suggestion.save(update_fields=["published_at", "updated_at"])
    record(actor=actor, organization=suggestion.organization, action="suggestion.unpublish", obj=suggestion,
           before=before, after=_handling(suggestion))
    return suggestion


@transaction.atomic
def reveal_contact(*, actor, suggestion: Suggestion) -> dict[str, str]:
    """The sender's name and contact for a member who asked to see them, with an audit row.

    The row names who looked and which fields were shown, not their values.
    """
    require(actor, Do.HANDLE_MESSAGE, suggestion)
    contact = {name: getattr(suggestion, name) for name in ("name", "email", "phone")}
    record(actor=actor, organization=suggestion.organization, action="suggestion.contact_shown", obj=suggestion,
           after={"fields": _contact_fields(suggestion)})
    return contact


@transaction.atomic
def erase_personal_data(*, actor, suggestion: Suggestion, erase_text: bool = False) -> Suggestion:
    """Erase the name and contact on request; the message text too when asked.

    The handling (status, unit, answer, what was published) stays, so the organisation's
    figures do not change.
    """
    require(actor, Do.HANDLE_MESSAGE, suggestion)
    now = timezone.now()
    erased = _contact_fields(suggestion)
    suggestion.name = suggestion.email = suggestion.phone = ""
    suggestion.contact_expires_at = None
    suggestion.updated_at = now
    if erased or not suggestion.contact_erased_at:
        suggestion.contact_erased_at = now
        suggestion.contact_erasure_reason = ErasureReason.REQUEST
    if erase_text and not suggestion.text_erased:
        suggestion.text = ERASED_TEXT
        suggestion.text_erased = True
        erased.append("text")
    suggestion.save()
    record(actor=actor, organization=suggestion.organization, action="suggestion.erase", obj=suggestion,
           after={"erased": erased, "reason": ErasureReason.REQUEST})
    return suggestion


def erase_expired_contacts(*, now: datetime | None = None) -> int:
    """Erase every contact whose retention period has ended; how many messages lost one.

    A message's period is the one its sender was told (``contact_expires_at``), or the
    organisation's current period when that is shorter. One transaction and one audit row
    per organisation, so a failure in one leaves the others erased.
    """
    from holos.accounts.models import Organization

    now = now or timezone.now()
    organization_ids = list(
        Suggestion.objects.with_contact().order_by().values_list("organization_id", flat=True).distinct()
    )
    periods = dict(
        InboxSettings.objects.filter(organization_id__in=organization_ids).values_list(
            "organization_id", "retention_days"
        )
    )
    organizations = Organization.objects.in_bulk(organization_ids)
    total = 0
    for organization_id in organization_ids:
        cutoff = now - timedelta(days=periods.get(organization_id, default_retention_days()))
        with transaction.atomic():
            count = (
                Suggestion.objects.with_contact()
                .filter(organization_id=organization_id)
                .filter(Q(contact_expires_at__lte=now) | Q(received_at__lte=cutoff))
                .update(
                    name="", email="", phone="", contact_expires_at=None, contact_erased_at=now,
                    contact_erasure_reason=ErasureReason.RETENTION, updated_at=now,
                )
            )
            if count:
                record(actor=None, organization=organizations[organization_id], action="suggestion.contacts_expired",
                       object_type="suggestion", after={"count": count, "received_before": cutoff.isoformat()})
        total += count
    return total


@transaction.atomic
def save_inbox_settings(*, actor, organization, accepting: bool, retention_days: int) -> InboxSettings:
    """Change how the box works. A shorter retention period applies to messages already kept."""
    require(actor, Do.ADMINISTER, organization=organization)
    current = InboxSettings.for_organization(organization)
    before = {"accepting": current.accepting, "retention_days": current.retention_days}
    current.accepting = accepting
    current.retention_days = retention_days
    current.save()
    record(actor=actor, organization=organization, action="suggestion.settings", obj=current,
           before=before, after={"accepting": accepting, "retention_days": retention_days})
    return current
