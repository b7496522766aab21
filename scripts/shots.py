"""What the screenshot scripts share: the demo served on loopback, Chromium, signing in.

``served_demo()`` builds the demo in a throwaway folder (``holos demo``), runs an optional
piece of setup code in it (``manage.py shell -c``), serves it with ``holos serve`` on a free
port of 127.0.0.1 and gives back its address; the server and the folder go at the end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CHROMIUM = os.environ.get("HOLOS_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
LANGUAGES = ("uk", "en", "cs")
WIDTHS = (1366, 390)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    """Until the server answers at ``url``; stops the script when it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own server on loopback
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


@dataclass(frozen=True)
class Served:
    base: str  # http://127.0.0.1:<port>
    folder: Path  # the demo's data: its database and files
    setup: str  # the last line the setup code printed


@contextmanager
def served_demo(setup: str = "", *, worker: bool = False) -> Iterator[Served]:
    """The demo served by ``holos serve`` on a free port of 127.0.0.1, after ``setup`` ran in it."""
    with tempfile.TemporaryDirectory(prefix="holos-shots-") as folder:
        env = {**os.environ, "HOLOS_VAR_DIR": folder, "DEBUG": "1"}
        env.pop("DATABASE_URL", None)
        subprocess.run([str(BIN / "holos"), "demo"], env=env, check=True, capture_output=True, timeout=600)
        printed = ""
        if setup:
            out = subprocess.run([str(BIN / "python"), str(ROOT / "manage.py"), "shell", "-c", setup], env=env,
                                 check=True, capture_output=True, text=True, timeout=300).stdout.strip()
            printed = out.splitlines()[-1] if out else ""
        port = free_port()
        command = [str(BIN / "holos"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        server = subprocess.Popen(command + ([] if worker else ["--no-worker"]), env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/accounts/login/")
            yield Served(base=base, folder=Path(folder), setup=printed)
        finally:
            server.terminate()
            server.wait(timeout=30)


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


DEMO_ACCOUNT = ("demo", "demo")  # the demo's administrator: user name and password


def sign_in(page, base: str, account: tuple[str, str] = DEMO_ACCOUNT) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", account[0])
    page.fill("input[name=password]", account[1])
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


if __name__ == "__main__":
    sys.exit("a module of the screenshot scripts; run scripts/screenshots")
