"""Pages of the API: a member's access tokens in the organisation's settings, and the API's documentation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from holos.accounts.access import get_membership
from holos.api import actions
from holos.api.forms import TokenForm
from holos.api.models import ApiToken


def tokens(request, slug):
    """Every member makes, lists and revokes their own tokens for this organisation."""
    membership = get_membership(request, slug)
    mine = ApiToken.objects.filter(user=request.user, organization=membership.organization)
    return _token_page(request, membership, mine, "api_tokens", {"membership": membership})


def programme_tokens(request, slug):
    """A programme's coordinator makes, lists and revokes their own tokens for the programme."""
    from holos.programmes.access import get_programme_member

    member = get_programme_member(request, slug, coordinate=True)
    mine = ApiToken.objects.filter(user=request.user, programme=member.programme)
    return _token_page(request, member, mine, "programme_tokens",
                       {"member": member, "programme": member.programme})


def _token_page(request, membership, mine, page: str, context: dict):
    """The page of one's tokens: ``membership`` is the organisation's member or the programme's."""
    slug = (membership.programme if hasattr(membership, "programme") else membership.organization).slug
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST":
        if "revoke" in request.POST:
            token = mine.filter(pk=_number(request.POST["revoke"])).first()
            if token is None:
                raise Http404
            actions.revoke_token(actor=request.user, token=token)
            messages.success(request, _("The token was revoked: programs using it are refused from now on."))
            return redirect(page, slug)
        if form.is_valid():
            data = form.cleaned_data
            _token, secret = actions.create_token(actor=request.user, membership=membership, name=data["name"],
                                                  scope=data["scope"], days=data["days"])
            form = TokenForm()
    now = timezone.now()
    rows = [{"token": t, "active": t.is_active(now)} for t in mine]
    return render(request, "api/tokens.html", {**context, "form": form, "rows": rows, "secret": secret},
                  status=422 if form.is_bound and form.errors else 200)


def _number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


# What each operation does, in the reader's language; the schema itself speaks English to programs.
SUMMARIES = {
    "list_organizations": gettext_lazy("The token's organisation."),
    "get_organization": gettext_lazy("An organisation, with the token owner's role and the token's access."),
    "list_plans": gettext_lazy("The organisation's plans."),
    "create_plans": gettext_lazy("Save the plans of a holos.plan/1 document, all or none."),
    "get_plan": gettext_lazy("A plan: title, kind, period, revision."),
    "get_plan_document": gettext_lazy("A plan as a holos.plan/1 document."),
    "replace_plan": gettext_lazy("Put a holos.plan/1 document of one plan in the place of the plan's content."),
    "delete_plan": gettext_lazy("Delete a plan with its work."),
    "get_goal": gettext_lazy("A goal."),
    "create_goal": gettext_lazy("Add a goal to a plan."),
    "update_goal": gettext_lazy("Change a goal's title or key message."),
    "delete_goal": gettext_lazy("Delete a goal with its tasks and activities."),
    "get_task": gettext_lazy("A task."),
    "create_task": gettext_lazy("Add a task to a goal."),
    "update_task": gettext_lazy("Rename a task or move it to another goal of the plan."),
    "delete_task": gettext_lazy("Delete a task with its activities."),
    "get_activity": gettext_lazy("An activity with its audiences, channels and responsible units."),
    "create_activity": gettext_lazy("Add an activity to a task; its schedule dates its work."),
    "update_activity": gettext_lazy("Change an activity: what is sent, the rest stays."),
    "delete_activity": gettext_lazy("Delete an activity with its work."),
    "list_goals": gettext_lazy("Goals, of one plan or of all."),
    "list_tasks": gettext_lazy("Tasks, of a plan or a goal."),
    "list_activities": gettext_lazy("Activities with their audiences, channels and responsible units."),
    "list_units": gettext_lazy("Responsible units."),
    "list_work_items": gettext_lazy("Dated work, by plan, unit, status and due dates."),
    "get_work_item": gettext_lazy("One piece of work with its evidence."),
    "update_work_item": gettext_lazy("Set the status of work and record what was done."),
    "add_evidence": gettext_lazy("Attach a link as evidence of work."),
    "add_evidence_file": gettext_lazy("Attach a file as evidence of work."),
    "list_indicators": gettext_lazy("Indicators with their targets."),
    "list_measurements": gettext_lazy("Measurements of an indicator, by dates."),
    "add_measurement": gettext_lazy("Record a measurement of an indicator."),
    "list_surveys": gettext_lazy("Surveys with their status and number of responses."),
    "get_survey_results": gettext_lazy("Counted answers of a survey, by dates."),
    "list_programmes": gettext_lazy("The token's programme."),
    "get_programme": gettext_lazy("A programme, with the token owner's role and the token's access."),
    "list_programme_organizations": gettext_lazy("The organisations taking part, with the plans they share."),
    "list_programme_plans": gettext_lazy("The plans organisations share with the programme."),
    "get_programme_plan_document": gettext_lazy("A shared plan as a holos.plan/1 document, without its notes."),
    "get_programme_dashboard": gettext_lazy("The programme's dashboard: organisations by months, and its indicators."),
    "list_public_plans": gettext_lazy("Published plans of an organisation (no token)."),
    "get_public_plan": gettext_lazy("A published plan as a holos.plan/1 document (no token)."),
}
PLACES = {"path": gettext_lazy("in the address"), "query": gettext_lazy("in the query"),
          "header": gettext_lazy("in a header")}


def documentation(request):
    """The API's operations, read from its OpenAPI schema and shown as a page: no script, nothing from elsewhere."""
    from holos.api.endpoints import api

    schema = api.get_openapi_schema()
    operations = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            operations.append({
                "id": operation["operationId"],
                "method": method.upper(),
                "path": path,
                "summary": SUMMARIES.get(operation["operationId"], ""),
                "public": not operation.get("security"),
                "parameters": [{"name": p["name"], "place": PLACES.get(p["in"], p["in"]),
                                "required": p.get("required", False)} for p in operation.get("parameters", [])],
                "body": "requestBody" in operation,
                "codes": sorted(operation["responses"]),
            })
    memberships = request.user.memberships.select_related("organization") if request.user.is_authenticated else []
    return render(request, "api/docs.html", {"operations": operations, "memberships": memberships})
