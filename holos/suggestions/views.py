"""Pages of the suggestion box: the public form and answers, the staff inbox.

Public pages need no sign-in and no JavaScript. Staff pages check access through
``holos.accounts.access``: an outsider gets 404 for all of them, a viewer reads the inbox
without contacts and gets 403 for every change. Contacts are shown only after a member
asks, and the asking is written to the audit log.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from holos import defences
from holos.accounts.access import get_membership, get_object_for_member
from holos.accounts.models import Organization
from holos.accounts.policy import Do, Refused, allows
from holos.audit.models import AuditEntry
from holos.pages import form_status, post_only, remembered_filter, row_id
from holos.plans.models import Unit
from holos.suggestions import actions
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
    Source,
    Status,
    Suggestion,
)

INBOX_PAGE_SIZE = 50
ANSWERS_PAGE_SIZE = 20
FILTER_KEYS = ("status", "category", "unit")
REJECTIONS_SHOWN_DAYS = 30




def _posted(request):
    """The sent data, even when empty (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


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
    form = PublicMessageForm(_posted(request), retention_days=inbox_settings.retention_days)
    stamp = defences.SUGGESTION.stamp(organization.pk)
    expired = False
    if request.method == "POST":
        verdict = defences.SUGGESTION.check(request, organization.pk)
        if verdict.refusal is not None:
            actions.count_rejection(organization=organization, reason=verdict.refusal)
            return redirect("suggestion_thanks", slug)
        # The first stamp is kept, so that correcting a mistake does not start the clock again.
        stamp, expired = verdict.stamp, verdict.expired
        if not expired and form.is_valid():
            data = form.cleaned_data
            actions.receive_message(
                organization=organization, category=data["category"], text=data["text"], name=data["name"],
                email=data["email"], phone=data["phone"], consent=data["consent"],
                language=request.LANGUAGE_CODE or "",
            )
            return redirect("suggestion_thanks", slug)
        describe_errors(form)
    return render(request, "suggestions/public_form.html", {
        "organization": organization, "form": form, "stamp": stamp, "expired": expired,
        "retention_days": inbox_settings.retention_days,
        "honeypot": defences.HONEYPOT_FIELD, "stamp_field": defences.STAMP_FIELD,
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
            "rejected": [(defences.Refusal(reason).label, total) for reason, total in sorted(rejected.items())],
            "rejected_total": sum(rejected.values()),
            "rejected_days": REJECTIONS_SHOWN_DAYS,
            "can_handle": allows(membership, Do.HANDLE_MESSAGE),
        })


def log_call(request, slug):
    membership = get_membership(request, slug)
    if not allows(membership, Do.HANDLE_MESSAGE):
        raise Refused
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
                      status=form_status(form))


def _item_for(request, slug, pk, do: Do | None = None):
    """The message of the member's organisation, and 403 unless the policy allows ``do`` to it."""
    membership, suggestion = get_object_for_member(request, slug, Suggestion, pk)
    suggestion.organization = membership.organization
    if do is not None and not allows(membership, do, suggestion):
        raise Refused
    return membership, suggestion


def _item_page(request, membership, suggestion, *, contact=None, **bound):
    """The message's page; ``bound`` holds a form sent with mistakes, shown in place of the empty one."""
    organization = membership.organization
    units = Unit.objects.filter(organization=organization)
    forms = {
        "handle_form": HandlingForm(initial={"status": suggestion.status, "unit": suggestion.unit_id},
                                    units=units, has_answer=bool(suggestion.answer)),
        "note_form": NoteForm(),
        "answer_form": AnswerForm(initial={"answer": suggestion.answer}, mail=bool(suggestion.email)),
        "publish_form": PublishForm(initial={"public_text": suggestion.public_text or suggestion.text}),
        **bound,
    }
    for form in bound.values():
        describe_errors(form)
    expires = suggestion.contact_expires_at
    if suggestion.has_contact:
        shorter = InboxSettings.for_organization(organization).contact_expiry(suggestion.received_at)
        expires = min(expires, shorter) if expires else shorter
    history = (
        AuditEntry.objects.filter(organization=organization, object_type="suggestion", object_id=suggestion.pk)
        .select_related("actor")[:50]
    )
    with timezone.override(organization.zone):
        response = render(request, "suggestions/item.html", {
            "membership": membership, "item": suggestion, "contact": contact, "contact_expires": expires,
            "notes": suggestion.notes.select_related("author"), **forms,
            "can_handle": allows(membership, Do.HANDLE_MESSAGE, suggestion),
            "can_publish": allows(membership, Do.PUBLISH_ANSWER, suggestion),
            "history": history,
        }, status=form_status(*bound.values()))
    if contact is not None:
        add_never_cache_headers(response)  # a shown contact must not stay in a browser's cache
    return response


def _done(request, slug, suggestion, text):
    messages.success(request, text)
    return redirect("inbox_item", slug, suggestion.pk)


def inbox_item(request, slug, pk):
    """The message's page. Its forms are sent to addresses of their own; the name in ``form`` still finds them."""
    if request.method == "POST":
        view = ITEM_FORMS.get(request.POST.get("form", ""))
        if view is None:
            get_object_for_member(request, slug, Suggestion, pk)  # an outsider learns nothing from the name
            raise Http404
        return view(request, slug, pk)
    membership, suggestion = _item_for(request, slug, pk)
    return _item_page(request, membership, suggestion)


def inbox_contact(request, slug, pk):
    membership, suggestion = _item_for(request, slug, pk, Do.HANDLE_MESSAGE)
    if refused := post_only(request):
        return refused
    contact = actions.reveal_contact(actor=request.user, suggestion=suggestion)
    return _item_page(request, membership, suggestion, contact=contact)


def inbox_handle(request, slug, pk):
    membership, suggestion = _item_for(request, slug, pk, Do.HANDLE_MESSAGE)
    if refused := post_only(request):
        return refused
    form = HandlingForm(request.POST, units=Unit.objects.filter(organization=membership.organization),
                        has_answer=bool(suggestion.answer))
    if not form.is_valid():
        return _item_page(request, membership, suggestion, handle_form=form)
    actions.handle_message(actor=request.user, suggestion=suggestion, unit=form.cleaned_data["unit"],
                           status=form.cleaned_data["status"])
    return _done(request, slug, suggestion, _("Saved."))


def inbox_note(request, slug, pk):
    membership, suggestion = _item_for(request, slug, pk, Do.HANDLE_MESSAGE)
    if refused := post_only(request):
        return refused
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _item_page(request, membership, suggestion, note_form=form)
    actions.add_note(actor=request.user, suggestion=suggestion, text=form.cleaned_data["text"])
    return _done(request, slug, suggestion, _("The note was added."))


def inbox_answer(request, slug, pk):
    membership, suggestion = _item_for(request, slug, pk, Do.HANDLE_MESSAGE)
    if refused := post_only(request):
        return refused
    form = AnswerForm(request.POST, mail=bool(suggestion.email))
    if not form.is_valid():
        return _item_page(request, membership, suggestion, answer_form=form)
    actions.answer_message(actor=request.user, suggestion=suggestion, answer=form.cleaned_data["answer"],
                           mail=form.cleaned_data.get("mail", False))
    return _done(request, slug, suggestion, _("The answer was saved."))


def inbox_publish(request, slug, pk):
    membership, suggestion = _item_for(request, slug, pk, Do.PUBLISH_ANSWER)
    if refused := post_only(request):
        return refused
    if not suggestion.can_be_published:
        messages.error(request, _("Only a message with an answer can be published."))
        return redirect("inbox_item", slug, suggestion.pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _item_page(request, membership, suggestion, publish_form=form)
    actions.publish_answer(actor=request.user, suggestion=suggestion, public_text=form.cleaned_data["public_text"])
    return _done(request, slug, suggestion, _("Published on the public answers page."))


def inbox_unpublish(request, slug, pk):
    _membership, suggestion = _item_for(request, slug, pk, Do.PUBLISH_ANSWER)
    if refused := post_only(request):
        return refused
    actions.unpublish_answer(actor=request.user, suggestion=suggestion)
    return _done(request, slug, suggestion, _("Taken off the public answers page."))


# The names the item page's forms were sent with before each had its own address.
ITEM_FORMS = {
    "show_contact": inbox_contact, "handle": inbox_handle, "note": inbox_note, "answer": inbox_answer,
    "publish": inbox_publish, "unpublish": inbox_unpublish,
}


def erase(request, slug, pk):
    membership, suggestion = _item_for(request, slug, pk, Do.HANDLE_MESSAGE)
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
        if not allows(membership, Do.ADMINISTER):
            raise Refused
        if form.is_valid():
            actions.save_inbox_settings(actor=request.user, organization=organization, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("inbox_settings", slug)
        describe_errors(form)
    return render(request, "suggestions/settings.html", {
        "membership": membership, "form": form, "can_change": membership.is_admin,
    }, status=form_status(form))
