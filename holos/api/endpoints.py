"""The operations of ``/api/v1/``: django-ninja reads the signatures and writes the OpenAPI schema.

Each operation checks access through ``holos.accounts.access`` with the token's owner, as
the web pages do with the signed-in person, and writes through the same ``actions.py``
functions, so the audit log tells the same story whoever made the change. The token
names one organisation: any other organisation, and anything in it, is not found (404).
"""

from __future__ import annotations

import time
from datetime import date
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, NinjaAPI, Path, Query, Status, UploadedFile
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from holos.accounts.access import may_report, membership_of, object_of
from holos.accounts.models import Membership
from holos.api import actions as token_actions
from holos.api import schemas as s
from holos.api.models import ApiToken
from holos.api.paging import DEFAULT_LIMIT, MAX_LIMIT, BadCursor, page
from holos.api.problems import CONTENT_TYPE, not_found, problem
from holos.core import document as doc
from holos.locks import lock
from holos.senders import over_limit, sender_key

Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]{1,60}$")]
PathId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
Cursor = Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_-]*$",
                                     description="the `next` of the previous page")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")]
FilterId = Annotated[int | None, Query(ge=1, le=s.MAX_ID)]
Day = Annotated[date | None, Query()]


class TooManyRequests(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def _limit(name: str) -> None:
    """Count a request against the rate limit of ``name``; past it, 429 until the window turns."""
    window = settings.HOLOS_API_RATE_WINDOW
    now = time.time()
    if over_limit(f"api:{name}", settings.HOLOS_API_RATE_LIMIT, window, now=now):
        raise TooManyRequests(max(1, int(window - now % window)))


class TokenAuth(HttpBearer):
    """``Authorization: Bearer holos_…``: a personal access token that works (not revoked, not expired)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = ApiToken.objects.by_secret(token)
        if api_token is None:
            return None
        _limit(f"token:{api_token.pk}")
        token_actions.note_use(api_token)
        return api_token


class HolosAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """Ninja's schema, with the answers every operation may give as problem details."""
        schema = super().get_openapi_schema(path_prefix="/api/v1/")
        schema["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
        for item in schema["paths"].values():
            for method, operation in item.items():
                operation["responses"] = {str(code): answer for code, answer in operation["responses"].items()}
                public = not operation.get("security")
                codes = ["400", "404", "422", "429"] if public else ["400", "401", "403", "404", "422", "429"]
                for code in codes:
                    operation["responses"].setdefault(code, {
                        "description": PROBLEM_DESCRIPTIONS[code],
                        "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    })
                if "requestBody" in operation:
                    operation["responses"].setdefault("413", {
                        "description": "The body is larger than the server reads",
                        "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    })
                if method in ("put", "patch", "delete"):
                    operation.setdefault("parameters", []).append(IF_MATCH)
                    operation["responses"].setdefault("412", {
                        "description": "If-Match named another ETag: the resource was changed since it was read",
                        "headers": {"ETag": {"schema": {"type": "string"}, "description": "the current ETag"}},
                        "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    })
                if method == "get":
                    operation["responses"]["304"] = {"description": "Not modified: the ETag sent in If-None-Match "
                                                                    "is still the resource's"}
        return schema


PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "An error as RFC 9457 problem details.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
IF_MATCH = {
    "name": "If-Match", "in": "header", "required": False, "schema": {"type": "string", "maxLength": 400},
    "description": "the ETag of the resource as last read: the change is made only if it still reads so",
}
PROBLEM_DESCRIPTIONS = {
    "400": "A cursor or a request body that cannot be read",
    "401": "No token, or one that is unknown, revoked or expired",
    "403": "The token may only read, or the owner's role may not do this",
    "404": "Not found, or not in the token's organisation",
    "422": "Invalid input: `errors` says where",
    "429": "Too many requests: wait the seconds of Retry-After",
}

api = HolosAPI(
    title="Holos API",
    version="1",
    description="Plans, their work, indicators and surveys of one organisation, for its members' programs.",
    auth=TokenAuth(),
    docs_url=None,
    openapi_url=None,
    urls_namespace="holos-api-v1",
)


# Errors


@api.exception_handler(Http404)
def _not_found(request, exc):
    return not_found()


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    detail = str(exc) or _("Your role in this organisation does not allow this.")
    return problem(403, detail, code="forbidden")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(401, _("Send a valid personal access token: Authorization: Bearer holos_…"),
                   code="unauthenticated", headers={"WWW-Authenticate": 'Bearer realm="holos"'})


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = [{"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", "")),
               "type": str(error.get("type", ""))} for error in exc.errors]
    return problem(422, _("Some of what was sent is not valid."), code="invalid", errors=errors)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    status = exc.status_code if 400 <= exc.status_code < 500 else 400
    return problem(status, _("The request could not be read."), code="bad_request")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return problem(413, _("The request is too large."), code="too_large")


@api.exception_handler(BadCursor)
def _bad_cursor(request, exc):
    return problem(400, _("This cursor was not given by this list; start again without it."), code="bad_cursor")


@api.exception_handler(TooManyRequests)
def _too_many(request, exc):
    return problem(429, _("Too many requests; try again in %(seconds)s seconds.") % {"seconds": exc.retry_after},
                   code="rate_limited", headers={"Retry-After": str(exc.retry_after)})


@api.exception_handler(doc.DocumentError)
def _bad_document(request, exc):
    return problem(422, _("This is not a holos.plan/1 document: %(reason)s") % {"reason": exc}, code="bad_document")


# Access


def member(request, slug: str, *, write: bool = False, edit: bool = False) -> Membership:
    """The token owner's membership of its organisation; 404 for any other, 403 for a read token that writes."""
    token: ApiToken = request.auth
    if token.organization is None or token.organization.slug != slug:
        raise Http404  # a programme's token, or another organisation's
    membership = membership_of(token.user, slug, edit=False)
    if write and not token.can_write:
        raise PermissionDenied(_("This token may only read."))
    if edit and not membership.can_edit_plans:
        raise PermissionDenied
    return membership


def _paged(queryset, cursor, limit, **keys) -> tuple[list[Any], str | None]:
    return page(queryset, cursor=cursor, limit=limit, **keys)


# Organisations


def _organization_out(membership: Membership, token: ApiToken) -> dict[str, Any]:
    organization = membership.organization
    return {"slug": organization.slug, "name": organization.name, "time_zone": organization.time_zone,
            "role": membership.role, "scope": token.scope}


@api.get("/organizations", response=s.OrganizationPage, tags=["organisations"])
def list_organizations(request):
    """The organisation of the token (a token names one)."""
    token: ApiToken = request.auth
    membership = Membership.objects.select_related("organization").filter(
        user=token.user, organization=token.organization).first() if token.organization_id else None
    items = [_organization_out(membership, token)] if membership else []
    return {"items": items, "next": None}


@api.get("/organizations/{slug}", response=s.OrganizationOut, tags=["organisations"])
def get_organization(request, slug: Slug):
    return _organization_out(member(request, slug), request.auth)


# Plans


def _period(plan) -> dict[str, Any]:
    return {"start": plan.period_start or None, "end": plan.period_end or None, "granularity": plan.granularity}


def _plan_out(plan) -> dict[str, Any]:
    return {"id": plan.pk, "title": plan.title, "organization_name": plan.organization_name, "kind": plan.kind,
            "language": plan.language, "period": _period(plan), "approval": plan.approval,
            "published_at": plan.published_at, "created_at": plan.created_at, "updated_at": plan.updated_at,
            "revision": plan.revision}


@api.get("/organizations/{slug}/plans", response=s.PlanPage, tags=["plans"])
def list_plans(request, slug: Slug, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT,
               kind: Annotated[str | None, Query(pattern=r"^[a-z]{1,20}$")] = None):
    from holos.plans.models import Plan

    membership = member(request, slug)
    plans = Plan.objects.filter(organization=membership.organization)
    if kind:
        plans = plans.filter(kind=kind)
    rows, following = _paged(plans, cursor, limit)
    return {"items": [_plan_out(p) for p in rows], "next": following}


@api.post("/organizations/{slug}/plans", response={201: s.PlanList}, tags=["plans"])
def create_plans(request, slug: Slug, document: s.PlanDocument):
    """Save every plan of a ``holos.plan/1`` document, all or none (as an import does)."""
    from holos.plans.actions import save_document

    membership = member(request, slug, write=True, edit=True)
    parsed = doc.PlanDocument.from_dict(document.model_dump(by_alias=True, exclude_unset=True) | {"schema": doc.SCHEMA})
    plans = save_document(actor=membership.user, organization=membership.organization, document=parsed,
                          source="api")
    return Status(201, {"items": [_plan_out(p) for p in plans]})


@api.get("/organizations/{slug}/plans/{plan_id}", response=s.PlanOut, tags=["plans"])
def get_plan(request, slug: Slug, plan_id: PathId):
    from holos.plans.models import Plan

    return _plan_out(object_of(member(request, slug).organization, Plan, plan_id))


@api.get("/organizations/{slug}/plans/{plan_id}/document", response=s.PlanDocument, tags=["plans"],
         by_alias=True, exclude_unset=True)
def get_plan_document(request, slug: Slug, plan_id: PathId):
    """The plan as a ``holos.plan/1`` document, the same as its JSON export."""
    from holos.plans.actions import plan_to_document
    from holos.plans.models import Plan

    plan = object_of(member(request, slug).organization, Plan, plan_id)
    return doc.PlanDocument(plans=[plan_to_document(plan)]).to_dict()


@api.put("/organizations/{slug}/plans/{plan_id}", response=s.PlanOut, tags=["plans"])
def replace_plan(request, slug: Slug, plan_id: PathId, document: s.PlanReplacement):
    """Put a ``holos.plan/1`` document of one plan in the place of the plan's content (its id stays)."""
    from holos.plans.actions import replace_plan as replace
    from holos.plans.models import Plan

    membership = member(request, slug, write=True, edit=True)
    plan = object_of(membership.organization, Plan, plan_id)
    parsed = doc.PlanDocument.from_dict(document.model_dump(by_alias=True, exclude_unset=True) | {"schema": doc.SCHEMA})
    return _plan_out(replace(actor=membership.user, plan=plan, plan_data=parsed.plans[0], source="api"))


@api.delete("/organizations/{slug}/plans/{plan_id}", response={204: None}, tags=["plans"])
def delete_plan(request, slug: Slug, plan_id: PathId):
    """Delete a plan with its work; the audit log keeps it as a document."""
    from holos.plans.actions import delete_plan as delete
    from holos.plans.models import Plan

    membership = member(request, slug, write=True, edit=True)
    delete(actor=membership.user, plan=object_of(membership.organization, Plan, plan_id))
    return HttpResponse(status=204)


# Goals, tasks, activities, units


@api.get("/organizations/{slug}/goals", response=s.GoalPage, tags=["plans"])
def list_goals(request, slug: Slug, plan: FilterId = None, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    from holos.plans.models import Goal

    goals = Goal.objects.filter(plan__organization=member(request, slug).organization)
    if plan:
        goals = goals.filter(plan_id=plan)
    rows, following = _paged(goals, cursor, limit)
    return {"items": [_goal_out(g) for g in rows], "next": following}


def _goal_out(goal) -> dict[str, Any]:
    return {"id": goal.pk, "plan": goal.plan_id, "title": goal.title, "key_message": goal.key_message,
            "position": goal.position}


@api.get("/organizations/{slug}/tasks", response=s.TaskPage, tags=["plans"])
def list_tasks(request, slug: Slug, plan: FilterId = None, goal: FilterId = None, cursor: Cursor = None,
               limit: Limit = DEFAULT_LIMIT):
    from holos.plans.models import Task

    tasks = Task.objects.filter(plan__organization=member(request, slug).organization)
    if plan:
        tasks = tasks.filter(plan_id=plan)
    if goal:
        tasks = tasks.filter(goal_id=goal)
    rows, following = _paged(tasks, cursor, limit)
    return {"items": [_task_out(t) for t in rows], "next": following}


def _task_out(task) -> dict[str, Any]:
    return {"id": task.pk, "plan": task.plan_id, "goal": task.goal_id, "title": task.title,
            "position": task.position}


def _refs(links, attribute: str) -> list[dict[str, Any]]:
    return [{"id": getattr(link, f"{attribute}_id"), "name": getattr(link, attribute).name} for link in links]


@api.get("/organizations/{slug}/activities", response=s.ActivityPage, tags=["plans"])
def list_activities(request, slug: Slug, plan: FilterId = None, task: FilterId = None, unit: FilterId = None,
                    cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    from holos.plans.models import Activity, ActivityUnit

    activities = Activity.objects.filter(plan__organization=member(request, slug).organization)
    if plan:
        activities = activities.filter(plan_id=plan)
    if task:
        activities = activities.filter(task_id=task)
    if unit:
        activities = activities.filter(pk__in=ActivityUnit.objects.filter(unit_id=unit).values("activity_id"))
    rows, following = _paged(_with_links(activities), cursor, limit)
    return {"items": [_activity_out(a) for a in rows], "next": following}


def _with_links(activities):
    from holos.plans.models import ActivityAudience, ActivityChannel, ActivityUnit

    return activities.prefetch_related(
        Prefetch("activityaudience_set", ActivityAudience.objects.select_related("audience"), to_attr="audience_links"),
        Prefetch("activitychannel_set", ActivityChannel.objects.select_related("channel"), to_attr="channel_links"),
        Prefetch("activityunit_set", ActivityUnit.objects.select_related("unit"), to_attr="unit_links"),
    )


def _activity_out(a) -> dict[str, Any]:
    return {
        "id": a.pk, "plan": a.plan_id, "task": a.task_id, "title": a.title, "result": a.result, "level": a.level,
        "schedule": a.schedule or {}, "position": a.position,
        "audiences": _refs(a.audience_links, "audience"), "channels": _refs(a.channel_links, "channel"),
        "units": _refs(a.unit_links, "unit"),
    }


@api.get("/organizations/{slug}/units", response=s.UnitPage, tags=["plans"])
def list_units(request, slug: Slug, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    """The responsible units: what the ``unit`` filters of activities and work items name."""
    from holos.plans.models import Unit

    rows, following = _paged(Unit.objects.filter(organization=member(request, slug).organization), cursor, limit)
    return {"items": [{"id": u.pk, "name": u.name} for u in rows], "next": following}


# Writing goals, tasks and activities: editors and administrators, as on the plan's page


def _part(request, slug: str, model, pk: int, *, write: bool = False):
    membership = member(request, slug, write=write, edit=write)
    return membership, object_of(membership.organization, model, pk)


def _deleted(request, slug: str, model, pk: int, delete) -> HttpResponse:
    """Delete a part of a plan through its action (``delete(actor=…, goal=…)``): 204, and nothing to read."""
    membership, obj = _part(request, slug, model, pk, write=True)
    delete(actor=membership.user, **{model._meta.model_name: obj})
    return HttpResponse(status=204)


def _elsewhere(field: str, detail: str) -> HttpResponse:
    """A row named in the body that is not in the same plan: invalid input, told where."""
    return problem(422, detail, code="invalid", errors=[{"loc": ["body", field], "msg": detail, "type": "value_error"}])


@api.get("/organizations/{slug}/goals/{goal_id}", response=s.GoalOut, tags=["plans"])
def get_goal(request, slug: Slug, goal_id: PathId):
    from holos.plans.models import Goal

    return _goal_out(_part(request, slug, Goal, goal_id)[1])


@api.post("/organizations/{slug}/plans/{plan_id}/goals", response={201: s.GoalOut}, tags=["plans"])
def create_goal(request, slug: Slug, plan_id: PathId, goal: s.GoalIn):
    from holos.plans import actions
    from holos.plans.models import Plan

    membership, plan = _part(request, slug, Plan, plan_id, write=True)
    created = actions.create_goal(actor=membership.user, plan=plan, title=goal.title.strip(),
                                  key_message=goal.key_message.strip())
    return Status(201, _goal_out(created))


@api.patch("/organizations/{slug}/goals/{goal_id}", response=s.GoalOut, tags=["plans"])
def update_goal(request, slug: Slug, goal_id: PathId, change: s.GoalChange):
    from holos.plans import actions
    from holos.plans.models import Goal

    membership, goal = _part(request, slug, Goal, goal_id, write=True)
    with transaction.atomic():
        # What is not sent stays as it is now: read under the plan's lock, which the action takes first too.
        lock(goal.plan)
        goal = lock(goal)
        title = goal.title if change.title is None else change.title.strip()
        key_message = goal.key_message if change.key_message is None else change.key_message.strip()
        goal = actions.update_goal(actor=membership.user, goal=goal, title=title, key_message=key_message)
    return _goal_out(goal)


@api.delete("/organizations/{slug}/goals/{goal_id}", response={204: None}, tags=["plans"])
def delete_goal(request, slug: Slug, goal_id: PathId):
    """Delete a goal with its tasks, activities and their work."""
    from holos.plans import actions
    from holos.plans.models import Goal

    return _deleted(request, slug, Goal, goal_id, actions.delete_goal)


@api.get("/organizations/{slug}/tasks/{task_id}", response=s.TaskOut, tags=["plans"])
def get_task(request, slug: Slug, task_id: PathId):
    from holos.plans.models import Task

    return _task_out(_part(request, slug, Task, task_id)[1])


@api.post("/organizations/{slug}/goals/{goal_id}/tasks", response={201: s.TaskOut}, tags=["plans"])
def create_task(request, slug: Slug, goal_id: PathId, task: s.TaskIn):
    from holos.plans import actions
    from holos.plans.models import Goal

    membership, goal = _part(request, slug, Goal, goal_id, write=True)
    return Status(201, _task_out(actions.create_task(actor=membership.user, goal=goal, title=task.title.strip())))


@api.patch("/organizations/{slug}/tasks/{task_id}", response=s.TaskOut, tags=["plans"])
def update_task(request, slug: Slug, task_id: PathId, change: s.TaskChange):
    """Rename a task, or move it under another goal of its plan."""
    from holos.plans import actions
    from holos.plans.models import Goal, Task

    membership, task = _part(request, slug, Task, task_id, write=True)
    goal = None
    if change.goal is not None:
        goal = Goal.objects.filter(pk=change.goal, plan_id=task.plan_id).first()
        if goal is None:
            return _elsewhere("goal", _("The goal is not one of this plan's."))
    with transaction.atomic():
        lock(task.plan)
        task = lock(task)
        title = task.title if change.title is None else change.title.strip()
        task = actions.update_task(actor=membership.user, task=task, title=title, goal=goal)
    return _task_out(task)


@api.delete("/organizations/{slug}/tasks/{task_id}", response={204: None}, tags=["plans"])
def delete_task(request, slug: Slug, task_id: PathId):
    """Delete a task with its activities and their work."""
    from holos.plans import actions
    from holos.plans.models import Task

    return _deleted(request, slug, Task, task_id, actions.delete_task)


def _activity_data(body: s.ActivityIn | s.ActivityChange) -> dict[str, Any]:
    """What ``create_activity`` and ``update_activity`` take, from the fields sent (and only those)."""
    from holos.plans.actions import activity_fields

    sent = {name for name in body.model_fields_set if getattr(body, name) is not None or name == "resources"}
    read = doc.Activity.from_dict(body.model_dump(include=sent - {"level", "task"}, exclude_unset=True))
    fields = activity_fields(read)
    names = {"resources": ("resources_needed", "resources_text")}
    data = {key: fields[key] for name in sent - {"level", "task"} for key in names.get(name, (name,))}
    if "title" in data:
        data["title"] = data["title"].strip()
    if "level" in sent:
        data["level"] = body.level
    return data


def _activity(pk: int):
    from holos.plans.models import Activity

    return _with_links(Activity.objects.filter(pk=pk)).get()


@api.get("/organizations/{slug}/activities/{activity_id}", response=s.ActivityOut, tags=["plans"])
def get_activity(request, slug: Slug, activity_id: PathId):
    from holos.plans.models import Activity

    return _activity_out(_activity(_part(request, slug, Activity, activity_id)[1].pk))


@api.post("/organizations/{slug}/tasks/{task_id}/activities", response={201: s.ActivityOut}, tags=["plans"])
def create_activity(request, slug: Slug, task_id: PathId, activity: s.ActivityIn):
    """Add an activity to a task: its schedule dates its work, its indicators come with it."""
    from holos.plans import actions
    from holos.plans.models import Task

    membership, task = _part(request, slug, Task, task_id, write=True)
    created = actions.create_activity(actor=membership.user, task=task, data=_activity_data(activity))
    return Status(201, _activity_out(_activity(created.pk)))


@api.patch("/organizations/{slug}/activities/{activity_id}", response=s.ActivityOut, tags=["plans"])
def update_activity(request, slug: Slug, activity_id: PathId, change: s.ActivityChange):
    """Change what is sent; a new schedule dates the work again (recorded work on kept dates stays)."""
    from holos.plans import actions
    from holos.plans.models import Activity, Task

    membership, activity = _part(request, slug, Activity, activity_id, write=True)
    data = _activity_data(change)
    if change.task is not None:
        data["task"] = Task.objects.filter(pk=change.task, plan_id=activity.plan_id).first()
        if data["task"] is None:
            return _elsewhere("task", _("The task is not one of this plan's."))
    actions.update_activity(actor=membership.user, activity=activity, data=data)
    return _activity_out(_activity(activity.pk))


@api.delete("/organizations/{slug}/activities/{activity_id}", response={204: None}, tags=["plans"])
def delete_activity(request, slug: Slug, activity_id: PathId):
    """Delete an activity with its work."""
    from holos.plans import actions
    from holos.plans.models import Activity

    return _deleted(request, slug, Activity, activity_id, actions.delete_activity)


# Work items (occurrences)


def _work_out(occurrence, units: list[int]) -> dict[str, Any]:
    return {
        "id": occurrence.pk, "plan": occurrence.plan_id, "activity": occurrence.activity_id,
        "activity_title": occurrence.activity.title, "units": units, "key": occurrence.key,
        "due": occurrence.due, "starts": occurrence.starts, "ends": occurrence.ends, "ongoing": occurrence.ongoing,
        "status": occurrence.status, "skip_reason": occurrence.skip_reason, "note": occurrence.note,
        "people_reached": occurrence.people_reached, "participants": occurrence.participants,
        "publications": occurrence.publications, "done_at": occurrence.done_at, "updated_at": occurrence.updated_at,
    }


def _units_of(activity_ids) -> dict[int, list[int]]:
    from holos.plans.models import ActivityUnit

    units: dict[int, list[int]] = {}
    for activity_id, unit_id in (ActivityUnit.objects.filter(activity_id__in=set(activity_ids))
                                 .order_by("position", "id").values_list("activity_id", "unit_id")):
        units.setdefault(activity_id, []).append(unit_id)
    return units


@api.get("/organizations/{slug}/work-items", response=s.WorkItemPage, tags=["work"])
def list_work_items(request, slug: Slug, plan: FilterId = None, unit: FilterId = None,
                    status: Annotated[s.WorkStatus | None, Query()] = None,
                    due_from: Day = None, due_to: Day = None, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    """Dated work, ordered by due date: filter by plan, responsible unit, status and a range of due dates."""
    from holos.plans.models import ActivityUnit
    from holos.work.models import Occurrence

    items = Occurrence.objects.filter(plan__organization=member(request, slug).organization)
    if plan:
        items = items.filter(plan_id=plan)
    if unit:
        items = items.filter(activity_id__in=ActivityUnit.objects.filter(unit_id=unit).values("activity_id"))
    if status:
        items = items.filter(status=status)
    if due_from:
        items = items.filter(due__gte=due_from)
    if due_to:
        items = items.filter(due__lte=due_to)
    items = items.select_related("activity").defer("activity__schedule", "activity__result", "activity__notes")
    rows, following = _paged(items, cursor, limit, key=("due", "id"), types=(date, int))
    units = _units_of(o.activity_id for o in rows)
    return {"items": [_work_out(o, units.get(o.activity_id, [])) for o in rows], "next": following}


def _work_item(request, slug: str, item_id: int, *, write: bool = False):
    from holos.work.models import Occurrence

    membership = member(request, slug, write=write)
    occurrence = object_of(membership.organization, Occurrence, item_id)
    return membership, occurrence


def _work_detail(occurrence) -> dict[str, Any]:
    evidence = [{"id": a.pk, "name": a.name, "url": a.url, "file": bool(a.file), "created_at": a.created_at}
                for a in occurrence.attachments.all()]
    return {**_work_out(occurrence, _units_of([occurrence.activity_id]).get(occurrence.activity_id, [])),
            "evidence": evidence}


@api.get("/organizations/{slug}/work-items/{item_id}", response=s.WorkItemDetail, tags=["work"])
def get_work_item(request, slug: Slug, item_id: PathId):
    return _work_detail(_work_item(request, slug, item_id)[1])


@api.patch("/organizations/{slug}/work-items/{item_id}", response=s.WorkItemDetail, tags=["work"])
def update_work_item(request, slug: Slug, item_id: PathId, change: s.WorkItemChange):
    """Set the status and record what was done: editors on any work, an executor on their units' work."""
    from holos.work import actions
    from holos.work.models import Occurrence

    membership, occurrence = _work_item(request, slug, item_id, write=True)
    if not may_report(membership, occurrence.activity):
        raise PermissionDenied
    sent = change.model_fields_set
    with transaction.atomic():
        # What is not sent stays as it is now: read under the row's lock, then saved by the work page's action.
        current = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
        status = change.status if "status" in sent and change.status is not None else current.status
        reason = change.skip_reason if "status" in sent else current.skip_reason
        note = change.note if "note" in sent and change.note is not None else current.note
        numbers = {name: getattr(change, name) if name in sent else getattr(current, name)
                   for name in actions.NUMBERS}
        occurrence = actions.save_work_item(actor=membership.user, occurrence=current, status=status, reason=reason,
                                            note=note, numbers=numbers)
    return _work_detail(occurrence)


@api.post("/organizations/{slug}/work-items/{item_id}/evidence", response={201: s.EvidenceOut}, tags=["work"])
def add_evidence(request, slug: Slug, item_id: PathId, link: s.EvidenceLink):
    """Attach a link as evidence of the work (a file goes to ``…/evidence/file``)."""
    from holos.work import actions

    membership, occurrence = _work_item(request, slug, item_id, write=True)
    if not may_report(membership, occurrence.activity):
        raise PermissionDenied
    attachment = actions.add_attachment(actor=membership.user, occurrence=occurrence, url=link.url)
    return Status(201, {"id": attachment.pk, "name": attachment.name, "url": attachment.url, "file": False,
                        "created_at": attachment.created_at})


@api.post("/organizations/{slug}/work-items/{item_id}/evidence/file", response={201: s.EvidenceOut}, tags=["work"])
def add_evidence_file(request, slug: Slug, item_id: PathId, file: File[UploadedFile]):
    """Attach a file as evidence (multipart, field ``file``): the kinds and size the web takes, stored alike."""
    from holos.work import actions
    from holos.work.forms import EvidenceFields

    membership, occurrence = _work_item(request, slug, item_id, write=True)
    if not may_report(membership, occurrence.activity):
        raise PermissionDenied
    form = EvidenceFields(data={}, files=request.FILES)  # the same check as the web form: size, kind, first bytes
    if not form.is_valid():
        errors = [{"loc": ["body", "file"], "msg": str(message), "type": "value_error"}
                  for message in form.errors.get("file", [])]
        return problem(422, _("The file cannot be attached."), code="invalid", errors=errors)
    attachment = actions.add_attachment(actor=membership.user, occurrence=occurrence, upload=form.cleaned_data["file"])
    return Status(201, {"id": attachment.pk, "name": attachment.name, "url": attachment.url, "file": True,
                        "created_at": attachment.created_at})


# Indicators and measurements


@api.get("/organizations/{slug}/indicators", response=s.IndicatorPage, tags=["indicators"])
def list_indicators(request, slug: Slug, plan: FilterId = None, activity: FilterId = None, cursor: Cursor = None,
                    limit: Limit = DEFAULT_LIMIT):
    from holos.plans.models import Indicator

    indicators = Indicator.objects.filter(activity__plan__organization=member(request, slug).organization)
    if plan:
        indicators = indicators.filter(activity__plan_id=plan)
    if activity:
        indicators = indicators.filter(activity_id=activity)
    rows, following = _paged(indicators.select_related("activity").only(
        "id", "text", "target", "unit", "placeholder", "baseline", "source_metric", "activity_id",
        "activity__plan_id"), cursor, limit)
    return {"items": [{"id": i.pk, "plan": i.activity.plan_id, "activity": i.activity_id, "text": i.text,
                       "target": i.target, "unit": i.unit, "placeholder": i.placeholder, "baseline": i.baseline,
                       "source_metric": i.source_metric} for i in rows], "next": following}


def _indicator(organization, indicator_id: int):
    from holos.plans.models import Indicator

    indicator = (Indicator.objects.filter(pk=indicator_id, activity__plan__organization=organization)
                 .select_related("activity__plan__organization").first())
    if indicator is None:
        raise Http404
    return indicator


def _measurement_out(m) -> dict[str, Any]:
    return {"id": m.pk, "indicator": m.indicator_id, "date": m.date, "value": m.value, "note": m.note,
            "created_at": m.created_at}


@api.get("/organizations/{slug}/indicators/{indicator_id}/measurements", response=s.MeasurementPage,
         tags=["indicators"])
def list_measurements(request, slug: Slug, indicator_id: PathId, date_from: Day = None, date_to: Day = None,
                      cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    from holos.work.models import Measurement

    indicator = _indicator(member(request, slug).organization, indicator_id)
    measurements = Measurement.objects.filter(indicator=indicator)
    if date_from:
        measurements = measurements.filter(date__gte=date_from)
    if date_to:
        measurements = measurements.filter(date__lte=date_to)
    rows, following = _paged(measurements, cursor, limit, key=("date", "id"), types=(date, int))
    return {"items": [_measurement_out(m) for m in rows], "next": following}


@api.post("/organizations/{slug}/indicators/{indicator_id}/measurements", response={201: s.MeasurementOut},
          tags=["indicators"])
def add_measurement(request, slug: Slug, indicator_id: PathId, measurement: s.MeasurementIn):
    """Record a value of the indicator on a date (editors and administrators, as on the indicators page)."""
    from holos.work import actions

    membership = member(request, slug, write=True, edit=True)
    indicator = _indicator(membership.organization, indicator_id)
    created = actions.add_measurement(actor=membership.user, indicator=indicator, day=measurement.date,
                                      value=measurement.value, note=measurement.note.strip())
    return Status(201, _measurement_out(created))


# Surveys


@api.get("/organizations/{slug}/surveys", response=s.SurveyPage, tags=["surveys"])
def list_surveys(request, slug: Slug, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    from holos.surveys.models import Survey

    surveys = Survey.objects.filter(organization=member(request, slug).organization).annotate(
        response_count=Count("responses"))
    rows, following = _paged(surveys, cursor, limit)
    now = timezone.now()
    return {"items": [{"id": v.pk, "title": _texts(v.title), "status": v.status_at(now), "opens_at": v.opens_at,
                       "closes_at": v.closes_at, "responses": v.response_count} for v in rows], "next": following}


def _texts(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in (value or {}).items()} if isinstance(value, dict) else {}


@api.get("/organizations/{slug}/surveys/{survey_id}/results", response=s.SurveyResultsOut, tags=["surveys"])
def get_survey_results(request, slug: Slug, survey_id: PathId, since: Day = None, until: Day = None):
    """Counts per option, averages of scales and numbers, for the responses of the days asked (texts are left out)."""
    from holos.surveys.models import Survey
    from holos.surveys.results import Period, compute_results

    survey = object_of(member(request, slug).organization, Survey, survey_id)
    results = compute_results(survey, period=Period(since=since, until=until), include_text=False)
    return {"survey": survey.pk, "since": since, "until": until, "responses": results.responses, "questions": [{
        "id": r.question.pk, "kind": r.question.kind, "text": _texts(r.question.text), "answered": r.answered,
        "average": r.average, "minimum": r.minimum, "maximum": r.maximum,
        "options": [{"label": str(row.label), "count": row.count, "percent": row.percent} for row in r.rows],
    } for r in results.questions]}


# Programmes: what a programme sees of its organisations, for a programme's token


def programme_member(request, slug: str):
    """The token owner's membership of the token's programme; 404 for any other, and for organisations' tokens."""
    from holos.programmes.models import ProgrammeMember

    token: ApiToken = request.auth
    if token.programme is None or token.programme.slug != slug:
        raise Http404
    found = ProgrammeMember.objects.select_related("programme").filter(user=token.user,
                                                                       programme=token.programme).first()
    if found is None:
        raise Http404  # the owner has left the programme's team
    return found


def _programme_out(found, token: ApiToken) -> dict[str, Any]:
    programme = found.programme
    return {"slug": programme.slug, "name": programme.name, "description": programme.description,
            "role": found.role, "scope": token.scope}


@api.get("/programmes", response=s.ProgrammePage, tags=["programmes"])
def list_programmes(request):
    """The programme of the token (a programme's token names one; an organisation's none)."""
    token: ApiToken = request.auth
    items = []
    if token.programme is not None:
        try:
            items = [_programme_out(programme_member(request, token.programme.slug), token)]
        except Http404:
            items = []
    return {"items": items, "next": None}


@api.get("/programmes/{slug}", response=s.ProgrammeOut, tags=["programmes"])
def get_programme(request, slug: Slug):
    return _programme_out(programme_member(request, slug), request.auth)


@api.get("/programmes/{slug}/organizations", response=s.MemberOrganizationPage, tags=["programmes"])
def list_programme_organizations(request, slug: Slug, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    """The organisations taking part, each with the plans it shares (invited, declined and left ones share nothing)."""
    from holos.programmes.sharing import active_participations, shared_plans

    programme = programme_member(request, slug).programme
    participations = active_participations(programme).select_related("organization")
    rows, following = _paged(participations, cursor, limit, key=("organization_id",))
    shared: dict[int, list[dict[str, Any]]] = {}
    for plan in shared_plans(programme).filter(organization_id__in=[p.organization_id for p in rows]).order_by(
            "title", "pk").only("pk", "title", "organization_id"):
        shared.setdefault(plan.organization_id, []).append({"id": plan.pk, "name": plan.title})
    return {"items": [{"id": p.organization_id, "name": p.organization.name, "joined_at": p.joined_at,
                       "plans": shared.get(p.organization_id, [])} for p in rows], "next": following}


@api.get("/programmes/{slug}/plans", response=s.SharedPlanPage, tags=["programmes"])
def list_programme_plans(request, slug: Slug, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    """The plans the organisations share with the programme."""
    from holos.programmes.sharing import shared_plans

    programme = programme_member(request, slug).programme
    plans = shared_plans(programme).select_related("organization")
    rows, following = _paged(plans, cursor, limit)
    return {"items": [{"id": p.pk, "organization": p.organization_id, "organization_name": p.organization.name,
                       "title": p.title, "kind": p.kind, "period": _period(p), "revision": p.revision,
                       "updated_at": p.updated_at} for p in rows], "next": following}


@api.get("/programmes/{slug}/plans/{plan_id}/document", response=s.PlanDocument, tags=["programmes"],
         by_alias=True, exclude_unset=True)
def get_programme_plan_document(request, slug: Slug, plan_id: PathId):
    """A shared plan as a ``holos.plan/1`` document, without its internal notes (as its open data)."""
    from holos.plans.grid import load_plan_tree
    from holos.programmes.sharing import shared_plan_or_404
    from holos.public.documents import public_document

    plan = shared_plan_or_404(programme_member(request, slug).programme, plan_id)
    return doc.PlanDocument(plans=[public_document(load_plan_tree(plan))]).to_dict()


def _counts(counts) -> dict[str, Any]:
    return {"planned": counts.planned, "done": counts.done, "skipped": counts.skipped, "overdue": counts.overdue,
            "coming": counts.coming, "done_percent": counts.done_percent}


@api.get("/programmes/{slug}/dashboard", response=s.DashboardOut, tags=["programmes"])
def get_programme_dashboard(request, slug: Slug):
    """Organisations × months (planned, done, overdue) and the programme's indicators, as the dashboard counts them."""
    from holos.programmes.dashboard import programme_summary

    summary = programme_summary(programme_member(request, slug).programme, timezone.localdate())
    return {
        "today": summary.today,
        "months": [month.strftime("%Y-%m") for month in summary.months],
        "totals": _counts(summary.totals),
        "month_totals": [_counts(c) for c in summary.month_totals],
        "organizations": [{
            "organization": row.pk, "name": row.name, "plans": row.plans, "totals": _counts(row.totals),
            "months": [_counts(c) for c in row.cells(summary.months)], "activities": row.activities,
            "without_owner": row.without_owner, "without_measure": row.without_measure,
            "without_feedback": row.without_feedback,
        } for row in summary.rows],
        "indicators": [{
            "id": f.definition.pk, "name": f.definition.name, "unit": f.definition.unit,
            "aggregate": f.definition.aggregate, "value": f.value, "indicators": f.indicators,
            "organizations": f.organizations,
        } for f in summary.indicators],
    }


# Open data of published plans: no token


def _public_limit(request) -> None:
    _limit(f"address:{sender_key(request)}")


def _published(slug: str):
    from holos.plans.models import Plan

    return Plan.objects.filter(organization__slug=slug, published_at__isnull=False)


@api.get("/public/organizations/{slug}/plans", response=s.PublicPlanPage, auth=None, tags=["open data"])
def list_public_plans(request, slug: Slug, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT):
    """The published plans of an organisation, as on its public page."""
    _public_limit(request)
    rows, following = _paged(_published(slug), cursor, limit)
    return {"items": [{"id": p.pk, "title": p.title, "kind": p.kind, "period": _period(p),
                       "published_at": p.published_at} for p in rows], "next": following}


@api.get("/public/organizations/{slug}/plans/{plan_id}", response=s.PlanDocument, auth=None, tags=["open data"],
         by_alias=True, exclude_unset=True)
def get_public_plan(request, slug: Slug, plan_id: PathId):
    """A published plan as a ``holos.plan/1`` document, without its internal notes (its open data)."""
    from holos.plans.grid import load_plan_tree
    from holos.public.documents import public_document

    _public_limit(request)
    plan = _published(slug).filter(pk=plan_id).select_related("organization").first()
    if plan is None:
        raise Http404
    return doc.PlanDocument(plans=[public_document(load_plan_tree(plan))]).to_dict()


def schema_response() -> HttpResponse:
    import json

    return HttpResponse(json.dumps(api.get_openapi_schema(), ensure_ascii=False), content_type="application/json")
