"""The content calendar: posts by day and channel beside the plans' work due the same day."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from holos.plans import actions as plan_actions
from holos.plans.models import Activity
from tests.publishing.conftest import write


def test_posts_and_work_of_the_month_side_by_side(world, as_user, news):
    activity = Activity.objects.filter(plan=world.plan).first()
    plan_actions.set_activity_slots(actor=None, activity=activity, slots=["2025-06"])
    due = activity.occurrences.get().due
    kyiv = ZoneInfo("Europe/Kyiv")
    write(world.community, [news], title="Новина дня виконання",
          publish_at=datetime(due.year, due.month, due.day, 10, 30, tzinfo=kyiv))
    write(world.community, [news], title="Новина першого червня", publish_at=datetime(2025, 6, 1, 9, 0, tzinfo=kyiv))
    write(world.community, [news], title="Новина липня", publish_at=datetime(2025, 7, 2, 9, 0, tzinfo=kyiv))
    page = as_user(world.viewer).get(reverse("content_calendar", args=[world.community.slug]),
                                     {"month": "2025-06"}).content.decode()
    assert "Новина дня виконання" in page and "Новина першого червня" in page and "Новина липня" not in page
    row = page.split(f'datetime="{due.isoformat()}"')[1].split("</tr>")[0]
    assert "Новина дня виконання" in row and "10:30" in row and "Активність 1" in row and "Новини на сайті" in row
    assert "Червень 2025" in page
    assert as_user(world.outsider).get(reverse("content_calendar", args=[world.community.slug])).status_code == 404
