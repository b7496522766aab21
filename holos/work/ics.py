"""Occurrences as an iCalendar file that calendar apps subscribe to or import.

Each occurrence is an all-day event on its due date. Its UID is made of the activity and
the occurrence's key, which stay the same when a schedule is regenerated, so a calendar
that refreshes replaces the event instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

STATUS = {"planned": "CONFIRMED", "in_progress": "CONFIRMED", "done": "CONFIRMED", "skipped": "CANCELLED"}


def occurrence_uid(occurrence, domain: str) -> str:
    return f"activity-{occurrence.activity_id}-{occurrence.key}@{domain}"


def build_calendar(occurrences: Iterable, *, name: str, domain: str, link) -> bytes:
    """``link(occurrence)`` gives the page of each occurrence, for the event's URL."""
    calendar = Calendar()
    calendar.add("prodid", "-//Holos//Communication plans//UK")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for occurrence in occurrences:
        event = Event()
        event.add("uid", occurrence_uid(occurrence, domain))
        event.add("dtstamp", stamp)
        event.add("last-modified", occurrence.updated_at)
        event.add("dtstart", occurrence.due)
        event.add("dtend", occurrence.due + timedelta(days=1))
        summary = occurrence.activity.title
        if occurrence.status == "done":
            summary = "✓ " + summary
        event.add("summary", summary)
        description = [occurrence.plan.title, f"{occurrence.starts.isoformat()} – {occurrence.ends.isoformat()}"]
        if occurrence.note:
            description.append(occurrence.note)
        event.add("description", "\n".join(description))
        event.add("status", STATUS.get(occurrence.status, "CONFIRMED"))
        event.add("url", link(occurrence))
        calendar.add_component(event)
    return calendar.to_ical()
