"""Every kind of page of the demo organisation, with the objects its address needs.

The screenshot sweep (``make screenshots``) and the browser tests that run axe-core on
every page walk this one list, so a page added to Holos is reviewed in both once it is
named here. A few objects the demo does not make by itself (a document waiting for
review, an empty plan, an invitation) are made here the first time and found again after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from holos.accounts.models import Organization
from holos.demo.build import DEMO_SLUG, SEEDS

EMPTY_PLAN_TITLE = "План без змісту"


@dataclass(frozen=True)
class Stop:
    """One page: a short name for files and test ids, its address, and who may open it."""

    name: str
    path: str
    public: bool = False  # opened without signing in
    alike: str = ""  # another stop drawn by the same template, which a quick sweep may stand for this one


def _first(queryset: QuerySet[Any]) -> Any:
    """The first row of what a page needs; the demo makes one of each, so none is a broken demo."""
    found = queryset.first()
    if found is None:
        raise LookupError(f"The demo has no {queryset.model._meta.model_name}: build it with `holos demo`.")
    return found


def tour(organization: Organization | None = None) -> list[Stop]:
    """The pages of the demo, staff pages first, then what residents see."""
    from holos.plans.models import Activity, Audience, Goal, Plan, Task, Unit
    from holos.reports.models import ProgressReport
    from holos.suggestions.models import Suggestion
    from holos.surveys.models import Survey
    from holos.work.models import Event, Occurrence, Status

    organization = organization or Organization.objects.get(slug=DEMO_SLUG)
    slug = organization.slug
    plans = Plan.objects.filter(organization=organization).order_by("id")
    calendar = _first(plans.filter(kind="calendar"))
    strategic = plans.filter(kind="strategic").first() or calendar
    empty = _empty_plan(organization)
    goal = _first(Goal.objects.filter(plan=calendar).order_by("position", "id"))
    task = _first(Task.objects.filter(plan=calendar).order_by("position", "id"))
    activity = _first(Activity.objects.filter(plan=calendar).order_by("id"))
    done = _first(Occurrence.objects.filter(plan=calendar, status=Status.DONE).order_by("due", "id"))
    report = _report(calendar)
    record = _import_record(organization)
    survey = _first(Survey.objects.filter(organization=organization).order_by("id"))
    question = _first(survey.questions.order_by("position", "id"))
    text_question = _first(survey.questions.filter(kind="long_text"))
    message = Suggestion.objects.filter(organization=organization, email__gt="").first() or \
        _first(Suggestion.objects.filter(organization=organization))
    audience = _first(Audience.objects.filter(organization=organization).order_by("id"))
    unit = _first(Unit.objects.filter(organization=organization, activities__plan=calendar).order_by("id"))
    event = _event(organization, Event)
    membership = _first(organization.memberships.order_by("id"))

    def url(name: str, *args) -> str:
        return reverse(name, args=[slug, *args])

    stops = [
        Stop("plans", url("organization")),
        Stop("plan", url("plan", calendar.pk)),
        Stop("plan-quarters", url("plan", strategic.pk)),
        Stop("plan-empty", url("plan", empty.pk)),
        Stop("plan-checks", url("plan_checks", calendar.pk)),
        Stop("plan-history", url("plan_history", calendar.pk)),
        Stop("plan-progress", url("plan_dashboard", calendar.pk)),
        Stop("plan-indicators", url("plan_indicators", calendar.pk)),
        Stop("plan-reports", url("reports", calendar.pk)),
        Stop("report", url("report", report.pk)),
        Stop("plan-new", url("plan_create")),
        Stop("plan-edit", url("plan_edit", calendar.pk), alike="plan-new"),
        Stop("plan-delete", url("plan_delete", calendar.pk)),
        Stop("goal-new", url("goal_create", calendar.pk)),
        Stop("goal-edit", url("goal_edit", goal.pk), alike="goal-new"),
        Stop("task-new", url("task_create", goal.pk), alike="goal-new"),
        Stop("task-edit", url("task_edit", task.pk), alike="goal-new"),
        Stop("activity-new", url("activity_create", task.pk)),
        Stop("activity-edit", url("activity_edit", activity.pk)),
        Stop("activity-delete", url("activity_delete", activity.pk)),
        Stop("import-new", url("import_new")),
        Stop("import-preview", url("import_preview", record.pk)),
        Stop("my-work", reverse("my_work")),
        Stop("unit-work", url("unit_work", unit.pk)),
        Stop("work-item", url("occurrence", done.pk)),
        Stop("progress", url("organization_dashboard")),
        Stop("events", url("events")),
        Stop("event-edit", url("event_edit", event.pk)),
        Stop("calendars", reverse("calendars")),
        Stop("surveys", url("surveys")),
        Stop("survey-new", url("survey_create")),
        Stop("survey", url("survey", survey.pk)),
        Stop("survey-edit", url("survey_edit", survey.pk), alike="survey-new"),
        Stop("survey-question", url("survey_question_edit", survey.pk, question.pk)),
        Stop("survey-results", url("survey_results", survey.pk)),
        Stop("survey-answers", url("survey_text_answers", survey.pk, text_question.pk)),
        Stop("survey-codes", url("survey_codes", survey.pk)),
        Stop("survey-indicators", url("survey_indicators", survey.pk)),
        Stop("survey-publish", url("survey_publish", survey.pk)),
        Stop("inbox", url("inbox")),
        Stop("inbox-message", url("inbox_item", message.pk)),
        Stop("inbox-call", url("inbox_log_call")),
        Stop("inbox-settings", url("inbox_settings")),
        Stop("inbox-erase", url("inbox_erase", message.pk)),
        Stop("audiences", url("catalogue", "audiences")),
        Stop("channels", url("catalogue", "channels"), alike="audiences"),
        Stop("units", url("catalogue", "units"), alike="audiences"),
        Stop("catalogue-entry", url("catalogue_entry", "audiences", audience.pk)),
        Stop("members", url("members")),
        Stop("member", url("member_edit", membership.pk)),
        Stop("settings", url("organization_settings")),
        Stop("audit", url("audit_log")),
        Stop("my-settings", reverse("my_settings")),
        Stop("password-change", reverse("password_change")),
    ]
    stops += _publishing(organization, url)
    stops += _builder(url, calendar)
    stops += _programmes(organization, url, plans)
    stops += [
        Stop("api-tokens", url("api_tokens")),
        Stop("api-docs", reverse("api_docs")),
    ]
    published = plans.filter(published_at__isnull=False).order_by("id").first()
    public_report = ProgressReport.objects.filter(plan=published, published=True).first() if published else None
    stops += [
        Stop("portal", reverse("public_organization", args=[slug]), public=True),
        Stop("suggest", reverse("suggestion_form", args=[slug]), public=True),
        Stop("suggest-thanks", reverse("suggestion_thanks", args=[slug]), public=True),
        Stop("answers", reverse("public_answers", args=[slug]), public=True),
        Stop("survey-public", reverse("survey_public", args=[survey.token]), public=True),
        Stop("sign-in", reverse("login"), public=True),
        Stop("password-reset", reverse("password_reset"), public=True),
        Stop("not-found", "/p/no-such-place/", public=True),
    ]
    if published:
        stops.append(Stop("public-plan", reverse("public_plan", args=[slug, published.pk]), public=True))
    if published and public_report:
        stops.append(Stop("public-report", reverse("public_report", args=[slug, published.pk, public_report.pk]),
                          public=True))
    stops += _publishing_public(organization)
    if survey.results_published_at:
        stops.append(Stop("survey-public-results", reverse("survey_public_results", args=[survey.token]),
                          public=True))
    return stops


def _empty_plan(organization):
    from holos.plans import actions
    from holos.plans.models import Plan

    plan = Plan.objects.filter(organization=organization, title=EMPTY_PLAN_TITLE).first()
    return plan or actions.create_plan(actor=None, organization=organization, title=EMPTY_PLAN_TITLE,
                                       kind="calendar", period_start="2026-01", period_end="2026-12",
                                       granularity="month")


def _report(plan):
    from holos.reports import actions
    from holos.reports.models import ProgressReport

    report = ProgressReport.objects.filter(plan=plan).order_by("id").first()
    if report is None:
        year, month = (int(part) for part in plan.period_start.split("-"))
        report = actions.create_report(actor=None, plan=plan, kind="quarter", year=year, index=(month - 1) // 3 + 1)
    return report


def _import_record(organization):
    from holos.imports import actions
    from holos.imports.models import ImportRecord

    seed = SEEDS / "000_e607be4f092c3acc.txt"
    record = ImportRecord.objects.filter(organization=organization, source_name=seed.name).order_by("-id").first()
    return record or actions.start_import(actor=None, organization=organization, name=seed.name,
                                          content=seed.read_bytes())


def _event(organization, model):
    from datetime import date

    from holos.work import actions

    event = model.objects.filter(organization=organization).order_by("id").first()
    return event or actions.save_event(actor=None, organization=organization, event=None, name="День громади",
                                       day=date(2026, 9, 12))


def _publishing(organization: Organization, url) -> list[Stop]:
    """The publishing pages, with a post approved and a post sent when the demo has them."""
    from holos.publishing.models import ConnectedChannel, Post

    stops = [
        Stop("posts", url("posts")),
        Stop("post-new", url("post_create")),
        Stop("content-calendar", url("content_calendar")),
        Stop("publishing-channels", url("channels")),
        Stop("channel-telegram", url("channel_connect", "telegram")),
        Stop("topics", url("topics")),
        Stop("publishing-settings", url("publishing_settings")),
        Stop("subscribers", url("subscribers")),
        Stop("subscribers-import", url("subscribers_import")),
        Stop("publishing-indicators", url("publishing_indicators")),
    ]
    for status in ("approved", "sent"):
        post = Post.objects.filter(organization=organization, status=status).order_by("id").first()
        if post:
            alike = "post-approved" if status == "sent" else ""
            stops.append(Stop(f"post-{status}", url("post", post.pk), alike=alike))
    news = ConnectedChannel.objects.filter(organization=organization, kind="news").first()
    if news:
        stops.append(Stop("channel-news", url("channel_edit", news.pk)))
    return stops


def _publishing_public(organization: Organization) -> list[Stop]:
    """What residents see of the news: the news page, a post, signing up and a subscription."""
    from holos.publishing.models import Post, Subscriber

    slug = organization.slug
    stops = [
        Stop("news", reverse("news", args=[slug]), public=True),
        Stop("subscribe", reverse("subscribe", args=[slug]), public=True),
    ]
    sent = Post.objects.filter(organization=organization, status="sent").order_by("id").first()
    if sent:
        stops.append(Stop("news-item", reverse("news_item", args=[slug, sent.pk]), public=True))
    subscriber = Subscriber.objects.filter(organization=organization).order_by("id").first()
    if subscriber:
        stops.append(Stop("subscription", reverse("subscription", args=[slug, subscriber.token]), public=True))
    return stops


def _builder(url, plan: Any) -> list[Stop]:
    """The builder's pages that need no draft: the community's profile, the drafts, the library."""
    return [
        Stop("community-profile", url("community_profile")),
        Stop("drafts", url("drafts")),
        Stop("library", url("library")),
        Stop("library-new", url("template_create")),
        Stop("plan-suggestions", url("plan_suggestions", plan.pk)),
    ]


def _programmes(organization: Organization, url, plans: QuerySet[Any]) -> list[Stop]:
    """The programme the demo organisation takes part in, seen by its coordinator, and the cascade of its plans."""
    from holos.programmes.models import Participation, PlanTemplate

    stops = [Stop("organisation-programmes", url("organization_programmes"))]
    strategic = plans.filter(kind="strategic").first()
    if strategic:
        stops += [Stop("cascade", url("plan_cascade", strategic.pk)),
                  Stop("indicators-strategic", url("plan_indicators", strategic.pk), alike="plan-indicators")]
    participation = Participation.objects.filter(organization=organization).select_related("programme") \
        .order_by("id").first()
    if participation is None:
        return stops
    programme = participation.programme.slug
    template = PlanTemplate.objects.filter(programme=participation.programme).order_by("id").first()
    shared = participation.plans.order_by("id").first()
    stops += [
        Stop("participation", url("participation", participation.pk)),
        Stop("programmes", reverse("programmes")),
        Stop("programme", reverse("programme", args=[programme])),
        Stop("programme-organisations", reverse("programme_organizations", args=[programme])),
        Stop("programme-organisation", reverse("programme_organization", args=[programme, organization.pk])),
        Stop("programme-members", reverse("programme_members", args=[programme])),
        Stop("programme-indicators", reverse("programme_indicators", args=[programme])),
        Stop("programme-templates", reverse("programme_templates", args=[programme])),
    ]
    if template:
        stops += [Stop("programme-template", reverse("programme_template", args=[programme, template.pk])),
                  Stop("programme-template-item", reverse("programme_template_item",
                                                          args=[programme, template.pk, "1-1-1"])),
                  Stop("template-start", url("template_start", template.pk))]
    if shared:
        stops.append(Stop("programme-plan", reverse("programme_plan", args=[programme, shared.pk])))
    return stops
