"""Reminders of work due soon and the daily overdue list, by mail, at each organisation's own hour.

Mail goes through a real SMTP server on loopback and is read back with the ``email``
module; the scheduler is driven with explicit instants, never the real clock.
"""

import datetime as dt
import re
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from holos import cli
from holos.accounts.actions import (
    add_member,
    set_member_units,
    update_organization_settings,
    update_personal_settings,
)
from holos.accounts.models import Membership, Organization, Role
from holos.outbox.actions import deliver_due
from holos.outbox.models import Failure, MessageStatus, OutgoingMessage
from holos.plans import actions
from holos.plans.models import Unit
from holos.scheduler import run_due_jobs, start_scheduler
from holos.work import actions as work_actions
from holos.work import tasks
from holos.work.models import DailyRun, Occurrence
from holos.work.tasks import send_overdue_digest, send_reminders
from tests.conftest import MailInbox, make_user

SITE = "https://holos.example.org"
UTC = dt.UTC


@pytest.fixture
def smtp_server(smtp_server, settings, monkeypatch):
    """The loopback SMTP server, with the site's address set."""
    settings.SITE_URL = SITE
    return smtp_server


def _plan(organization, title="План 2025"):
    plan = actions.create_plan(actor=None, organization=organization, title=title, kind="calendar",
                               period_start="2025-01", period_end="2025-12", granularity="month")
    goal = actions.create_goal(actor=None, plan=plan, title="Поінформувати мешканців")
    actions.create_task(actor=None, goal=goal, title="Завдання")
    return plan


def _work(plan, title, slots, units=("ЦНАП",)):
    """An activity of the plan's units with its months (or days) marked; returns its occurrences."""
    task = plan.tasks.get()
    activity = actions.create_activity(actor=None, task=task, data={"title": title, "responsible": list(units)})
    actions.set_activity_slots(actor=None, activity=activity, slots=list(slots))
    return list(Occurrence.objects.filter(activity=activity).order_by("due"))


def _link(occurrence):
    return SITE + reverse("occurrence", args=[occurrence.plan.organization.slug, occurrence.pk])


def _links(message):
    return re.findall(r"https?://\S+", message.get_content())


def _join_unit(organization, user, unit_name="ЦНАП", role=Role.EXECUTOR):
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is None:
        membership = add_member(actor=None, organization=organization, user=user, role=role)
    unit, _ = Unit.objects.get_or_create(organization=organization, name=unit_name)
    set_member_units(actor=None, membership=membership, units=[*user.units.filter(organization=organization), unit])


def _set_language(user, language):
    user.language = language
    user.save(update_fields=["language"])


# Reminders


def test_members_of_the_unit_get_one_reminder_each_in_their_language(world, smtp_server, as_user):
    plan = _plan(world.community)
    [radio] = _work(plan, "Ефір на радіо \"Голос громади\"", ["2025-03-31"])
    [leaflet] = _work(plan, "Листівки для ВПО", ["2025-03-31"])
    _work(plan, "Пізніше", ["2025-04-01"])
    _join_unit(world.community, world.officer)
    _set_language(world.unit_head, "cs")

    result = send_reminders.enqueue("2025-03-28")

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert sorted(m["To"] for m in smtp_server.messages) == sorted([world.unit_head.email, world.officer.email])
    for user, language in ((world.unit_head, "cs"), (world.officer, "uk")):
        [message] = smtp_server.to(user)
        with translation.override(language):
            subject = ngettext("Holos: %(count)s activity is due soon", "Holos: %(count)s activities are due soon",
                               2) % {"count": 2}
            intro = gettext("This work of your units is due soon:")
            due = date_format(dt.date(2025, 3, 31), "DATE_FORMAT")
        body = message.get_content()
        assert message["Subject"].strip() == subject  # Django folds encoded subjects onto a new line
        assert intro in body and due in body
        assert 'Ефір на радіо "Голос громади"' in body, "plain text, not HTML-escaped"
        assert "Пізніше" not in body
        assert _links(message) == [_link(radio), _link(leaflet), SITE + reverse("my_settings")]
        assert message["Auto-Submitted"] == "auto-generated"
    # Czech and Ukrainian dates differ even while the translations of the sentences are missing.
    assert smtp_server.to(world.unit_head)[0].get_content() != smtp_server.to(world.officer)[0].get_content()
    # The link opens the occurrence for the person reminded.
    assert as_user(world.unit_head).get(_link(radio).removeprefix(SITE)).status_code == 200


def test_a_second_run_sends_nothing(world, smtp_server):
    [occurrence] = _work(_plan(world.community), "Ефір", ["2025-03-31"])
    send_reminders.enqueue("2025-03-28")
    occurrence.refresh_from_db()
    assert occurrence.reminded_at is not None
    send_reminders.enqueue("2025-03-28")
    assert len(smtp_server.messages) == 1


def test_only_open_work_due_in_the_organisations_reminder_days_is_reminded(world, smtp_server):
    Organization.objects.filter(pk=world.community.pk).update(reminder_days=7)
    plan = _plan(world.community)
    [due_in_7] = _work(plan, "За тиждень", ["2025-04-08"])
    _work(plan, "За три дні", ["2025-04-04"])
    [done] = _work(plan, "Вже зроблено", ["2025-04-08"])
    [started] = _work(plan, "Розпочато", ["2025-04-08"])
    [skipped] = _work(plan, "Пропущено", ["2025-04-08"])
    work_actions.set_status(actor=world.unit_head, occurrence=done, status="done")
    work_actions.set_status(actor=world.unit_head, occurrence=started, status="in_progress")
    work_actions.set_status(actor=world.unit_head, occurrence=skipped, status="skipped", reason="Немає ефіру")

    send_reminders.enqueue("2025-04-01")

    [message] = smtp_server.messages
    assert _links(message)[:-1] == [_link(due_in_7), _link(started)]


def test_people_who_turned_reminders_off_or_have_no_address_get_nothing(world, smtp_server, as_user):
    [occurrence] = _work(_plan(world.community), "Ефір", ["2025-03-31"])
    _join_unit(world.community, world.officer)
    update_personal_settings(user=world.officer, email="", email_reminders=True)
    client = as_user(world.unit_head)
    response = client.post(reverse("my_settings"), {"email": world.unit_head.email})
    assert response.status_code == 302

    send_reminders.enqueue("2025-03-28")
    send_overdue_digest.enqueue("2025-04-15")

    assert smtp_server.messages == []
    occurrence.refresh_from_db()
    assert occurrence.reminded_at is None


def test_reminders_stay_within_the_organisation(world, smtp_server):
    [ours] = _work(_plan(world.community), "Наш ефір", ["2025-03-31"])
    [theirs] = _work(_plan(world.other, "Чужий план 2025"), "Чужий ефір", ["2025-03-31"])
    _join_unit(world.other, world.outsider)
    # Put in a unit of this organisation without being its member: still hears nothing of it.
    Unit.objects.get(organization=world.community, name="ЦНАП").members.add(world.outsider)
    _set_language(world.outsider, "cs")

    send_reminders.enqueue("2025-03-28")
    send_overdue_digest.enqueue("2025-04-02")

    for user, mine, not_mine in ((world.unit_head, ours, theirs), (world.outsider, theirs, ours)):
        reminder, digest = smtp_server.to(user)
        for message in (reminder, digest):
            body = message.get_content()
            assert _link(mine) in body and _link(not_mine) not in body
            assert mine.activity.title in body and not_mine.activity.title not in body


def test_finding_who_hears_of_what_takes_a_fixed_number_of_queries(world, smtp_server, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # sending comes after
    plan = _plan(world.community)
    _work(plan, "Ефір", ["2025-03-31"])
    with CaptureQueriesContext(connection) as one:
        send_reminders.call("2025-03-28")
    _join_unit(world.community, world.officer, unit_name="Пресслужба")
    for n in range(4):
        _work(plan, f"Дописи {n}", ["2025-04-30"], units=["ЦНАП", "Пресслужба"])
    with CaptureQueriesContext(connection) as many:
        send_reminders.call("2025-04-27")
    deliver_due()
    assert len(smtp_server.messages) == 3
    # The occurrences are marked together once the last person has them: no query per item or unit.
    assert len(many) == len(one)


# Overdue digest


def test_the_digest_lists_overdue_work_grouped_by_organisation_and_plan(world, smtp_server):
    first = _plan(world.community, "Перший план")
    second = _plan(world.community, "Другий план")
    january, february, march = _work(first, "Щомісячний ефір", ["2025-01", "2025-02", "2025-03"])
    [older] = _work(second, "Звіт громаді", ["2025-02-10"])
    [done] = _work(second, "Зроблено", ["2025-01"])
    work_actions.set_status(actor=world.unit_head, occurrence=done, status="done")
    work_actions.set_status(actor=world.unit_head, occurrence=february, status="in_progress")
    [elsewhere] = _work(_plan(world.other, "План іншої громади"), "Дописи", ["2025-02"])
    _join_unit(world.other, world.unit_head)
    _set_language(world.unit_head, "cs")

    send_overdue_digest.enqueue("2025-03-31")

    [message] = smtp_server.messages
    body = message.get_content()
    with translation.override("cs"):
        assert message["Subject"].strip() == ngettext("Holos: %(count)s activity is overdue",
                                              "Holos: %(count)s activities are overdue", 4) % {"count": 4}
        assert gettext("This work of your units was due and is not done yet:") in body
        assert date_format(dt.date(2025, 2, 10), "DATE_FORMAT") in body
    # Organisations by name ("Інша" before "Покровська"), then plans by title, then dates.
    order = [world.other.name, "План іншої громади", _link(elsewhere), world.community.name, "Другий план",
             _link(older), "Перший план", _link(january), _link(february)]
    assert [body.index(text) for text in order] == sorted(body.index(text) for text in order)
    assert _link(march) not in body and _link(done) not in body
    assert _links(message)[-1] == SITE + reverse("my_settings")


def test_no_digest_when_nothing_is_overdue(world, smtp_server):
    [january] = _work(_plan(world.community), "Ефір", ["2025-01"])
    send_overdue_digest.enqueue("2025-01-31")
    assert smtp_server.messages == []
    work_actions.set_status(actor=world.unit_head, occurrence=january, status="done")
    send_overdue_digest.enqueue("2025-02-01")
    assert smtp_server.messages == []


def test_a_long_digest_points_to_the_work_page(world, smtp_server, monkeypatch):
    monkeypatch.setattr(tasks, "DIGEST_LIMIT", 2)
    _work(_plan(world.community), "Ефір", ["2025-01", "2025-02", "2025-03"])
    send_overdue_digest.enqueue("2025-04-01")
    [message] = smtp_server.messages
    links = _links(message)
    assert len(links) == 4 and links[2] == SITE + reverse("my_work")


# Failing mail


def test_a_refused_delivery_waits_and_is_sent_at_its_next_try(world, smtp_server):
    [occurrence] = _work(_plan(world.community), "Ефір", ["2025-03-31"])
    smtp_server.refuse = 1
    result = send_reminders.enqueue("2025-03-28")
    assert result.status == TaskResultStatus.SUCCESSFUL  # the day is done: its messages are kept
    occurrence.refresh_from_db()
    assert occurrence.reminded_at is not None
    [kept] = OutgoingMessage.objects.all()
    assert (kept.status, kept.attempts, kept.failure) == (MessageStatus.WAITING, 1, Failure.DEFERRED)
    assert smtp_server.messages == []
    assert deliver_due(now=timezone.now())["sent"] == 0  # not before its next try
    assert deliver_due(now=timezone.now() + dt.timedelta(minutes=2))["sent"] == 1
    [message] = smtp_server.messages
    assert message["To"] == world.unit_head.email
    kept.refresh_from_db()
    assert kept.status == MessageStatus.SENT and kept.sent_at is not None


def test_one_refused_address_does_not_stop_the_others(world, smtp_server):
    _work(_plan(world.community), "Ефір", ["2025-03-31"])
    _join_unit(world.community, world.officer)
    smtp_server.refuse, smtp_server.refusal = 1, "550 5.1.1 No such mailbox"  # the first person's (the officer)
    send_reminders.enqueue("2025-03-28")
    assert [m["To"] for m in smtp_server.messages] == [world.unit_head.email]
    given_up = OutgoingMessage.objects.get(to=world.officer.email)
    assert (given_up.status, given_up.failure) == (MessageStatus.GIVEN_UP, Failure.REFUSED)
    assert OutgoingMessage.objects.get(to=world.unit_head.email).status == MessageStatus.SENT


def test_a_server_down_at_the_run_loses_nothing_and_holos_mail_retry_sends_it_when_it_is_up(
        live_world, settings, capsys):
    """The daily run in the worker while the mail server is down; then the server comes up."""
    world = live_world
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    [occurrence] = _work(_plan(world.community), "Ефір", ["2025-03-31"])

    run = send_reminders.enqueue("2025-03-28")
    _run_worker()  # the run, then the round of sending it queued

    assert DBTaskResult.objects.get(id=run.id).status == TaskResultStatus.SUCCESSFUL
    occurrence.refresh_from_db()
    assert occurrence.reminded_at is not None
    [kept] = OutgoingMessage.objects.all()
    assert (kept.status, kept.attempts, kept.failure) == (MessageStatus.WAITING, 1, Failure.UNREACHABLE)
    assert send_reminders.enqueue("2025-03-28") and OutgoingMessage.objects.count() == 1  # nothing twice

    inbox = MailInbox()
    server = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    server.start()
    try:
        assert cli.main(["mail", "--retry"]) == 0
    finally:
        server.stop()
    assert "1" in capsys.readouterr().out
    [message] = inbox.messages
    assert message["To"] == world.unit_head.email and _link(occurrence) in message.get_content()
    kept.refresh_from_db()
    assert kept.status == MessageStatus.SENT and kept.attempts == 2


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_worker():
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()


# Scheduling


@pytest.fixture
def queue(settings):
    """Tasks are kept, not run, so what the scheduler queued can be read."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend


def _queued(queue):
    return [(r.task.name, *r.args, r.kwargs["organization_ids"]) for r in queue.results]


def _in_prague(world):
    update_organization_settings(actor=None, organization=world.other, name=world.other.name,
                                 time_zone="Europe/Prague", check_settings={})


def test_each_daily_job_is_queued_once_a_day(world, queue):
    both = [world.community.pk, world.other.pk]
    morning = dt.datetime(2025, 3, 12, 6, 0, tzinfo=UTC)  # 08:00 in Kyiv
    assert run_due_jobs(morning) == [("send_reminders", "2025-03-12", both),
                                     ("send_overdue_digest", "2025-03-12", both)]
    assert run_due_jobs(morning + dt.timedelta(minutes=1)) == []
    assert run_due_jobs(morning + dt.timedelta(hours=15)) == []
    assert _queued(queue) == [("send_reminders", "2025-03-12", both), ("send_overdue_digest", "2025-03-12", both)]
    assert run_due_jobs(morning + dt.timedelta(days=1))
    assert len(queue.results) == 4
    assert DailyRun.objects.count() == 8


def test_a_day_another_worker_claimed_is_left_alone(world, queue):
    DailyRun.objects.create(name=f"send_reminders:{world.community.pk}", day=dt.date(2025, 3, 12))
    run_due_jobs(dt.datetime(2025, 3, 12, 9, 0, tzinfo=UTC))
    assert _queued(queue) == [("send_reminders", "2025-03-12", [world.other.pk]),
                              ("send_overdue_digest", "2025-03-12", [world.community.pk, world.other.pk])]


def test_nothing_is_queued_before_the_local_hour(world, queue, settings):
    assert run_due_jobs(dt.datetime(2025, 3, 12, 5, 59, tzinfo=UTC)) == []  # 07:59 in Kyiv
    settings.HOLOS_REMINDER_HOUR = 6
    assert run_due_jobs(dt.datetime(2025, 3, 12, 4, 0, tzinfo=UTC))  # 06:00 in Kyiv


def test_a_worker_started_late_still_runs_the_day(world, queue):
    assert run_due_jobs(dt.datetime(2025, 3, 12, 20, 0, tzinfo=UTC))  # 22:00 in Kyiv
    assert {tuple(r.args) for r in queue.results} == {("2025-03-12",)}


def test_the_local_date_decides_across_a_month_end(world, settings):
    """23:30 UTC on 31 January is already 1 February in Kyiv but not yet 01:00 in Prague."""
    settings.HOLOS_REMINDER_HOUR = 1
    _in_prague(world)
    [january, february_4] = _work(_plan(world.community), "Ефір", ["2025-01", "2025-02-04"])
    [prague_february_4] = _work(_plan(world.other, "Празький план"), "Дописи", ["2025-02-04"])
    _join_unit(world.other, world.outsider)

    queued = run_due_jobs(dt.datetime(2025, 1, 31, 23, 30, tzinfo=UTC))

    assert queued == [("send_reminders", "2025-02-01", [world.community.pk]),
                      ("send_overdue_digest", "2025-02-01", [world.community.pk])]
    reminder, digest = mail.outbox
    assert reminder.to == digest.to == [world.unit_head.email]
    assert f"/occurrences/{february_4.pk}/" in reminder.body
    assert f"/occurrences/{january.pk}/" in digest.body

    queued = run_due_jobs(dt.datetime(2025, 2, 1, 0, 0, tzinfo=UTC))  # 01:00 in Prague
    assert queued == [("send_reminders", "2025-02-01", [world.other.pk]),
                      ("send_overdue_digest", "2025-02-01", [world.other.pk])]
    [prague] = mail.outbox[2:]
    assert prague.to == [world.outsider.email]
    assert f"/occurrences/{prague_february_4.pk}/" in prague.body


@pytest.mark.parametrize(("change_day", "kyiv_eight_before", "kyiv_eight_after", "prague_eight_after"), [
    # The last Sunday of March: clocks go forward, 08:00 comes an hour earlier in UTC.
    ("2025-03-30", (3, 29, 6), (3, 30, 5), (3, 30, 6)),
    # The last Sunday of October: clocks go back, 08:00 comes an hour later in UTC.
    ("2025-10-26", (10, 25, 5), (10, 26, 6), (10, 26, 7)),
])
def test_the_local_hour_follows_daylight_saving_changes(world, queue, change_day, kyiv_eight_before, kyiv_eight_after,
                                                         prague_eight_after):
    _in_prague(world)
    kyiv, prague = [world.community.pk], [world.other.pk]

    def at(month, day, hour, minutes=0):
        return run_due_jobs(dt.datetime(2025, month, day, hour, minutes, tzinfo=UTC))

    month, day, hour = kyiv_eight_before
    assert at(month, day, hour - 1, 59) == []
    assert [q[2] for q in at(month, day, hour)] == [kyiv, kyiv]
    queue.clear()
    month, day, hour = kyiv_eight_after
    assert at(month, day, hour - 1, 59) == []
    assert at(month, day, hour) == [("send_reminders", change_day, kyiv), ("send_overdue_digest", change_day, kyiv)]
    month, day, hour = prague_eight_after
    assert at(month, day, hour - 1, 59) == []
    assert at(month, day, hour) == [("send_reminders", change_day, prague),
                                    ("send_overdue_digest", change_day, prague)]


def test_reminders_count_days_across_a_daylight_saving_change(world, settings):
    """Three days before 2 April is 30 March, the day the clocks go forward."""
    [occurrence] = _work(_plan(world.community), "Ефір", ["2025-04-02"])
    run_due_jobs(dt.datetime(2025, 3, 29, 6, 0, tzinfo=UTC))  # 08:00 in Kyiv, still winter time
    assert mail.outbox == []
    run_due_jobs(dt.datetime(2025, 3, 30, 5, 0, tzinfo=UTC))  # 08:00 in Kyiv, summer time
    [reminder] = mail.outbox
    assert f"/occurrences/{occurrence.pk}/" in reminder.body


def test_the_scheduler_thread_queues_the_days_jobs(live_world, settings):
    settings.HOLOS_REMINDER_HOUR = 0
    stop = threading.Event()
    stop.set()  # one round, then stop
    thread = start_scheduler(interval=0.01, stop=stop)
    thread.join(timeout=30)
    assert not thread.is_alive() and thread.daemon
    names = set(DailyRun.objects.values_list("name", flat=True))
    assert names == {f"{job}:{org.pk}" for job in ("send_reminders", "send_overdue_digest")
                     for org in (live_world.community, live_world.other)} | {"erase_expired_contacts",
                                                                            "erase_expired_subscribers"}


def test_a_new_person_is_told_from_the_next_day_on(world, smtp_server):
    """Someone who joins a unit after the reminder went out hears of the work in the digest."""
    [occurrence] = _work(_plan(world.community), "Ефір", ["2025-03-31"])
    send_reminders.enqueue("2025-03-28")
    newcomer = make_user("newcomer")
    _join_unit(world.community, newcomer)
    send_reminders.enqueue("2025-03-28")
    send_overdue_digest.enqueue("2025-04-01")
    assert [m["To"] for m in smtp_server.messages] == [world.unit_head.email, world.unit_head.email,
                                                       newcomer.email]
    assert _link(occurrence) in smtp_server.messages[-1].get_content()
