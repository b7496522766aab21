"""Every route answers with the security headers, and no page carries inline script or style.

The routes are read from the URL configuration, as in the isolation test, so a page added
later is checked from the start. Each is asked for by a signed-in administrator and by
someone not signed in: the Content-Security-Policy allows scripts and styles from Holos
alone, the Permissions-Policy switches off unused features, and what a signed-in person
sees is ``Cache-Control: private, no-store``. The HTML itself holds no inline ``<script>``,
``<style>`` or ``style=`` attribute, which that policy would block.
"""

import re

from django.urls import reverse

from holos.accounts.models import Invitation, Role
from holos.plans import actions as plan_actions
from holos.reports.models import ProgressReport
from holos.surveys.models import Survey
from holos.work.actions import create_feed
from tests.web.test_every_route_is_isolated import all_routes, community_objects, organization_routes

INLINE = [re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE), re.compile(r"<style\b", re.IGNORECASE),
          re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE), re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)]


def other_objects(world, objects: dict) -> dict[str, dict]:
    from holos.publishing.models import Subscriber

    """The arguments of every route outside an organisation's address."""
    plan = world.plan
    plan_actions.set_published(actor=None, plan=plan, published=True)
    report = ProgressReport.objects.get(pk=objects["report"]["pk"])
    survey = Survey.objects.get(pk=objects["survey"]["pk"])
    feed = create_feed(actor=world.admin, scope="organization", organization=world.community)
    invitation = Invitation.objects.create(organization=world.community, email="new@example.org", role=Role.VIEWER)
    slug = world.community.slug
    post, topic = objects["post"]["pk"], objects["topic_edit"]["pk"]
    subscriber = Subscriber.objects.get(pk=objects["subscriber_erase"]["pk"])
    return {
        **{name: {} for name in ("home", "login", "logout", "password_reset", "password_reset_done",
                                 "password_reset_complete", "password_change", "password_change_done",
                                 "set_language", "my_work", "my_settings", "calendars")},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "invitation": {"token": invitation.token},
        "choose_language": {"language": "en"},
        "feed": {"token": feed.token},
        "public_organization": {"slug": slug}, "public_plan": {"slug": slug, "pk": plan.pk},
        "public_plan_data": {"slug": slug, "pk": plan.pk, "fmt": "csv"},
        "public_report": {"slug": slug, "pk": plan.pk, "report_pk": report.pk},
        "survey_public": {"token": survey.token}, "survey_public_results": {"token": survey.token},
        "suggestion_form": {"slug": slug}, "suggestion_thanks": {"slug": slug}, "public_answers": {"slug": slug},
        "favicon": {}, "healthz": {}, "metrics": {}, "api_docs": {}, "api": {"rest": f"organizations/{slug}/plans"},
        **{name: {"slug": slug} for name in ("news", "news_rss", "news_atom", "subscribe", "subscribe_thanks")},
        **{name: {"slug": slug, "topic": topic} for name in ("news_topic_rss", "news_topic_atom")},
        "news_item": {"slug": slug, "pk": post},
        "news_image": {"slug": slug, "pk": post, "image_pk": objects["post_image"]["image_pk"]},
        "news_attachment": {"slug": slug, "pk": post, "file_pk": objects["post_file"]["file_pk"]},
        **{name: {"slug": slug, "token": subscriber.token}
           for name in ("subscription", "subscription_confirm", "unsubscribe")},
        "programmes": {},
        **{name: {"slug": "programa"} for name in (
            "programme", "programme_export", "programme_organizations", "programme_members", "programme_indicators",
            "programme_templates", "programme_tokens")},
        "programme_organization": {"slug": "programa", "pk": world.community.pk},
        "programme_plan": {"slug": "programa", "pk": plan.pk},
        "programme_member_remove": {"slug": "programa", "pk": 1},
        "programme_template": {"slug": "programa", "pk": objects["template_start"]["pk"]},
        "programme_template_item": {"slug": "programa", "pk": objects["template_start"]["pk"], "where": "1"},
    }


def _urls(world) -> list[str]:
    objects = community_objects(world)
    slug = objects.pop("_slug")
    others = other_objects(world, objects)
    routes = all_routes()
    organization = organization_routes()
    assert set(routes) - set(objects) - set(others) == set(), "give these routes the objects their addresses need"
    return [reverse(name, kwargs={"slug": slug, **objects[name]} if name in organization else others[name])
            for name in sorted(routes)]


def _check(response, url: str, *, signed_in: bool) -> None:
    policy = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy, url
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, url
    assert "camera=()" in response.get("Permissions-Policy", ""), url
    cache = response.get("Cache-Control", "")
    if signed_in:
        assert "private" in cache and "no-store" in cache, url
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        page = response.content.decode()
        for pattern in INLINE:
            assert not pattern.search(page), (url, pattern.pattern, pattern.search(page).group(0))


def test_every_route_sends_the_headers_and_no_inline_script_or_style(world, as_user, client):
    urls = _urls(world)
    anonymous = [(url, client.get(url)) for url in urls]
    for url, response in anonymous:
        _check(response, url, signed_in=False)
    admin = as_user(world.admin)
    pages = 0
    for url in urls:
        response = admin.get(url)
        _check(response, url, signed_in=True)
        pages += response.status_code == 200
    assert pages > 60


def test_htmx_is_told_to_add_no_style_and_evaluate_nothing(world, as_user):
    page = as_user(world.officer).get(reverse("plan", args=[world.community.slug, world.plan.pk])).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', page).group(1)
    assert '"includeIndicatorStyles": false' in config and '"allowEval": false' in config
