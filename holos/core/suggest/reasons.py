"""Why a proposal was made, as English msgids with named placeholders.

A reason is shown in the reader's language: the web layer and the command line translate
``message`` with gettext, translate the msgids named in ``labels`` (audience groups,
channel kinds, engagement levels, measures of reach), name the months in ``months`` and
format the dates in ``dates``, then fill in the sentence. A template's own words ("why")
come in every language of the template and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from holos.core.checks import gettext_noop


@dataclass(frozen=True)
class Reason:
    message: str
    params: Mapping[str, str | int] = field(default_factory=dict)
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    months: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dates: Mapping[str, str] = field(default_factory=dict)
    localized: Mapping[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        """The params in English: labels joined, months and dates as written."""
        values: dict[str, Any] = dict(self.params)
        values.update({name: ", ".join(items) for name, items in self.labels.items()})
        values.update({name: ", ".join(items) for name, items in self.months.items()})
        values.update(self.dates)
        return values

    def text(self, language: str = "en") -> str:
        """The reason in English (or in a template's own words, when it has them in ``language``)."""
        if self.localized:
            return self.localized.get(language) or self.localized.get("en") or next(iter(self.localized.values()))
        try:
            return self.message % self.values()
        except (KeyError, TypeError, ValueError):
            return self.message

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.text(), "template": self.message, "params": self.values()}
        if self.localized:
            data["texts"] = dict(self.localized)
        return data


def template_words(texts: Mapping[str, str]) -> Reason:
    """A template's own explanation, in each language it is written in."""
    return Reason(message="", localized={language: text for language, text in texts.items() if text})


# What the plan misses.
UNREACHED = gettext_noop("%(groups)s in “%(audience)s” have no channel in the plan that reaches them.")
NOT_AIMED = gettext_noop("“%(audience)s” is named in the plan, but no activity is aimed at them.")
NO_HARD_TO_REACH = gettext_noop(
    "The plan names nobody who is hard to reach; your community has “%(audience)s”."
)
NO_HARD_TO_REACH_GROUP = gettext_noop(
    "The plan names nobody who is hard to reach, and every community has %(groups)s."
)
INFORM_ONLY = gettext_noop(
    "Every activity of the plan only informs; this one goes up the ladder to “%(level)s”."
)
CLIMB = gettext_noop("The plan goes no higher than “%(current)s”; this activity goes up to “%(level)s”.")
NO_LOOP = gettext_noop(
    "Residents are asked in “%(title)s”; this activity tells them what was done with what they said."
)
LOOP_AHEAD = gettext_noop(
    "Residents who are asked want to know what came of it; this activity tells them what was done with what they said."
)
EMPTY_MONTHS = gettext_noop("Nothing is planned for %(months)s; this activity is placed there.")
FOR_GOAL = gettext_noop("Proposed for the goal “%(goal)s” and the audience “%(audience)s”.")

# What the proposal brings.
REACHES = gettext_noop("It reaches %(groups)s through %(kinds)s.")
CHANNEL_REACH = gettext_noop("“%(channel)s” reaches %(reach)s (%(measure)s, as of %(date)s).")
CHANNEL_KNOWN = gettext_noop("“%(channel)s” is one of your channels and reaches this audience.")
NEW_CHANNEL = gettext_noop(
    "None of your channels of this kind reaches this audience yet; the activity names one to set up: %(channels)s."
)
AUDIENCE_SIZE = gettext_noop("The community profile counts %(size)s people in “%(audience)s”.")
USED_ELSEWHERE = gettext_noop("Published plans of other organisations with a similar activity: %(count)s.")
FROM_SOURCE = gettext_noop("From the templates of %(source)s.")
LEAST_LOADED = gettext_noop("%(unit)s has the least work in those months (activities due: %(count)s).")
USUAL_UNIT = gettext_noop("%(unit)s usually does this activity.")

# Mends of an activity or goal already in the plan.
MEND_AUDIENCE = gettext_noop("Other activities of the same task are aimed at %(audiences)s.")
MEND_AUDIENCE_TEMPLATE = gettext_noop("Such an activity is usually aimed at %(groups)s.")
MEND_CHANNEL = gettext_noop("These channels reach the activity's audiences: %(channels)s.")
MEND_RESULT = gettext_noop("The usual result of such an activity, with a number to count.")
MEND_TARGET = gettext_noop("A usual target for such an activity: %(target)s.")
MEND_SCHEDULE = gettext_noop("A usual schedule for such an activity, within the plan's period.")
MEND_EVENT = gettext_noop(
    "Give “%(anchor)s” a date in the organisation's events, and the activity is placed in the calendar."
)
MEND_KEY_MESSAGE = gettext_noop("An example key message of the method for such a goal; make it your own.")
MOVE = gettext_noop(
    "%(unit)s has %(count)s activities due in %(from)s and %(other)s in %(to)s; moving this one evens the load."
)
SHARE = gettext_noop("%(unit)s carries %(percent)s%% of the plan; %(other)s can share the work.")
