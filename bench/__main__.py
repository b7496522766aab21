"""Run every benchmark and print its figures: ``make bench``."""

import sys

from bench import (
    checks,
    dashboard,
    exports,
    hostile_imports,
    imports,
    occurrences,
    plan_page,
    reading,
    survey_results,
)


def main() -> int:
    checks.main()
    occurrences.main()
    plan_page.main()
    exports.main()
    imports.main()
    reading.main()
    hostile_imports.main()
    dashboard.main()
    survey_results.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
