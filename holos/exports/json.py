"""A plan as its ``holos.plan/1`` document: the JSON the importers and the API speak, UTF-8.

The document is the plan as it is: labels and the organisation's name are for people
reading a table and change nothing here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from holos.core.document import Plan, PlanDocument
from holos.exports import Labels


def export(plans: Sequence[Plan], *, labels: Labels | None = None, organization_name: str = "") -> bytes:
    document = PlanDocument(plans=list(plans))
    return json.dumps(document.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")
