"""A throwaway PostgreSQL 15 cluster for the benchmarks, durable as a production one.

Unlike ``scripts/with-postgres`` (the tests' cluster, which turns fsync,
synchronous_commit and full_page_writes off for speed), this one keeps every commit on
disk before it answers, so the benchmarks measure what a deployment would see. It is
made in a temporary folder, listens on a free port of 127.0.0.1, and is stopped and
removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def _as_owner(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; as root, run it as the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def durable_cluster() -> Iterator[str]:
    """Start the cluster and give its DATABASE_URL; the settings are checked, not assumed."""
    folder = Path(tempfile.mkdtemp(prefix="holos-bench-pg-"))
    if os.geteuid() == 0:
        if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "--system", "--home-dir", str(folder), "postgres"], check=True)
        shutil.chown(folder, "postgres")
    port = _free_port()
    data = folder / "data"
    options = " ".join(f"-c {name}={value}" for name, value in DURABLE.items())
    try:
        subprocess.run(_as_owner([str(PGBIN / "initdb"), "-D", str(data), "-U", "holos", "--auth=trust", "-E",
                                  "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
        subprocess.run(_as_owner([str(PGBIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
                                  "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 {options}",
                                  "start"]), check=True, capture_output=True)
        url = f"postgres://holos@127.0.0.1:{port}/postgres"
        shown = {name: _show(port, name) for name in DURABLE}
        if shown != DURABLE:
            raise RuntimeError(f"the benchmark cluster is not durable: {shown}")
        print(f"PostgreSQL on 127.0.0.1:{port}, durable: "
              + ", ".join(f"{name}={value}" for name, value in shown.items()), flush=True)
        yield url
    finally:
        subprocess.run(_as_owner([str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _show(port: int, name: str) -> str:
    import psycopg

    with psycopg.connect(f"postgres://holos@127.0.0.1:{port}/postgres") as connection:
        return str(connection.execute(f"SHOW {name}").fetchone()[0])  # names from DURABLE
