"""The site's navigation: four sections by what people do, and each section's pages.

Plans · Work · Residents · Organisation. Which section a page belongs to is read from
the name of its route, so a page added later needs one line here to light its section.
The organisation switcher lists the person's organisations from the session (kept
there when they sign in or open their list of organisations), so that drawing the
header costs no query on a page that already knows its membership.

Registered as a template built-in (``settings.TEMPLATES``): ``{% site_header %}``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django import template
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

register = template.Library()

ORGANIZATIONS_KEY = "holos:organizations"
CURRENT_KEY = "holos:organization"


@dataclass(frozen=True)
class Link:
    route: str
    label: StrOrPromise
    args: tuple = ()
    needs: str = ""  # "edit" or "admin": shown only to members who may
    organization: bool = True  # the route takes the organisation's slug first


@dataclass(frozen=True)
class Section:
    key: str
    label: StrOrPromise
    links: tuple[Link, ...]
    routes: frozenset[str] = field(default_factory=frozenset)


SECTIONS = (
    Section("plans", _("Plans"), (
        Link("organization", _("All plans")),
        Link("import_new", _("Import a plan"), needs="edit"),
        Link("drafts", _("Write a plan with the method"), needs="edit"),
        Link("community_profile", _("Community profile")),
        Link("library", _("Activity library")),
    ), frozenset({
        "drafts", "draft", "draft_step", "draft_delete", "message_help", "plan_build", "plan_suggestions",
        "community_profile", "profile_audience", "profile_channel", "library", "template_create", "template_edit",
        "organization", "plan_create", "plan", "plan_edit", "plan_delete", "plan_publish", "plan_checks",
        "reports", "report", "plan_history", "plan_dashboard", "plan_indicators", "indicator_add",
        "indicator_measure", "indicator_target", "indicator_definition", "indicator_source", "goal_create", "goal_edit",
        "goal_delete", "task_create", "task_edit", "task_delete", "activity_create", "activity_edit",
        "activity_delete", "import_new", "import_preview", "import_reread", "import_confirm",
        "import_discard", "plan_cascade",
    })),
    Section("work", _("Work"), (
        Link("my_work", _("My work"), organization=False),
        Link("organization_dashboard", _("Progress")),
        Link("events", _("Events")),
        Link("calendars", _("Calendar links"), organization=False),
    ), frozenset({"my_work", "unit_work", "occurrence", "organization_dashboard", "events", "event_edit",
                  "calendars"})),
    Section("residents", _("Residents"), (
        Link("surveys", _("Surveys")),
        Link("inbox", _("Inbox")),
        Link("public_organization", _("Public page")),
        Link("posts", _("Posts")),
        Link("content_calendar", _("Content calendar")),
        Link("channels", _("Connected channels")),
        Link("subscribers", _("Subscribers"), needs="admin"),
    ), frozenset({
        "posts", "post_create", "post", "post_edit", "post_images", "post_image", "post_files", "post_file",
        "post_review", "post_send_again", "post_delete", "content_calendar", "channels", "channel_connect",
        "channel_edit", "channel_disconnect", "topics", "topic_edit", "publishing_settings", "subscribers",
        "subscribers_import", "subscriber_erase", "publishing_indicators",
        "surveys", "survey_create", "survey", "survey_edit", "survey_delete", "survey_question_create",
        "survey_question_edit", "survey_question_delete", "survey_results", "survey_text_answers", "survey_codes",
        "survey_indicators", "survey_publish", "inbox", "inbox_log_call", "inbox_settings", "inbox_item",
        "inbox_erase",
    })),
    Section("organization", _("Organisation"), (
        Link("catalogue", _("Audiences"), ("audiences",)),
        Link("catalogue", _("Channels"), ("channels",)),
        Link("catalogue", _("Units"), ("units",)),
        Link("members", _("Members"), needs="admin"),
        Link("organization_programmes", _("Programmes")),
        Link("organization_settings", _("Settings")),
        Link("api_tokens", _("Access tokens")),
        Link("audit_log", _("Audit log"), needs="edit"),
    ), frozenset({"catalogue", "catalogue_entry", "catalogue_entry_create", "catalogue_merge",
                  "members", "member_edit", "organization_settings",
                  "api_tokens", "audit_log", "organization_programmes", "participation", "template_start"})),
)


@dataclass
class NavLink:
    label: str
    url: str
    current: bool = False


@dataclass
class NavSection:
    key: str
    label: str
    url: str
    current: bool
    links: list[NavLink]


def remember_organizations(request, memberships) -> None:
    """Keep the person's organisations (slug and name) for the switcher."""
    request.session[ORGANIZATIONS_KEY] = [[m.organization.slug, m.organization.name] for m in memberships]


def _organizations(request, membership) -> list[list[str]]:
    known = request.session.get(ORGANIZATIONS_KEY)
    if known is None:
        from holos.accounts.models import Membership

        memberships = Membership.objects.filter(user=request.user).select_related("organization")
        remember_organizations(request, memberships.order_by("organization__name"))
        known = request.session[ORGANIZATIONS_KEY]
    if membership is not None:
        slug, name = membership.organization.slug, membership.organization.name
        if [slug, name] not in known:
            known = sorted([item for item in known if item[0] != slug] + [[slug, name]], key=lambda item: item[1])
            request.session[ORGANIZATIONS_KEY] = known
        if request.session.get(CURRENT_KEY) != slug:
            request.session[CURRENT_KEY] = slug
    return known


def _allowed(link: Link, membership) -> bool:
    if link.needs == "admin":
        return membership is not None and membership.is_admin
    if link.needs == "edit":
        return membership is not None and membership.can_edit_plans
    return True


# Stands in for the organisation's slug in the addresses kept by ``_pattern``: a valid slug,
# so reversing accepts it, and one no route's own text contains.
_SLUG_SLOT = "holosnavslugslot"


@functools.lru_cache(maxsize=256)
def _pattern(route: str, args: tuple, organization: bool, script_prefix: str) -> str | None:
    """A link's address with ``_SLUG_SLOT`` for the slug, reversed once per process (and prefix)."""
    try:
        return reverse(route, args=[_SLUG_SLOT, *args] if organization else list(args))
    except NoReverseMatch:
        return None


def _url(link: Link, slug: str | None) -> str | None:
    """The link's address for the organisation ``slug``: every page draws the header, so its links
    are not reversed per request."""
    if link.organization and not slug:
        return None
    pattern = _pattern(link.route, link.args, link.organization, get_script_prefix())
    if pattern is None or not link.organization:
        return pattern
    return pattern.replace(_SLUG_SLOT, slug or "")


def build(request, membership) -> dict:
    """The header's sections, the current section's pages and the organisations to switch to."""
    match = getattr(request, "resolver_match", None)
    route = match.url_name if match else ""
    route_args = match.kwargs if match else {}
    organizations = _organizations(request, membership)
    slug = membership.organization.slug if membership else request.session.get(CURRENT_KEY)
    if slug and not any(item[0] == slug for item in organizations):
        slug = None
    if slug is None and organizations:
        slug = organizations[0][0]
    name = next((item[1] for item in organizations if item[0] == slug), "")
    sections = []
    for section in SECTIONS:
        links = []
        for link in section.links:
            if not _allowed(link, membership) or (membership is None and link.needs):
                continue
            url = _url(link, slug)
            if url is None:
                continue
            current = link.route == route and (not link.args or route_args.get("kind") == link.args[0])
            links.append(NavLink(str(link.label), url, current))
        if links:
            sections.append(NavSection(section.key, str(section.label), links[0].url, route in section.routes, links))
    current = next((s for s in sections if s.current), None)
    return {"sections": sections, "current": current, "organizations": organizations, "slug": slug,
            "organization_name": name}


@register.inclusion_tag("_header.html", takes_context=True)
def site_header(context):
    request = context["request"]
    data = {"request": request, "user": context.get("user"), "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
            "csrf_token": context.get("csrf_token")}
    if request.user.is_authenticated:
        data["nav"] = build(request, context.get("membership"))
    return data


@register.simple_tag(takes_context=True)
def portal_organization(context):
    """The organisation a public page belongs to: its own page, a plan's or a survey's."""
    for name, attribute in (("organization", None), ("plan", "organization"), ("survey", "organization")):
        value = context.get(name)
        if value is not None:
            return getattr(value, attribute) if attribute else value
    return None
