"""What is due, for a person and for a unit; one occurrence with its status and evidence; events."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership, get_object_for_member, may_report
from holos.accounts.models import Membership
from holos.audit.models import AuditEntry
from holos.audit.subjects import describe_subjects
from holos.plans.models import Unit
from holos.work import actions
from holos.work.forms import EventForm, WorkItemForm
from holos.work.models import OPEN_STATUSES, Attachment, Event, Occurrence

COMING_DAYS = 60
OVERDUE_SHOWN = 200


def local_time(time_zone: str, now: datetime) -> datetime:
    """The organisation's wall-clock time; an unknown zone reads as Kyiv."""
    try:
        zone = ZoneInfo(time_zone)
    except (KeyError, ValueError):
        zone = ZoneInfo("Europe/Kyiv")
    return now.astimezone(zone)


def local_today(time_zone: str, now: datetime | None = None) -> date:
    """Today's date where the organisation is, which is not the server's date near midnight."""
    return local_time(time_zone, now or timezone.now()).date()


def month_bounds(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def split_by_when(occurrences, today: date) -> dict[str, list[Occurrence]]:
    """Overdue, due this month, and coming: what a person needs to see first."""
    first, last = month_bounds(today)
    groups: dict[str, list[Occurrence]] = {"overdue": [], "this_month": [], "coming": []}
    for occurrence in occurrences:
        if occurrence.due < today and occurrence.status in OPEN_STATUSES and occurrence.due < first:
            groups["overdue"].append(occurrence)
        elif first <= occurrence.due <= last or (occurrence.due < today and occurrence.starts <= last
                                                 and occurrence.status in OPEN_STATUSES):
            groups["this_month"].append(occurrence)
        elif occurrence.due > last:
            groups["coming"].append(occurrence)
    return groups


def due_work(queryset, today: date) -> dict:
    """The groups of ``split_by_when`` and how much is overdue in all.

    Overdue work can pile up to thousands of rows; the oldest ``OVERDUE_SHOWN`` are listed
    and the total is told, while this month's and coming work are always listed whole (they
    span a few weeks), so a long backlog never pushes this month's work off the page.
    """
    first = month_bounds(today)[0]
    related = ("activity", "plan", "plan__organization")
    overdue = queryset.open().filter(due__lt=first).select_related(*related).order_by("due", "id")
    current = (queryset.filter(due__gte=first, due__lte=today + timedelta(days=COMING_DAYS))
               .select_related(*related).order_by("due", "id"))
    return {"groups": split_by_when([*overdue[:OVERDUE_SHOWN], *current], today), "overdue_total": overdue.count()}


@login_required
def my_work(request):
    """For the signed-in person: work of their units, across plans and organisations."""
    memberships = Membership.objects.filter(user=request.user).select_related("organization")
    sections = []
    for membership in memberships:
        organization = membership.organization
        today = local_today(organization.time_zone)
        units = list(Unit.objects.filter(organization=organization, members=request.user))
        if not units:
            continue
        work = due_work(Occurrence.objects.filter(plan__organization=organization).for_units(units), today)
        sections.append({"organization": organization, "units": units, "today": today, "work": work})
    return render(request, "work/my_work.html", {"sections": sections})


def unit_work(request, slug, pk):
    membership, unit = get_object_for_member(request, slug, Unit, pk)
    today = local_today(membership.organization.time_zone)
    work = due_work(Occurrence.objects.filter(plan__organization=membership.organization).for_units([unit]), today)
    return render(request, "work/unit_work.html", {
        "membership": membership, "unit": unit, "today": today, "work": work,
        "members": unit.members.all(),
    })


def occurrence_detail(request, slug, pk):
    membership, occurrence = get_object_for_member(request, slug, Occurrence, pk)
    activity = occurrence.activity
    allowed = may_report(membership, activity)
    form = WorkItemForm(initial=WorkItemForm.initial_for(occurrence))
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        form_name = request.POST.get("form")
        if form_name == "record":
            form = WorkItemForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                actions.save_work_item(actor=request.user, occurrence=occurrence, status=data["status"],
                                       reason=data["reason"], note=data["note"],
                                       numbers={n: data[n] for n in actions.NUMBERS},
                                       url=data.get("url") or "", upload=data.get("file"))
                messages.success(request, _("Saved."))
                return redirect("occurrence", slug, occurrence.pk)
        elif form_name == "detach":
            attachment = Attachment.objects.filter(pk=request.POST.get("attachment"), occurrence=occurrence).first()
            if attachment is None:
                raise Http404
            actions.delete_attachment(actor=request.user, attachment=attachment)
            messages.success(request, _("Removed. The audit log keeps what it was."))
            return redirect("occurrence", slug, occurrence.pk)
        else:
            raise Http404
    history = describe_subjects(
        AuditEntry.objects.filter(object_type="occurrence", object_id=occurrence.pk).select_related("actor")[:20])
    return render(request, "work/occurrence.html", {
        "membership": membership, "occurrence": occurrence, "activity": activity, "plan": occurrence.plan,
        "can_report": allowed, "form": form, "attachments": occurrence.attachments.all(), "history": history,
        "today": local_today(membership.organization.time_zone),
    }, status=422 if form.is_bound and form.errors else 200)


def attachment_file(request, slug, pk):
    """An evidence file, for members of the organisation only."""
    membership = get_membership(request, slug)
    attachment = Attachment.objects.filter(pk=pk, occurrence__plan__organization=membership.organization).first()
    if attachment is None or not attachment.file:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:  # the record outlived its file (a restore without the media folder)
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


def events(request, slug):
    membership = get_membership(request, slug)
    form = EventForm(request.POST or None)
    if request.method == "POST":
        get_membership(request, slug, edit=True)
        if form.is_valid():
            data = form.cleaned_data
            if Event.objects.filter(organization=membership.organization, name=data["name"].strip()).exists():
                form.add_error("name", _("An event with this name exists; change its date instead."))
            else:
                actions.save_event(actor=request.user, organization=membership.organization, event=None,
                                   name=data["name"].strip(), day=data["date"], description=data["description"])
                messages.success(request, _("Saved."))
                return redirect("events", slug)
    items = Event.objects.filter(organization=membership.organization)
    return render(request, "work/events.html", {"membership": membership, "events": items, "form": form},
                  status=422 if form.is_bound and form.errors else 200)


def event_edit(request, slug, pk):
    membership, event = get_object_for_member(request, slug, Event, pk, edit=True)
    form = EventForm(request.POST or None, initial={"name": event.name, "date": event.date,
                                                    "description": event.description})
    if request.method == "POST":
        if "delete" in request.POST:
            actions.delete_event(actor=request.user, event=event)
            messages.success(request, _("Deleted. The audit log keeps what it was."))
            return redirect("events", slug)
        if form.is_valid():
            data = form.cleaned_data
            actions.save_event(actor=request.user, organization=membership.organization, event=event,
                               name=data["name"].strip(), day=data["date"], description=data["description"])
            messages.success(request, _("Saved. Work dated from this event moved with it."))
            return redirect("events", slug)
    return render(request, "work/event_form.html", {"membership": membership, "event": event, "form": form},
                  status=422 if form.is_bound and form.errors else 200)
