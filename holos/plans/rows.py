"""The grid's activity rows and the headings of its goals and tasks, written in Python.

A plan of 500 activities over 12 months is about 10,000 cells; Django's template engine
spends most of a second on that many nodes. The row is small and fixed, so it is built
here with the same escaping rules, and every page and fragment that shows a row (the
plan page, an htmx swap after an edit) uses this one function. A task's and a goal's
headings are built here too, with the page's addresses reversed once and filled with
each one's key, rather than reversed per heading by ``{% url %}``, and so is the grid
around them (``render_plan_body``): the template engine copied the whole grid, a couple
of megabytes for an editor, once per tag around it.

Plans repeat themselves: the same list of audiences, the same schedule, the same cell
under each month. Each page keeps what it has written of those pieces (``RowContext``)
and writes each distinct one once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape  # the standard library's: Django's adds lazy-string handling the grid does not need

from django.middleware.csrf import get_token
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from holos import describe

_SENTINEL = 987654321


@dataclass
class RowContext:
    """What every row of one page shares: URLs, words and the form token."""

    can_edit: bool
    columns: Sequence[tuple[str, str, str]]
    slot_url: str = ""
    edit_url: str = ""
    move_url: str = ""
    delete_url: str = ""
    csrf_input: str = ""
    edit: str = ""
    move_up: str = ""
    move_down: str = ""
    delete: str = ""
    needed: str = ""
    not_needed: str = ""
    # Each column's code and its long name, escaped once for every row.
    cell_labels: Sequence[tuple[str, str]] = ()
    # The headings' addresses (see ``HEADING_URLS``), with ``_SENTINEL`` for the key; editors only.
    urls: dict[str, str] = field(default_factory=dict)
    # The headings' words, escaped as the template's ``{% translate %}`` would.
    words: dict[str, str] = field(default_factory=dict)
    # Pieces already written on this page, by what they are written from.
    memo: dict[tuple, str] = field(default_factory=dict)
    # Each column's cell unmarked and marked (the row's key as ``_SENTINEL``), written by the first row.
    cell_pieces: list[tuple[str, str]] | None = None

    def __post_init__(self) -> None:
        self.cell_labels = [(column, escape(long)) for column, _label, long in self.columns]

    @classmethod
    def for_request(cls, request, organization_slug: str, *, can_edit: bool, columns,
                    csrf_token: str | None = None) -> RowContext:
        """``csrf_token`` stands in for the request's form token in rows kept for other requests."""
        def url(name: str, *extra: str) -> str:
            return reverse(name, args=[organization_slug, *extra, _SENTINEL])

        context = cls(can_edit=can_edit, columns=columns, needed=_("needed"), not_needed=_("not needed"),
                      words={"key_message": escape(_("Key message"))})
        if can_edit:
            context.urls = {name: url(route, *extra) for name, (route, extra) in HEADING_URLS.items()}
            context.words.update((name, escape(_(text))) for name, text in HEADING_WORDS.items())
            context.slot_url = url("activity_slot")
            context.edit_url = url("activity_edit")
            context.move_url = url("move", "activity")
            context.delete_url = url("activity_delete")
            token = escape(csrf_token or get_token(request))
            context.csrf_input = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            context.edit, context.move_up = _("Edit"), _("Move up")
            context.move_down, context.delete = _("Move down"), _("Delete")
        return context


# The addresses of a goal's and a task's tools, "<kind>_<tool>": (route, arguments between the slug and the key).
HEADING_URLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "goal_add": ("task_create", ()),
    "goal_edit": ("goal_edit", ()),
    "goal_move": ("move", ("goal",)),
    "goal_delete": ("goal_delete", ()),
    "task_add": ("activity_create", ()),
    "task_edit": ("task_edit", ()),
    "task_move": ("move", ("task",)),
    "task_delete": ("task_delete", ()),
}
HEADING_WORDS = {
    "goal_add": gettext_noop("Add task"), "goal_edit": gettext_noop("Edit goal"),
    "goal_up": gettext_noop("Move goal up"), "goal_down": gettext_noop("Move goal down"),
    "goal_delete": gettext_noop("Delete goal"), "task_add": gettext_noop("Add activity"),
    "task_edit": gettext_noop("Edit task"), "task_up": gettext_noop("Move task up"),
    "task_down": gettext_noop("Move task down"), "task_delete": gettext_noop("Delete task"),
}


def _url(template: str, pk: int) -> str:
    return template.replace(str(_SENTINEL), str(pk))


def _names(items: list, ctx: RowContext) -> str:
    key = ("names", *items)
    found = ctx.memo.get(key)
    if found is None:
        names = [f"<li>{escape(item.name)}</li>" for item in items]
        found = ctx.memo[key] = f"<ul>{''.join(names)}</ul>" if names else ""
    return found


def _schedule_words(activity, ctx: RowContext) -> str:
    """The schedule in words under the title, for a schedule other than marked months."""
    key = ("schedule", repr(activity.schedule), activity.schedule_text)
    found = ctx.memo.get(key)
    if found is None:
        words = escape(describe.schedule(activity.schedule))
        original = activity.schedule_text
        if original and original.strip().casefold() != words.casefold():
            words += f' <span class="original">(«{escape(original)}»)</span>'
        found = ctx.memo[key] = f'<div class="sched">{words}</div>'
    return found


def _cells(activity, ctx: RowContext) -> str:
    """The month cells of a row, put together from each column's two cells (marked or not) written once per page."""
    if ctx.cell_pieces is None:
        ctx.cell_pieces = [(_cell(column, label, False, ctx), _cell(column, label, True, ctx))
                           for column, label in ctx.cell_labels]
    html = "".join([pair[on] for pair, on in zip(ctx.cell_pieces, activity.cells, strict=True)])
    return _url(html, activity.pk) if ctx.can_edit else html


def _cell(column: str, label: str, on: bool, ctx: RowContext) -> str:
    css = "m on" if on else "m"
    if ctx.can_edit:
        pressed = "true" if on else "false"
        glyph = "✕" if on else "·"
        return (
            f'<td class="{css}"><button type="submit" form="slots-{_SENTINEL}" name="slot" value="{column}" '
            f'aria-pressed="{pressed}"><span aria-hidden="true">{glyph}</span>'
            f'<span class="visually-hidden">{label}</span></button></td>'
        )
    if on:
        return f'<td class="{css}"><span class="cell">✕<span class="visually-hidden">{label}</span></span></td>'
    return f'<td class="{css}"><span class="cell"></span></td>'


def shorten(text: str, limit: int = 40) -> str:
    """The text cut to ``limit`` characters with an ellipsis, for labels and headings."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_row(activity, ctx: RowContext) -> SafeString:
    """An activity's row, on its own (an htmx swap after an edit)."""
    return mark_safe(_row(activity, ctx))  # noqa: S308 - every value in it is escaped


def _row(activity, ctx: RowContext) -> str:
    pk = activity.pk
    title = escape(activity.title)
    short = escape(shorten(activity.title))
    parts = [f'<tr id="activity-{pk}">', f'<th scope="row" class="title">{title}']
    if activity.schedule_kind != "slots":
        parts.append(_schedule_words(activity, ctx))
    for indicator in activity.indicator_list:
        mark = "⚠ " if indicator.placeholder else ""
        parts.append(f'<div class="sched">{mark}{escape(indicator.text)}</div>')
    if ctx.can_edit:
        slot_url, edit_url = _url(ctx.slot_url, pk), _url(ctx.edit_url, pk)
        parts.append(
            f'<form id="slots-{pk}" method="post" action="{slot_url}" hx-post="{slot_url}" '
            f'hx-target="#activity-{pk}" hx-swap="outerHTML">{ctx.csrf_input}</form>'
            f'<div class="row-tools">'
            f'<a href="{edit_url}" hx-get="{edit_url}" hx-target="#activity-{pk}" hx-swap="outerHTML" data-edit>'
            f'{escape(ctx.edit)}<span class="visually-hidden">: {short}</span></a>'
            f'<form method="post" action="{_url(ctx.move_url, pk)}">{ctx.csrf_input}'
            f'<button type="submit" name="direction" value="up" class="secondary" '
            f'aria-label="{escape(ctx.move_up)}: {short}">↑</button>'
            f'<button type="submit" name="direction" value="down" class="secondary" '
            f'aria-label="{escape(ctx.move_down)}: {short}">↓</button></form>'
            f'<a href="{_url(ctx.delete_url, pk)}">{escape(ctx.delete)}'
            f'<span class="visually-hidden">: {short}</span></a></div>'
        )
    parts.append("</th>")
    parts.append(f"<td>{_names(activity.audience_list, ctx)}</td>")
    parts.append(f"<td>{_names(activity.channel_list, ctx)}</td>")
    parts.append(f"<td>{_names(activity.unit_list, ctx)}</td>")
    parts.append(f"<td>{escape(activity.result)}</td>")
    resources = ""
    if activity.resources_needed is True:
        resources = escape(ctx.needed)
    elif activity.resources_needed is False:
        resources = escape(ctx.not_needed)
    if activity.resources_text:
        resources += f'<div class="sched">{escape(activity.resources_text)}</div>'
    parts.append(f"<td>{resources}</td>")
    parts.append(_cells(activity, ctx))
    parts.append("</tr>")
    return "".join(parts)


def _tools(kind: str, pk: int, ctx: RowContext, *, buttons: str, delete: str) -> str:
    """A goal's or a task's tools, one a line: add what goes under it, edit it, move it up or down, delete it."""
    urls, words = ctx.urls, ctx.words
    return (
        f'<a href="{_url(urls[kind + "_add"], pk)}">{words[kind + "_add"]}</a>\n'
        f'<a href="{_url(urls[kind + "_edit"], pk)}">{words[kind + "_edit"]}</a>\n'
        f'<form method="post" action="{_url(urls[kind + "_move"], pk)}">{ctx.csrf_input}'
        f'<button type="submit" name="direction" value="up" class="{buttons}" '
        f'aria-label="{words[kind + "_up"]}">↑</button>'
        f'<button type="submit" name="direction" value="down" class="{buttons}" '
        f'aria-label="{words[kind + "_down"]}">↓</button></form>\n'
        f'<a href="{_url(urls[kind + "_delete"], pk)}"{delete}>{words[kind + "_delete"]}</a>\n'
    )


def _goal_head(goal, number: int, ctx: RowContext) -> str:
    """A goal's heading, key message and, for editors, its tools: what the page writes above its table."""
    pk = goal.pk
    heading = _("Goal %(n)s: %(title)s") % {"n": number, "title": escape(goal.title)}
    parts = [f'<h2 class="goal-head" id="goal-{pk}-title">{heading}</h2>\n']
    if goal.key_message:
        parts.append(f'<p class="key">{ctx.words["key_message"]}: {escape(goal.key_message)}</p>\n')
    if ctx.can_edit:
        tools = _tools("goal", pk, ctx, buttons="secondary small", delete=' class="error"')
        parts.append(f'<div class="actions">\n{tools}</div>\n')
    return "".join(parts)


def _task(task, activities: Iterable, ctx: RowContext) -> str:
    """A task's body in the goal's table: its heading row (with its tools for editors), then ``activities``."""
    pk = task.pk
    parts = [f'<tbody id="task-{pk}">\n<tr class="task"><th scope="colgroup" colspan="{len(ctx.columns) + 6}">'
             f'<div>{escape(task.title)}\n']
    if ctx.can_edit:
        parts.append(f'<span class="row-tools">\n{_tools("task", pk, ctx, buttons="secondary", delete="")}</span>')
    parts.append("</div>\n</th></tr>\n")
    parts.extend(_row(activity, ctx) for activity in activities)
    parts.append("\n</tbody>")
    return "".join(parts)


def render_plan_body(goals: Sequence, ctx: RowContext) -> SafeString:
    """The plan page's grid, as ``plans/_plan_body.html`` wrote it: an index of the goals, then each goal's table.

    The table's column headers are the same for every goal, so they are written once.
    """
    parts = ["\n"]
    if len(goals) > 1:
        links = "".join(f'<li><a href="#goal-{goal.pk}">{escape(truncatechars(goal.title, 110))}</a></li>'
                        for goal in goals)
        label = _("Goals of the plan")  # outside the f-string, where makemessages finds it
        parts.append(f'<nav class="goal-index" aria-label="{label}"><ol>\n  {links}\n</ol></nav>')
    parts.append("\n\n")
    head = _table_head(ctx)
    # Words as the template's ``{% translate "…" %}`` wrote them: a literal's translation is not escaped.
    skip, caption = _("Skip this goal's table"), _("Activities of the goal")
    empty, add_task = _("No tasks under this goal yet."), _("Add a task")
    for number, goal in enumerate(goals, start=1):
        pk = goal.pk
        parts.append(f'\n<section id="goal-{pk}" class="goal-section" aria-labelledby="goal-{pk}-title">\n  '
                     f'{_goal_head(goal, number, ctx)}\n  ')
        if goal.task_list:
            parts.append(
                f'\n  <p class="skip-goal"><a href="#after-goal-{pk}">{skip}</a></p>\n'
                f'  <div class="grid-wrap" role="region" tabindex="0" aria-labelledby="goal-{pk}-caption">\n'
                f'  <table class="grid" data-roving>\n'
                f'    <caption class="visually-hidden" id="goal-{pk}-caption">{caption}: '
                f'{escape(truncatechars(goal.title, 80))}</caption>\n'
                f'{head}\n    ')
            parts.append("\n".join(_task(task, task.visible_activities, ctx) for task in goal.task_list))
            parts.append(f'\n  </table>\n  </div>\n  <span id="after-goal-{pk}"></span>\n  ')
        else:
            tool = f' <a href="{_url(ctx.urls["goal_add"], pk)}">{add_task}</a>' if ctx.can_edit else ""
            parts.append(f'\n  <p class="empty">{empty}{tool}</p>\n  ')
        parts.append("\n</section>\n")
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _table_head(ctx: RowContext) -> str:
    """A goal's table's column headers: the activity's columns, then one per month or quarter."""
    names = [_("Activity"), _("Audiences"), _("Channels"), _("Responsible"), _("Planned result"), _("Resources")]
    first = f'<th scope="col" class="title">{names[0]}</th>' + "".join(
        f'<th scope="col">{name}</th>' for name in names[1:3])
    second = "".join(f'<th scope="col">{name}</th>' for name in names[3:])
    months = "".join(f'<th scope="col"><abbr title="{label}">{escape(short)}</abbr></th>'
                     for (_column, short, _long), (_code, label) in zip(ctx.columns, ctx.cell_labels, strict=True))
    return f"    <thead><tr>\n      {first}\n      {second}\n      {months}\n    </tr></thead>"
