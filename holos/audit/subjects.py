"""What an audit entry is about, and the values it changed, in the reader's language.

An entry keeps ``object_repr`` as the object's string when the change was made: for a
piece of work that is "175 m2023-09" (the activity's number and the month's key), for a
message "#5 пропозиція" (written in the language of the server at the time). Pages
call ``describe_subjects`` on the entries they show, which reads these back as
"«Робота гарячої лінії», вересень 2023" and "message 5 (suggestion)" in the reader's
language, with one query for all the activities named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from holos import describe

_OCCURRENCE = re.compile(r"^(?P<activity>\d+) (?P<key>\S+)$")
_MESSAGE = re.compile(r"^#(?P<number>\d+)(?: .*)?$")
_MEMBERSHIP = re.compile(r"^(?P<user>.*) @ .* \((?P<role>\w+)\)$")
_REPORT = re.compile(r"^\d+ (?P<start>\d{4}-\d{2}-\d{2})…(?P<end>\d{4}-\d{2}-\d{2})$")
_DISMISSAL = re.compile(r"^(?P<code>[a-z0-9-]+) (?P<where>\S+)$")


def describe_subjects(entries: Iterable) -> list:
    """Set ``entry.subject`` on each entry; return them as a list."""
    from holos.plans.models import Activity
    from holos.suggestions.models import Suggestion

    entries = list(entries)
    activity_ids = {int(m["activity"]) for e in entries if e.object_type == "occurrence"
                    and (m := _OCCURRENCE.match(e.object_repr or ""))}
    titles = dict(Activity.objects.filter(pk__in=activity_ids).values_list("pk", "title")) if activity_ids else {}
    message_ids = {e.object_id for e in entries if e.object_type == "suggestion" and e.object_id}
    categories = (dict(Suggestion.objects.filter(pk__in=message_ids).values_list("pk", "category"))
                  if message_ids else {})
    for entry in entries:
        entry.subject = _subject(entry, titles, categories)
    return entries


def _subject(entry, titles: dict[int, str], categories: dict[int, str]) -> str:
    text = entry.object_repr or ""
    kind = entry.object_type
    if kind == "occurrence" and (match := _OCCURRENCE.match(text)):
        title = titles.get(int(match["activity"])) or _("a deleted activity")
        when = occurrence_key(match["key"])
        return _("“%(activity)s”, %(when)s") % {"activity": title, "when": when} if when else f"“{title}”"
    if kind == "suggestion" and (match := _MESSAGE.match(text)):
        category = categories.get(entry.object_id or 0) or (entry.after or entry.before or {}).get("category", "")
        words = value_words("category", category, kind) if category else ""
        if words:
            return _("message %(number)s (%(category)s)") % {"number": match["number"], "category": words}
        return _("message %(number)s") % {"number": match["number"]}
    if kind == "membership" and (match := _MEMBERSHIP.match(text)):
        return _("%(person)s, %(role)s") % {"person": match["user"], "role": value_words("role", match["role"], kind)}
    if kind == "progressreport" and (match := _REPORT.match(text)):
        return _("report for %(first)s – %(last)s") % {
            "first": _day(match["start"]), "last": _day(match["end"])}
    if kind == "dismissal" and (match := _DISMISSAL.match(text)):
        return describe.rule(match["code"])
    return text


def occurrence_key(key: str) -> str:
    """A piece of work's key in words: "m2023-09" → "вересень 2023", "q2024-Q3" → "III кв. 2024",
    "d2025-01-05" → "5 січня 2025", "e2-of-4" → "2 of 4"; a key not known here gives ""."""
    base = key.split(".")[0]
    if base[:1] in ("m", "q") and describe.month(base[1:]) != base[1:]:
        return describe.month(base[1:])
    if base.startswith("d"):
        return _day(base[1:]) if re.match(r"^\d{4}-\d{2}-\d{2}$", base[1:]) else ""
    if match := re.match(r"^e(\d+)-of-(\d+)$", base):
        return _("time %(number)s of %(count)s") % {"number": match[1], "count": match[2]}
    return ""


def _day(text: str) -> str:
    try:
        return date_format(date.fromisoformat(text[:10]), "DATE_FORMAT")
    except ValueError:
        return text


def _choices(name: str, object_type: str) -> dict[str, str]:
    from holos.accounts.models import Role
    from holos.plans.models import Granularity, PlanKind
    from holos.suggestions.models import Category, Source
    from holos.suggestions.models import Status as MessageStatus
    from holos.surveys.models import QuestionKind
    from holos.work.models import FeedScope
    from holos.work.models import Status as WorkStatus

    table: dict[tuple[str, str], Any] = {
        ("status", "occurrence"): WorkStatus, ("status", "suggestion"): MessageStatus,
        ("category", "suggestion"): Category, ("source", "suggestion"): Source,
        ("role", "membership"): Role, ("role", "invitation"): Role,
        ("kind", "plan"): PlanKind, ("kind", "question"): QuestionKind, ("granularity", "plan"): Granularity,
        ("scope", "calendarfeed"): FeedScope,
    }
    choices = table.get((name, object_type))
    return {str(value): str(label) for value, label in choices.choices} if choices else {}


def _contact_words(value: list) -> str:
    from holos.audit.labels import field_label

    return ", ".join(str(field_label(item)) for item in value)


# Fields whose values a describer reads, with the type the value must have for it.
NAMED_VALUES: dict[str, tuple[type, Any]] = {
    "schedule": (dict, describe.schedule),
    "period_start": (str, describe.month),
    "period_end": (str, describe.month),
    "language": (str, describe.language),
    "code": (str, describe.rule),
    "contact": (list, _contact_words),
    "slots": (list, describe.slots),
}


def value_words(name: str, value: Any, object_type: str) -> Any:
    """A value an action recorded, as a person reads it; unknown values are shown as they are."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = _choices(name, object_type)
    if choices and str(value) in choices:
        return choices[str(value)]
    named = NAMED_VALUES.get(name)
    if named is not None and isinstance(value, named[0]):
        return named[1](value)
    return _plain_words(value)


def _plain_words(value: Any) -> Any:
    """A value no field names a describer for: a moment, words in several languages, a list."""
    from holos.audit.labels import field_label

    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        try:
            return date_format(datetime.fromisoformat(value), "DATETIME_FORMAT")
        except ValueError:
            return value
    if isinstance(value, dict):
        from django.utils.translation import get_language

        language = (get_language() or "uk").split("-")[0]
        if all(isinstance(v, str) for v in value.values()):
            return value.get(language) or value.get("uk") or next(iter(value.values()), "")
        return ", ".join(f"{field_label(k)}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(item.get("uk", item) if isinstance(item, dict) else item) for item in value)
    return value
    if isinstance(value, dict):
        from django.utils.translation import get_language

        language = (get_language() or "uk").split("-")[0]
        if all(isinstance(v, str) for v in value.values()):
            return value.get(language) or value.get("uk") or next(iter(value.values()), "")
        return ", ".join(f"{field_label(k)}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(item.get("uk", item) if isinstance(item, dict) else item) for item in value)
    return value
