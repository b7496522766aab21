"""Plan pages. Each view checks access, validates a form, calls an action, renders.

When htmx asks, a view answers with the fragment of the page that changed (a grid row,
a form); without JavaScript the same URL answers with a whole page or a redirect.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership, get_object_for_member
from holos.audit.models import AuditEntry
from holos.audit.subjects import describe_subjects
from holos.core.periods import period_columns
from holos.pages import form_status, post_only, remembered_filter
from holos.plans import actions
from holos.plans.actions import tree_to_document
from holos.plans.checking import (
    REPORT_SECONDS,
    check_tree,
    dismiss_finding,
    names_row_of,
    render_finding_groups,
    report_key,
    restore_finding,
)
from holos.plans.forms import ActivityForm, CatalogueEntryForm, GoalForm, MergeForm, PlanForm, SlotForm, TaskForm
from holos.plans.grid import Entry, GridFilter, PlanTree, apply_filter, load_plan_tree
from holos.plans.labels import column_label, column_labels, told_apart
from holos.plans.models import Activity, Goal, Plan, Task
from holos.plans.rows import RowContext, render_plan_body, render_row

FILTER_KEYS = ("audience", "channel", "unit", "month")


def _plan_url(plan, anchor: str = "") -> str:
    url = reverse("plan", args=[plan.organization.slug, plan.pk])
    return f"{url}#{anchor}" if anchor else url


def organization_home(request, slug):
    membership = get_membership(request, slug)
    plans = (
        Plan.objects.filter(organization=membership.organization)
        .order_by("-period_start", "title", "id")
        .annotate(activity_count=Count("activities"))
    )
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    apart = told_apart(page.object_list)
    for plan in page.object_list:
        plan.told_apart = apart[plan.pk]
    return render(request, "plans/plan_list.html", {"membership": membership, "page": page})


def plan_create(request, slug):
    membership = get_membership(request, slug, edit=True)
    form = PlanForm(request.POST or None, initial={"organization_name": membership.organization.name})
    if request.method == "POST" and form.is_valid():
        plan = actions.create_plan(actor=request.user, organization=membership.organization, **form.cleaned_data)
        messages.success(request, _("The plan was created."))
        return redirect(_plan_url(plan))
    return render(request, "plans/plan_form.html", {"membership": membership, "form": form}, status=form_status(form))



def _grid_filter(request, plan, facts: "PlanFacts", columns) -> tuple[GridFilter, bool]:
    """The grid's filter from the query, remembered per plan in the session.

    A remembered value the plan no longer uses (a deleted audience, ``?audience=999``)
    is dropped, and the second value says so, so that the page does not show no rows
    under filters that all read "all".
    """
    key = f"plan-filter-{plan.pk}"
    values = remembered_filter(request, key, FILTER_KEYS)
    used = {name: {e.pk for e in getattr(facts, name + "s")} for name in ("audience", "channel", "unit")}
    stale = False

    def number(name):
        nonlocal stale
        value = str(values.get(name) or "")
        if not value:
            return None
        if value.isdigit() and int(value) in used[name]:
            return int(value)
        stale = True
        return None

    month = values.get("month") or None
    if month and month not in {c[0] for c in columns}:
        stale, month = True, None
    grid_filter = GridFilter(audience=number("audience"), channel=number("channel"), unit=number("unit"),
                             month=month)
    if stale and key in request.session:
        request.session[key] = {name: str(getattr(grid_filter, name) or "") for name in FILTER_KEYS}
    return grid_filter, stale


def _columns_with_labels(columns):
    return [(c, column_label(c), column_label(c, long=True)) for c in columns]


def _row_context(request, membership, labelled_columns, *, csrf_token: str | None = None) -> RowContext:
    return RowContext.for_request(request, membership.organization.slug, can_edit=membership.can_edit_plans,
                                  columns=labelled_columns, csrf_token=csrf_token)


def _render_rows(request, membership, activities, labelled_columns, *, csrf_token: str | None = None):
    ctx = _row_context(request, membership, labelled_columns, csrf_token=csrf_token)
    for activity in activities:
        activity.row_html = render_row(activity, ctx)


# Stands in for the form token in the part of the plan page kept in the cache, and in the
# page around it; letters only, so escaping keeps it. Each response puts its own token in.
CSRF_SLOT = "holosPlanCsrfSlot4e1b7d"
# Where the page's template leaves the grid, which is put in as UTF-8 after the page is
# written: the template engine would copy its megabytes at every tag around it. Markup, so
# no text a person typed can write it: escaping turns its "<" into "&lt;".
BODY_SLOT = "<!--holos-plan-body-->"


@dataclass
class PlanFacts:
    """What the plan page needs before its filter is known: the entries its activities use."""

    audiences: list[Entry]
    channels: list[Entry]
    units: list[Entry]
    goal_count: int
    activity_count: int


def plan_facts(plan, tree: Callable[[], PlanTree]) -> PlanFacts:
    """The catalogue entries the plan uses, kept in the cache under the plan's revision.

    ``tree`` gives the plan's tree when the facts must be written again; the page reads
    it at most once for its facts and its body.
    """
    key = report_key(plan) + ":facts"
    facts = cache.get(key)
    if facts is None:
        loaded = tree()
        facts = PlanFacts(audiences=loaded.used_entries("audience_list"), channels=loaded.used_entries("channel_list"),
                          units=loaded.used_entries("unit_list"), goal_count=len(loaded.goals),
                          activity_count=loaded.activity_count)
        cache.set(key, facts, timeout=REPORT_SECONDS)
    return facts


@dataclass
class PlanBody:
    """The plan page's grid, written once per revision of the plan (see ``plan_body``).

    ``html`` is the grid's HTML in UTF-8, with ``CSRF_SLOT`` where each response puts its form token.
    """

    html: bytes
    shown: int
    activity_count: int


def plan_body(request, membership, plan, grid_filter, columns, tree: Callable[[], PlanTree]) -> PlanBody:
    """The grid of goals, tasks and activities, as UTF-8 HTML with a token slot.

    Written from the plan and its check report, and kept in the cache under the plan's
    revision (see ``holos.plans.checking.report_key``), the language, whether the reader
    may edit and the filter: every change to the plan counts a new revision, so readers
    after the first get the page without reading the plan's rows at all.
    """
    key = ":".join([report_key(plan), "page", get_language() or "", membership.organization.slug,
                    str(int(membership.can_edit_plans)), *(str(v) for v in (grid_filter.audience, grid_filter.channel,
                                                                             grid_filter.unit, grid_filter.month))])
    body = cache.get(key)
    if body is not None:
        return body
    loaded = tree()
    shown = apply_filter(loaded, grid_filter)
    ctx = _row_context(request, membership, columns, csrf_token=CSRF_SLOT)
    html = render_plan_body(loaded.goals, ctx)
    body = PlanBody(html=html.encode(), shown=shown, activity_count=loaded.activity_count)
    cache.set(key, body, timeout=REPORT_SECONDS)
    return body


def plan_detail(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk)
    plan.organization = membership.organization
    columns = _columns_with_labels(period_columns(plan.period_start, plan.period_end, plan.granularity))
    tree = functools.cache(lambda: load_plan_tree(plan))
    facts = plan_facts(plan, tree)
    grid_filter, stale = _grid_filter(request, plan, facts, columns)
    body = plan_body(request, membership, plan, grid_filter, columns, tree) if facts.goal_count else None
    context = {
        "body": body,
        "body_slot": mark_safe(BODY_SLOT),  # noqa: S308 - a constant
        "facts": facts,
        "membership": membership,
        "plan": plan,
        "columns": columns,
        "filter": grid_filter,
        "stale_filter": stale,
        "audiences": facts.audiences,
        "channels": facts.channels,
        "units": facts.units,
        "can_edit": membership.can_edit_plans,
        "csrf_token": CSRF_SLOT,
    }
    page = render_to_string("plans/plan_detail.html", context, request)
    token = get_token(request)
    head, _slot, tail = page.partition(BODY_SLOT)
    grid = body.html.replace(CSRF_SLOT.encode(), token.encode()) if body is not None else b""
    return HttpResponse(b"".join([head.replace(CSRF_SLOT, token).encode(), grid,
                                  tail.replace(CSRF_SLOT, token).encode()]))


def plan_checks(request, slug, pk):
    """The plan read against the method: findings grouped by rule, and the load on units."""
    membership, plan = get_object_for_member(request, slug, Plan, pk)
    plan.organization = membership.organization
    tree = load_plan_tree(plan)
    checks = check_tree(tree, tree_to_document(tree))
    return render(request, "plans/plan_checks.html", {
        "membership": membership,
        "plan": plan,
        "tree": tree,
        "columns": _columns_with_labels(tree.columns),
        "checks": checks,
        "finding_groups": render_finding_groups(checks, can_edit=membership.can_edit_plans,
                                                plan_url=_plan_url(plan)),
    })


def plan_edit(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk, edit=True)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        actions.update_plan(actor=request.user, plan=Plan.objects.get(pk=plan.pk), **form.cleaned_data)
        messages.success(request, _("The plan was saved."))
        return redirect(_plan_url(plan))
    return render(request, "plans/plan_form.html", {"membership": membership, "form": form, "plan": plan},
                  status=form_status(form))


def plan_delete(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk, edit=True)
    if request.method == "POST":
        actions.delete_plan(actor=request.user, plan=plan)
        messages.success(request, _("The plan was deleted. Its history stays in the audit log."))
        return redirect("organization", slug)
    return render(request, "plans/confirm_delete.html",
                  {"membership": membership, "object": plan, "plan": plan, "cancel_url": _plan_url(plan)})


def plan_history(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk)
    entries = AuditEntry.objects.for_plan(plan.pk).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    describe_subjects(page.object_list)
    return render(request, "plans/plan_history.html", {"membership": membership, "plan": plan, "page": page})


# Goals


def goal_create(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk, edit=True)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        goal = actions.create_goal(actor=request.user, plan=plan, **form.cleaned_data)
        return redirect(_plan_url(plan, f"goal-{goal.pk}"))
    return render(request, "plans/item_form.html",
                  {"membership": membership, "plan": plan, "form": form, "heading": _("New goal")},
                  status=form_status(form))


def goal_edit(request, slug, pk):
    membership, goal = get_object_for_member(request, slug, Goal, pk, edit=True)
    form = GoalForm(request.POST or None, initial={"title": goal.title, "key_message": goal.key_message})
    if request.method == "POST" and form.is_valid():
        actions.update_goal(actor=request.user, goal=goal, **form.cleaned_data)
        return redirect(_plan_url(goal.plan, f"goal-{goal.pk}"))
    return render(request, "plans/item_form.html",
                  {"membership": membership, "plan": goal.plan, "form": form, "heading": _("Edit goal")},
                  status=form_status(form))


def _delete(request, slug, model, pk, delete_action, heading):
    membership, obj = get_object_for_member(request, slug, model, pk, edit=True)
    plan = obj.plan
    if request.method == "POST":
        delete_action(actor=request.user, **{model._meta.model_name: obj})
        if request.htmx:
            return HttpResponse("")
        messages.success(request, _("Deleted. The audit log keeps what it was."))
        return redirect(_plan_url(plan))
    return render(request, "plans/confirm_delete.html",
                  {"membership": membership, "object": obj, "plan": plan, "heading": heading,
                   "cancel_url": _plan_url(plan)})


def goal_delete(request, slug, pk):
    return _delete(request, slug, Goal, pk, actions.delete_goal, _("Delete goal"))


def task_delete(request, slug, pk):
    return _delete(request, slug, Task, pk, actions.delete_task, _("Delete task"))


def activity_delete(request, slug, pk):
    return _delete(request, slug, Activity, pk, actions.delete_activity, _("Delete activity"))


def move(request, slug, kind, pk):
    model = {"goal": Goal, "task": Task, "activity": Activity}.get(kind)
    if model is None:
        raise Http404
    membership, obj = get_object_for_member(request, slug, model, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    direction = -1 if request.POST.get("direction") == "up" else 1
    actions.move(actor=request.user, obj=obj, direction=direction)
    return redirect(_plan_url(obj.plan, f"{kind}-{obj.pk}"))


# Tasks


def task_create(request, slug, pk):
    membership, goal = get_object_for_member(request, slug, Goal, pk, edit=True)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        task = actions.create_task(actor=request.user, goal=goal, title=form.cleaned_data["title"])
        return redirect(_plan_url(goal.plan, f"task-{task.pk}"))
    return render(request, "plans/item_form.html",
                  {"membership": membership, "plan": goal.plan, "form": form, "heading": _("New task")},
                  status=form_status(form))


def task_edit(request, slug, pk):
    membership, task = get_object_for_member(request, slug, Task, pk, edit=True)
    form = TaskForm(request.POST or None, plan=task.plan, initial={"title": task.title, "goal": task.goal_id})
    if request.method == "POST" and form.is_valid():
        actions.update_task(actor=request.user, task=task, title=form.cleaned_data["title"],
                            goal=form.cleaned_data.get("goal"))
        return redirect(_plan_url(task.plan, f"task-{task.pk}"))
    return render(request, "plans/item_form.html",
                  {"membership": membership, "plan": task.plan, "form": form, "heading": _("Edit task")},
                  status=form_status(form))


# Activities


def _activity_row(request, membership, activity):
    """Render one grid row, with the data the whole-page loader would give it."""
    plan = activity.plan
    tree = load_plan_tree(plan)
    row = next(a for g in tree.goals for t in g.task_list for a in t.activity_list if a.pk == activity.pk)
    _render_rows(request, membership, [row], _columns_with_labels(tree.columns))
    return HttpResponse(row.row_html)


def activity_row(request, slug, pk):
    membership, activity = get_object_for_member(request, slug, Activity, pk)
    return _activity_row(request, membership, activity)


def _activity_form_response(request, membership, plan, form, activity=None, task=None):
    context = {
        "membership": membership, "plan": plan, "form": form, "activity": activity, "task": task,
        "colspan": 7 + len(form.fields["months"].choices),
    }
    template = "plans/_activity_form_row.html" if request.htmx else "plans/activity_form.html"
    # htmx swaps only successful answers, so a form with errors comes back as 200 there.
    status = 200 if request.htmx else form_status(form)
    return render(request, template, context, status=status)


def activity_create(request, slug, pk):
    membership, task = get_object_for_member(request, slug, Task, pk, edit=True)
    plan = task.plan
    labels = column_labels([c for c in _columns(plan)], long=True)
    form = ActivityForm(request.POST or None, plan=plan, column_labels=labels)
    if request.method == "POST" and form.is_valid():
        activity = actions.create_activity(actor=request.user, task=task, data=form.activity_data())
        return redirect(_plan_url(plan, f"activity-{activity.pk}"))
    return _activity_form_response(request, membership, plan, form, task=task)


def _columns(plan):
    from holos.core.periods import period_columns

    return period_columns(plan.period_start, plan.period_end, plan.granularity)


def activity_edit(request, slug, pk):
    membership, activity = get_object_for_member(request, slug, Activity, pk, edit=True)
    plan = activity.plan
    labels = column_labels(_columns(plan), long=True)
    tree = load_plan_tree(plan)
    loaded = next(a for g in tree.goals for t in g.task_list for a in t.activity_list if a.pk == activity.pk)
    form = ActivityForm(request.POST or None, plan=plan, column_labels=labels,
                        initial=ActivityForm.initial_for(loaded))
    if request.method == "POST" and form.is_valid():
        actions.update_activity(actor=request.user, activity=activity, data=form.activity_data())
        if request.htmx:
            return _activity_row(request, membership, Activity.objects.get(pk=activity.pk))
        messages.success(request, _("The activity was saved."))
        return redirect(_plan_url(plan, f"activity-{activity.pk}"))
    return _activity_form_response(request, membership, plan, form, activity=loaded)


def activity_toggle_slot(request, slug, pk):
    """Mark or unmark one month (or quarter) of an activity: a click on a grid cell."""
    membership, activity = get_object_for_member(request, slug, Activity, pk, edit=True)
    if refused := post_only(request):
        return refused
    columns = _columns(activity.plan)
    form = SlotForm(request.POST, columns=columns)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors["slot"][0])
    actions.toggle_activity_slot(actor=request.user, activity=activity, slot=form.cleaned_data["slot"],
                                 columns=columns)
    if request.htmx:
        return _activity_row(request, membership, Activity.objects.get(pk=activity.pk))
    return redirect(_plan_url(activity.plan, f"activity-{activity.pk}"))


# Catalogues

def _catalogue(kind):
    if kind not in actions.CATALOGUES:
        raise Http404
    return actions.CATALOGUES[kind]


def _catalogue_page(request, membership, kind, *, create_form=None, merge_form=None):
    """The catalogue's entries with the number of activities naming each; ``*_form`` a form sent with mistakes."""
    model = _catalogue(kind)
    organization = membership.organization
    entries = list(model.objects.filter(organization=organization).annotate(activity_count=Count("activities"))
                   .order_by("normalized", "id"))
    create_form = create_form or CatalogueEntryForm(prefix="new", model=model, organization=organization)
    merge_form = merge_form or MergeForm(entries=entries, prefix="merge")
    return render(request, "plans/catalogue.html", {
        "membership": membership, "kind": kind, "entries": entries, "duplicates": _duplicate_groups(entries),
        "create_form": create_form, "merge_form": merge_form, "title": _catalogue_title(kind),
    }, status=form_status(create_form, merge_form))


def catalogue(request, slug, kind):
    """The catalogue. Its forms are sent to addresses of their own; a form sent here is still found by its fields."""
    _catalogue(kind)
    membership = get_membership(request, slug)
    if request.method == "POST":
        if "new-name" in request.POST:
            return catalogue_entry_create(request, slug, kind)
        return catalogue_merge(request, slug, kind)
    return _catalogue_page(request, membership, kind)


def catalogue_entry_create(request, slug, kind):
    model = _catalogue(kind)
    membership = get_membership(request, slug, edit=True)
    if refused := post_only(request):
        return refused
    form = CatalogueEntryForm(request.POST, prefix="new", model=model, organization=membership.organization)
    if not form.is_valid():
        return _catalogue_page(request, membership, kind, create_form=form)
    actions.create_catalogue_entry(actor=request.user, organization=membership.organization, kind=kind,
                                   name=form.cleaned_data["name"])
    return redirect("catalogue", slug, kind)


def catalogue_merge(request, slug, kind):
    model = _catalogue(kind)
    membership = get_membership(request, slug, edit=True)
    if refused := post_only(request):
        return refused
    entries = model.objects.filter(organization=membership.organization).order_by("normalized", "id")
    form = MergeForm(request.POST, entries=entries, prefix="merge")
    if not form.is_valid():
        return _catalogue_page(request, membership, kind, merge_form=form)
    keep = form.cleaned_data["keep"]
    actions.merge_catalogue_entries(actor=request.user, keep=keep, duplicates=form.cleaned_data["merge"])
    messages.success(request, _("Merged into “%(name)s”.") % {"name": keep.name})
    return redirect("catalogue", slug, kind)


def _catalogue_title(kind):
    return {"audiences": _("Audiences"), "channels": _("Channels"), "units": _("Units")}[kind]


def _duplicate_groups(entries):
    """Entries that differ only in case, spaces or dashes, offered for merging."""
    groups: dict[str, list[Any]] = {}
    for entry in entries:
        groups.setdefault(entry.normalized, []).append(entry)
    return [group for group in groups.values() if len(group) > 1]


def catalogue_entry_edit(request, slug, kind, pk):
    model = _catalogue(kind)
    membership, entry = get_object_for_member(request, slug, model, pk, edit=True)
    if request.method == "POST" and "delete" in request.POST:
        if request.POST.get("confirm") != "1":
            return _confirm_entry_delete(request, membership, kind, entry)
        actions.delete_catalogue_entry(actor=request.user, entry=entry)
        messages.success(request, _("Deleted. The audit log keeps what it was."))
        return redirect("catalogue", slug, kind)
    form = CatalogueEntryForm(request.POST or None, initial={"name": entry.name}, model=model,
                              organization=membership.organization, entry=entry)
    if request.method == "POST" and form.is_valid():
        actions.rename_catalogue_entry(actor=request.user, entry=entry, name=form.cleaned_data["name"])
        return redirect("catalogue", slug, kind)
    return render(request, "plans/catalogue_entry_form.html",
                  {"membership": membership, "kind": kind, "entry": entry, "form": form,
                   "title": _catalogue_title(kind)}, status=form_status(form))


def _confirm_entry_delete(request, membership, kind, entry):
    """Ask before deleting a catalogue entry, naming the activities and plans that use it."""
    activities = entry.activities.select_related("plan").order_by("plan__title", "plan_id", "position", "id")
    plans: dict[int, dict] = {}
    for activity in activities[:200]:
        plans.setdefault(activity.plan_id, {"plan": activity.plan, "activities": []})["activities"].append(activity)
    return render(request, "plans/catalogue_entry_delete.html", {
        "membership": membership, "kind": kind, "entry": entry, "title": _catalogue_title(kind),
        "count": activities.count(), "plans": list(plans.values()),
    })


# Checks


def finding_dismiss(request, slug, pk):
    """Set findings aside with a reason (kept in the history), or bring one back."""
    membership, plan = get_object_for_member(request, slug, Plan, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if "restore" in request.POST:
        code, _sep, where = request.POST.get("restore", "").partition("|")
        restore_finding(actor=request.user, plan=plan, code=code[:60], where=where[:60])
        messages.success(request, _("The finding is back in the list."))
        return redirect("plan_checks", slug, plan.pk)
    chosen = [value.partition("|") for value in request.POST.getlist("finding")]
    if request.POST.get("rule"):
        chosen = _findings_of_rule(plan, request.POST["rule"])
    chosen = [(code[:60], where) for code, _sep, where in chosen if code and names_row_of(plan, where)]
    reason = " ".join(request.POST.get("reason", "").split())
    if not chosen:
        messages.error(request, _("Choose the findings to dismiss."))
    elif not reason:
        messages.error(request, _("Say why the findings do not apply; the reason is kept in the history."))
    else:
        for code, where in chosen:
            dismiss_finding(actor=request.user, plan=plan, code=code, where=where, reason=reason)
        messages.success(request, _("Dismissed: %(count)s.") % {"count": len(chosen)})
    return redirect("plan_checks", slug, plan.pk)


def _findings_of_rule(plan, code: str) -> list[tuple[str, str, str]]:
    """Every finding of one rule the plan has now, as ``(code, "|", row key)``, for a dismissal of them all."""
    tree = load_plan_tree(plan)
    checks = check_tree(tree, tree_to_document(tree))
    return [(item.finding.code, "|", item.key) for group in checks.groups for item in group.findings
            if item.finding.code == code]


# Exports


def plan_export(request, slug, pk, fmt):
    from holos.exports import CALENDAR, CONTENT_TYPES, PLAN_FILES
    from holos.plans.exporting import export_plan_file

    membership, plan = get_object_for_member(request, slug, Plan, pk)
    if fmt not in PLAN_FILES:
        raise Http404
    content, filename = export_plan_file(plan, fmt, language=request.LANGUAGE_CODE or "uk")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == CALENDAR else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response


def plan_publish(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    published = request.POST.get("publish") == "1"
    actions.set_published(actor=request.user, plan=plan, published=published)
    if published:
        messages.success(request, _("The plan is public now."))
    else:
        messages.success(request, _("The plan's public page was taken down."))
    return redirect(_plan_url(plan))
