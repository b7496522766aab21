"""Run every benchmark and print its figures: ``make bench``."""

import sys

from bench import checks, dashboard, exports, imports, newsletter, occurrences, plan_page, reading, survey_results


def main() -> int:
    checks.main()
    occurrences.main()
    plan_page.main()
    exports.main()
    imports.main()
    reading.main()
    dashboard.main()
    survey_results.main()
    newsletter.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
