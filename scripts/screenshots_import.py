"""Screenshots of the import preview of a table whose header a person marks, in uk, en and cs,
at 1366 and 390 px wide: ``.venv/bin/python scripts/screenshots_import.py OUT_DIR``.

Starts ``holos serve`` on a free port of 127.0.0.1 with a database in a temporary folder,
creates the demo organisation, imports a table, marks its header line and reads it again.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
TABLE = "\n".join([
    "Schváleno\tRada obce\t", "Verze\t2\t", "Zpracoval\tOdbor kultury\t", "Platnost\t2024\t",
    "Aktivita\tTermín\tOdpovědnost", "Zpravodaj obce\tčtvrtletně\tOdbor kultury",
    "Veřejné setkání k rozpočtu\tzáří 2024\tStarosta", "Dotazníkové šetření\tříjen 2024\tOdbor kultury",
])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "HOLOS_VAR_DIR": folder, "DEBUG": "1"}
        holos = str(ROOT / ".venv" / "bin" / "holos")
        subprocess.run([holos, "demo"], env=env, check=True, capture_output=True, timeout=300)
        port = free_port()
        server = subprocess.Popen([holos, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                for _ in range(60):
                    try:
                        page.goto(f"{base}/accounts/login/")
                        break
                    except Exception:  # the server is starting
                        time.sleep(1)
                page.fill("input[name=username]", "demo")
                page.fill("input[name=password]", "demo")
                page.press("input[name=password]", "Enter")
                page.goto(f"{base}/o/demo/imports/new/")
                page.fill("textarea[name=text]", TABLE)
                page.locator("form button[type=submit]").last.click()
                page.wait_for_url("**/imports/*/")
                preview = page.url
                page.select_option("select[name=header]", "4")
                page.locator("button[name=reread]").first.click()
                page.wait_for_load_state()
                for language in ("uk", "en", "cs"):
                    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
                    for width in (1366, 390):
                        page.set_viewport_size({"width": width, "height": 900})
                        page.goto(preview)
                        page.screenshot(path=str(out / f"import-preview-{language}-{width}.png"), full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/screenshots"))
