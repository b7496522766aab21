"""Charts drawn on the server as inline SVG, each with the table of the same numbers.

The one writer of charts: progress pages (work by month, by unit, indicators) and survey
results draw with it.

No JavaScript and no external files: a chart is markup in the page, labelled for
assistive technology (``role="img"``, a ``<title>`` and a ``<desc>``), and the table that
follows it carries every number, so the page reads the same without the picture.
Month names, dates and numbers are written in the reader's language.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FONT = 'font-family="system-ui, sans-serif" font-size="12"'
INK, MUTED, LINE, TRACK, PLANNED, SHARE = "#1b1f24", "#4a525c", "#c8ced6", "#eef2f6", "#b7c9de", "#0b5cad"
# Segments of a month's bar, bottom to top, with their colours.
SEGMENTS = (
    ("done", "#2e7d32"),
    ("overdue", "#a1161b"),
    ("coming", "#5b8fcf"),
    ("skipped", "#9aa3ad"),
)


def format_number(value: float | int | None) -> str:
    """A count or measured value in the reader's language: "1 234", "12,5", "—" when unknown."""
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return _formatted(get_language(), round(value, 2))
    return _formatted(get_language(), int(value))


def escape(text: str) -> str:
    """Text for SVG markup; the plain function, as charts escape thousands of labels."""
    return html.escape(str(text), quote=True)


@lru_cache(maxsize=4096)
def _formatted(language: str | None, value: int | float) -> str:
    # A chart of a big plan writes the same small counts thousands of times; the language is
    # part of the key because the active language decides the separators.
    return number_format(value, force_grouping=True)


def format_percent(percent: int | None) -> str:
    if percent is None:
        return "—"
    return _("%(percent)s%%") % {"percent": format_number(percent)}


def month_label(month: date) -> str:
    """"January 2025" in the reader's language."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def segment_names() -> dict[str, str]:
    return {
        "planned": _("Planned"),
        "done": _("Done"),
        "overdue": _("Overdue"),
        "coming": _("Coming"),
        "skipped": _("Skipped"),
    }


@dataclass
class Row:
    label: str
    cells: list[str]
    url: str = ""


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[Row]
    footer: Row | None = None


@dataclass
class Chart:
    """An SVG picture and the table of its numbers, rendered together by ``work/_chart.html``."""

    chart_id: str
    svg: SafeString
    table: Table


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _nice_ceiling(value: int) -> tuple[int, int]:
    """A round top for the axis above ``value`` and its step: 37 → (40, 10)."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _svg(chart_id: str, width: int, height: int, title: str, description: str, body: list[str], *,
         font: str = FONT) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {font}>'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text above and in body is escaped


def _rect(x: float, y: float, width: float, height: float, fill: str, tip: str = "") -> str:
    tip_markup = f"<title>{escape(tip)}</title>" if tip else ""
    outline = f' stroke="{LINE}"' if fill == TRACK else ""
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{max(height, 0):.1f}" '
            f'fill="{fill}"{outline}>{tip_markup}</rect>')


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, tip: str = "",
          lang: str = "") -> str:
    tip_markup = f"<title>{escape(tip)}</title>" if tip and tip != text else ""
    lang_markup = f' lang="{escape(lang)}"' if lang else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{lang_markup}>'
            f'{tip_markup}{escape(text)}</text>')


def month_chart(months: Sequence[Any], *, chart_id: str, title: str) -> Chart:
    """Bars per month, stacked: done, overdue, coming and skipped; their height is all planned.

    ``months`` are rows with ``month`` and the counts of ``holos.work.dashboard.Counts``.
    """
    names = segment_names()
    left, right, top, bottom, plot_height, slot = 44, 12, 44, 40, 160, 46
    width = max(560, left + right + slot * len(months))
    height = top + plot_height + bottom
    axis_top, step = _nice_ceiling(max((m.planned for m in months), default=0))
    scale = plot_height / axis_top
    base = top + plot_height
    body = []
    for n, (key, colour) in enumerate(SEGMENTS):
        x = left + n * 120
        body.append(_rect(x, 10, 12, 12, colour))
        body.append(_text(x + 16, 21, names[key]))
    for tick in range(0, axis_top + 1, step):
        y = base - tick * scale
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{LINE}"/>')
        body.append(_text(left - 6, y + 4, format_number(tick), anchor="end", fill=MUTED))
    previous_year = None
    for n, month in enumerate(months):
        x = left + n * slot + 9
        y = base
        label = month_label(month.month)
        for key, colour in SEGMENTS:
            count = getattr(month, key)
            if count:
                h = count * scale
                y -= h
                tip = _("%(month)s, %(state)s: %(count)s") % {
                    "month": label, "state": names[key], "count": format_number(count)}
                body.append(_rect(x, y, 28, h, colour, tip))
        if month.planned:
            body.append(_text(x + 14, y - 4, format_number(month.planned), anchor="middle"))
        body.append(_text(x + 14, base + 15, date_format(month.month, "M"), anchor="middle"))
        if month.month.year != previous_year:
            body.append(_text(x + 14, base + 30, str(month.month.year), anchor="middle", fill=MUTED))
            previous_year = month.month.year
    description = _("Planned work of each month, split into done, overdue, coming and skipped; "
                    "the table below gives every number.")
    headers = [_("Month"), names["planned"], names["done"], names["skipped"], names["overdue"], names["coming"],
               _("Done, %")]
    rows = [Row(month_label(m.month), _count_cells(m)) for m in months]
    return Chart(chart_id=chart_id, svg=_svg(chart_id, width, height, title, description, body),
                 table=Table(caption=title, headers=headers, rows=rows))


def _count_cells(counts: Any) -> list[str]:
    return [format_number(counts.planned), format_number(counts.done), format_number(counts.skipped),
            format_number(counts.overdue), format_number(counts.coming), format_percent(counts.done_percent)]


def with_totals(chart: Chart, totals: Any, label: str) -> Chart:
    chart.table.footer = Row(label, _count_cells(totals))
    return chart


def group_chart(groups: Sequence[Any], *, chart_id: str, title: str, first_header: str, empty_name: str = "",
                url_for: Callable[[Any], str] | None = None) -> Chart:
    """Planned against done per unit, channel or audience: a long pale bar and a green one inside it."""
    names = segment_names()
    label_width, bar_width, row_height, top = 240, 320, 26, 34
    width = label_width + bar_width + 150
    height = top + row_height * max(len(groups), 1) + 8
    most = max((g.planned for g in groups), default=0) or 1
    body = [
        _rect(label_width, 8, 12, 12, PLANNED), _text(label_width + 16, 19, names["planned"]),
        _rect(label_width + 120, 8, 12, 12, SEGMENTS[0][1]), _text(label_width + 136, 19, names["done"]),
    ]
    rows = []
    for n, group in enumerate(groups):
        name = group.name or empty_name
        y = top + n * row_height
        body.append(_text(label_width - 8, y + 15, shorten(name, 36), anchor="end", tip=name))
        tip = _("%(name)s: %(done)s done of %(planned)s planned") % {
            "name": name, "done": format_number(group.done), "planned": format_number(group.planned)}
        body.append(_rect(label_width, y + 3, bar_width * group.planned / most, 16, PLANNED, tip))
        body.append(_rect(label_width, y + 6, bar_width * group.done / most, 10, SEGMENTS[0][1], tip))
        body.append(_text(label_width + bar_width + 8, y + 15,
                          f"{format_number(group.done)} / {format_number(group.planned)}"))
        rows.append(Row(name, _count_cells(group), url_for(group) if url_for else ""))
    if not groups:
        body.append(_text(label_width, top + 15, _("No work scheduled yet."), fill=MUTED))
    description = _("Planned and done work of each row; the table below gives every number.")
    headers = [first_header, names["planned"], names["done"], names["skipped"], names["overdue"], names["coming"],
               _("Done, %")]
    return Chart(chart_id=chart_id, svg=_svg(chart_id, width, height, title, description, body),
                 table=Table(caption=title, headers=headers, rows=rows))


def progress_chart(items: Sequence[Any], *, chart_id: str, title: str) -> Chart:
    """One progress bar per indicator: its value against its target, "target not set" without one.

    ``items`` are ``holos.work.dashboard.IndicatorProgress``.
    """
    label_width, bar_width, row_height, top = 300, 300, 28, 10
    width = label_width + bar_width + 190
    height = top + row_height * max(len(items), 1) + 8
    body = []
    rows = []
    for n, item in enumerate(items):
        text = item.indicator.text
        y = top + n * row_height
        body.append(_text(label_width - 8, y + 15, shorten(text, 42), anchor="end", tip=text))
        body.append(_rect(label_width, y + 3, bar_width, 16, TRACK))
        summary = progress_text(item)
        if item.percent is not None:
            tip = _("%(indicator)s: %(progress)s") % {"indicator": text, "progress": summary}
            body.append(_rect(label_width, y + 3, bar_width * min(item.percent, 100) / 100, 16, SEGMENTS[0][1], tip))
        body.append(_text(label_width + bar_width + 8, y + 15, summary,
                          fill=INK if item.target is not None else MUTED))
        rows.append(Row(text, [format_number(item.indicator.baseline), format_number(item.value),
                               format_number(item.target) if item.target is not None else _("target not set"),
                               item.indicator.unit or "—", format_percent(item.percent)]))
    if not items:
        body.append(_text(label_width, top + 15, _("The plan has no indicators."), fill=MUTED))
    description = _("Progress of each indicator towards its target; the table below gives every number.")
    headers = [_("Indicator"), _("Baseline"), _("Current value"), _("Target"), _("Unit of measure"), _("Progress")]
    return Chart(chart_id=chart_id, svg=_svg(chart_id, width, height, title, description, body),
                 table=Table(caption=title, headers=headers, rows=rows))


def progress_text(item: Any) -> str:
    """"120 of 500 (24%)", or "120 · target not set"."""
    value = format_number(item.value)
    if item.target is None:
        return _("%(value)s · target not set") % {"value": value}
    return _("%(value)s of %(target)s (%(percent)s)") % {
        "value": value, "target": format_number(item.target), "percent": format_percent(item.percent)}


def single_progress(item: Any, *, chart_id: str) -> SafeString:
    """A small progress bar for one indicator, for the indicators page (its numbers sit beside it)."""
    width, height, bar_width = 420, 24, 260
    summary = progress_text(item)
    body = [_rect(0, 4, bar_width, 16, TRACK)]
    if item.percent is not None:
        body.append(_rect(0, 4, bar_width * min(item.percent, 100) / 100, 16, SEGMENTS[0][1]))
    body.append(_text(bar_width + 8, 16, summary, fill=INK if item.target is not None else MUTED))
    return _svg(chart_id, width, height, _("Progress: %(text)s") % {"text": shorten(item.indicator.text, 80)},
                summary, body)


@dataclass
class Share:
    """One option of a question: its label (in ``lang``), its count and share as text, the share as a number."""

    label: str
    lang: str
    value: str
    percent: float | None


# A results chart is as wide as surveys.css lets it be.
SHARE_WIDTH, SHARE_BAR, SHARE_ROW = 640, 500, 46


def share_chart(shares: Sequence[Share], *, chart_id: str, title: str, description: str) -> SafeString:
    """A horizontal bar per option, its label above it and its count and share after it.

    The picture says in its title and description everything it shows; the table beside it
    holds the same numbers for those who read tables.
    """
    body = []
    for index, share in enumerate(shares):
        top = index * SHARE_ROW
        body.append(_text(0, top + 16, shorten(share.label, 75), tip=share.label, lang=share.lang))
        body.append(_rect(0, top + 22, SHARE_BAR, 18, TRACK))
        if share.percent:
            body.append(_rect(0, top + 22, SHARE_BAR * min(share.percent, 100) / 100, 18, SHARE))
        body.append(_text(SHARE_BAR + 8, top + 37, share.value))
    return _svg(chart_id, SHARE_WIDTH, SHARE_ROW * len(shares) + 4, title, description, body,
                font='font-family="system-ui, sans-serif" font-size="15"')
