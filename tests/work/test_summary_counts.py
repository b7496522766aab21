"""The organisation's summary, read from the rows the database keeps per plan and month, equals a straight
count of its occurrences after work is created, completed, skipped, rescheduled and deleted, whatever "today"
is and whichever months are asked for."""

import datetime as dt
from collections import defaultdict

from holos.accounts.actions import create_organization
from holos.plans import actions as plan_actions
from holos.plans.models import Activity, Plan
from holos.work import actions as work_actions
from holos.work.dashboard import WorkCounter, months_between, organization_summary, overdue_count
from holos.work.models import OPEN_STATUSES, Occurrence, Status
from tests.conftest import make_plan

# The first day of a month (nothing of it is overdue yet), the middle of one, a day before
# all the work and one after it.
TODAYS = (dt.date(2025, 3, 1), dt.date(2025, 3, 15), dt.date(2024, 12, 20), dt.date(2025, 7, 1))
# The months asked for: all, some with the month in progress, some after it, one month, none with work.
RANGES = ((None, None), (dt.date(2025, 2, 1), dt.date(2025, 3, 1)), (dt.date(2025, 4, 1), dt.date(2025, 6, 1)),
          (dt.date(2025, 3, 1), dt.date(2025, 3, 1)), (dt.date(2030, 1, 1), dt.date(2030, 2, 1)))


def _straight(organization, today, first, last):
    """(months, plans, totals) as [planned, done, skipped, overdue, coming], counted from every occurrence."""
    months: dict[dt.date, list[int]] = defaultdict(lambda: [0] * 5)
    plans = {pk: [0] * 5 for pk in Plan.objects.filter(organization=organization).values_list("pk", flat=True)}
    for plan, due, status in Occurrence.objects.filter(plan__organization=organization).values_list(
            "plan_id", "due", "status"):
        month = due.replace(day=1)
        if (first and month < first) or (last and month > last):
            continue
        column = (1 if status == Status.DONE else 2 if status == Status.SKIPPED
                  else 3 if status in OPEN_STATUSES and due < today else 4)
        for numbers in (months[month], plans[plan]):
            numbers[0] += 1
            numbers[column] += 1
    shown = months_between(first, last) if first and last else (
        months_between(min(months), max(months)) if months else [])
    for month in shown:
        months.setdefault(month, [0] * 5)  # an empty month of the range is listed with zeros
    totals = [sum(numbers[i] for numbers in months.values()) for i in range(5)]
    return {month: months[month] for month in sorted(months)}, plans, totals


def _numbers(counts):
    return [counts.planned, counts.done, counts.skipped, counts.overdue, counts.coming]


def _summary(organization, today, first, last):
    summary = organization_summary(organization, today, first=first, last=last)
    return ({row.month: _numbers(row) for row in summary.months}, {row.pk: _numbers(row) for row in summary.plans},
            _numbers(summary.totals))


def _agree(organization):
    plans = Plan.objects.filter(organization=organization).values("pk")
    for today in TODAYS:
        for first, last in RANGES:
            expected = _straight(organization, today, first, last)
            assert _summary(organization, today, first, last) == expected, (today, first, last)
            # The same counter's totals over the same months, as a programme reads them.
            totals = WorkCounter(plans=plans, today=today, first=first, last=last).totals()
            assert [_numbers(counts) for _all, counts in totals] == ([expected[2]] if expected[2][0] else [])
        expected = Occurrence.objects.filter(plan__organization=organization).overdue(today).count()
        assert overdue_count(organization, today) == expected, today


def _schedule(plan, slots):
    for activity in Activity.objects.filter(plan=plan):
        plan_actions.set_activity_slots(actor=None, activity=activity, slots=slots)


def test_the_summary_equals_a_straight_count_through_creating_completing_rescheduling_and_deleting(world):
    community = world.community
    second = make_plan(community, activities=3, title="Другий план")
    idle = make_plan(community, activities=1, title="План без роботи")
    stranger = create_organization(actor=None, name="Третя громада", slug="tretia")
    foreign = make_plan(stranger, activities=2, title="Чужий план")
    for plan in (world.plan, second, foreign):
        _schedule(plan, ["2025-01", "2025-02", "2025-03", "2025-04"])
    _agree(community)
    months, plans, totals = _summary(community, TODAYS[1], None, None)
    assert totals[0] == 4 * (2 + 3) and plans[idle.pk] == [0] * 5  # the other organisation's work is not counted
    assert list(months) == months_between(dt.date(2025, 1, 1), dt.date(2025, 4, 1))

    # Completed, skipped, started, and recorded (a change that moves nothing between statuses).
    occurrences = list(Occurrence.objects.filter(plan__in=[world.plan, second]).order_by("due", "pk"))
    work_actions.set_status(actor=None, occurrence=occurrences[0], status=Status.DONE)
    work_actions.set_status(actor=None, occurrence=occurrences[1], status=Status.SKIPPED, reason="Карантин")
    work_actions.set_status(actor=None, occurrence=occurrences[-1], status=Status.IN_PROGRESS)
    work_actions.record_work(actor=None, occurrence=occurrences[0], note="Зроблено", numbers={"participants": 9})
    work_actions.set_status(actor=None, occurrence=occurrences[-2], status=Status.DONE)
    _agree(community)

    # Rescheduled: within the month in progress on either side of today, across months and
    # years, and by new slots.
    Occurrence.objects.filter(pk__in=[o.pk for o in occurrences[10:13]]).update(due=dt.date(2025, 3, 3))
    Occurrence.objects.filter(pk__in=[o.pk for o in occurrences[13:16]]).update(due=dt.date(2025, 3, 27))
    Occurrence.objects.filter(pk=occurrences[16].pk).update(due=TODAYS[1])  # due today: not overdue yet
    Occurrence.objects.filter(pk=occurrences[0].pk).update(due=dt.date(2025, 5, 12))
    Occurrence.objects.filter(pk=occurrences[18].pk).update(due=dt.date(2024, 11, 30))
    plan_actions.set_activity_slots(actor=None, activity=Activity.objects.filter(plan=second).first(),
                                    slots=["2025-02", "2025-06"])
    _agree(community)
    months, _plans, _totals = _summary(community, TODAYS[1], None, None)
    assert months[dt.date(2025, 3, 1)][3] > 0 and months[dt.date(2025, 3, 1)][4] > 0
    assert list(months) == months_between(dt.date(2024, 11, 1), dt.date(2025, 6, 1))

    # Deleted: an activity, some occurrences, a whole plan.
    plan_actions.delete_activity(actor=None, activity=Activity.objects.filter(plan=second).last())
    Occurrence.objects.filter(plan=world.plan, due__month=2).delete()
    _agree(community)
    plan_actions.delete_plan(actor=None, plan=second)
    _agree(community)
    Occurrence.objects.filter(plan__organization=community).delete()
    _agree(community)
    assert _summary(community, TODAYS[1], None, None) == ({}, {world.plan.pk: [0] * 5, idle.pk: [0] * 5},
                                                          [0] * 5)
