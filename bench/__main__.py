"""Run every benchmark and print its figures: ``make bench``."""

import sys

from bench import checks, occurrences, plan_page


def main() -> int:
    checks.main()
    occurrences.main()
    plan_page.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
