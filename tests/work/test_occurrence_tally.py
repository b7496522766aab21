"""The database keeps the tally of occurrences by plan, day and status, whatever writes them."""

from django.db.models import Count

from holos.plans import actions as plan_actions
from holos.plans.models import Activity
from holos.work import actions as work_actions
from holos.work.models import Occurrence, OccurrenceTally, Status
from tests.conftest import make_plan


def _counted():
    return sorted(Occurrence.objects.values_list("plan_id", "due", "status").annotate(n=Count("id")).order_by())


def _tally():
    return sorted(OccurrenceTally.objects.values_list("plan_id", "due", "status", "count"))


def test_the_tally_follows_inserts_status_changes_schedule_changes_and_deletions(world):
    plan = world.plan
    for activity in Activity.objects.filter(plan=plan):
        plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-01", "2025-02", "2025-03"])
    assert _tally() == _counted() and len(_counted()) >= 3
    occurrence = Occurrence.objects.filter(plan=plan).first()
    work_actions.set_status(actor=None, occurrence=occurrence, status=Status.DONE)
    work_actions.record_work(actor=None, occurrence=occurrence, note="Зроблено", numbers={"people_reached": 5})
    assert _tally() == _counted()
    Occurrence.objects.filter(plan=plan).update(status=Status.SKIPPED)
    assert _tally() == _counted()
    activity = Activity.objects.filter(plan=plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-06"])
    assert _tally() == _counted()
    other = make_plan(world.community, title="Другий")
    for activity in Activity.objects.filter(plan=other):
        plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-04"])
    plan_actions.delete_plan(actor=None, plan=plan)
    assert _tally() == _counted()
    assert not OccurrenceTally.objects.filter(plan_id=plan.pk).exists()
    assert not OccurrenceTally.objects.filter(count__lte=0).exists()
