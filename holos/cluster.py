"""The grown-up deployment on one machine, for trying it and for testing it: ``make cluster``.

``Stack`` starts, in a folder of its own and on 127.0.0.1 only: a throwaway PostgreSQL
cluster with durable settings (fsync, synchronous commits and full page writes on), a
Redis server (no persistence: it holds the queue and the shared cache), several gunicorn web
processes behind one port, and several ``holos worker`` processes on the Redis queue. Every
process gets the same environment, the one docs/deploy.md describes. ``stop()`` ends them
all, newest first, and removes the folder.

Run as a program (``python -m holos.cluster``) it also loads the demo, prints where to go,
and stops everything on Ctrl+C. The tests of the deployment (``make test-cluster``) and the
national benchmark drive the same class.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = os.environ.get("REDIS_SERVER", "redis-server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            program = process.args[0] if isinstance(process.args, list) else process.args
            raise RuntimeError(f"{program!s} stopped with status {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout.strip()}")


def _as_postgres_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; as root, its commands run as the postgres user."""
    if os.getuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@dataclass
class Postgres:
    """A PostgreSQL cluster in ``folder``, listening on a free port of 127.0.0.1."""

    folder: Path
    port: int = 0
    durable: bool = True
    settings: dict[str, str] = field(default_factory=dict)

    def start(self) -> None:
        self.port = self.port or free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.getuid() == 0:
            if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
                subprocess.run(["useradd", "--system", "--home-dir", str(self.folder), "postgres"], check=True)
            shutil.chown(self.folder, "postgres")
        _run(_as_postgres_owner([str(PGBIN / "initdb"), "-D", str(self.folder / "data"), "-U", "holos",
                                 "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]))
        options = {"listen_addresses": "127.0.0.1", "max_connections": "200", **self.settings}
        if not self.durable:
            options.update({"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"})
        flags = f"-p {self.port} -k {self.folder} " + " ".join(f"-c {k}={v}" for k, v in options.items())
        _run(_as_postgres_owner([str(PGBIN / "pg_ctl"), "-D", str(self.folder / "data"), "-l",
                                 str(self.folder / "server.log"), "-w", "-o", flags, "start"]))

    def url(self, database: str = "postgres") -> str:
        return f"postgres://holos@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        _run([str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "holos", name])
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(_as_postgres_owner([str(PGBIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                                           "stop"]), capture_output=True)


@dataclass
class Redis:
    """A Redis server in ``folder`` on a free port of 127.0.0.1, keeping nothing on disk."""

    folder: Path
    port: int = 0
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.port = self.port or free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--logfile", str(self.folder / "redis.log")],
            start_new_session=True,
        )
        wait_for_port(self.port, self.process, timeout=20)

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        _end(self.process)


def _end(process: subprocess.Popen | None, timeout: float = 20.0) -> None:
    """SIGTERM to a process and its group, then SIGKILL if it has not ended in ``timeout`` seconds."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


@dataclass
class Stack:
    """PostgreSQL, Redis, ``web_processes`` gunicorn processes on ``port`` and ``workers`` workers."""

    port: int = 0
    web_processes: int = 3
    workers: int = 2
    threads: int = 4
    folder: Path | None = None
    environment: dict[str, str] = field(default_factory=dict)
    logs_to_files: bool = True
    postgres_settings: dict[str, str] = field(default_factory=dict)
    postgres: Postgres | None = None
    redis: Redis | None = None
    web: subprocess.Popen | None = None
    worker_processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self) -> None:
        self.folder = Path(self.folder or tempfile.mkdtemp(prefix="holos-cluster-"))
        # PostgreSQL's own user must reach its folder inside this one.
        self.folder.chmod(0o711)
        self.port = self.port or free_port()
        (self.folder / "logs").mkdir(parents=True, exist_ok=True)
        self.postgres = Postgres(self.folder / "postgres", settings=self.postgres_settings)
        self.postgres.start()
        self.redis = Redis(self.folder / "redis")
        self.redis.start()
        metrics = self.folder / "metrics"
        metrics.mkdir()
        self.env = {
            "DATABASE_URL": self.postgres.create_database("holos"),
            "DATABASE_CONN_MAX_AGE": "60",
            "TASKS_BACKEND": "rq",
            "REDIS_URL": self.redis.url(0),
            "HOLOS_SHARED_CACHE": self.redis.url(1),
            "HOLOS_VAR_DIR": str(self.folder / "var"),
            "MEDIA_ROOT": str(self.folder / "media"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
            "HOLOS_METRICS_TOKEN": secrets.token_urlsafe(24),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            **self.environment,
        }
        self.manage("migrate", "--verbosity", "0")
        self.manage("collectstatic", "--no-input", "--verbosity", "0")
        self.start_web()
        for number in range(1, self.workers + 1):
            self.start_worker(f"worker-{number}")

    def process_environment(self) -> dict[str, str]:
        return {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}

    def _output(self, name: str):
        if not self.logs_to_files or self.folder is None:
            return None
        return (self.folder / "logs" / f"{name}.log").open("ab")

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=self.process_environment(),
                       check=True)

    def holos(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "holos.cli", *args], cwd=ROOT,
                              env=self.process_environment(), **kwargs)

    def start_web(self) -> None:
        self.web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "python:holos.gunicorn_conf",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.web_processes),
             "--threads", str(self.threads), "holos.wsgi:application"],
            cwd=ROOT, env=self.process_environment(), start_new_session=True,
            stdout=self._output("web"), stderr=subprocess.STDOUT if self.logs_to_files else None,
        )
        wait_for_port(self.port, self.web)

    def web_process_ids(self) -> list[int]:
        """The gunicorn processes that answer requests (the children of its master)."""
        assert self.web is not None
        children = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children").read_text().split()
        return sorted(int(pid) for pid in children)

    def start_worker(self, name: str) -> subprocess.Popen:
        worker = subprocess.Popen(
            [sys.executable, "-m", "holos.cli", "worker", "--name", name], cwd=ROOT,
            env=self.process_environment(), start_new_session=True,
            stdout=self._output(name), stderr=subprocess.STDOUT if self.logs_to_files else None,
        )
        self.worker_processes.append(worker)
        return worker

    def stop(self, *, keep_folder: bool = False) -> None:
        for worker in reversed(self.worker_processes):
            _end(worker)
        _end(self.web)
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()
        if self.folder and not keep_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m holos.cluster", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--web-processes", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-demo", action="store_true")
    args = parser.parse_args(argv)
    stack = Stack(port=args.port, web_processes=args.web_processes, workers=args.workers, logs_to_files=False)
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    # Ctrl+C stops everything, even when started from a script that ignores it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        stack.start()
        if not args.no_demo:
            stack.holos("demo", "--force", check=True)
        _announce(stack)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stack.stop()
    return 0


def _announce(stack: Stack) -> None:
    """Where the stack runs, in the language of the terminal."""
    os.environ.update({key: stack.env[key] for key in ("HOLOS_VAR_DIR", "SECRET_KEY", "DATABASE_URL")})
    from django.utils import translation

    from holos.cli import _, _cli_language

    with translation.override(_cli_language() or "uk"):
        assert stack.postgres and stack.redis
        print(_("Holos runs at %(url)s: %(web)s web processes, %(workers)s workers, "
                "PostgreSQL on port %(pg)s, Redis on port %(redis)s.") % {
            "url": f"http://127.0.0.1:{stack.port}/", "web": stack.web_processes, "workers": stack.workers,
            "pg": stack.postgres.port, "redis": stack.redis.port}, flush=True)
        print(_("Metrics: curl -H 'Authorization: Bearer %(token)s' %(url)s") % {
            "token": stack.env["HOLOS_METRICS_TOKEN"], "url": f"http://127.0.0.1:{stack.port}/metrics"}, flush=True)
        print(_("Press Ctrl+C to stop everything and remove its data."), flush=True)


if __name__ == "__main__":
    sys.exit(main())
