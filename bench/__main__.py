"""Run every benchmark and print its figures: ``make bench``."""

import sys

from bench import checks, plan_page


def main() -> int:
    checks.main()
    plan_page.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
