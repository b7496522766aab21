"""The organisation's audit log: every recorded change, deleted things included.

Administrators and editors read it; it can be narrowed to a kind of thing, a person,
deletions only, or words in the name of what changed, and the choice is remembered.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from holos.accounts.access import get_membership
from holos.accounts.models import Membership
from holos.accounts.policy import Do, Refused, allows
from holos.audit.forms import LogFilterForm
from holos.audit.labels import KIND_LABELS
from holos.audit.models import AuditEntry
from holos.audit.subjects import describe_subjects
from holos.pages import remembered_filter, row_id
from holos.plans.models import Plan

FILTER_KEYS = ("kind", "person", "deleted", "q")
PAGE_SIZE = 50
# Actions that take something away; "deletions only" shows these.
REMOVING = Q(action__endswith=".delete") | Q(action__in=["member.remove", "suggestion.erase",
                                                          "suggestion.contacts_expired", "occurrence.detach",
                                                          "import.discard", "feed.revoke", "channel.disconnect",
                                                          "subscriber.erase", "subscriber.expired"])


def organization_log(request, slug):
    membership = get_membership(request, slug)
    if not allows(membership, Do.READ_AUDIT_LOG):
        raise Refused
    organization = membership.organization
    values = remembered_filter(request, f"audit-filter-{organization.pk}", FILTER_KEYS)
    entries = AuditEntry.objects.filter(organization=organization)
    kind = values.get("kind", "")
    if kind in KIND_LABELS:
        entries = entries.filter(action__startswith=f"{kind}.")
    person = values.get("person", "")
    if person == "system":
        entries = entries.filter(actor__isnull=True)
    elif row_id(person) is not None:
        entries = entries.filter(actor_id=row_id(person))
    if values.get("deleted"):
        entries = entries.filter(REMOVING)
    words = " ".join(values.get("q", "").replace("\x00", " ").split())[:100]  # PostgreSQL holds no NUL
    if words:
        entries = entries.filter(object_repr__icontains=words)
    page = Paginator(entries.select_related("actor"), PAGE_SIZE).get_page(request.GET.get("page"))
    plan_refs = {entry.plan_ref for entry in page.object_list if entry.plan_ref}
    living = dict(Plan.objects.filter(organization=organization, pk__in=plan_refs).values_list("pk", "title"))
    deleted = dict(AuditEntry.objects.filter(organization=organization, action="plan.delete",
                                             object_id__in=plan_refs - set(living))
                   .values_list("object_id", "object_repr"))
    for entry in describe_subjects(page.object_list):
        entry.plan_title = living.get(entry.plan_ref) or deleted.get(entry.plan_ref, "")
    people = (Membership.objects.filter(organization=organization).select_related("user")
              .order_by("user__first_name", "user__username"))
    kinds = sorted(KIND_LABELS.items(), key=lambda item: str(item[1]))
    filter_form = LogFilterForm(initial=values, kinds=kinds, people=people)
    return render(request, "audit/log.html", {
        "membership": membership, "page": page, "living_plans": living, "filter_form": filter_form,
        "filtered": any(values.values()),
    })
