"""Plan checks: a plan read against the method, as pure functions.

    report = run_checks(plan, options=CheckOptions(dismissed=frozenset({("empty-month", "plan")})))
    report.counts()        # {"problem": 3, "suggestion": 5}
    report.findings[0]     # Finding(code="activity-no-channel", where="g1.t2.a3", ...)
    report.load            # {"ЦНАП": {"2023-05": 2, ...}}

``messages`` holds every sentence as an English msgid; ``words`` the vocabulary that
recognises engagement levels, audience groups and channel kinds in Ukrainian, Czech,
English and Polish; ``fit`` the table of which channels reach whom; ``due`` when an
activity is due, as columns of the plan's grid. ``docs/checks.md`` explains each code.
"""

from holos.core.checks.due import due_columns, due_months
from holos.core.checks.fit import ANY, DEFAULT_FIT, FitTable
from holos.core.checks.messages import (
    CHECKS,
    CODES,
    GROUP_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    PROBLEM,
    SUGGESTION,
    Check,
    gettext_noop,
)
from holos.core.checks.run import CheckOptions, CheckReport, Finding, Place, run_checks
from holos.core.checks.words import (
    GROUPS,
    HARD_TO_REACH,
    KINDS,
    LEVELS,
    audience_groups,
    channel_kinds,
    closes_loop,
    engagement_level,
    engagement_level_of,
    is_measurable,
)

__all__ = [
    "ANY", "CHECKS", "CODES", "DEFAULT_FIT", "GROUPS", "GROUP_LABELS", "HARD_TO_REACH", "KINDS", "KIND_LABELS",
    "LEVELS", "LEVEL_LABELS", "PROBLEM", "SUGGESTION", "Check", "CheckOptions", "CheckReport", "Finding",
    "FitTable", "Place", "audience_groups", "channel_kinds", "closes_loop", "due_columns", "due_months",
    "engagement_level", "engagement_level_of", "gettext_noop", "is_measurable", "run_checks",
]
