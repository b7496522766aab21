"""Pages of the suggestion box: the public form and answers, the staff inbox.

Public pages need no sign-in and no JavaScript. Staff pages check access through
``holos.accounts.access``: an outsider gets 404 for all of them, a viewer reads the inbox
without contacts and gets 403 for every change. Contacts are shown only after a member
asks, and the asking is written to the audit log.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from holos.accounts.access import get_membership, get_object_for_member
from holos.accounts.models import Organization, Role
from holos.audit.models import AuditEntry
from holos.pages import remembered_filter, row_id
from holos.plans.models import Unit
from holos.suggestions import abuse, actions
from holos.suggestions.forms import (
    AnswerForm,
    CallForm,
    EraseForm,
    HandlingForm,
    InboxFilterForm,
    InboxSettingsForm,
    NoteForm,
    PublicMessageForm,
    PublishForm,
    describe_errors,
)
from holos.suggestions.models import (
    Category,
    InboxSettings,
    RejectedCount,
    RejectionReason,
    Source,
    Status,
    Suggestion,
)

INBOX_PAGE_SIZE = 50
ANSWERS_PAGE_SIZE = 20
FILTER_KEYS = ("status", "category", "unit")
REJECTIONS_SHOWN_DAYS = 30


def can_handle(membership, suggestion: Suggestion | None = None) -> bool:
    """Administrators and editors work the whole inbox; executors new messages and their units' own.

    A message assigned to another unit is that unit's: an executor reads it but neither
    changes it nor sees the sender's contact. Viewers read the inbox. Without a message,
    the question is whether the person works the inbox at all (logging a hotline call).
    """
    if membership.role in (Role.ADMIN, Role.EDITOR):
        return True
    if membership.role != Role.EXECUTOR:
        return False
    if suggestion is None:
        return True
    return suggestion.unit is None or suggestion.unit.members.filter(pk=membership.user_id).exists()


def can_publish(membership) -> bool:
    return membership.role in (Role.ADMIN, Role.EDITOR)


def _posted(request):
    """The sent data, even when empty (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


# Public pages


def _public_organization(slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404
    return organization


def public_form(request, slug):
    organization = _public_organization(slug)
    inbox_settings = InboxSettings.for_organization(organization)
    if not inbox_settings.accepting:
        raise Http404
    thanks = reverse("suggestion_thanks", args=[slug])
    form = PublicMessageForm(_posted(request), retention_days=inbox_settings.retention_days)
    token = abuse.form_token(organization)
    expired = False
    if request.method == "POST":
        reason: str | None = None
        if request.POST.get(abuse.HONEYPOT_FIELD):
            reason = RejectionReason.HONEYPOT
        else:
            try:
                reason = abuse.token_problem(organization, request.POST.get(abuse.STARTED_FIELD, ""))
            except abuse.Expired:
                expired = True
        if reason is None and abuse.over_rate_limit(request):
            reason = RejectionReason.RATE_LIMIT
        if reason is not None:
            actions.count_rejection(organization=organization, reason=reason)
            return redirect(thanks)
        if not expired and form.is_valid():
            data = form.cleaned_data
            actions.receive_message(
                organization=organization, category=data["category"], text=data["text"], name=data["name"],
                email=data["email"], phone=data["phone"], consent=data["consent"],
                language=request.LANGUAGE_CODE or "",
            )
            return redirect(thanks)
        if not expired:
            # Keep the first timestamp, so that correcting a mistake does not start the clock again.
            token = request.POST.get(abuse.STARTED_FIELD, token)
        describe_errors(form)
    return render(request, "suggestions/public_form.html", {
        "organization": organization, "form": form, "token": token, "expired": expired,
        "retention_days": inbox_settings.retention_days,
        "honeypot": abuse.HONEYPOT_FIELD, "started_field": abuse.STARTED_FIELD,
    }, status=422 if request.method == "POST" else 200)


@require_GET
def public_thanks(request, slug):
    organization = _public_organization(slug)
    return render(request, "suggestions/public_thanks.html", {"organization": organization})


@require_GET
def public_answers(request, slug):
    organization = _public_organization(slug)
    published = (
        Suggestion.objects.for_organization(organization).published()
        .only("pk", "category", "received_at", "public_text", "answer", "answered_at", "published_at")
        .order_by("-published_at", "-id")
    )
    page = Paginator(published, ANSWERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/public_answers.html", {
        "organization": organization, "page": page, "zone": organization.zone,
        "accepting": InboxSettings.for_organization(organization).accepting,
    })


# The inbox


def _inbox_filter(request, organization) -> dict[str, str]:
    """The filter from the query, remembered per organisation in the session."""
    return remembered_filter(request, f"inbox-filter-{organization.pk}", FILTER_KEYS)


def _apply_filter(queryset, values: dict[str, str]):
    status = values.get("status", "")
    category = values.get("category", "")
    unit = values.get("unit", "")
    if status in Status.values:
        queryset = queryset.filter(status=status)
    if category in Category.values:
        queryset = queryset.filter(category=category)
    if unit == "none":
        queryset = queryset.filter(unit__isnull=True)
    elif row_id(unit) is not None:
        queryset = queryset.filter(unit_id=row_id(unit))
    return queryset


def inbox(request, slug):
    membership = get_membership(request, slug)
    organization = membership.organization
    units = list(Unit.objects.filter(organization=organization).only("pk", "name"))
    values = _inbox_filter(request, organization)
    stale = values.get("unit", "").isdigit() and int(values["unit"]) not in {unit.pk for unit in units}
    if stale:  # a deleted unit, or an address typed by hand: the filter says "all" and shows all
        values = {**values, "unit": ""}
        request.session[f"inbox-filter-{organization.pk}"] = values
    messages_ = _apply_filter(Suggestion.objects.for_organization(organization), values)
    # Whether a contact was given, never the contact itself.
    contact_given = ExpressionWrapper(Q(name__gt="") | Q(email__gt="") | Q(phone__gt=""), output_field=BooleanField())
    messages_ = messages_.select_related("unit").only(
        "pk", "category", "source", "status", "received_at", "text", "contact_erased_at", "published_at",
        "unit__name",
    ).annotate(contact_given=contact_given).order_by("-received_at", "-id")
    page = Paginator(messages_, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    since = timezone.localdate() - timedelta(days=REJECTIONS_SHOWN_DAYS)
    rejected = dict(
        RejectedCount.objects.filter(organization=organization, day__gte=since)
        .values("reason").annotate(total=Sum("count")).values_list("reason", "total")
    )
    with timezone.override(organization.zone):
        return render(request, "suggestions/inbox.html", {
            "membership": membership, "page": page,
            "filter_form": InboxFilterForm({k: values.get(k, "") for k in FILTER_KEYS}, units=units),
            "filtered": any(values.get(k) for k in FILTER_KEYS),
            "stale_filter": stale,
            "rejected": [(RejectionReason(reason).label, total) for reason, total in sorted(rejected.items())],
            "rejected_total": sum(rejected.values()),
            "rejected_days": REJECTIONS_SHOWN_DAYS,
            "can_handle": can_handle(membership),
        })


def log_call(request, slug):
    membership = get_membership(request, slug)
    if not can_handle(membership):
        raise PermissionDenied
    organization = membership.organization
    inbox_settings = InboxSettings.for_organization(organization)
    with timezone.override(organization.zone):
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = CallForm(_posted(request), retention_days=inbox_settings.retention_days,
                        initial={"received_at": now})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            suggestion = actions.receive_message(
                organization=organization, category=data["category"], text=data["text"], name=data["name"],
                email=data["email"], phone=data["phone"], consent=data["consent"], source=Source.HOTLINE,
                received_at=data["received_at"], actor=request.user,
            )
            messages.success(request, _("The call was logged."))
            return redirect("inbox_item", slug, suggestion.pk)
        describe_errors(form)
        return render(request, "suggestions/call_form.html", {"membership": membership, "form": form},
                      status=_status(form))


ITEM_FORMS = ("handle", "note", "answer", "publish", "unpublish", "show_contact")


def inbox_item(request, slug, pk):
    membership, suggestion = get_object_for_member(request, slug, Suggestion, pk)
    organization = membership.organization
    suggestion.organization = organization
    units = Unit.objects.filter(organization=organization)
    handle_form = HandlingForm(initial={"status": suggestion.status, "unit": suggestion.unit_id},
                               units=units, has_answer=bool(suggestion.answer))
    note_form = NoteForm()
    answer_form = AnswerForm(initial={"answer": suggestion.answer}, mail=bool(suggestion.email))
    publish_form = PublishForm(initial={"public_text": suggestion.public_text or suggestion.text})
    contact = None
    failed: forms.Form | None = None
    handles = can_handle(membership, suggestion)
    if request.method == "POST":
        form_name = request.POST.get("form")
        if form_name not in ITEM_FORMS:
            raise Http404
        if not handles or (form_name in ("publish", "unpublish") and not can_publish(membership)):
            raise PermissionDenied
        done = None
        if form_name == "show_contact":
            contact = actions.reveal_contact(actor=request.user, suggestion=suggestion)
        elif form_name == "handle":
            handle_form = HandlingForm(request.POST, units=units, has_answer=bool(suggestion.answer))
            if handle_form.is_valid():
                unit = handle_form.cleaned_data["unit"]
                if (unit.pk if unit else None) != suggestion.unit_id:
                    actions.assign_unit(actor=request.user, suggestion=suggestion, unit=unit)
                if handle_form.cleaned_data["status"] != suggestion.status:
                    actions.set_status(actor=request.user, suggestion=suggestion,
                                       status=handle_form.cleaned_data["status"])
                done = _("Saved.")
            failed = handle_form
        elif form_name == "note":
            note_form = NoteForm(request.POST)
            if note_form.is_valid():
                actions.add_note(actor=request.user, suggestion=suggestion, text=note_form.cleaned_data["text"])
                done = _("The note was added.")
            failed = note_form
        elif form_name == "answer":
            answer_form = AnswerForm(request.POST, mail=bool(suggestion.email))
            if answer_form.is_valid():
                actions.answer_message(actor=request.user, suggestion=suggestion,
                                       answer=answer_form.cleaned_data["answer"],
                                       mail=answer_form.cleaned_data.get("mail", False))
                done = _("The answer was saved.")
            failed = answer_form
        elif form_name == "publish":
            if not suggestion.can_be_published:
                messages.error(request, _("Only a message with an answer can be published."))
                return redirect("inbox_item", slug, suggestion.pk)
            publish_form = PublishForm(request.POST)
            if publish_form.is_valid():
                actions.publish_answer(actor=request.user, suggestion=suggestion,
                                       public_text=publish_form.cleaned_data["public_text"])
                done = _("Published on the public answers page.")
            failed = publish_form
        elif form_name == "unpublish":
            actions.unpublish_answer(actor=request.user, suggestion=suggestion)
            done = _("Taken off the public answers page.")
        if done:
            messages.success(request, done)
            return redirect("inbox_item", slug, suggestion.pk)
        if failed is not None:
            describe_errors(failed)
    inbox_settings = InboxSettings.for_organization(organization)
    expires = suggestion.contact_expires_at
    if suggestion.has_contact:
        shorter = inbox_settings.contact_expiry(suggestion.received_at)
        expires = min(expires, shorter) if expires else shorter
    history = (
        AuditEntry.objects.filter(organization=organization, object_type="suggestion", object_id=suggestion.pk)
        .select_related("actor")[:50]
    )
    with timezone.override(organization.zone):
        response = render(request, "suggestions/item.html", {
            "membership": membership, "item": suggestion, "contact": contact, "contact_expires": expires,
            "notes": suggestion.notes.select_related("author"),
            "handle_form": handle_form, "note_form": note_form, "answer_form": answer_form,
            "publish_form": publish_form,
            "can_handle": handles, "can_publish": can_publish(membership),
            "history": history,
        }, status=422 if failed is not None and failed.errors else 200)
    if contact is not None:
        add_never_cache_headers(response)  # a shown contact must not stay in a browser's cache
    return response


def erase(request, slug, pk):
    membership, suggestion = get_object_for_member(request, slug, Suggestion, pk)
    if not can_handle(membership, suggestion):
        raise PermissionDenied
    suggestion.organization = membership.organization
    form = EraseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        actions.erase_personal_data(actor=request.user, suggestion=suggestion,
                                    erase_text=form.cleaned_data["erase_text"])
        messages.success(request, _("The personal data was erased."))
        return redirect("inbox_item", slug, suggestion.pk)
    return render(request, "suggestions/erase.html", {"membership": membership, "item": suggestion, "form": form})


def inbox_settings(request, slug):
    membership = get_membership(request, slug)
    organization = membership.organization
    current = InboxSettings.for_organization(organization)
    form = InboxSettingsForm(_posted(request), initial={
        "accepting": current.accepting, "retention_days": current.retention_days,
    })
    if request.method == "POST":
        if not membership.is_admin:
            raise PermissionDenied
        if form.is_valid():
            actions.save_inbox_settings(actor=request.user, organization=organization, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("inbox_settings", slug)
        describe_errors(form)
    return render(request, "suggestions/settings.html", {
        "membership": membership, "form": form, "can_change": membership.is_admin,
    }, status=_status(form))
