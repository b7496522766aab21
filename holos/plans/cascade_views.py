"""The cascade page of a plan: the plan it carries out, the links of its goals and tasks,
and, for a parent plan, which work of its children carries each of its goals."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from holos.accounts.access import get_object_for_member
from holos.plans import actions
from holos.plans.cascade import goal_rollups, parent_choices
from holos.plans.models import Goal, Plan, Task


class ParentForm(forms.Form):
    parent = forms.TypedChoiceField(label=gettext_lazy("This plan carries out"), coerce=int, required=False,
                                    empty_value=None)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("no other plan"))] + [(p.pk, p.title) for p in plans]


def _goal_choices(parent: Plan | None) -> list[tuple[str | int, str]]:
    choices: list[tuple[str | int, str]] = [("", _("no goal of the parent plan"))]
    if parent is not None:
        choices += list(Goal.objects.filter(plan=parent).values_list("pk", "title"))
    return choices


def plan_cascade(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk)
    plan.organization = membership.organization
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(("GET", "HEAD", "POST"))
    can_edit = membership.can_edit_plans
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        _save(request, plan)
        return redirect("plan_cascade", slug, pk)
    parent = plan.parent
    goals = list(Goal.objects.filter(plan=plan).prefetch_related("tasks"))
    rollups = goal_rollups(plan, timezone.localdate())
    return render(request, "plans/cascade.html", {
        "membership": membership, "plan": plan, "parent": parent, "can_edit": can_edit,
        "parent_form": ParentForm(plans=parent_choices(plan), initial={"parent": plan.parent_id}),
        "goal_choices": _goal_choices(parent), "goals": goals, "rollups": rollups,
        "children": list(plan.children.order_by("title")),
        "uncarried": [r for r in rollups if not r.carried],
    })


def _save(request, plan: Plan) -> None:
    form_name = request.POST.get("form")
    if form_name == "parent":
        form = ParentForm(request.POST, plans=parent_choices(plan))
        if not form.is_valid():
            messages.error(request, _("Choose one of the organisation's plans."))
            return
        parent = Plan.objects.filter(pk=form.cleaned_data["parent"], organization=plan.organization).first()
        actions.set_plan_parent(actor=request.user, plan=plan, parent=parent)
        messages.success(request, _("The plan's parent plan was saved."))
        return
    if form_name not in ("goal", "task"):
        raise Http404
    row_pk = _number(request.POST.get("row"))
    if row_pk is None:
        raise Http404
    row: Goal | Task | None = (Goal.objects.filter(plan=plan, pk=row_pk).first() if form_name == "goal"
                               else Task.objects.filter(plan=plan, pk=row_pk).first())
    if row is None:
        raise Http404
    chosen = _number(request.POST.get("parent_goal"))
    parent_goal = None
    if chosen is not None:
        parent_goal = Goal.objects.filter(pk=chosen, plan_id=plan.parent_id).first() if plan.parent_id else None
        if parent_goal is None:
            messages.error(request, _("Choose a goal of the parent plan."))
            return
    if isinstance(row, Goal):
        actions.link_goal(actor=request.user, goal=row, parent_goal=parent_goal)
    else:
        actions.link_task(actor=request.user, task=row, parent_goal=parent_goal)
    messages.success(request, _("The link was saved."))


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
