"""Schedules, periods, findings and audit entries are told in the reader's language, never as codes."""

import pytest
from django.urls import reverse
from django.utils import translation

from holos import describe
from holos.audit.models import AuditEntry
from holos.audit.subjects import describe_subjects
from holos.plans import actions
from holos.plans.models import Activity
from holos.suggestions import actions as inbox
from holos.work.models import Occurrence


@pytest.mark.parametrize(("language", "expected"), [
    ("uk", ["щомісяця, березень – червень 2025", "травень, липень і вересень 2023", "постійно", "за потреби",
            "2 рази на місяць, січень – грудень 2025", "за 2 тижні до «день громади»", "I, III кв. 2024",
            "4 рази, червень 2018 – січень 2020", "строк не розпізнано"]),
    ("en", ["monthly, March – June 2025", "May, July and September 2023", "all the time", "when needed",
            "2 times a month, January – December 2025", "2 weeks before “день громади”", "QI, III 2024",
            "4 times, June 2018 – January 2020", "when: not understood"]),
    ("cs", ["měsíčně, březen – červen 2025", "květen, červenec a září 2023", "průběžně", "podle potřeby",
            "2 krát měsíčně, leden – prosinec 2025", "2 týdny před „день громади“", "I, III. čtvrtletí 2024",
            "4 krát, červen 2018 – leden 2020", "termín nerozpoznán"]),
])
def test_schedules_in_words(language, expected):
    schedules = [
        {"kind": "slots", "slots": ["2025-03", "2025-04", "2025-05", "2025-06"]},
        {"kind": "slots", "slots": ["2023-05", "2023-07", "2023-09"]},
        {"kind": "continuous", "text": "постійно"},
        {"kind": "as_needed", "text": "за потреби"},
        {"kind": "recurring", "every": "month", "times": 2, "start": "2025-01", "end": "2025-12"},
        {"kind": "relative", "offset_days": -14, "anchor": "день громади"},
        {"kind": "slots", "slots": ["2024-Q1", "2024-Q3"]},
        {"kind": "range", "count": 4, "start": "2018-06", "end": "2020-01"},
        {"kind": "unknown", "text": "як вийде"},
    ]
    with translation.override(language):
        assert [describe.schedule(s) for s in schedules] == expected


def test_the_grid_says_when_an_activity_happens_in_words(world, as_user):
    activity = Activity.objects.filter(plan=world.plan).first()
    schedule = {"kind": "continuous", "text": "постійно"}
    actions.update_activity(actor=None, activity=activity, data={"schedule": schedule})
    page = as_user(world.viewer).get(reverse("plan", args=[world.community.slug, world.plan.pk])).content.decode()
    row = page[page.index(f'id="activity-{activity.pk}"'):]
    row = row[: row.index("</tr>")]
    assert "постійно" in row and "continuous" not in row


def test_audit_entries_name_work_and_messages_in_the_readers_language(world, as_user):
    activity = Activity.objects.filter(plan=world.plan).first()
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    occurrence = Occurrence.objects.get(activity=activity)
    from holos.work import actions as work

    work.set_status(actor=world.officer, occurrence=occurrence, status="done")
    message = inbox.receive_message(organization=world.community, category="suggestion", text="Лавка")
    inbox.set_status(actor=world.admin, suggestion=message, status="in_review")
    entries = AuditEntry.objects.filter(action__in=["occurrence.status", "suggestion.status"])
    with translation.override("en"):
        subjects = {e.action: e.subject for e in describe_subjects(entries)}
        changes = {e.action: e.changes() for e in entries}
    assert subjects["occurrence.status"] == f"“{activity.title}”, March 2025"
    assert subjects["suggestion.status"] == f"message {message.pk} (suggestion)"
    assert ("status", "planned", "done") in changes["occurrence.status"]
    assert ("status", "new", "in review") in changes["suggestion.status"]
    client = as_user(world.admin)
    client.cookies["django_language"] = "cs"
    log = client.get(reverse("audit_log", args=[world.community.slug])).content.decode()
    assert f"zpráva {message.pk} (návrh)" in log and "пропозиція" not in log and "m2025-03" not in log
    assert world.plan.title in log  # the plan by its title, not its number


def test_plans_of_the_same_title_are_told_apart(world, as_user):
    from holos.core.importers import read_path
    from holos.plans.actions import save_document
    from tests.web.test_checks_on_pages import SEEDS

    save_document(actor=None, organization=world.community,
                  document=read_path(SEEDS / "000_e607be4f092c3acc.txt"), source="000.txt")
    page = as_user(world.viewer).get(reverse("organization", args=[world.community.slug])).content.decode()
    assert page.count("перша ціль: Проінформувати ВПО") == 1
    assert page.count("перша ціль: Залучення жителів громади") == 1
    assert "травень – жовтень 2023" in page
