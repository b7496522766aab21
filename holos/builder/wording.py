"""How the engine's reasons, the message helper and the profile are said on pages and at the terminal.

The core speaks English msgids with params; here they become sentences in the reader's
language: labels translated, numbers grouped, months named, dates in the local format.
"""

from __future__ import annotations

import datetime

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from holos.core import document as doc
from holos.core.checks import GROUP_LABELS, KIND_LABELS, LEVEL_LABELS, audience_groups, channel_kinds
from holos.core.plain_language import MessageReport
from holos.core.schedule import Schedule
from holos.core.suggest.engine import Mend
from holos.core.suggest.reasons import Reason
from holos.plans.labels import column_label
from holos.translation import core_message


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def reason_text(reason: Reason) -> str:
    """A reason in the reader's language."""
    language = (get_language() or "uk")[:2]
    if reason.localized:
        return reason.localized.get(language) or reason.localized.get("en") or next(iter(reason.localized.values()))
    params: dict[str, object] = {}
    for name, value in reason.params.items():
        params[name] = number_format(value, force_grouping=True) if isinstance(value, int) else value
    for name, msgids in reason.labels.items():
        words = [_(msgid) for msgid in msgids]
        at_start = reason.message.startswith(f"%({name})s")
        params[name] = ", ".join(words if at_start else [_lower_first(w) for w in words])
    for name, months in reason.months.items():
        params[name] = ", ".join(column_label(month, long=True) for month in months)
    for name, value in reason.dates.items():
        try:
            params[name] = date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            params[name] = value
    return core_message(reason.message, params, reason.text())


def group_names(name: str) -> list[str]:
    """The groups the checks recognise in an audience's name, in the reader's language."""
    return [_(GROUP_LABELS[group]) for group in sorted(audience_groups(name)) if group != "general"]


def kind_names(name: str) -> list[str]:
    return [_(KIND_LABELS[kind]) for kind in sorted(channel_kinds(name)) if kind in KIND_LABELS]


def level_name(level: str) -> str:
    return _(LEVEL_LABELS.get(level, LEVEL_LABELS["inform"]))


def message_view(report: MessageReport) -> dict[str, object]:
    """The message helper's report, said in the reader's language."""
    return {
        "report": report,
        "readability": number_format(report.readability, decimal_pos=0) if report.readability is not None else "",
        "band": _(report.band) if report.band else "",
        "calls": report.calls,
        "hints": [core_message(hint.message, hint.params, hint.text()) for hint in report.hints],
    }


FIELD_LABELS = {
    "audiences": gettext_lazy("Audiences"), "channels": gettext_lazy("Channels"),
    "responsible": gettext_lazy("Responsible unit"), "result": gettext_lazy("Planned result"),
    "indicator": gettext_lazy("Indicator"), "target": gettext_lazy("Target"), "schedule": gettext_lazy("When"),
    "key_message": gettext_lazy("Key message"), "event": gettext_lazy("Event"),
}


def mend_value(mend: Mend) -> str:
    value = mend.value
    if isinstance(value, doc.Indicator):
        target = value.target if value.target is not None else "…"
        return f"{value.text}: {target} {value.unit}".strip()
    if isinstance(value, Schedule):
        return value.text
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def mend_text(title: str, mend: Mend) -> str:
    """A mend as a sentence: "Channels of “Hotline”: Viber group; radio"."""
    return _("%(field)s of “%(title)s”: %(value)s") % {
        "field": FIELD_LABELS.get(mend.field, mend.field), "title": title, "value": mend_value(mend)}
