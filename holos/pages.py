"""What list pages share: a filter that stays when the person comes back.

A filter chosen on a list (the plan grid, the inbox, the audit log) is kept in the
session under a key of the page's own, so leaving the page and coming back, or paging
through it, keeps what was chosen; "clear" forgets it.
"""

from __future__ import annotations

from collections.abc import Iterable


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
