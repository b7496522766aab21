"""The grid's activity rows, written in Python rather than in a template.

A plan of 500 activities over 12 months is about 10,000 cells; Django's template engine
spends most of a second on that many nodes. The row is small and fixed, so it is built
here with the same escaping rules, and every page and fragment that shows a row (the
plan page, an htmx swap after an edit) uses this one function.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape  # the standard library's: Django's adds lazy-string handling the grid does not need

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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

    def __post_init__(self) -> None:
        self.cell_labels = [(column, escape(long)) for column, _label, long in self.columns]

    @classmethod
    def for_request(cls, request, organization_slug: str, *, can_edit: bool, columns,
                    csrf_token: str | None = None) -> RowContext:
        """``csrf_token`` stands in for the request's form token in rows kept for other requests."""
        def url(name: str, *extra: str) -> str:
            return reverse(name, args=[organization_slug, *extra, _SENTINEL])

        context = cls(can_edit=can_edit, columns=columns, needed=_("needed"), not_needed=_("not needed"))
        if can_edit:
            context.slot_url = url("activity_slot")
            context.edit_url = url("activity_edit")
            context.move_url = url("move", "activity")
            context.delete_url = url("activity_delete")
            token = escape(csrf_token or get_token(request))
            context.csrf_input = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            context.edit, context.move_up = _("Edit"), _("Move up")
            context.move_down, context.delete = _("Move down"), _("Delete")
        return context


def _url(template: str, pk: int) -> str:
    return template.replace(str(_SENTINEL), str(pk))


def _names(items: Iterable) -> str:
    names = [f"<li>{escape(item.name)}</li>" for item in items]
    return f"<ul>{''.join(names)}</ul>" if names else ""


def shorten(text: str, limit: int = 40) -> str:
    """The text cut to ``limit`` characters with an ellipsis, for labels and headings."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_row(activity, ctx: RowContext) -> SafeString:
    pk = activity.pk
    title = escape(activity.title)
    short = escape(shorten(activity.title))
    parts = [f'<tr id="activity-{pk}">', f'<th scope="row" class="title">{title}']
    if activity.schedule_kind != "slots":
        words = escape(describe.schedule(activity.schedule))
        original = activity.schedule_text
        if original and original.strip().casefold() != words.casefold():
            words += f' <span class="original">(«{escape(original)}»)</span>'
        parts.append(f'<div class="sched">{words}</div>')
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
    parts.append(f"<td>{_names(activity.audience_list)}</td>")
    parts.append(f"<td>{_names(activity.channel_list)}</td>")
    parts.append(f"<td>{_names(activity.unit_list)}</td>")
    parts.append(f"<td>{escape(activity.result)}</td>")
    resources = ""
    if activity.resources_needed is True:
        resources = escape(ctx.needed)
    elif activity.resources_needed is False:
        resources = escape(ctx.not_needed)
    if activity.resources_text:
        resources += f'<div class="sched">{escape(activity.resources_text)}</div>'
    parts.append(f"<td>{resources}</td>")
    for (column, label), on in zip(ctx.cell_labels, activity.cells, strict=True):
        css = "m on" if on else "m"
        if ctx.can_edit:
            pressed = "true" if on else "false"
            glyph = "✕" if on else "·"
            parts.append(
                f'<td class="{css}"><button type="submit" form="slots-{pk}" name="slot" value="{column}" '
                f'aria-pressed="{pressed}"><span aria-hidden="true">{glyph}</span>'
                f'<span class="visually-hidden">{label}</span></button></td>'
            )
        elif on:
            parts.append(
                f'<td class="{css}"><span class="cell">✕<span class="visually-hidden">{label}</span></span></td>'
            )
        else:
            parts.append(f'<td class="{css}"><span class="cell"></span></td>')
    parts.append("</tr>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
