"""Upload (or paste) → preview with every guess shown → confirm. Saving is all or nothing."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership
from holos.core.document import PlanDocument
from holos.core.importers import UnreadableSource
from holos.imports import actions
from holos.imports.forms import ColumnRolesForm, ImportForm, ReviewForm, column_choices, column_role_labels
from holos.imports.models import ImportRecord, ImportStatus
from holos.imports.rows import PreviewRows, header_options
from holos.pages import form_status, post_only
from holos.plans.checking import check_document_plan
from holos.translation import core_message, place


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
        status=form_status(form),
    )


def translated(item) -> str:
    """A core message (a warning, a reason a file cannot be read) in the reader's language."""
    english = str(getattr(item, "message", item))
    return core_message(getattr(item, "template", ""), getattr(item, "params", None), english)


def _record(request, slug, pk, *, edit=False):
    membership = get_membership(request, slug, edit=edit)
    # The document (the whole plan as read) is loaded where it is used, not for every request.
    record = ImportRecord.objects.filter(pk=pk, organization=membership.organization).defer("document").first()
    if record is None:
        raise Http404
    record.organization = membership.organization  # read already: not again for each use
    return membership, record


def _document_tables(document: PlanDocument) -> list[dict]:
    tables = (document.source or {}).get("tables") or []
    return [table for table in tables if isinstance(table, dict) and table.get("id")]


def import_preview(request, slug, pk):
    """The preview. Its forms are sent to addresses of their own; a form sent here is still found by its button."""
    membership, record = _record(request, slug, pk, edit=True)
    if request.method == "POST" and record.status != ImportStatus.FAILED:
        if "reread" in request.POST:
            return import_reread(request, slug, pk)
        if "discard" in request.POST:
            return import_discard(request, slug, pk)
        return _confirm(request, record)
    if request.htmx and "progress" in request.GET and record.status != ImportStatus.READING:
        response = HttpResponse()
        response["HX-Redirect"] = request.path  # read: the whole page shows the preview (or why not)
        return response
    if record.status == ImportStatus.READING:
        return _reading(request, membership, record)
    if record.status == ImportStatus.FAILED:
        return render(request, "imports/import_failed.html",
                      {"membership": membership, "record": record, "reason": _problem(record)}, status=422)
    if record.problem and request.method == "GET":
        messages.error(request, _("Reading the file again failed: %(reason)s") % {"reason": _problem(record)})
    return _render_preview(request, membership, record, PlanDocument.from_dict(record.document))


def _not_in_review(request, record):
    """None when the import waits for review; else where to go instead (the preview says why)."""
    if record.status == ImportStatus.PREVIEW:
        return None
    if record.status == ImportStatus.READING:
        messages.info(request, _("The file is still being read; choose again when it is ready."))
    return redirect("import_preview", record.organization.slug, record.pk)


def import_confirm(request, slug, pk):
    """Save the plans chosen in the preview, with the roles chosen for their rows: all or nothing."""
    _membership, record = _record(request, slug, pk, edit=True)
    if refused := post_only(request):
        return refused
    return _confirm(request, record)


def _confirm(request, record):
    """Save what the preview's form chose, for an import of the member's organisation read once by the caller."""
    slug = record.organization.slug
    if elsewhere := _not_in_review(request, record):
        return elsewhere
    form = ReviewForm(request.POST)
    form.is_valid()  # every row and plan not chosen has a meaning: nothing here is a mistake
    plans = actions.confirm_import(actor=request.user, import_record=record, roles=form.cleaned_data["roles"],
                                   chosen=form.cleaned_data["chosen"])
    if not plans:
        messages.error(request, _("No plan was chosen, so nothing was saved."))
        return redirect("import_preview", slug, record.pk)
    messages.success(
        request, _("Saved %(count)s plan(s) from %(name)s.") % {"count": len(plans), "name": record.source_name}
    )
    return redirect("plan", slug, plans[0].pk)


def import_discard(request, slug, pk):
    _membership, record = _record(request, slug, pk, edit=True)
    if refused := post_only(request):
        return refused
    if elsewhere := _not_in_review(request, record):
        return elsewhere
    actions.discard_import(actor=request.user, import_record=record)
    messages.success(request, _("The import was discarded; nothing was saved."))
    return redirect("organization", slug)


def import_reread(request, slug, pk):
    """Read the source file again with the roles chosen for the columns of one table."""
    membership, record = _record(request, slug, pk, edit=True)
    if refused := post_only(request):
        return refused
    if elsewhere := _not_in_review(request, record):
        if record.status != ImportStatus.READING:
            messages.error(request, _("This import is no longer waiting for review, so it cannot be read again."))
        return elsewhere
    document = PlanDocument.from_dict(record.document)
    table = next((t for t in _document_tables(document) if t["id"] == request.POST.get("table")), None)
    if table is None:
        messages.error(request, _("That table is not in the document any more; choose the roles again."))
        return redirect("import_preview", slug, record.pk)
    form = ColumnRolesForm(request.POST, table=table)
    if not form.is_valid():
        chosen = {"table": table["id"], "values": form.roles_shown(), "errors": form.sentences()}
        return _render_preview(request, membership, record, document, chosen=chosen, status=422)
    record = actions.choose_columns(actor=request.user, import_record=record, table=table,
                                    roles=form.cleaned_data["roles"], header=form.cleaned_data["header"])
    if record.status == ImportStatus.PREVIEW and not record.problem:
        messages.success(request, _("The file was read again with the roles chosen for the columns."))
    return redirect("import_preview", slug, record.pk)


def _problem(record) -> str:
    """Why the last reading of the import's file failed, in the reader's language."""
    problem = record.problem or {}
    return core_message(problem.get("template", ""), problem.get("params") or {}, problem.get("template", ""))


def _reading(request, membership, record):
    """While the file is read in the background: where it stands; htmx asks again until it is done."""
    context = {"membership": membership, "record": record,
               "waited": int((timezone.now() - record.reading_since).total_seconds()) if record.reading_since
               else None}
    if request.htmx:
        return render(request, "imports/_reading_progress.html", context)
    return render(request, "imports/import_reading.html", context)


def _column_tables(document: PlanDocument, chosen: dict | None) -> list[dict]:
    """The plan tables and their columns for the forms of the preview, guesses marked."""
    labels = column_role_labels()
    tables = []
    for number, table in enumerate(_document_tables(document), start=1):
        own = chosen if chosen and chosen["table"] == table["id"] else None
        columns = []
        for column in table.get("columns", []):
            index = column["index"]
            selected = own["values"].get(index, column.get("role")) if own else column.get("role")
            columns.append({
                "index": index,
                "number": index + 1,
                "header": column.get("header", ""),
                "selected": selected,
                "guessed": column.get("guessed", True),
                "guess": labels.get(column.get("guess", ""), ""),
                "changed": column.get("guess") != column.get("role"),
                "choices": [(role, labels[role]) for role in column_choices(column)],
            })
        tables.append({"id": table["id"], "where": place(table.get("where", table["id"])), "number": number,
                       "plan": table.get("plan", True), "columns": columns, "errors": own["errors"] if own else [],
                       "header_options": header_options(table.get("rows") or [], table.get("header"))})
    return tables


def _render_preview(request, membership, record, document, *, chosen=None, status=200):
    slug = membership.organization.slug
    by_origin: dict[str, list[str]] = {}
    for warning in document.warnings:
        warning.message = translated(warning)
        by_origin.setdefault(warning.where, []).append(warning.message)
    editable = record.status == ImportStatus.PREVIEW
    rows = PreviewRows(editable=editable, row_roles=record.row_roles, warnings=by_origin)
    plans = []
    for p, plan in enumerate(document.plans):
        goals = [{"goal": goal, "body": rows.goal_body(p, g, goal.tasks)} for g, goal in enumerate(plan.goals)]
        report, findings = check_document_plan(plan, membership.organization)
        plans.append({"index": p, "plan": plan, "goals": goals, "activity_count": len(plan.activities()),
                      "counts": report.counts(), "findings": rows.findings(findings)})
    other_warnings = [{"where": place(w.where), "message": w.message}
                      for w in document.warnings if w.where not in rows.shown_origins]
    return render(
        request,
        "imports/import_preview.html",
        {
            "membership": membership,
            "record": record,
            "plans": plans,
            "other_warnings": other_warnings,
            "tables": _column_tables(document, chosen) if editable else [],
            "editable": editable,
            "saved_plans": [reverse("plan", args=[slug, pk]) for pk in record.plan_ids],
        },
        status=status,
    )


def import_source(request, slug, pk):
    """The file as it was brought, for anyone in the organisation to download."""
    _membership, record = _record(request, slug, pk)
    try:
        handle = record.source_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=record.source_name)
