"""Work already recorded in the demo, so its dashboards show progress and not only overdue work.

The seed plans ran in 2018–2023, so every date of the demo is past. In the calendar plans
(the Pokrovska community, May–October 2023) most work is recorded as done with the people
it reached, a little was skipped with a reason, and the rest is left overdue, as in a real
office. The other plans are left as imported.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from holos.demo.notes import Note
from holos.work import actions
from holos.work.models import Occurrence, Status

SKIPPED_BECAUSE = "Перенесено: зала була зайнята під пункт незламності."


def create_demo_work(*, organization, admin, plans) -> list[Note]:
    calendar = [plan for plan in plans if plan.kind == "calendar"]
    occurrences = Occurrence.objects.filter(plan__in=calendar).select_related("plan__organization")
    if not calendar or occurrences.exclude(status=Status.PLANNED).exists():
        return []
    done = 0
    for index, occurrence in enumerate(occurrences.order_by("due", "id")):
        if index % 5 == 4:
            continue  # left overdue
        if index % 11 == 7:
            actions.set_status(actor=admin, occurrence=occurrence, status=Status.SKIPPED, reason=SKIPPED_BECAUSE)
            continue
        actions.set_status(actor=admin, occurrence=occurrence, status=Status.DONE)
        actions.record_work(actor=admin, occurrence=occurrence, note="Виконано, фото в альбомі громади.",
                            numbers={"people_reached": 20 + index * 37 % 180})
        done += 1
    return [Note(gettext_noop("done work recorded in the calendar plans: %(url)s"),
                 {"url": reverse("organization_dashboard", args=[organization.slug])})] if done else []
