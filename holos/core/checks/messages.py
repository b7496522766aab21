"""Every sentence the checks say, as English msgids for Django's gettext.

The strings are wrapped in ``gettext_noop`` so that ``makemessages`` extracts them while
the core stays free of Django; the web layer translates at display time with
``gettext(message) % params``. Each is a whole sentence with named placeholders, so that a
translator can reorder it. Counts are put where no plural form is needed
("Activities due …: 9"), since a msgid marked this way cannot carry plural forms.
"""

from __future__ import annotations

from dataclasses import dataclass


def gettext_noop(s: str) -> str:
    """Mark a string for translation without translating it (Django's name, no Django)."""
    return s


PROBLEM = "problem"
SUGGESTION = "suggestion"


@dataclass(frozen=True)
class Check:
    """One check: its code, how serious a finding is, and its usual hint."""

    code: str
    severity: str
    title: str
    hint: str


_CHECKS = (
    # Problems: the plan cannot be carried out or followed as written.
    Check(
        "activity-no-audience", PROBLEM,
        gettext_noop("Activity without an audience"),
        gettext_noop(
            "Say who this activity is for, as a group you can picture: internally displaced families, "
            "parents of pupils, residents of a remote village."
        ),
    ),
    Check(
        "activity-no-channel", PROBLEM,
        gettext_noop("Activity without a channel"),
        gettext_noop(
            "Name the channels through which this audience actually gets news: a Viber group, the starosta, "
            "a notice board."
        ),
    ),
    Check(
        "activity-no-responsible", PROBLEM,
        gettext_noop("Activity without a responsible unit"),
        gettext_noop(
            "Name the unit or the person who will do it, so that it appears in their list of work and their "
            "reminders."
        ),
    ),
    Check(
        "activity-no-result", PROBLEM,
        gettext_noop("Activity without a planned result"),
        gettext_noop(
            "Write what will be different when it is done: how many people will know, take part or use the "
            "service."
        ),
    ),
    Check(
        "activity-no-schedule", PROBLEM,
        gettext_noop("Activity without a date"),
        gettext_noop(
            "Mark the months it happens in, or write when it happens: “monthly”, “9-11/2024”, "
            "“two weeks before the event”."
        ),
    ),
    Check(
        "indicator-placeholder", PROBLEM,
        gettext_noop("Indicator without a number"),
        gettext_noop("Fill in the target the plan left blank, so that progress can be measured against it."),
    ),
    Check(
        "goal-no-key-message", PROBLEM,
        gettext_noop("Goal without a key message"),
        gettext_noop(
            "Write the one sentence every activity under this goal should leave people with, in the words "
            "residents use."
        ),
    ),
    Check(
        "audience-unreached", PROBLEM,
        gettext_noop("Audience no channel reaches"),
        gettext_noop("Add a channel this audience can use, or aim an activity that has one at it."),
    ),
    Check(
        "outside-period", PROBLEM,
        gettext_noop("Activity outside the plan's period"),
        gettext_noop("Move the activity into the plan's period, or correct the period of the plan."),
    ),
    Check(
        "relative-no-anchor", PROBLEM,
        gettext_noop("Activity timed from an event without a date"),
        gettext_noop(
            "Give the event a date, so that the activity can be placed in the calendar and its reminders sent "
            "on time."
        ),
    ),
    # Suggestions: the plan can be carried out, but the method asks for more.
    Check(
        "activity-no-indicator", SUGGESTION,
        gettext_noop("Activity without an indicator"),
        gettext_noop(
            "Add how you will know it worked: people reached, participants, answers received or reports "
            "published, with a target number."
        ),
    ),
    Check(
        "result-not-measurable", SUGGESTION,
        gettext_noop("Result that cannot be counted"),
        gettext_noop(
            "Put a number or a thing you can count into the result: “10 publications”, "
            "“500 participants”, “a report on the needs”."
        ),
    ),
    Check(
        "accessibility-gap", SUGGESTION,
        gettext_noop("No audience that is hard to reach"),
        gettext_noop(
            "Think of who cannot get the news the usual way and plan for them: audio and large print, sign "
            "language, an accessible venue, the starosta and notice boards for villages without internet."
        ),
    ),
    Check(
        "engagement-inform-only", SUGGESTION,
        gettext_noop("The plan only informs"),
        gettext_noop(
            "Climb the scale of involving residents: ask them (a survey, a public hearing), involve them "
            "(a working group, a round table), decide together (a participatory budget)."
        ),
    ),
    Check(
        "no-feedback-loop", SUGGESTION,
        gettext_noop("Residents are asked but not answered"),
        gettext_noop(
            "Close the loop: plan an activity that tells people the results and what was done with what they "
            "said (“you said, we did”)."
        ),
    ),
    Check(
        "unit-overload", SUGGESTION,
        gettext_noop("Unit with too much work"),
        gettext_noop(
            "Spread the activities over other months or share them with another unit; more than "
            "%(threshold)s at once is more than a unit does well."
        ),
    ),
    Check(
        "empty-month", SUGGESTION,
        gettext_noop("Month with nothing planned"),
        gettext_noop(
            "People forget an institution that falls silent: plan at least one message for this time, or note "
            "why it is quiet."
        ),
    ),
)

CHECKS: dict[str, Check] = {check.code: check for check in _CHECKS}
CODES: tuple[str, ...] = tuple(CHECKS)

# Messages. A code may have more than one, for the different ways a plan can miss the point.
NO_AUDIENCE = gettext_noop("“%(title)s” names no audience.")
NO_CHANNEL = gettext_noop("“%(title)s” names no channel.")
NO_RESPONSIBLE = gettext_noop("Nobody is named as responsible for “%(title)s”.")
NO_RESULT = gettext_noop("“%(title)s” has no planned result.")
NO_SCHEDULE = gettext_noop("It is not said when “%(title)s” happens.")
NO_SCHEDULE_UNREAD = gettext_noop(
    "It is not clear when “%(title)s” happens: “%(text)s” could not be read as a date."
)
INDICATOR_PLACEHOLDER = gettext_noop(
    "The indicator “%(indicator)s” of “%(title)s” has no number yet."
)
GOAL_NO_KEY_MESSAGE = gettext_noop("The goal “%(title)s” has no key message.")
AUDIENCE_UNREACHED = gettext_noop(
    "None of the channels aimed at “%(audience)s” reaches them: %(channels)s."
)
AUDIENCE_NO_ACTIVITY = gettext_noop("“%(audience)s” is named in the plan, but no activity is aimed at them.")
OUTSIDE_PERIOD = gettext_noop(
    "“%(title)s” is planned for %(when)s, outside the plan's period %(start)s to %(end)s."
)
RELATIVE_NO_ANCHOR = gettext_noop(
    "“%(title)s” is timed from “%(anchor)s”, but that event has no date."
)
RELATIVE_UNNAMED = gettext_noop("“%(title)s” is timed from an event that is not named.")
NO_INDICATOR = gettext_noop("“%(title)s” has no indicator.")
NOT_MEASURABLE = gettext_noop("The result of “%(title)s” cannot be counted: “%(result)s”.")
ACCESSIBILITY_GAP = gettext_noop(
    "The plan names no people with impaired sight or hearing, wheelchair users, people without internet or "
    "residents of remote settlements."
)
INFORM_ONLY = gettext_noop(
    "Every activity of the plan only informs residents; none asks, involves them or decides with them "
    "(activities: %(count)s)."
)
NO_FEEDBACK_LOOP = gettext_noop(
    "Residents are asked in “%(title)s”, but no activity tells them the results or what was done "
    "with what they said."
)
UNIT_OVERLOAD_MONTH = gettext_noop("Activities due for %(unit)s in %(month)s: %(count)s.")
UNIT_OVERLOAD_SHARE = gettext_noop(
    "%(unit)s is responsible for %(percent)s%% of the plan's activities (%(count)s of %(total)s)."
)
UNIT_OVERLOAD_SHARE_HINT = gettext_noop(
    "When one unit carries most of a plan, the plan stops when that unit is busy: share the work with other "
    "units or partners."
)
EMPTY_MONTH = gettext_noop("Nothing is planned for %(month)s.")

# Hints of ``audience-unreached`` by the group left out: each says what reaches that group.
UNREACHED_HINTS: dict[str, str] = {
    "impaired_sight": gettext_noop(
        "People with impaired sight do not see posters or leaflets: add audio, a voice message, large print, "
        "Braille, a phone call, radio or a personal meeting."
    ),
    "impaired_hearing": gettext_noop(
        "People with impaired hearing need the message written or signed: add subtitles, a sign-language "
        "interpreter, a website, a messenger, print or a notice board."
    ),
    "wheelchair": gettext_noop("Add any channel for wheelchair users and hold meetings in places they can enter."),
    "no_internet": gettext_noop(
        "People without internet do not see websites or messengers: add print, radio, a notice board, the "
        "starosta, a phone call or a personal meeting."
    ),
    "elderly": gettext_noop(
        "Many older people are not online: add print, radio, television, a notice board, the starosta, a phone "
        "call or a personal meeting."
    ),
    "remote": gettext_noop(
        "Remote settlements are reached through the starosta, a mobile service centre, notice boards, radio, "
        "a phone call or print."
    ),
    "youth": gettext_noop(
        "Young people are reached where they are: social media, messengers, schools, the website and video calls."
    ),
    "idp": gettext_noop("Add a channel internally displaced people use, such as a messenger group or a hotline."),
    "general": gettext_noop("Add a channel this audience uses."),
}

# Names a person sees in the organisation's fit table settings and in explanations.
GROUP_LABELS: dict[str, str] = {
    "impaired_sight": gettext_noop("People with impaired sight"),
    "impaired_hearing": gettext_noop("People with impaired hearing"),
    "wheelchair": gettext_noop("Wheelchair users"),
    "no_internet": gettext_noop("People without internet"),
    "elderly": gettext_noop("Older people"),
    "remote": gettext_noop("Residents of remote settlements"),
    "youth": gettext_noop("Young people and pupils"),
    "idp": gettext_noop("Internally displaced people"),
    "general": gettext_noop("Residents in general"),
}

KIND_LABELS: dict[str, str] = {
    "audio": gettext_noop("Audio"),
    "voice_message": gettext_noop("Voice message"),
    "large_print": gettext_noop("Large print"),
    "braille": gettext_noop("Braille"),
    "phone": gettext_noop("Phone"),
    "print": gettext_noop("Print"),
    "poster": gettext_noop("Poster"),
    "radio": gettext_noop("Radio"),
    "in_person": gettext_noop("In person"),
    "starosta": gettext_noop("Starosta"),
    "mobile_service": gettext_noop("Mobile service"),
    "boards": gettext_noop("Notice boards"),
    "social_media": gettext_noop("Social media"),
    "messenger": gettext_noop("Messenger"),
    "website": gettext_noop("Website"),
    "email": gettext_noop("Email"),
    "tv": gettext_noop("Television"),
    "school": gettext_noop("School"),
    "sign_language": gettext_noop("Sign language"),
    "subtitles": gettext_noop("Subtitles"),
    "press": gettext_noop("Press"),
    "video_call": gettext_noop("Video call"),
}

LEVEL_LABELS: dict[str, str] = {
    "inform": gettext_noop("Inform"),
    "consult": gettext_noop("Consult"),
    "involve": gettext_noop("Involve"),
    "collaborate": gettext_noop("Collaborate"),
    "empower": gettext_noop("Decide together"),
}
