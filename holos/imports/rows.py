"""The import preview's activity rows and check findings, written in Python rather than in a template.

A plan of 1,000 rows is about 10,000 cells and as many findings' words; Django's template
engine spent most of the preview's time looking up and escaping them one node at a time.
A row is small and fixed, so it is written here with the template's own rules: every text
escaped as ``{{ }}`` escapes it, the same translated words, the same markup. The page's
template keeps everything else (headings, forms, the columns' choices).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from holos import describe
from holos.core.document import Activity, Task
from holos.core.review import row_key
from holos.core.schedule import Schedule
from holos.plans.checking import FindingView
from holos.translation import place


def shorten(text: str, limit: int) -> str:
    """``text|truncatechars:limit``: the filter's own result, reached without it for short texts."""
    if len(text) <= limit and unicodedata.is_normalized("NFC", text):
        return text  # no shorter than the limit: the filter would give it back as it is
    return Truncator(text).chars(limit)


def _joined(items: Iterable[str]) -> str:
    """``items|join:", "``."""
    return ", ".join(escape(item) for item in items)


class PreviewRows:
    """Writes the rows of one preview page, with what they all share: the roles a row may
    take, the words, the warnings by the place they were found, the schedules described so far.

    ``row_roles`` are the roles chosen for rows so far (a row not named is an activity);
    ``warnings`` the reader's warnings, translated, by the place in the document they are about.
    """

    def __init__(self, *, editable: bool, row_roles: Mapping[str, str], warnings: Mapping[str, list[str]]) -> None:
        self.editable = editable
        self.row_roles = row_roles
        self.warnings = warnings
        # Places whose warnings were shown beside their rows; the page lists the others on their own.
        self.shown_origins: set[str] = set()
        self.roles = [("activity", _("activity")), ("heading", _("heading")), ("ignore", _("leave out"))]
        self._row_is = escape(_("Row is"))
        self._columns = 9 if editable else 8
        # The role select's options for each role a row can have; a role not offered selects none.
        self._options = {
            chosen: "".join(
                f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(label)}</option>'
                for value, label in self.roles
            )
            for chosen in (*(value for value, _label in self.roles), None)
        }
        self._schedule_words: dict[tuple, str] = {}

    def goal_body(self, p: int, g: int, tasks: Sequence[Task]) -> SafeString:
        """A ``<tbody>`` for each task of goal ``g`` of plan ``p``: its title, then its activity rows."""
        parts: list[str] = []
        for t, task in enumerate(tasks):
            parts.append(f'<tbody>\n<tr class="task"><th scope="colgroup" colspan="{self._columns}">'
                         f'{escape(task.title or "—")}</th></tr>\n')
            for a, activity in enumerate(task.activities):
                parts.append(self.row(row_key(p, g, t, a), activity))
            parts.append("</tbody>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped

    def row(self, key: str, activity: Activity) -> str:
        origin = activity.origin
        warnings = self.warnings.get(origin, []) if origin else []
        if warnings:
            self.shown_origins.add(origin)
        parts = ['<tr class="guess">\n' if warnings else "<tr>\n"]
        if self.editable:
            role = self.row_roles.get(key, "activity")
            options = self._options.get(role, self._options[None])
            parts.append(f'<td><label class="visually-hidden" for="{key}">{self._row_is}: '
                         f'{escape(shorten(activity.title, 40))}</label>\n'
                         f'<select id="{key}" name="{key}">{options}</select></td>\n')
        parts.append(f'<th scope="row" class="title">{escape(activity.title)}')
        for warning in warnings:
            parts.append(f'<div class="error">⚠ {escape(warning)}</div>')
        if origin and (where := place(origin)):
            parts.append(f'<div class="sched">{escape(where)}</div>')
        parts.append("</th>\n")
        parts.append(f"<td>{_joined(activity.audiences)}</td>\n"
                     f"<td>{_joined(activity.channels)}</td>\n"
                     f"<td>{_joined(activity.responsible)}</td>\n"
                     f"<td>{escape(activity.result)}</td>\n")
        resources = activity.resources
        parts.append(f"<td>{escape(resources.text) if resources is not None else ''}</td>\n")
        parts.append(self._schedule(activity.schedule))
        parts.append("<td>")
        for indicator in activity.indicators:
            mark = "⚠ " if indicator.placeholder else ""
            target = ""
            if indicator.target is not None:
                target = f" ({escape(localize(indicator.target))} {escape(indicator.unit)})"
            parts.append(f"<div>{mark}{escape(indicator.text)}{target}</div>")
        parts.append("</td>\n</tr>")
        return "".join(parts)

    def _schedule(self, schedule: Schedule | None) -> str:
        """The schedule's cell: its text as written, and what Holos read in it (⚠ when nothing)."""
        if schedule is None:
            return '<td><div class="sched"></div></td>\n'
        unknown = schedule.kind == "unknown"
        css = "sched error" if unknown else "sched"
        mark = "⚠ " if unknown and schedule.text else ""
        return f'<td>{escape(schedule.text)}<div class="{css}">{mark}{self.schedule_words(schedule)}</div></td>\n'

    def schedule_words(self, schedule: Schedule) -> str:
        """``schedule|schedule_words``, escaped; rows of one plan share few schedules, so each is described once."""
        key = tuple(tuple(value) if isinstance(value, list) else value for value in vars(schedule).values())
        words = self._schedule_words.get(key)
        if words is None:
            words = self._schedule_words[key] = escape(describe.schedule(schedule))
        return words

    @staticmethod
    def findings(findings: Iterable[FindingView]) -> SafeString:
        """The ``<li>`` of each finding of the checks: where (its title, shortened) and what."""
        items = [f'<li class="finding {escape(view.finding.severity)}">'
                 f'{escape(shorten(view.finding.place.title, 80))} — {escape(view.message)}</li>'
                 for view in findings]
        return mark_safe("".join(items))  # noqa: S308 - every value above is escaped


def header_options(lines: Sequence[str], header: int | None) -> SafeString:
    """The ``<option>`` of each line of a table for its header line select; a long table has as many as rows."""
    options = [f'<option value="{index}"{" selected" if index == header else ""}>{escape(text or "—")}</option>'
               for index, text in enumerate(lines)]
    return mark_safe("".join(options))  # noqa: S308 - every value above is escaped
