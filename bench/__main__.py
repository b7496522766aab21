"""Run every benchmark and print its figures: ``make bench``.

Each benchmark runs in a process of its own: first on SQLite (a fresh file each), then
on a throwaway PostgreSQL cluster started here with durable settings (a fresh database
each). Every result line gives the figure, its floor from the same run, the ratio, the
target and PASS or MISS; the table of all of them closes the run, which fails when a
target was missed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.measure import RESULTS, table
from bench.postgres import durable_cluster

ROOT = Path(__file__).resolve().parent.parent
SQLITE = ["checks", "occurrences", "exports", "cli", "plan_page", "imports", "reading", "hostile_imports", "dashboard",
          "survey_results", "api"]
POSTGRES = ["plan_page", "imports", "dashboard", "survey_results", "survey_load", "newsletter", "api", "programme"]


def _run(name: str, env: dict[str, str]) -> bool:
    started = time.monotonic()
    print(f"\n== bench.{name} ==", flush=True)
    done = subprocess.run([sys.executable, "-W", "ignore", "-m", f"bench.{name}"], cwd=ROOT, env=env)
    print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    return done.returncode == 0


def _database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "bench_{name}"')
    return url.rsplit("/", 1)[0] + f"/bench_{name}"


def main() -> int:
    results = tempfile.NamedTemporaryFile(prefix="holos-bench-", suffix=".jsonl", delete=False).name
    base = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "HOLOS_VAR_DIR")}
    base[RESULTS] = results
    failed = [name for name in SQLITE if not _run(name, dict(base))]
    with durable_cluster() as url:
        failed += [f"{name} (postgresql)" for name in POSTGRES
                   if not _run(name, {**base, "DATABASE_URL": _database(url, name)})]
    print("\n" + table(results))
    if failed:
        print(f"benchmarks that stopped with an error: {', '.join(failed)}")
    missed = any(not json.loads(line)["passed"] for line in Path(results).read_text().splitlines() if line)
    Path(results).unlink()
    return 1 if failed or missed else 0


if __name__ == "__main__":
    sys.exit(main())
