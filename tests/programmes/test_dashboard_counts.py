"""The dashboard's work figures, read from the rows the database keeps per plan and month, equal a
straightforward count of the occurrences after work is created, completed, rescheduled and deleted."""

import datetime as dt
from collections import defaultdict

from holos.accounts.actions import create_organization
from holos.plans import actions as plan_actions
from holos.plans.models import Activity
from holos.programmes import actions
from holos.programmes.dashboard import programme_summary
from holos.programmes.sharing import shared_plans
from holos.work import actions as work_actions
from holos.work.models import OPEN_STATUSES, Occurrence, OccurrenceMonth, Status
from tests.conftest import make_plan

# In the middle of a month, so that the month in progress has work overdue and work coming.
TODAY = dt.date(2025, 3, 15)


def _straight(programme, today):
    """(organisation, month) → [planned, done, skipped, overdue, coming], counted from every occurrence."""
    counted: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0] * 5)
    for organization, due, status in Occurrence.objects.filter(plan__in=list(shared_plans(programme))).values_list(
            "plan__organization_id", "due", "status"):
        numbers = counted[(organization, due.replace(day=1))]
        numbers[0] += 1
        if status == Status.DONE:
            numbers[1] += 1
        elif status == Status.SKIPPED:
            numbers[2] += 1
        elif status in OPEN_STATUSES and due < today:
            numbers[3] += 1
        else:
            numbers[4] += 1
    return dict(counted)


def _shown(programme, today):
    summary = programme_summary(programme, today)
    shown = {}
    for row in summary.rows:
        for month, counts in row.months.items():
            shown[(row.pk, month)] = [counts.planned, counts.done, counts.skipped, counts.overdue, counts.coming]
        totals = [sum(n[i] for (org, _m), n in shown.items() if org == row.pk) for i in range(5)]
        assert totals == [row.totals.planned, row.totals.done, row.totals.skipped, row.totals.overdue,
                          row.totals.coming]
    return shown


def _month_rows():
    return sorted(OccurrenceMonth.objects.values_list("plan_id", "month", "planned", "done", "skipped", "open_work"))


def _months_counted():
    counted: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0] * 4)
    for plan, due, status in Occurrence.objects.values_list("plan_id", "due", "status"):
        numbers = counted[(plan, due.replace(day=1))]
        numbers[0] += 1
        numbers[1] += status == Status.DONE
        numbers[2] += status == Status.SKIPPED
        numbers[3] += status in OPEN_STATUSES
    return sorted((plan, month, *numbers) for (plan, month), numbers in counted.items())


def _agree(programme):
    assert _month_rows() == _months_counted()
    for today in (TODAY, dt.date(2025, 3, 1), dt.date(2025, 7, 1)):
        assert _shown(programme, today) == _straight(programme, today), today


def _schedule(plan, slots):
    for activity in Activity.objects.filter(plan=plan):
        plan_actions.set_activity_slots(actor=None, activity=activity, slots=slots)


def test_the_figures_equal_a_straight_count_through_creating_completing_rescheduling_and_deleting(pw):
    world, programme = pw.world, pw.programme
    second = create_organization(actor=None, name="Друга громада", slug="druha")
    shared = make_plan(second, activities=3, title="Поширений план")
    kept_back = make_plan(second, activities=2, title="Свій план")
    participation = actions.invite_organization(actor=None, programme=programme, organization=second)
    participation = actions.accept_participation(actor=None, participation=participation, plans=[shared])
    for plan in (world.plan, shared, kept_back):
        _schedule(plan, ["2025-01", "2025-02", "2025-03", "2025-04"])
    figures = _shown(programme, TODAY)
    assert figures and figures == _straight(programme, TODAY)
    assert sum(n[0] for n in figures.values()) == 4 * (2 + 3)  # the plan kept back is not counted
    _agree(programme)

    # Completed, skipped, started.
    occurrences = list(Occurrence.objects.filter(plan__in=[world.plan, shared]).order_by("pk"))
    work_actions.set_status(actor=None, occurrence=occurrences[0], status=Status.DONE)
    work_actions.set_status(actor=None, occurrence=occurrences[1], status=Status.SKIPPED, reason="Карантин")
    work_actions.set_status(actor=None, occurrence=occurrences[-1], status=Status.IN_PROGRESS)
    work_actions.record_work(actor=None, occurrence=occurrences[0], note="Зроблено", numbers={"participants": 9})
    _agree(programme)

    # Rescheduled: within the month in progress on either side of today, across months, and by new slots.
    Occurrence.objects.filter(pk__in=[o.pk for o in occurrences[2:5]]).update(due=dt.date(2025, 3, 3))
    Occurrence.objects.filter(pk__in=[o.pk for o in occurrences[5:8]]).update(due=dt.date(2025, 3, 27))
    Occurrence.objects.filter(pk=occurrences[0].pk).update(due=dt.date(2025, 5, 12))
    plan_actions.set_activity_slots(actor=None, activity=Activity.objects.filter(plan=shared).first(),
                                    slots=["2025-02", "2025-06"])
    _agree(programme)
    march = programme_summary(programme, TODAY)
    month_totals = dict(zip(march.months, march.month_totals, strict=True))
    assert month_totals[dt.date(2025, 3, 1)].overdue > 0 and month_totals[dt.date(2025, 3, 1)].coming > 0

    # Shared, no longer shared, deleted.
    actions.set_shared_plans(actor=None, participation=participation, plans=[shared, kept_back])
    _agree(programme)
    plan_actions.delete_activity(actor=None, activity=Activity.objects.filter(plan=shared).last())
    Occurrence.objects.filter(plan=world.plan, due__month=2).delete()
    _agree(programme)
    plan_actions.delete_plan(actor=None, plan=shared)
    _agree(programme)
    assert not OccurrenceMonth.objects.filter(plan_id=shared.pk).exists()
    actions.leave_programme(actor=None, participation=participation)
    _agree(programme)
    assert {org for org, _month in _shown(programme, TODAY)} == {world.community.pk}
