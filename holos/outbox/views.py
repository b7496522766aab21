"""The organisation's undelivered mail, for its administrators: what waits, what was given up, and why."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from holos.accounts.access import get_membership
from holos.outbox import actions
from holos.outbox.models import OutgoingMessage


def undelivered(request, slug):
    membership = get_membership(request, slug, admin=True)
    organization = membership.organization
    waiting = OutgoingMessage.objects.for_organization(organization).undelivered().select_related("recipient")
    if request.method == "POST":
        chosen = waiting
        if request.POST.get("message", "").isdigit():
            chosen = waiting.filter(pk=int(request.POST["message"][:18]))
        count = actions.try_again(actor=request.user, organization=organization, messages=list(chosen))
        actions.deliver_soon()
        messages.success(request, _("%(count)s message(s) will be sent again now.") % {"count": count})
        return redirect("outbox", slug)
    page = Paginator(waiting.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "outbox/undelivered.html", {
        "membership": membership, "page": page, "give_up_hours": settings.HOLOS_MAIL_GIVE_UP_HOURS})
