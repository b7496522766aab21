"""Screenshots of the plan page and a plan's PDF export in Ukrainian, English and Czech, at 1366 and 390 px.

    .venv/bin/python scripts/screenshots.py OUTPUT_FOLDER

Serves the demo (a throwaway database under a temporary folder) with ``holos serve`` on
a free port of 127.0.0.1, signs in as the demo administrator and saves a PNG per page,
language and width, for a person to look at. Other screenshot scripts reuse
``demo_pages`` for the same server and sign-in.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]


@contextmanager
def demo_server() -> Iterator[str]:
    """The demo served by ``holos serve`` on a free port of 127.0.0.1; its base address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "HOLOS_VAR_DIR": tempfile.mkdtemp(prefix="holos-shots-"), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "holos.cli", "demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    server = subprocess.Popen([sys.executable, "-m", "holos.cli", "serve", "--port", str(port), "--no-worker"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def demo_pages() -> Iterator[tuple[object, str, str, int]]:
    """A page signed in as the demo administrator for each language and width: (page, base, language, width)."""
    with demo_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        for language in ("uk", "en", "cs"):
            for width in (1366, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", "demo")
                page.fill("input[name=password]", "demo")
                page.press("input[name=password]", "Enter")
                page.wait_for_load_state()
                yield page, base, language, width
                page.close()
        browser.close()


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for page, base, language, width in demo_pages():
        page.goto(f"{base}/o/demo/plans/1/")
        page.screenshot(path=folder / f"plan-{language}-{width}.png", full_page=False)
        page.locator("#checks").scroll_into_view_if_needed()
        page.screenshot(path=folder / f"checks-{language}-{width}.png", full_page=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
