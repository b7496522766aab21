"""Programme pages: the dashboard, organisations, shared plans, members, indicators and templates.

Every view asks ``holos.programmes.access`` who the person is in the programme, and reads
organisations' data only through ``holos.programmes.sharing``. Writes go through
``holos.programmes.actions``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership
from holos.accounts.models import Organization, User
from holos.core import document as doc
from holos.plans.models import Plan
from holos.programmes import actions, dashboard
from holos.programmes.access import get_programme_member
from holos.programmes.forms import (
    DefinitionForm,
    InviteOrganizationForm,
    ProgrammeMemberForm,
    SharedPlansForm,
    StartFromTemplateForm,
    TemplateForm,
    TemplateIndicatorForm,
    TemplateItemForm,
)
from holos.programmes.models import Participation, ParticipationStatus, PlanTemplate, ProgrammeMember
from holos.programmes.reading import (
    organization_plans,
    plan_overview,
    template_adoptions,
    template_outline,
)
from holos.programmes.sharing import participation_or_404, shared_plan_or_404

READ_METHODS = ("GET", "HEAD")
# Organisations shown at once on the dashboard; a national programme pages through its thousand.
ROWS_PER_PAGE = 50


def _today():
    return timezone.localdate()


def programme_list(request):
    members = list(ProgrammeMember.objects.filter(user=request.user).select_related("programme"))
    return render(request, "programmes/list.html", {"members": members})


def programme_dashboard(request, slug):
    member = get_programme_member(request, slug)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    summary = dashboard.programme_summary(member.programme, _today(), with_months=False)
    rows, sort, descending = dashboard.sort_rows(summary.rows, request.GET.get("sort", "name"))
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    summary.fill_months(list(page.object_list))
    for row in page.object_list:
        row.month_cells = row.cell_texts(summary.months)
    return render(request, "programmes/dashboard.html", {
        "member": member, "programme": member.programme, "summary": summary, "rows": page.object_list,
        "page": page, "columns": _sort_columns(sort, descending),
    })


def _sort_columns(sort: str, descending: bool) -> list[dict]:
    """The comparison table's headers, each a link that sorts by it; a second click turns the order round.

    Names sort from A, figures from the largest: what a person comparing looks for first.
    """
    names = [
        ("name", _("Organisation")), ("plans", _("Plans")), ("planned", _("Planned")), ("done", _("Done")),
        ("overdue", _("Overdue")), ("percent", _("Done, %")), ("owners", _("Activities without an owner")),
        ("measures", _("Activities without an indicator")), ("feedback", _("Plans without a feedback loop")),
    ]
    columns = []
    for key, label in names:
        current = key == sort
        if current:
            next_sort = key if descending else f"-{key}"
        else:
            next_sort = key if key == "name" else f"-{key}"
        columns.append({"key": key, "label": label, "current": current, "descending": descending,
                        "query": f"?sort={next_sort}#comparison"})
    return columns


def programme_export(request, slug):
    member = get_programme_member(request, slug, analyse=True)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    from holos.programmes.exporting import dashboard_xlsx

    summary = dashboard.programme_summary(member.programme, _today())
    content = dashboard_xlsx(member.programme, summary)
    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{member.programme.slug}-dashboard.xlsx"'
    return response


def programme_organizations(request, slug):
    member = get_programme_member(request, slug)
    programme = member.programme
    form = InviteOrganizationForm(request.POST or None)
    if request.method == "POST":
        if not member.is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            organization = Organization.objects.filter(slug=form.cleaned_data["organization"]).first()
            if organization is None:
                form.add_error("organization", _("No organisation has this short name."))
            else:
                actions.invite_organization(actor=request.user, programme=programme, organization=organization)
                messages.success(request, _("%(name)s is invited. Its administrator accepts or declines.")
                                 % {"name": organization.name})
                return redirect("programme_organizations", slug)
    participations = list(Participation.objects.filter(programme=programme).select_related("organization"))
    return render(request, "programmes/organizations.html", {
        "member": member, "programme": programme, "participations": participations, "form": form,
    }, status=422 if form.is_bound and form.errors else 200)


def programme_organization(request, slug, pk):
    member = get_programme_member(request, slug)
    participation = participation_or_404(member.programme, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    plans = organization_plans(member.programme, participation.organization, _today())
    return render(request, "programmes/organization.html", {
        "member": member, "programme": member.programme, "organization": participation.organization,
        "participation": participation, "plans": plans,
    })


def programme_plan(request, slug, pk):
    member = get_programme_member(request, slug)
    plan = shared_plan_or_404(member.programme, pk)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    overview = plan_overview(member.programme, plan, _today())
    return render(request, "programmes/plan.html", {
        "member": member, "programme": member.programme, "plan": plan, "overview": overview,
    })


def programme_members(request, slug):
    member = get_programme_member(request, slug, coordinate=True)
    programme = member.programme
    form = ProgrammeMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            form.add_error("username", _("No one has this user name."))
        else:
            actions.set_programme_member(actor=request.user, programme=programme, user=user,
                                         role=form.cleaned_data["role"])
            messages.success(request, _("%(user)s is a member of the programme now.") % {"user": user})
            return redirect("programme_members", slug)
    members = list(ProgrammeMember.objects.filter(programme=programme).select_related("user"))
    return render(request, "programmes/members.html", {
        "member": member, "programme": programme, "members": members, "form": form,
    }, status=422 if form.is_bound and form.errors else 200)


def programme_member_remove(request, slug, pk):
    member = get_programme_member(request, slug, coordinate=True)
    target = ProgrammeMember.objects.filter(programme=member.programme, pk=pk).select_related("user").first()
    if target is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.remove_programme_member(actor=request.user, member=target)
    except actions.ProgrammeError:
        messages.error(request, _("A programme keeps at least one coordinator."))
    else:
        messages.success(request, _("%(user)s left the programme's team.") % {"user": target.user})
    return redirect("programme_members", slug)


def programme_indicators(request, slug):
    member = get_programme_member(request, slug)
    programme = member.programme
    form = DefinitionForm(request.POST or None)
    if request.method == "POST":
        if not member.can_analyse:
            raise PermissionDenied
        if form.is_valid():
            actions.save_indicator_definition(actor=request.user, programme=programme, definition=None,
                                              **form.cleaned_data)
            messages.success(request, _("The programme indicator was saved."))
            return redirect("programme_indicators", slug)
    summary_figures = dashboard.definition_figures(
        programme, list(dashboard.shared_plans(programme).values_list("pk", flat=True)))
    return render(request, "programmes/indicators.html", {
        "member": member, "programme": programme, "figures": summary_figures, "form": form,
    }, status=422 if form.is_bound and form.errors else 200)


def programme_templates(request, slug):
    member = get_programme_member(request, slug)
    programme = member.programme
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not member.is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            plan = _read_template_plan(form)
            if plan is not None:
                template = actions.save_template(actor=request.user, programme=programme, template=None,
                                                 title=form.cleaned_data["title"],
                                                 description=form.cleaned_data["description"], plan=plan)
                messages.success(request, _("The template was saved. Publish it when it is ready."))
                return redirect("programme_template", slug, template.pk)
    templates = list(PlanTemplate.objects.filter(programme=programme))
    return render(request, "programmes/templates.html", {
        "member": member, "programme": programme, "templates": templates, "form": form,
    }, status=422 if form.is_bound and form.errors else 200)


def _read_template_plan(form) -> doc.Plan | None:
    """The first plan of the uploaded or pasted document, or None with the reason on the form."""
    from holos.core.importers import UnreadableSource, read_bytes
    from holos.imports.views import translated

    upload = form.cleaned_data.get("file")
    if upload:
        name, content = upload.name, upload.read()
    else:
        name, content = "pasted.txt", form.cleaned_data["text"].encode("utf-8")
    try:
        document = read_bytes(content, filename=name)
    except UnreadableSource as exc:
        form.add_error(None, _("This document cannot be read: %(reason)s") % {"reason": translated(exc)})
        return None
    if not document.plans:
        form.add_error(None, _("No plan was found in this document."))
        return None
    return document.plans[0]


def programme_template(request, slug, pk):
    member = get_programme_member(request, slug)
    programme = member.programme
    template = PlanTemplate.objects.filter(programme=programme, pk=pk).first()
    if template is None:
        raise Http404
    definitions = list(programme.indicator_definitions.all())
    if request.method == "POST":
        if not member.is_coordinator:
            raise PermissionDenied
        if request.POST.get("form") == "publish":
            publish = request.POST.get("published") == "1"
            actions.publish_template(actor=request.user, template=template, published=publish)
            messages.success(request, _("The template is published: organisations of the programme can start "
                                        "plans from it.") if publish else _("The template is withdrawn."))
            return redirect("programme_template", slug, pk)
        form = TemplateIndicatorForm(request.POST, definitions=definitions)
        if form.is_valid():
            chosen = {d.pk: d for d in definitions}.get(form.cleaned_data["definition"])
            try:
                actions.set_template_indicator_definition(actor=request.user, template=template,
                                                          index=form.cleaned_data["index"], definition=chosen)
            except actions.ProgrammeError:
                raise Http404 from None
            messages.success(request, _("The template was saved."))
            return redirect(reverse("programme_template", args=[slug, pk]) + "#indicators")
        messages.error(request, _("Choose one of the programme's indicators."))
        return redirect("programme_template", slug, pk)
    outline = template_outline(template, definitions, can_edit=member.is_coordinator)
    adoptions = template_adoptions(programme, template)
    return render(request, "programmes/template.html", {
        "member": member, "programme": programme, "template": template, "outline": outline,
        "adoptions": adoptions,
    })


def _place(where: str) -> tuple[int, ...]:
    """"2-1-3" (goal 2, its task 1, that task's activity 3) as numbers; anything else is not found."""
    parts = where.split("-")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() and len(part) <= 6 for part in parts):
        raise Http404
    return tuple(int(part) for part in parts)


def programme_template_item(request, slug, pk, where):
    """A coordinator edits a goal, task or typical activity of the template where it stands."""
    member = get_programme_member(request, slug)
    template = PlanTemplate.objects.filter(programme=member.programme, pk=pk).first()
    if template is None:
        raise Http404
    found = actions.template_item(template.document, _place(where))
    if found is None:
        raise Http404
    if not member.is_coordinator:
        raise PermissionDenied
    kind, item = found
    form = TemplateItemForm(request.POST or None, kind=kind, initial=TemplateItemForm.initial_for(kind, item))
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_template_item(actor=request.user, template=template, where=_place(where),
                                       data=form.item_data())
        except actions.ProgrammeError:
            raise Http404 from None
        messages.success(request, _("The template was saved."))
        return redirect(reverse("programme_template", args=[slug, pk]) + f"#item-{where}")
    return render(request, "programmes/template_item.html", {
        "member": member, "programme": member.programme, "template": template, "form": form, "kind": kind,
        "item": item,
    }, status=422 if form.is_bound and form.errors else 200)


# The organisation's side: its programmes, answering an invitation, sharing, leaving, templates.


def organization_programmes(request, slug):
    """The programmes the organisation was invited to or takes part in, and the templates they publish."""
    membership = get_membership(request, slug)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    organization = membership.organization
    participations = list(Participation.objects.filter(organization=organization)
                          .exclude(status=ParticipationStatus.DECLINED).select_related("programme")
                          .annotate(shared=Count("plans")))
    active = [p.programme_id for p in participations if p.status == ParticipationStatus.ACTIVE]
    templates = list(PlanTemplate.objects.filter(programme_id__in=active, published_at__isnull=False)
                     .select_related("programme"))
    teams = list(ProgrammeMember.objects.filter(user=request.user).select_related("programme"))
    return render(request, "programmes/organization_programmes.html", {
        "membership": membership, "participations": participations, "templates": templates, "teams": teams,
    })


def participation_edit(request, slug, pk):
    """The administrator answers an invitation, chooses the plans to share, or leaves the programme."""
    membership = get_membership(request, slug)
    organization = membership.organization
    participation = (Participation.objects.filter(organization=organization, pk=pk)
                     .exclude(status=ParticipationStatus.DECLINED).select_related("programme").first())
    if participation is None:
        raise Http404
    plans = list(Plan.objects.filter(organization=organization).order_by("title", "pk"))
    initial = ([p.pk for p in participation.plans.all()] if participation.status == ParticipationStatus.ACTIVE
               else [p.pk for p in plans])
    form = SharedPlansForm(request.POST or None, plans=plans, initial={"plans": initial})
    if request.method == "POST":
        if not membership.is_admin:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "decline":
                actions.decline_participation(actor=request.user, participation=participation)
                messages.success(request, _("The invitation was declined."))
                return redirect("organization_programmes", slug)
            if action == "leave":
                actions.leave_programme(actor=request.user, participation=participation)
                messages.success(request, _("The organisation left the programme; it no longer sees your plans."))
                return redirect("organization_programmes", slug)
            if action in ("accept", "share") and form.is_valid():
                chosen = [p for p in plans if p.pk in set(form.cleaned_data["plans"])]
                if action == "accept":
                    actions.accept_participation(actor=request.user, participation=participation, plans=chosen)
                    messages.success(request, _("The organisation takes part in the programme now."))
                else:
                    actions.set_shared_plans(actor=request.user, participation=participation, plans=chosen)
                    messages.success(request, _("The plans shared with the programme were saved."))
                return redirect("participation", slug, pk)
        except actions.ProgrammeError:
            messages.error(request, _("This invitation was answered already."))
            return redirect("participation", slug, pk)
        if action not in ("accept", "share"):
            raise Http404
    return render(request, "programmes/participation.html", {
        "membership": membership, "participation": participation, "form": form,
    }, status=422 if form.is_bound and form.errors else 200)


def template_start(request, slug, pk):
    """Start a plan of the organisation from a template its programme published."""
    membership = get_membership(request, slug)
    template = (PlanTemplate.objects.filter(
        pk=pk, published_at__isnull=False,
        programme__participations__organization=membership.organization,
        programme__participations__status=ParticipationStatus.ACTIVE,
    ).select_related("programme").first())
    if template is None:
        raise Http404
    form = StartFromTemplateForm(request.POST or None, initial={"title": template.title})
    if request.method == "POST":
        if not membership.can_edit_plans:
            raise PermissionDenied
        if form.is_valid():
            plan = actions.start_plan_from_template(actor=request.user, organization=membership.organization,
                                                    template=template, title=form.cleaned_data["title"])
            messages.success(request, _("The plan was started from the template and is shared with the programme."))
            return redirect("plan", slug, plan.pk)
    outline = template_outline(template, list(template.programme.indicator_definitions.all()), can_edit=False)
    return render(request, "programmes/template_start.html", {
        "membership": membership, "template": template, "form": form, "outline": outline,
        "can_edit": membership.can_edit_plans,
    }, status=422 if form.is_bound and form.errors else 200)
