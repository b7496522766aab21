"""A real Holos server in another process, for tests of what happens under load.

The server works on a file copy of the test database on SQLite (the test database lives
in memory, which another process cannot open) and on the test database itself on
PostgreSQL, where concurrent requests really overlap. People sign in with a session made
by the test client; the server shares the test's secret key, so it accepts the cookie.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(tmp_path: Path) -> str:
    """Where the server finds the data the test made: a copy on SQLite, the same database on PostgreSQL."""
    if connection.vendor == "sqlite":
        target = tmp_path / "live.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{target}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def query(url: str, sql: str, *args) -> list[tuple]:
    """Rows of ``sql`` (with ``?`` placeholders) as the server's database holds them now."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(sql, args).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("?", "%s"), args)
        return cursor.fetchall()


def server_environment(url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "HOLOS_VAR_DIR": str(var_dir), "DEBUG": "0",
           "SECRET_KEY": settings.SECRET_KEY, "ALLOWED_HOSTS": "127.0.0.1", "HOLOS_MANIFEST_STATIC": "0",
           "DJANGO_SETTINGS_MODULE": "holos.settings", "LOG_LEVEL": "ERROR", "PYTHONUNBUFFERED": "1", **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the server ended: {log.read_text()[-3000:]}") from None
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


@dataclass
class Servers:
    """Starts servers for one test and stops every one of them afterwards."""

    var_dir: Path
    started: list[subprocess.Popen] = field(default_factory=list)

    def serve(self, url: str, *, threads: int = 8, **env: str) -> int:
        """``holos serve`` with its task worker, as an installation runs it; returns the port."""
        port = free_port()
        command = [sys.executable, "-m", "holos.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                   "--threads", str(threads)]
        return self._start(command, port, url, env)

    def waitress(self, url: str, *, threads: int = 8, **env: str) -> int:
        """The web application alone under waitress, without migrating or a worker; returns the port."""
        port = free_port()
        command = [sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", str(threads),
                   "holos.wsgi:application"]
        return self._start(command, port, url, env)

    def _start(self, command: list[str], port: int, url: str, env: dict[str, str]) -> int:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        log = self.var_dir / f"server-{port}.log"  # a file, not a pipe that a chatty server could fill
        with log.open("wb") as output:
            process = subprocess.Popen(command, cwd=ROOT, env=server_environment(url, self.var_dir, **env),
                                       stdout=output, stderr=subprocess.STDOUT)
        self.started.append(process)
        wait_for_port(port, process, log)
        return port

    def stop(self) -> None:
        for process in self.started:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def session_cookie(user) -> str:
    """A signed-in session for ``user``, stored in the test database, as a Cookie header."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@dataclass
class Browser:
    """One person's HTTP connection to the live server: their cookies and the CSRF token."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, fields: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        body = urlencode(fields or {}, doseq=True) if method == "POST" else None
        all_headers = {"Cookie": self._cookie_header(), **(headers or {})}
        if method == "POST":
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                match = re.match(r"([^=]+)=([^;]*)", value)
                if match:
                    self.cookies[match.group(1)] = match.group(2)
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str) -> tuple[int, str]:
        status, _headers, text = self.request("GET", path)
        return status, text

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        if "csrftoken" not in self.cookies:
            self.get("/accounts/password/reset/")  # any page with a form sets the CSRF cookie
        status, _headers, text = self.request("POST", path, fields)
        return status, text

    @classmethod
    def signed_in(cls, user) -> Browser:
        """A browser with ``user``'s session; make it before the database is copied, and give it the port then."""
        name, value = session_cookie(user).split("=", 1)
        return cls(0, {name: value})
