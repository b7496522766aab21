"""Upload (or paste) → preview with every guess shown → confirm. Saving is all or nothing."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership
from holos.core.document import PlanDocument
from holos.core.importers import UnreadableSource
from holos.core.review import ROLES, row_key
from holos.imports import actions
from holos.imports.forms import ImportForm
from holos.imports.models import ImportRecord, ImportStatus
from holos.plans.checking import check_document_plan


def import_new(request, slug):
    membership = get_membership(request, slug, edit=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        if upload:
            name, content = upload.name, upload.read()
        else:
            name, content = "pasted.txt", form.cleaned_data["text"].encode("utf-8")
        try:
            record = actions.start_import(
                actor=request.user, organization=membership.organization, name=name, content=content
            )
        except UnreadableSource as exc:
            form.add_error(None, _("This document cannot be read: %(reason)s") % {"reason": translated(exc)})
        else:
            return redirect("import_preview", slug, record.pk)
    recent = ImportRecord.objects.filter(organization=membership.organization)[:10]
    return render(
        request,
        "imports/import_new.html",
        {"membership": membership, "form": form, "recent": recent},
        status=422 if form.is_bound and form.errors else 200,
    )


def translated(item) -> str:
    """A core message in the reader's language, when the core marked it for translation."""
    template = getattr(item, "template", "")
    if not template:
        return str(getattr(item, "message", item))
    try:
        return _(template) % (getattr(item, "params", None) or {})
    except (KeyError, TypeError, ValueError):
        return str(getattr(item, "message", item))


def _record(request, slug, pk, *, edit=False):
    membership = get_membership(request, slug, edit=edit)
    record = ImportRecord.objects.filter(pk=pk, organization=membership.organization).first()
    if record is None:
        raise Http404
    return membership, record


def import_preview(request, slug, pk):
    membership, record = _record(request, slug, pk, edit=True)
    document = PlanDocument.from_dict(record.document)
    if request.method == "POST" and record.status == ImportStatus.PREVIEW:
        if "discard" in request.POST:
            actions.discard_import(actor=request.user, import_record=record)
            messages.success(request, _("The import was discarded; nothing was saved."))
            return redirect("organization", slug)
        roles = {key: value for key, value in request.POST.items() if key.startswith("p") and value in ROLES}
        roles = {key: value for key, value in roles.items() if value != "activity"}
        skip = {p for p in range(len(document.plans)) if request.POST.get(f"plan-{p}") != "on"}
        plans = actions.confirm_import(actor=request.user, import_record=record, roles=roles, skip_plans=skip)
        if not plans:
            messages.error(request, _("No plan was chosen, so nothing was saved."))
            return redirect("import_preview", slug, record.pk)
        messages.success(
            request, _("Saved %(count)s plan(s) from %(name)s.") % {"count": len(plans), "name": record.source_name}
        )
        return redirect("plan", slug, plans[0].pk)

    by_origin = {}
    for warning in document.warnings:
        warning.message = translated(warning)
        by_origin.setdefault(warning.where, []).append(warning.message)
    shown_origins = set()
    plans = []
    for p, plan in enumerate(document.plans):
        goals = []
        for g, goal in enumerate(plan.goals):
            tasks = []
            for t, task in enumerate(goal.tasks):
                rows = []
                for a, activity in enumerate(task.activities):
                    key = row_key(p, g, t, a)
                    warnings = by_origin.get(activity.origin, []) if activity.origin else []
                    if warnings:
                        shown_origins.add(activity.origin)
                    rows.append(
                        {
                            "key": key,
                            "activity": activity,
                            "warnings": warnings,
                            "role": record.row_roles.get(key, "activity"),
                        }
                    )
                tasks.append({"task": task, "rows": rows})
            goals.append({"goal": goal, "tasks": tasks})
        report, findings = check_document_plan(plan, membership.organization)
        plans.append({"index": p, "plan": plan, "goals": goals, "activity_count": len(plan.activities()),
                      "counts": report.counts(), "findings": findings})
    other_warnings = [w for w in document.warnings if w.where not in shown_origins]
    return render(
        request,
        "imports/import_preview.html",
        {
            "membership": membership,
            "record": record,
            "plans": plans,
            "other_warnings": other_warnings,
            "roles": [("activity", _("activity")), ("heading", _("heading")), ("ignore", _("leave out"))],
            "editable": record.status == ImportStatus.PREVIEW,
            "saved_plans": [reverse("plan", args=[slug, pk]) for pk in record.plan_ids],
        },
    )


def import_source(request, slug, pk):
    """The file as it was brought, for anyone in the organisation to download."""
    _membership, record = _record(request, slug, pk)
    try:
        handle = record.source_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=record.source_name)
