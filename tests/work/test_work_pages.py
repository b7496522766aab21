"""Carrying the plan out: occurrences follow schedules, people record work, calendars subscribe."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from holos.accounts.models import Organization
from holos.audit.models import AuditEntry
from holos.cli import main
from holos.core.document import PlanDocument
from holos.core.importers import read_path
from holos.plans import actions
from holos.plans.models import Activity, Task
from holos.work import actions as work_actions
from holos.work.models import CalendarFeed, Event, Occurrence
from holos.work.views import split_by_when
from tests.cli.test_commands import SEEDS


def _activity(world, **data):
    task = Task.objects.get(plan=world.plan)
    return actions.create_activity(actor=None, task=task, data={"title": "Ефір на радіо", "responsible": ["ЦНАП"],
                                                                **data})


def test_seed_000_first_plan_gives_36_occurrences(world):
    document = read_path(SEEDS / "000_e607be4f092c3acc.txt")
    [plan, _second] = actions.save_document(actor=None, organization=world.community,
                                            document=PlanDocument(plans=document.plans))
    assert Occurrence.objects.filter(plan=plan).count() == 36
    hotline = Activity.objects.get(plan=plan, title__contains="Гарячої лінії")
    dues = list(Occurrence.objects.filter(activity=hotline).values_list("due", flat=True))
    assert dues == [dt.date(2023, m, d) for m, d in ((5, 31), (6, 30), (7, 31), (8, 31), (9, 30), (10, 31))]


def test_changing_a_schedule_keeps_occurrences_with_recorded_work(world, as_user):
    activity = _activity(world)
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02", "2025-03"])
    february = Occurrence.objects.get(activity=activity, due=dt.date(2025, 2, 28))
    work_actions.record_work(actor=world.officer, occurrence=february, note="Ефір відбувся",
                             numbers={"people_reached": 1200})
    march = Occurrence.objects.get(activity=activity, due=dt.date(2025, 3, 31))
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-04"])
    kept = Occurrence.objects.get(pk=february.pk)
    assert kept.detached and kept.note == "Ефір відбувся"
    assert not Occurrence.objects.filter(pk=march.pk).exists()
    assert Occurrence.objects.filter(activity=activity, due=dt.date(2025, 4, 30), detached=False).exists()
    # Bringing February back attaches the same occurrence again.
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02", "2025-04"])
    kept.refresh_from_db()
    assert not kept.detached and kept.people_reached == 1200


def test_moving_an_event_moves_the_work_dated_from_it(world, as_user):
    activity = _activity(world, schedule={"text": "За 2 тижні до заходу", "kind": "relative", "offset_days": -14,
                                          "anchor": "захід"})
    assert not Occurrence.objects.filter(activity=activity).exists()
    client = as_user(world.officer)
    client.post(reverse("events", args=[world.community.slug]), {"name": "захід", "date": "2025-05-20"})
    assert list(Occurrence.objects.filter(activity=activity).values_list("due", flat=True)) == [dt.date(2025, 5, 6)]
    event = Event.objects.get(organization=world.community)
    client.post(reverse("event_edit", args=[world.community.slug, event.pk]), {"name": "захід", "date": "2025-06-10"})
    assert list(Occurrence.objects.filter(activity=activity).values_list("due", flat=True)) == [dt.date(2025, 5, 27)]


def test_unit_head_marks_work_done_with_evidence(world, as_user):
    activity = _activity(world)
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    occurrence = Occurrence.objects.get(activity=activity)
    client = as_user(world.unit_head)
    url = reverse("occurrence", args=[world.community.slug, occurrence.pk])
    assert client.get(url).status_code == 200
    # Skipping needs a reason, and the form keeps what was chosen.
    response = client.post(url, {"form": "record", "status": "skipped", "reason": "", "note": "Не встигли"})
    assert response.status_code == 422
    assert "Не встигли" in response.content.decode()
    # One form: the status, what was done, the numbers and a link are saved by one button.
    client.post(url, {"form": "record", "status": "done", "note": "Провели ефір", "people_reached": "1500",
                      "participants": "", "publications": "2", "url": "https://example.org/efir"})
    occurrence.refresh_from_db()
    assert (occurrence.status, occurrence.done_by, occurrence.people_reached, occurrence.publications) == (
        "done", world.unit_head, 1500, 2)
    assert occurrence.note == "Провели ефір"
    assert occurrence.done_at is not None
    done_at = occurrence.done_at
    pdf = SimpleUploadedFile("zvit.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(url, {"form": "record", "status": "done", "note": "Провели ефір", "people_reached": "1500",
                      "publications": "2", "file": pdf})
    occurrence.refresh_from_db()
    assert occurrence.done_at == done_at  # saving again with the same status keeps who and when
    assert AuditEntry.objects.filter(action="occurrence.status", object_id=occurrence.pk).count() == 1
    assert sorted(a.name for a in occurrence.attachments.all()) == ["https://example.org/efir", "zvit.pdf"]
    attachment = occurrence.attachments.get(name="zvit.pdf")
    download = client.get(reverse("attachment_file", args=[world.community.slug, attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert AuditEntry.objects.filter(action="occurrence.status", object_id=occurrence.pk).exists()


@pytest.mark.parametrize(("name", "content"), [("virus.exe", b"MZ..."), ("zvit.pdf", b"MZ not a pdf")])
def test_evidence_files_are_type_checked(world, as_user, name, content):
    activity = _activity(world)
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    occurrence = Occurrence.objects.get(activity=activity)
    client = as_user(world.unit_head)
    response = client.post(reverse("occurrence", args=[world.community.slug, occurrence.pk]),
                           {"form": "record", "status": "planned", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 422
    assert not occurrence.attachments.exists()


def test_evidence_files_are_size_limited(world, as_user, settings):
    settings.HOLOS_EVIDENCE_MAX_BYTES = 10
    activity = _activity(world)
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    occurrence = Occurrence.objects.get(activity=activity)
    response = as_user(world.unit_head).post(reverse("occurrence", args=[world.community.slug, occurrence.pk]),
                                             {"form": "record", "status": "planned",
                                              "file": SimpleUploadedFile("a.txt", b"x" * 100)})
    assert response.status_code == 422


def test_who_may_report_work(world, as_user):
    own = _activity(world)
    other = _activity(world, title="Чуже", responsible=["Відділ культури"])
    for activity in (own, other):
        actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    own_url = reverse("occurrence", args=[world.community.slug, Occurrence.objects.get(activity=own).pk])
    other_url = reverse("occurrence", args=[world.community.slug, Occurrence.objects.get(activity=other).pk])
    done = {"form": "record", "status": "done"}
    assert as_user(world.unit_head).post(other_url, done).status_code == 403
    assert as_user(world.viewer).post(own_url, done).status_code == 403
    assert as_user(world.outsider).get(own_url).status_code == 404
    assert as_user(world.outsider).post(own_url, done).status_code == 404
    assert as_user(world.officer).post(other_url, done).status_code == 302
    assert Occurrence.objects.filter(activity=own, status="planned").exists()


def test_my_work_shows_overdue_this_month_and_coming_for_my_units(world, as_user):
    activity = _activity(world)
    today = world.community.today()
    months = sorted({(today.replace(day=1) + dt.timedelta(days=31 * n)).strftime("%Y-%m") for n in (-2, 0, 1)})
    actions.update_plan(actor=None, plan=world.plan, period_start=months[0], period_end=months[-1])
    activity = Activity.objects.get(pk=activity.pk)
    actions.set_activity_slots(actor=None, activity=activity, slots=months)
    other = _activity(world, title="Не моє", responsible=["Відділ культури"])
    actions.set_activity_slots(actor=None, activity=other, slots=months)
    page = as_user(world.unit_head).get(reverse("my_work")).content.decode()
    assert page.count("Ефір на радіо") == 3
    assert "Не моє" not in page
    unit_page = as_user(world.viewer).get(reverse("unit_work", args=[world.community.slug, world.unit.pk]))
    assert unit_page.content.decode().count("Ефір на радіо") == 3


def test_split_by_when_uses_the_local_date():
    class Item:
        def __init__(self, due, status="planned"):
            self.due, self.starts, self.status = due, due.replace(day=1), status

    today = dt.date(2025, 3, 15)
    items = [Item(dt.date(2025, 2, 28)), Item(dt.date(2025, 3, 31)), Item(dt.date(2025, 4, 30)),
             Item(dt.date(2025, 2, 28), "done")]
    groups = split_by_when(items, today)
    assert [len(groups[k]) for k in ("overdue", "this_month", "coming")] == [1, 1, 1]
    # 23:30 UTC on 31 January is already February in Kyiv, not yet in Prague.
    now = dt.datetime(2025, 1, 31, 23, 30, tzinfo=dt.UTC)
    kyiv, prague = Organization(time_zone="Europe/Kyiv"), Organization(time_zone="Europe/Prague")
    assert kyiv.today(now) == dt.date(2025, 2, 1)
    assert prague.today(now) == dt.date(2025, 2, 1)
    assert prague.today(dt.datetime(2025, 1, 31, 22, 30, tzinfo=dt.UTC)) == dt.date(2025, 1, 31)
    # Across the spring change of clocks (30 March 2025, 01:00 UTC).
    assert kyiv.today(dt.datetime(2025, 3, 30, 21, 30, tzinfo=dt.UTC)) == dt.date(2025, 3, 31)
    assert kyiv.today(dt.datetime(2025, 3, 29, 21, 30, tzinfo=dt.UTC)) == dt.date(2025, 3, 29)
    # A zone the server does not know reads as Kyiv.
    assert Organization(time_zone="Mars/Olympus").today(now) == dt.date(2025, 2, 1)


def _calendar(response) -> Calendar:
    body = response.content if hasattr(response, "content") else response
    return Calendar.from_ical(body)


def test_calendar_links_are_made_read_and_revoked(world, as_user, client):
    activity = _activity(world)
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02", "2025-05"])
    user_client = as_user(world.unit_head)
    user_client.post(reverse("calendars"), {"target": f"unit:{world.unit.pk}"})
    feed = CalendarFeed.objects.get(owner=world.unit_head)
    client.logout()
    url = reverse("feed", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = [c for c in _calendar(response).walk("VEVENT") if "Ефір на радіо" in str(c["SUMMARY"])]
    assert [e.decoded("DTSTART") for e in events] == [dt.date(2025, 2, 28), dt.date(2025, 5, 31)]
    uids = [str(e["UID"]) for e in events]
    # Regenerating keeps the UIDs, so calendar apps replace events instead of adding new ones.
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02", "2025-05", "2025-06"])
    again = [str(e["UID"]) for e in _calendar(client.get(url)).walk("VEVENT") if "Ефір" in str(e["SUMMARY"])]
    assert again[:2] == uids and len(again) == 3
    # Revoked: gone at once.
    as_user(world.unit_head).post(reverse("calendars"), {"revoke": feed.pk})
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("feed", args=["not-a-token"])).status_code == 404


def test_a_feed_stops_when_its_owner_leaves_the_organisation(world, as_user, client):
    as_user(world.viewer).post(reverse("calendars"), {"target": f"organization:{world.community.pk}"})
    feed = CalendarFeed.objects.get(owner=world.viewer)
    assert client.get(reverse("feed", args=[feed.token])).status_code == 200
    world.viewer.memberships.filter(organization=world.community).delete()
    assert client.get(reverse("feed", args=[feed.token])).status_code == 404


def test_outsiders_cannot_make_feeds_of_other_organisations(world, as_user):
    client = as_user(world.outsider)
    for target in (f"unit:{world.unit.pk}", f"plan:{world.plan.pk}", f"organization:{world.community.pk}"):
        response = client.post(reverse("calendars"), {"target": target})
        assert response.status_code in (404, 422)
    assert not CalendarFeed.objects.filter(owner=world.outsider).exists()


def test_export_ics_from_the_command_line(world, tmp_path, capsysbinary):
    activity = _activity(world)
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    target = tmp_path / "plan.ics"
    assert main(["export", "--plan", str(world.plan.pk), "--format", "ics", "-o", str(target)]) == 0
    calendar = Calendar.from_ical(target.read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Ефір на радіо" in summaries
    assert main(["export", "--plan", str(world.plan.pk), "--format", "ics"]) == 0
    assert Calendar.from_ical(io.BytesIO(capsysbinary.readouterr().out).read()).walk("VEVENT")


def test_work_pages_are_closed_to_outsiders(world, as_user):
    activity = _activity(world)
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    occurrence = Occurrence.objects.get(activity=activity)
    event = work_actions.save_event(actor=None, organization=world.community, event=None, name="Сесія",
                                    day=dt.date(2025, 4, 1))
    client = as_user(world.outsider)
    slug = world.community.slug
    for url in (reverse("unit_work", args=[slug, world.unit.pk]), reverse("occurrence", args=[slug, occurrence.pk]),
                reverse("events", args=[slug]), reverse("event_edit", args=[slug, event.pk])):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x", "date": "2025-01-01", "form": "status", "status": "done"}
                           ).status_code == 404, url
    viewer = as_user(world.viewer)
    assert viewer.post(reverse("events", args=[slug]), {"name": "x", "date": "2025-01-01"}).status_code == 403
    assert viewer.post(reverse("event_edit", args=[slug, event.pk]), {"delete": "1"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_housekeeping_runs_once_a_day(world):
    from holos.scheduler import run_housekeeping
    from holos.work.models import DailyRun

    now = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    jobs = ["erase_expired_contacts", "erase_expired_subscribers"]
    assert [name for name, _day, _ids in run_housekeeping(now)] == jobs
    assert run_housekeeping(now + dt.timedelta(hours=3)) == []
    assert DailyRun.objects.filter(name="erase_expired_contacts").count() == 1
    assert [name for name, _day, _ids in run_housekeeping(now + dt.timedelta(days=1))] == jobs


def test_a_long_backlog_does_not_push_this_months_work_off_the_page(world, as_user):
    activity = _activity(world, title="Щотижневий допис", responsible=["ЦНАП"])
    today = world.community.today()
    first_of_month = today.replace(day=1)
    backlog = [first_of_month - dt.timedelta(days=n + 1) for n in range(260)]
    Occurrence.objects.bulk_create(
        Occurrence(plan=world.plan, activity=activity, key=f"old-{n}", due=day, starts=day, ends=day)
        for n, day in enumerate(backlog)
    )
    Occurrence.objects.create(plan=world.plan, activity=activity, key="now", due=today, starts=today, ends=today)
    page = as_user(world.unit_head).get(reverse("my_work")).content.decode()
    with translation.override("uk"):
        told = translation.gettext(
            "The %(shown)s oldest of %(total)s are listed; mark them done or skipped and the next ones appear."
        ) % {"shown": 200, "total": 260}
    assert told in page
    assert f'datetime="{today:%Y-%m-%d}"' in page  # this month's work is still there
    assert f'datetime="{min(backlog):%Y-%m-%d}"' in page
    assert page.count("Щотижневий допис") == 201
