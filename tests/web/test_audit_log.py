"""The organisation's audit log: deleted things can be found, filters stay, other organisations stay out."""

import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from holos.audit.labels import ACTION_LABELS, FIELD_LABELS
from holos.audit.models import AuditEntry
from holos.plans import actions
from holos.plans.models import Activity

ROOT = Path(__file__).resolve().parents[2]


def _log(world):
    return reverse("audit_log", args=[world.community.slug])


def test_a_deleted_plan_and_a_deleted_activity_are_found_in_the_log(world, as_user):
    activity = Activity.objects.filter(plan=world.plan).first()
    actions.delete_activity(actor=world.officer, activity=activity)
    plan_pk = world.plan.pk
    actions.delete_plan(actor=world.officer, plan=world.plan)
    client = as_user(world.admin)
    page = client.get(_log(world), {"deleted": "on"}).content.decode()
    with translation.override("uk"):
        assert str(ACTION_LABELS["plan.delete"]).capitalize() in page
        assert str(ACTION_LABELS["activity.delete"]).capitalize() in page
        assert str(ACTION_LABELS["activity.create"]).capitalize() not in page
    assert "План комунікацій 2025" in page and activity.title in page
    # The deleted plan is named by its title (no page shows bare ids), and no link leads to its gone history.
    assert reverse("plan_history", args=[world.community.slug, plan_pk]) not in page


def test_the_filter_narrows_the_log_and_is_remembered(world, as_user):
    client = as_user(world.officer)
    client.get(_log(world), {"kind": "activity", "person": "", "q": "Активність 2"})
    page = client.get(_log(world)).content.decode()  # back on the page without a query
    rows = re.findall(r"<tr>\s*<td><time", page)
    expected = AuditEntry.objects.filter(organization=world.community, action__startswith="activity.",
                                         object_repr__icontains="Активність 2").count()
    assert expected >= 1 and len(rows) == expected
    assert 'value="Активність 2"' in page
    page = client.get(_log(world), {"clear": "1"}).content.decode()
    assert len(re.findall(r"<tr>\s*<td><time", page)) == min(
        50, AuditEntry.objects.filter(organization=world.community).count())


def test_the_log_pages_through_thousands(world, as_user, django_assert_max_num_queries):
    AuditEntry.objects.bulk_create(
        AuditEntry(organization=world.community, action="plan.update", object_type="plan",
                   object_repr=f"План {n}") for n in range(2000)
    )
    client = as_user(world.admin)
    with django_assert_max_num_queries(12):
        page = client.get(_log(world), {"page": 30}).content.decode()
    total = AuditEntry.objects.filter(organization=world.community).count()
    assert len(re.findall(r"<tr>\s*<td><time", page)) == 50
    with translation.override("uk"):
        position = translation.gettext("Page %(n)s of %(total)s") % {"n": 30, "total": (total + 49) // 50}
    assert position in page


def test_the_next_page_keeps_the_filter_in_its_address(world, as_user):
    AuditEntry.objects.bulk_create(
        [AuditEntry(organization=world.community, action="plan.update", object_type="plan",
                    object_repr=f"Звіт {n}") for n in range(120)]
        + [AuditEntry(organization=world.community, action="goal.update", object_type="goal",
                      object_repr=f"Звіт про ціль {n}") for n in range(80)]
    )
    client = as_user(world.admin)
    page = client.get(_log(world), {"kind": "plan", "q": "Звіт"}).content.decode()
    (next_link,) = re.findall(r'href="(\?[^"]*page=2[^"]*)"', page)
    query = next_link.replace("&amp;", "&")
    assert "kind=plan" in query and "q=" in query
    client.get(_log(world), {"clear": "1"})  # the remembered filter forgotten: only the address carries it
    second = client.get(_log(world) + query).content.decode()
    assert len(re.findall(r"<tr>\s*<td><time", second)) == 50
    assert "Звіт про ціль" not in second


def test_only_administrators_and_editors_read_the_log_and_never_another_organisation(world, as_user):
    AuditEntry.objects.create(organization=world.other, action="plan.delete", object_type="plan",
                              object_repr="Таємний план іншої громади")
    for user in (world.unit_head, world.viewer):
        assert as_user(user).get(_log(world)).status_code == 403
    assert as_user(world.outsider).get(_log(world)).status_code == 404
    for user in (world.admin, world.officer):
        page = as_user(user).get(_log(world)).content.decode()
        assert "Таємний план" not in page
        assert reverse("audit_log", args=[world.community.slug]) in page  # linked from the navigation


def test_every_recorded_action_has_a_label():
    source = "\n".join(path.read_text() for path in (ROOT / "holos").rglob("*.py"))
    recorded = set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', source))
    recorded |= set(re.findall(r'_audit\(actor, [a-z.]+, "([a-z_]+\.[a-z_]+)"', source))
    recorded |= {"suggestion.web", "suggestion.hotline", "goal.move", "task.move", "activity.move"}
    assert len(recorded) > 60
    assert recorded - set(ACTION_LABELS) == set()


def test_the_fields_of_a_change_are_named_in_words(world, as_user):
    from holos.work import actions as work_actions
    from holos.work.models import Occurrence, Status

    activity = Activity.objects.filter(plan=world.plan).first()
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02"])
    occurrence = Occurrence.objects.get(activity=activity)
    work_actions.set_status(actor=world.officer, occurrence=occurrence, status=Status.SKIPPED, reason="Дощ")
    page = as_user(world.admin).get(_log(world), {"kind": "occurrence"}).content.decode()
    with translation.override("uk"):
        label = str(FIELD_LABELS["skip_reason"])
    assert f"<td>{label}</td>" in page and "<td>skip_reason</td>" not in page and "Дощ" in page
