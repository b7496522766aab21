"""The command line's start: ``holos plans`` beside ``django.setup()`` alone.

Both run as new processes, in turn, against a database holding the demo organisation's
plans: the command's time is the interpreter, Django and whatever it imports before it
prints. Target: ``holos plans`` at most 1.3 × the floor (a process that only sets up
Django), so that the command does not load document readers or views it does not use.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.measure import alternate, report, timed

ROOT = Path(__file__).resolve().parent.parent
SETUP = "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'holos.settings'); import django; django.setup()"


def main(rounds: int = 9) -> None:
    env = {**os.environ, "HOLOS_VAR_DIR": tempfile.mkdtemp(prefix="holos-bench-cli-"), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "holos.cli", "demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    listed = subprocess.run([sys.executable, "-m", "holos.cli", "plans"], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True).stdout
    assert listed.count("\n") >= 3, listed

    def plans() -> float:
        return timed(lambda: subprocess.run([sys.executable, "-m", "holos.cli", "plans"], cwd=ROOT, env=env,
                                            check=True, stdout=subprocess.DEVNULL))

    def floor() -> float:
        return timed(lambda: subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True))

    print(f"command line ({listed.count(chr(10))} plans listed):")
    figures, floors = alternate(plans, floor, rounds)
    report("holos plans (sqlite)", figures, floors, unit="s", target="≤ 1.3 × django.setup()",
           passed=lambda median, floor: floor is not None and median <= 1.3 * floor)


if __name__ == "__main__":
    main()
