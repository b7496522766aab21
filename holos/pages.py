"""What pages share: the status of a page with a form, and a filter that stays.

A page that shows a form sent with mistakes answers 422 (``form_status``), so that
browsers, tests and monitoring tell it from a page shown for the first time; an address
that only takes a sent form answers other methods with 405 (``post_only``), after access
was checked, so that an outsider learns nothing from the method.


A filter chosen on a list (the plan grid, the inbox, the audit log) is kept in the
session under a key of the page's own, so leaving the page and coming back, or paging
through it, keeps what was chosen; "clear" forgets it. A filter naming a row by its id
takes it with ``row_id``, which reads anything but a number the database can hold as no
filter at all, so an address typed or altered by hand never makes a server error.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.http import HttpResponseNotAllowed


def form_status(*forms) -> int:
    """422 when any of the forms (or formsets) was sent and has errors, else 200."""
    def failed(form) -> bool:
        if hasattr(form, "total_error_count"):  # a formset: its forms' errors and its own (a count past its limit)
            return form.total_error_count() > 0
        return bool(form.errors)

    return 422 if any(form is not None and form.is_bound and failed(form) for form in forms) else 200


def post_only(request) -> HttpResponseNotAllowed | None:
    """405 for anything but POST, or None to go on."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def remembered_filter(request, key: str, names: Iterable[str]) -> dict[str, str]:
    """The filter in the query when it names one, else the one remembered under ``key``."""
    names = tuple(names)
    if "clear" in request.GET:
        request.session.pop(key, None)
        return {}
    if any(name in request.GET for name in names):
        values = {name: request.GET.get(name, "") for name in names}
        request.session[key] = values
        return values
    return dict(request.session.get(key, {}))


LARGEST_ID = 2**63 - 1  # the largest key of a BigAutoField, on SQLite and PostgreSQL alike


def row_id(value: object) -> int | None:
    """``value`` as the id of a row, or None when it is not a number a row can have."""
    text = str(value or "")
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by id; an id no row can have is an invalid choice, not a database error.

    (Django guards single lookups against numbers out of the database's range, not lists.)
    """

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else [value]:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: Django's own check says so
            if not 0 < number <= LARGEST_ID:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                            params={"value": str(pk)[:20]})
        return super()._check_values(value)  # type: ignore[misc]  # Django's own check, not in the stubs
