"""The community profile, the seven steps of the builder, a plan's suggestions and the activity library.

Every view asks ``get_membership``/``get_object_for_member`` first. Members read the
profile, the library and a plan's suggestions; editors write plans and drafts; an
organisation's own templates are kept by its administrators. Every step is an ordinary
form: it works without JavaScript, and with it the message helper answers as one types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.forms import formset_factory
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership, get_object_for_member
from holos.builder import actions, sources
from holos.builder.forms import (
    AudienceChoiceForm,
    BasicsForm,
    GoalForm,
    NewAudienceForm,
    ProfileAudienceEditForm,
    ProfileAudienceForm,
    ProfileChannelForm,
    ProfileForm,
    ProposalForm,
    ReachForm,
    TemplateForm,
)
from holos.builder.models import ActivityTemplate, CommunityProfile, PlanDraft, ProfileAudience, ProfileChannel
from holos.builder.wording import group_names, kind_names, level_name, mend_text, message_view, reason_text
from holos.core import document as doc
from holos.core.checks import GROUP_LABELS, GROUPS, LEVELS, PROBLEM, audience_groups, channel_kinds, run_checks
from holos.core.draft import STEPS, Draft, DraftActivity, DraftAudience, DraftGoal
from holos.core.plain_language import analyse
from holos.core.schedule import parse_schedule
from holos.core.suggest import engine
from holos.core.suggest.library import LANGUAGES
from holos.pages import form_status
from holos.plans import actions as plan_actions
from holos.plans.checking import FindingView, fit_table
from holos.plans.grid import load_plan_tree
from holos.plans.labels import column_label
from holos.plans.models import Plan, Unit

STEP_TITLES = {
    1: gettext_lazy("Purpose, period and kind"),
    2: gettext_lazy("Audiences"),
    3: gettext_lazy("Goals and key messages"),
    4: gettext_lazy("Activities"),
    5: gettext_lazy("Engagement ladder"),
    6: gettext_lazy("Load of the units"),
    7: gettext_lazy("Review"),
}

# ---------------------------------------------------------------------------------------------
# Community profile
# ---------------------------------------------------------------------------------------------


def _channel_rows(organization):
    rows = list(ProfileChannel.objects.filter(organization=organization).select_related("channel")
                .prefetch_related("figures"))
    for row in rows:
        figures = list(row.figures.all())
        row.latest = figures[0] if figures else None
        row.kinds = kind_names(row.channel.name)
    return rows


def profile(request, slug):
    membership = get_membership(request, slug)
    organization = membership.organization
    existing = CommunityProfile.objects.filter(organization=organization).first()
    initial = {}
    if existing is not None:
        initial = {"population": existing.population, "population_as_of": existing.population_as_of,
                   "languages": ", ".join(existing.languages)}
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted else None
    basics = ProfileForm(posted if which == "basics" else None, initial=initial, prefix="basics")
    audience_form = ProfileAudienceForm(posted if which == "audience" else None, prefix="audience")
    channel_form = ProfileChannelForm(posted if which == "channel" else None, prefix="channel")
    if posted:
        get_membership(request, slug, edit=True)
        if which == "basics" and basics.is_valid():
            actions.save_profile(actor=request.user, organization=organization, **basics.cleaned_data)
            messages.success(request, _("The community profile was saved."))
            return redirect("community_profile", slug)
        if which == "audience" and audience_form.is_valid():
            actions.add_profile_audience(actor=request.user, organization=organization, **audience_form.cleaned_data)
            messages.success(request, _("The group was added to the profile."))
            return redirect(reverse("community_profile", args=[slug]) + "#groups")
        if which == "channel" and channel_form.is_valid():
            actions.add_profile_channel(actor=request.user, organization=organization, **channel_form.cleaned_data)
            messages.success(request, _("The channel was added to the profile."))
            return redirect(reverse("community_profile", args=[slug]) + "#channels")
        if which == "usual":
            added = actions.add_usual_groups(actor=request.user, organization=organization,
                                             language=(get_language() or "uk")[:2])
            messages.success(request, _("Groups added: %(count)s.") % {"count": len(added)})
            return redirect(reverse("community_profile", args=[slug]) + "#groups")
    audiences = list(ProfileAudience.objects.filter(organization=organization).select_related("audience"))
    channels = _channel_rows(organization)
    fit = fit_table(organization)
    for row in audiences:
        row.groups = group_names(row.audience.name)
        groups = audience_groups(row.audience.name)
        row.reached_by = [c for c in channels
                          if all(fit.fits(g, channel_kinds(c.channel.name)) for g in groups)]
    return render(request, "builder/profile.html", {
        "membership": membership, "profile": existing, "basics": basics, "audience_form": audience_form,
        "channel_form": channel_form, "audiences": audiences, "channels": channels,
        "units": Unit.objects.filter(organization=organization).order_by("name"),
        "can_edit": membership.can_edit_plans,
    }, status=form_status(basics, audience_form, channel_form))


def profile_audience(request, slug, pk):
    membership, row = get_object_for_member(request, slug, ProfileAudience, pk, edit=True)
    form = ProfileAudienceEditForm(request.POST or None,
                                   initial={"size": row.size, "size_as_of": row.size_as_of, "note": row.note})
    if request.method == "POST":
        if "remove" in request.POST:
            actions.remove_profile_audience(actor=request.user, row=row)
            messages.success(request, _("The group was taken out of the profile; the audience stays in the catalogue."))
            return redirect(reverse("community_profile", args=[slug]) + "#groups")
        if form.is_valid():
            actions.update_profile_audience(actor=request.user, row=row, **form.cleaned_data)
            return redirect(reverse("community_profile", args=[slug]) + "#groups")
    return render(request, "builder/profile_audience.html",
                  {"membership": membership, "row": row, "form": form, "groups": group_names(row.audience.name)},
                  status=form_status(form))


def profile_channel(request, slug, pk):
    membership, row = get_object_for_member(request, slug, ProfileChannel, pk, edit=True)
    form = ReachForm(request.POST or None, initial={"measure": row.measure})
    if request.method == "POST":
        if "remove" in request.POST:
            actions.remove_profile_channel(actor=request.user, row=row)
            messages.success(request, _("The channel was taken out of the profile; it stays in the catalogue."))
            return redirect(reverse("community_profile", args=[slug]) + "#channels")
        if form.is_valid():
            actions.record_reach(actor=request.user, row=row, **form.cleaned_data)
            messages.success(request, _("The new figure was recorded; the earlier ones are kept."))
            return redirect(reverse("community_profile", args=[slug]) + "#channels")
    return render(request, "builder/profile_channel.html", {
        "membership": membership, "row": row, "form": form, "figures": row.figures.all(),
        "kinds": kind_names(row.channel.name),
    }, status=form_status(form))


# ---------------------------------------------------------------------------------------------
# Drafts
# ---------------------------------------------------------------------------------------------


def drafts(request, slug):
    membership = get_membership(request, slug, edit=True)
    if request.method == "POST":
        row = actions.start_draft(actor=request.user, organization=membership.organization,
                                  language=(get_language() or "uk")[:2])
        return redirect("draft_step", slug, row.pk, 1)
    rows = PlanDraft.objects.filter(organization=membership.organization).open()
    return render(request, "builder/drafts.html", {
        "membership": membership, "rows": [(row, Draft.from_dict(row.data)) for row in rows], "steps": STEPS,
    })


def plan_build(request, slug, pk):
    """Write an empty plan with the builder: a draft that starts from the plan and fills it."""
    membership, plan = get_object_for_member(request, slug, Plan, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if plan.activities.exists():
        messages.error(request, _("The builder fills an empty plan; this one has activities already. Use its "
                                  "suggestions instead."))
        return redirect("plan_suggestions", slug, plan.pk)
    row = PlanDraft.objects.open().filter(plan=plan).first() or actions.start_draft(
        actor=request.user, organization=membership.organization, plan=plan)
    return redirect("draft_step", slug, row.pk, 1)


def draft_delete(request, slug, pk):
    membership, row = get_object_for_member(request, slug, PlanDraft, pk, edit=True)
    if request.method == "POST":
        actions.delete_draft(actor=request.user, row=row)
        messages.success(request, _("The draft was deleted. The audit log keeps what it was."))
        return redirect("drafts", slug)
    return render(request, "builder/draft_delete.html", {"membership": membership, "row": row,
                                                         "draft": Draft.from_dict(row.data)})


@dataclass
class Step:
    """What every step needs: who, which draft, the engine's inputs."""

    request: Any
    membership: Any
    row: PlanDraft
    draft: Draft
    number: int
    engine_args: dict[str, Any] = field(default_factory=dict)

    @property
    def organization(self):
        return self.membership.organization

    def plan(self) -> doc.Plan:
        return self.draft.to_plan(self.organization.name)

    def report(self):
        args = self.engine_args
        return run_checks(self.plan(), options=args["options"], fit=args["fit"], levels=self.draft.levels())


def _propose_args(step: Step) -> dict[str, Any]:
    args = dict(step.engine_args)
    args.pop("options")
    return args


def draft_step(request, slug, pk, step=None):
    membership, row = get_object_for_member(request, slug, PlanDraft, pk, edit=True)
    draft = Draft.from_dict(row.data)
    if row.finished_at is not None and row.plan_id:
        messages.info(request, _("This draft became a plan already."))
        return redirect("plan", slug, row.plan_id)
    if step is None:
        return redirect("draft_step", slug, row.pk, draft.reached)
    if not 1 <= step <= STEPS:
        raise Http404
    context = Step(request, membership, row, draft, step, sources.engine_inputs(membership.organization))
    handler = _HANDLERS[step]
    response = handler(context)
    if isinstance(response, HttpResponse):
        return response
    page, status = response
    steps = [(n, STEP_TITLES[n]) for n in range(1, STEPS + 1)]
    return render(request, "builder/step.html", {
        "membership": membership, "row": row, "draft": draft, "step": step, "steps": steps,
        "step_title": STEP_TITLES[step], "template": f"builder/step{step}.html", **page,
    }, status=status)


def _go(step: Step, *, finished: bool = False) -> HttpResponse:
    """Save the draft and go where the person asked: next, back, a step of the list, or stay."""
    go = step.request.POST.get("go", "next")
    target = {"next": step.number + 1, "back": step.number - 1, "stay": step.number}.get(go)
    if target is None:
        target = int(go) if go.isdigit() else step.number
    target = max(1, min(STEPS, target))
    actions.save_draft(actor=step.request.user, row=step.row, draft=step.draft, step=target)
    url = reverse("draft_step", args=[step.organization.slug, step.row.pk, target])
    anchor = step.request.POST.get("anchor", "")
    return redirect(f"{url}#{anchor}" if anchor and target == step.number else url)


def _add_activity(draft: Draft, activity: DraftActivity, goal: int | None) -> None:
    if not draft.goals:
        draft.goals.append(DraftGoal(title=draft.title or _("Goal")))
    index = goal if goal is not None and 0 <= goal < len(draft.goals) else 0
    draft.goals[index].activities.append(activity)
    for name in activity.audiences:
        if draft.audience(name) is None:
            draft.audiences.append(DraftAudience(name=name))


def _proposal_forms(step: Step, base: str, proposals) -> list[tuple[ProposalForm, Any]]:
    data = step.request.POST if step.request.method == "POST" else None
    return [(ProposalForm(data, prefix=f"{base}-{k}", initial=ProposalForm.initial_for(p)), p)
            for k, p in enumerate(proposals)]


def _take(step: Step, forms) -> bool:
    """Take the ticked proposals into the draft; ``False`` (and nothing taken) when one of them is not whole."""
    taken = [form for form, _proposal in forms if form.is_bound and form.taken]
    if not all(form.is_valid() for form in taken):
        return False
    for form in taken:
        _add_activity(step.draft, form.activity(step.draft.period), form.cleaned_data.get("goal"))
    return True


def _proposal_view(forms) -> list[dict[str, Any]]:
    return [{"form": form, "reasons": [reason_text(r) for r in proposal.reasons],
             "level": level_name(proposal.level), "source": proposal.source} for form, proposal in forms]


# Step 1: purpose, period and kind


def _step_basics(step: Step):
    draft = step.draft
    initial = {"title": draft.title, "purpose": draft.purpose, "kind": draft.kind, "language": draft.language,
               "start": draft.start, "end": draft.end, "granularity": draft.granularity}
    form = BasicsForm(step.request.POST or None, initial=initial)
    if step.request.method == "POST" and form.is_valid():
        for name, value in form.cleaned_data.items():
            setattr(draft, name, value)
        return _go(step)
    return {"form": form}, form_status(form)


# Step 2: audiences


def _audience_candidates(step: Step) -> list[dict[str, Any]]:
    profile = step.engine_args["profile"]
    fit = step.engine_args["fit"]
    names = [a.name for a in profile.audiences]
    names += [a.name for a in step.draft.audiences if a.name not in names]
    sizes = {a.name: a.size for a in profile.audiences}
    rows = []
    for name in names:
        groups = audience_groups(name)
        reaching = [c for c in profile.channels if all(fit.fits(g, channel_kinds(c.name)) for g in groups)]
        rows.append({"name": name, "size": sizes.get(name), "groups": group_names(name), "channels": reaching[:4],
                     "unreached": not reaching})
    return rows


MAX_GOALS = 30  # a plan's goals in the builder; methods advise a handful


def _step_audiences(step: Step):
    draft = step.draft
    candidates = _audience_candidates(step)
    # A class made here; a posted count above the candidates' is refused before any form is built.
    AudienceFormSet = formset_factory(AudienceChoiceForm, extra=0, max_num=len(candidates),
                                      absolute_max=max(len(candidates), 1), validate_max=True)
    initial = [{"chosen": draft.audience(c["name"]) is not None, "name": c["name"],
                "needs": (draft.audience(c["name"]) or DraftAudience("")).needs} for c in candidates]
    posted = step.request.POST if step.request.method == "POST" else None
    formset = AudienceFormSet(posted, initial=initial, prefix="aud")
    new = NewAudienceForm(posted, prefix="new")
    if posted is not None and formset.is_valid() and new.is_valid():
        chosen = [DraftAudience(f.cleaned_data["name"], f.cleaned_data.get("needs", "").strip())
                  for f in formset.forms if f.cleaned_data.get("chosen")]
        if new.cleaned_data.get("name"):
            chosen.append(DraftAudience(" ".join(new.cleaned_data["name"].split()),
                                        new.cleaned_data.get("needs", "").strip()))
        draft.audiences = chosen
        names = {a.name for a in chosen}
        for goal in draft.goals:
            goal.audiences = [a for a in goal.audiences if a in names]
        return _go(step)
    by_name = {c["name"]: c for c in candidates}
    rows = [(form, by_name.get(form["name"].value(), {})) for form in formset.forms]
    return {"formset": formset, "rows": rows, "new": new,
            "profile_empty": not step.engine_args["profile"].audiences}, form_status(new, formset)


# Step 3: goals and key messages


def _step_goals(step: Step):
    draft = step.draft
    names = [a.name for a in draft.audiences]
    # A class made here; a posted count past MAX_GOALS is refused before thousands of forms are built.
    GoalFormSet = formset_factory(GoalForm, extra=1, max_num=MAX_GOALS, absolute_max=MAX_GOALS,
                                  validate_max=True)
    initial = [{"title": g.title, "key_message": g.key_message, "audiences": g.audiences} for g in draft.goals]
    posted = step.request.POST if step.request.method == "POST" else None
    formset = GoalFormSet(posted, initial=initial, prefix="goals", form_kwargs={"audiences": names})
    refused = formset.non_form_errors() if posted is not None else []
    if refused:  # a count past the limit or a broken form: drawn again from the draft, with the reason
        formset = GoalFormSet(None, initial=initial, prefix="goals", form_kwargs={"audiences": names})
    elif posted is not None and formset.is_valid():
        goals = []
        for index, form in enumerate(formset.forms):
            data = form.cleaned_data
            title = " ".join((data.get("title") or "").split())
            if data.get("remove") or not title:
                if not title and (data.get("key_message") or "").strip() and not data.get("remove"):
                    form.add_error("title", _("Say what the goal is; the key message belongs to a goal."))
                continue
            activities = draft.goals[index].activities if index < len(draft.goals) else []
            goals.append(DraftGoal(title=title, key_message=" ".join((data.get("key_message") or "").split()),
                                   audiences=list(data.get("audiences") or []), activities=activities))
        if not any(form.errors for form in formset.forms):
            draft.goals = goals
            return _go(step)
    rows = []
    for form in formset.forms:
        text = form["key_message"].value() or ""
        rows.append({"form": form, "help": message_view(analyse(text, draft.language)) if text.strip() else None})
    return {"formset": formset, "rows": rows, "refused": refused,
            "languages": [name for name in step.engine_args["profile"].languages]}, \
        422 if refused else form_status(*formset.forms)


def message_help(request, slug, pk):
    """The message helper for one key message, as a fragment (htmx asks as the person types) or a page."""
    membership, row = get_object_for_member(request, slug, PlanDraft, pk, edit=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    draft = Draft.from_dict(row.data)
    text = next((value for key, value in request.POST.items() if key.endswith("key_message")), "")
    help_view = message_view(analyse(text, draft.language)) if text.strip() else None
    if request.htmx:
        return render(request, "builder/_message_help.html", {"help": help_view})
    return render(request, "builder/message_help.html", {"membership": membership, "row": row, "help": help_view,
                                                         "text": text})


# Step 4: activities for each goal and audience


def _step_activities(step: Step):
    draft = step.draft
    plan = step.plan()
    args = _propose_args(step)
    sections = []
    all_forms = []
    shown: set[str] = set()
    for gi, goal in enumerate(draft.goals):
        groups = []
        for ai, name in enumerate(draft.goal_audiences(goal)):
            taken = [(index, a) for index, a in enumerate(goal.activities) if a.audiences[:1] == [name]]
            proposals = engine.propose_for(plan, goal=gi, audience=name, levels=draft.levels(), exclude=shown,
                                           **args)
            shown.update(p.template for p in proposals)
            forms = _proposal_forms(step, f"p{gi}-{ai}", proposals)
            all_forms.extend(forms)
            groups.append({"audience": name, "needs": (draft.audience(name) or DraftAudience("")).needs,
                           "taken": [(f"{gi}:{index}", a, level_name(a.level)) for index, a in taken],
                           "proposals": _proposal_view(forms), "anchor": f"g{gi}-a{ai}"})
        other = [(f"{gi}:{index}", a, level_name(a.level)) for index, a in enumerate(goal.activities)
                 if a.audiences[:1] not in [[n] for n in draft.goal_audiences(goal)]]
        sections.append({"goal": goal, "index": gi, "groups": groups, "other": other})
    if step.request.method == "POST":
        _remove(step)
        if _take(step, all_forms):
            return _go(step)
    return {"sections": sections}, form_status(*(form for form, _p in all_forms))


def _remove(step: Step) -> None:
    """Take out the activities ticked for removal ("goal:index")."""
    marked = set(step.request.POST.getlist("remove"))
    for gi, goal in enumerate(step.draft.goals):
        goal.activities = [a for index, a in enumerate(goal.activities) if f"{gi}:{index}" not in marked]


# Step 5: the engagement ladder


def _step_ladder(step: Step):
    draft = step.draft
    if step.request.method == "POST":
        for index, activity in enumerate(draft.activities()):
            level = step.request.POST.get(f"level-{index}")
            if level in LEVELS:
                activity.level = level
    report = step.report()
    args = _propose_args(step)
    proposals = engine.climb(step.plan(), levels=draft.levels(), **args)
    forms = _proposal_forms(step, "c", proposals)
    if step.request.method == "POST" and _take(step, forms):
        return _go(step)
    activities = draft.activities()
    rungs = []
    for level in LEVELS:
        placed = [(index, a) for index, a in enumerate(activities) if (report.levels[index] if index < len(
            report.levels) else "inform") == level]
        rungs.append({"level": level, "name": level_name(level), "activities": placed})
    codes = {f.code for f in report.findings}
    only_informs = bool(activities) and all(level == "inform" for level in report.levels)
    return {
        "rungs": list(reversed(rungs)), "levels": [(level, level_name(level)) for level in LEVELS],
        "activities": [(index, a, report.levels[index] if index < len(report.levels) else "inform")
                       for index, a in enumerate(activities)],
        "only_informs": only_informs, "no_loop": "no-feedback-loop" in codes,
        "proposals": _proposal_view(forms),
    }, form_status(*(form for form, _p in forms))


# Step 6: the load of each unit, month by month


def _step_load(step: Step):
    draft = step.draft
    args = _propose_args(step)
    moves = engine.even_out(step.plan(), levels=draft.levels(), options=step.engine_args["options"], **args)
    suggestions = engine.suggest(step.plan(), levels=draft.levels(), options=step.engine_args["options"], **args)
    empty = [suggestions.proposals[i] for gap in suggestions.gaps if gap.finding.code == "empty-month"
             for i in gap.proposals]
    empty = list({id(p): p for p in empty}.values())
    forms = _proposal_forms(step, "e", empty)
    if step.request.method == "POST":
        chosen = {int(v) for v in step.request.POST.getlist("move") if v.isdigit()}
        for index in sorted(chosen):
            if index < len(moves):
                _apply_mend(draft, moves[index])
        for index, activity in enumerate(draft.activities()):
            unit = " ".join(step.request.POST.get(f"unit-{index}", "").split())
            if unit and [unit] != activity.responsible:
                activity.responsible = [u.strip() for u in unit.split(",") if u.strip()]
            when = step.request.POST.get(f"when-{index}", "").strip()
            if when and when != activity.schedule.text:
                activity.schedule = parse_schedule(when, period_start=draft.start or None, period_end=draft.end or None)
        if _take(step, forms):
            return _go(step)
    report = step.report()
    threshold = step.engine_args["options"].unit_month_threshold * (3 if draft.granularity == "quarter" else 1)
    columns = [(c, column_label(c), column_label(c, long=True)) for c in report.columns]
    load_rows = [(unit, [(counts.get(c, 0), counts.get(c, 0) > threshold) for c in report.columns])
                 for unit, counts in sorted(report.load.items())]
    quiet = [column_label(c, long=True) for c in report.columns
             if not any(counts.get(c) for counts in report.load.values())]
    return {
        "columns": columns, "load_rows": load_rows, "threshold": threshold, "quiet": quiet,
        "activities": list(enumerate(draft.activities())),
        "moves": [{"index": k, "title": _mend_title(draft, m), "reasons": [reason_text(r) for r in m.reasons]}
                  for k, m in enumerate(moves)],
        "proposals": _proposal_view(forms),
    }, form_status(*(form for form, _p in forms))


# Step 7: review with the checks


def _apply_mend(draft: Draft, mend: engine.Mend) -> bool:
    row = draft.locate(mend.where)
    if row is None:
        return False
    if isinstance(row, DraftGoal):
        if mend.field == "key_message":
            row.key_message = str(mend.value)
            return True
        return False
    if mend.field in ("audiences", "channels", "responsible"):
        setattr(row, mend.field, list(mend.value))
        if mend.field == "audiences":
            for name in mend.value:
                if draft.audience(name) is None:
                    draft.audiences.append(DraftAudience(name))
    elif mend.field == "result":
        row.result = str(mend.value)
    elif mend.field == "indicator":
        row.indicator = mend.value
    elif mend.field == "target" and row.indicator is not None:
        row.indicator.target, row.indicator.placeholder = mend.value, False
    elif mend.field == "schedule":
        row.schedule = mend.value
    else:
        return False
    return True


def _mend_title(draft: Draft, mend: engine.Mend) -> str:
    row = draft.locate(mend.where)
    return mend_text(row.title if row is not None else "", mend)


def _step_review(step: Step):
    draft = step.draft
    args = _propose_args(step)
    suggestions = engine.suggest(step.plan(), levels=draft.levels(), options=step.engine_args["options"], **args)
    forms = _proposal_forms(step, "r", suggestions.proposals)
    mends = [m for m in suggestions.mends if m.field != "event"]
    if step.request.method == "POST":
        chosen = {int(v) for v in step.request.POST.getlist("mend") if v.isdigit()}
        for index in sorted(chosen):
            if index < len(mends):
                _apply_mend(draft, mends[index])
        if _take(step, forms):
            if step.request.POST.get("go") == "finish":
                actions.save_draft(actor=step.request.user, row=step.row, draft=draft, step=step.number)
                plan = actions.finish_draft(actor=step.request.user, row=step.row)
                messages.success(step.request, _("The plan was created from the draft. Its work is dated and "
                                                 "ready to run."))
                return redirect("plan", step.organization.slug, plan.pk)
            return _go(step)
    report = suggestions.report
    findings = [FindingView.of(f) for f in report.findings]
    proposal_views = _proposal_view(forms)
    for view_, proposal in zip(proposal_views, suggestions.proposals, strict=True):
        view_["answers"] = len(proposal.answers)
    return {
        "problems": [f for f in findings if f.finding.severity == PROBLEM],
        "suggestions": [f for f in findings if f.finding.severity != PROBLEM],
        "proposals": proposal_views,
        "mends": [{"index": k, "title": _mend_title(draft, m), "reasons": [reason_text(r) for r in m.reasons]}
                  for k, m in enumerate(mends)],
        "activity_count": len(draft.activities()),
    }, form_status(*(form for form, _p in forms))


_HANDLERS = {1: _step_basics, 2: _step_audiences, 3: _step_goals, 4: _step_activities, 5: _step_ladder,
             6: _step_load, 7: _step_review}


# ---------------------------------------------------------------------------------------------
# A saved plan's suggestions: the engine of ``holos suggest`` on the plan's page
# ---------------------------------------------------------------------------------------------


def plan_suggestions(request, slug, pk):
    membership, plan = get_object_for_member(request, slug, Plan, pk)
    plan.organization = membership.organization
    tree = load_plan_tree(plan)
    document = plan_actions.tree_to_document(tree)
    args = sources.engine_inputs(membership.organization)
    levels = [a.level or None for a in tree.activities()]
    suggestions = engine.suggest(document, levels=levels, **args)
    data = request.POST if request.method == "POST" else None
    forms = [(ProposalForm(data, prefix=f"s-{k}", initial=ProposalForm.initial_for(p)), p)
             for k, p in enumerate(suggestions.proposals)]
    if data is not None:
        get_membership(request, slug, edit=True)
        taken = [form for form, _p in forms if form.taken]
        if all(form.is_valid() for form in taken):
            period = doc.Period(plan.period_start or None, plan.period_end or None, plan.granularity)
            for form in taken:
                _add_to_plan(request.user, plan, tree, form.activity(period), form.cleaned_data.get("goal"))
            if taken:
                messages.success(request, _("Activities added: %(count)s.") % {"count": len(taken)})
            return redirect("plan_suggestions", slug, plan.pk)
    views = _proposal_view(forms)
    gaps = []
    for gap in suggestions.gaps:
        if not gap.proposals and not gap.mends:
            continue
        gaps.append({
            "finding": FindingView.of(gap.finding),
            "proposals": [views[i] for i in gap.proposals],
            "mends": [{"title": mend_text(gap.finding.place.title, suggestions.mends[i]),
                       "reasons": [reason_text(r) for r in suggestions.mends[i].reasons]} for i in gap.mends],
        })
    return render(request, "builder/plan_suggestions.html", {
        "membership": membership, "plan": plan, "gaps": gaps, "can_edit": membership.can_edit_plans,
        "proposal_count": len(suggestions.proposals),
    }, status=form_status(*(form for form, _p in forms)))


def _add_to_plan(actor, plan: Plan, tree, activity: DraftActivity, goal_index: int | None) -> None:
    goals = tree.goals
    if goals:
        goal = goals[goal_index if goal_index is not None and goal_index < len(goals) else 0]
    else:
        goal = plan_actions.create_goal(actor=actor, plan=plan, title=plan.title)
    title = activity.audiences[0] if activity.audiences else goal.title
    task = goal.tasks.filter(title=title).first() or plan_actions.create_task(actor=actor, goal=goal, title=title)
    data = plan_actions.activity_fields(activity.to_activity())
    data["level"] = activity.level
    plan_actions.create_activity(actor=actor, task=task, data=data)


# ---------------------------------------------------------------------------------------------
# The activity library
# ---------------------------------------------------------------------------------------------


def library(request, slug):
    membership = get_membership(request, slug)
    language = request.GET.get("language") or (get_language() or "uk")[:2]
    if language not in LANGUAGES:
        language = "uk"
    templates = sources.library_for(membership.organization).in_language(language)
    own = {row.pk: row for row in ActivityTemplate.objects.filter(organization=membership.organization)}
    rows = []
    for template in templates:
        text = template.text(language)
        rows.append({
            "template": template, "text": text, "level": level_name(template.level),
            "groups": [_(g) for g in engine_group_labels(template.groups)],
            "own": own.get(int(template.key.split(":")[1])) if template.source == "own" else None,
        })
    return render(request, "builder/library.html", {
        "membership": membership, "rows": rows, "language": language,
        "languages": [(code, name) for code, name in (("uk", _("Ukrainian")), ("cs", _("Czech")),
                                                      ("en", _("English")))],
    })


def engine_group_labels(groups) -> list[str]:
    labels = [GROUP_LABELS[g] for g in GROUPS if g in groups]
    return labels or [GROUP_LABELS["general"]]


def template_edit(request, slug, pk=None):
    if pk is None:
        membership = get_membership(request, slug, admin=True)
        row = None
    else:
        membership, row = get_object_for_member(request, slug, ActivityTemplate, pk, admin=True)
    initial = {}
    if row is not None:
        initial = {name: getattr(row, name) for name in ("language", "title", "level", "groups", "audience",
                                                          "responsible", "result", "indicator", "target", "unit",
                                                          "schedule", "why")}
        initial["channels"] = "\n".join(row.channels)
    else:
        initial = {"language": (get_language() or "uk")[:2]}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if row is not None and "delete" in request.POST:
            actions.delete_template(actor=request.user, row=row)
            messages.success(request, _("The template was deleted. The audit log keeps what it was."))
            return redirect("library", slug)
        if form.is_valid():
            saved = actions.save_template(actor=request.user, organization=membership.organization, row=row,
                                          data=form.cleaned_data)
            messages.success(request, _("The template was saved; the builder offers it from now on."))
            return redirect(reverse("library", args=[slug]) + f"?language={saved.language}")
    return render(request, "builder/template_form.html", {"membership": membership, "row": row, "form": form},
                  status=form_status(form))
