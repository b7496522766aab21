"""Names of months and quarters in the reader's language."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from holos.core.periods import parse_month

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def column_label(column: str, *, long: bool = False) -> str:
    """``"2023-05"`` → "трав." / "травень 2023"; ``"2024-Q3"`` → "III кв. 2024"."""
    if "-Q" in column:
        year, quarter = column.split("-Q")
        return _("Q%(quarter)s %(year)s") % {"quarter": ROMAN.get(int(quarter), quarter), "year": year}
    parsed = parse_month(column)
    if parsed is None:
        return column
    day = date(parsed[0], parsed[1], 1)
    if long:
        return date_format(day, "YEAR_MONTH_FORMAT")
    return date_format(day, "b")


def column_labels(columns: list[str], *, long: bool = False) -> dict[str, str]:
    return {c: column_label(c, long=long) for c in columns}
