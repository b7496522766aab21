"""Calendar links: made and revoked by their owner, read by calendar apps without signing in.

The token in the link is the only key, so it is long and random, it can be revoked at
once, and a feed stops answering when its owner leaves the organisation.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from holos.accounts.models import Membership
from holos.pages import form_status
from holos.plans.models import Plan, Unit
from holos.work import actions
from holos.work.ics import build_calendar
from holos.work.models import CalendarFeed, FeedScope, Occurrence

FEED_LIMIT = 5000


class FeedForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("Calendar of"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("user", _("my work, in every organisation"))]
        memberships = Membership.objects.filter(user=user).select_related("organization")
        for membership in memberships:
            organization = membership.organization
            choices.append((f"organization:{organization.pk}", _("all of %(name)s") % {"name": organization.name}))
            for unit in Unit.objects.filter(organization=organization):
                choices.append((f"unit:{unit.pk}", f"{organization.name}: {unit.name}"))
            for plan in Plan.objects.filter(organization=organization).only("pk", "title"):
                choices.append((f"plan:{plan.pk}", f"{organization.name}: {plan.title[:80]}"))
        target_field = self.fields["target"]
        assert isinstance(target_field, forms.ChoiceField)
        target_field.choices = choices


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "holos"


def feed_occurrences(feed: CalendarFeed):
    """The occurrences a feed shows, or ``None`` when its owner may no longer see them."""
    owner = feed.owner
    occurrences = Occurrence.objects.select_related("activity", "plan")
    if feed.scope == FeedScope.USER:
        organizations = Membership.objects.filter(user=owner).values("organization")
        units = Unit.objects.filter(members=owner, organization__in=organizations)
        return occurrences.filter(activity__units__in=units).distinct()
    if not Membership.objects.filter(user=owner, organization=feed.organization).exists():
        return None
    if feed.scope == FeedScope.ORGANIZATION:
        return occurrences.filter(plan__organization=feed.organization)
    if feed.scope == FeedScope.UNIT and feed.unit is not None:
        return occurrences.filter(activity__units=feed.unit).distinct()
    if feed.scope == FeedScope.PLAN and feed.plan is not None:
        return occurrences.filter(plan=feed.plan)
    return None


def feed_name(feed: CalendarFeed) -> str:
    if feed.scope == FeedScope.USER:
        return _("Holos: work of %(name)s") % {"name": feed.owner}
    if feed.scope == FeedScope.UNIT and feed.unit:
        return f"Holos: {feed.unit.name}"
    if feed.scope == FeedScope.PLAN and feed.plan:
        return f"Holos: {feed.plan.title[:80]}"
    return f"Holos: {feed.organization.name}" if feed.organization else "Holos"


def feed(request, token):
    item = CalendarFeed.objects.select_related("owner", "organization", "unit", "plan").filter(
        token=token, revoked_at__isnull=True
    ).first()
    if item is None or not item.owner.is_active:
        raise Http404
    occurrences = feed_occurrences(item)
    if occurrences is None:
        raise Http404

    def link(occurrence):
        return settings.SITE_URL + reverse("occurrence", args=[occurrence.plan.organization.slug, occurrence.pk])

    body = build_calendar(occurrences.select_related("plan__organization").order_by("due", "id")[:FEED_LIMIT],
                          name=feed_name(item), domain=_domain(), link=link)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="holos.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def calendars(request):
    form = FeedForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if "revoke" in request.POST:
            item = CalendarFeed.objects.filter(pk=request.POST.get("revoke"), owner=request.user).first()
            if item is None:
                raise Http404
            actions.revoke_feed(actor=request.user, feed=item)
            messages.success(request, _("The link was revoked; calendars using it get nothing more."))
            return redirect("calendars")
        if form.is_valid():
            kind, _sep, pk = form.cleaned_data["target"].partition(":")
            if kind == "user":
                actions.create_feed(actor=request.user, scope=FeedScope.USER)
            else:
                model: type[Unit] | type[Plan] | None = {"organization": None, "unit": Unit, "plan": Plan}[kind]
                memberships = Membership.objects.filter(user=request.user)
                if kind == "organization":
                    membership = memberships.filter(organization_id=pk).select_related("organization").first()
                    if membership is None:
                        raise Http404
                    actions.create_feed(actor=request.user, scope=FeedScope.ORGANIZATION,
                                        organization=membership.organization)
                else:
                    assert model is not None
                    obj = model._default_manager.filter(pk=pk, organization__memberships__user=request.user).first()
                    if obj is None:
                        raise Http404
                    actions.create_feed(actor=request.user, scope=kind, organization=obj.organization,
                                        **{kind: obj})
            messages.success(request, _("The link is ready. Add it to your calendar app as a subscription."))
            return redirect("calendars")
    feeds = CalendarFeed.objects.filter(owner=request.user, revoked_at__isnull=True).select_related(
        "organization", "unit", "plan")
    rows = [{"feed": f, "name": feed_name(f), "url": settings.SITE_URL + reverse("feed", args=[f.token])}
            for f in feeds]
    return render(request, "work/calendars.html", {"form": form, "rows": rows},
                  status=form_status(form))
