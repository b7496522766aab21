"""Screenshots of the programme, template and cascade pages in Ukrainian, English and Czech, at 1366 and 390 px.

    .venv/bin/python scripts/screenshots_programmes.py OUTPUT_FOLDER

Builds the demo (its programme of four communities, the seed's strategic and operational
plans) in a throwaway database, serves it with ``holos serve`` on a free port of
127.0.0.1, signs in as the demo user and saves a full-page PNG per page, language and width.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]


def _pages(env: dict[str, str]) -> dict[str, str]:
    """The addresses to take, read from the demo's database."""
    code = (
        "import django, json; django.setup();"
        "from holos.plans.models import Plan; from holos.programmes.models import PlanTemplate, Participation;"
        "s = Plan.objects.get(organization__slug='demo', kind='strategic');"
        "o = Plan.objects.get(organization__slug='demo', kind='operational');"
        "t = PlanTemplate.objects.get(programme__slug='demo-programme');"
        "a = t.plans.first(); p = Participation.objects.get(organization__slug='demo');"
        "print(json.dumps({'dashboard': '/programmes/demo-programme/',"
        " 'programme-tokens': '/programmes/demo-programme/tokens/',"
        " 'programme-plan': f'/programmes/demo-programme/plans/{a.pk}/',"
        " 'template': f'/programmes/demo-programme/templates/{t.pk}/',"
        " 'organisation-programmes': '/o/demo/programmes/', 'participation': f'/o/demo/programmes/{p.pk}/',"
        " 'cascade-strategic': f'/o/demo/plans/{s.pk}/cascade/',"
        " 'cascade-operational': f'/o/demo/plans/{o.pk}/cascade/',"
        " 'indicators-strategic': f'/o/demo/plans/{s.pk}/indicators/'}))"
    )
    settings = {**env, "DJANGO_SETTINGS_MODULE": "holos.settings"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=settings, check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "HOLOS_VAR_DIR": tempfile.mkdtemp(prefix="holos-shots-"), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "holos.cli", "demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    pages = _pages(env)
    server = subprocess.Popen([sys.executable, "-m", "holos.cli", "serve", "--port", str(port), "--no-worker"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
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
                    for name, path in pages.items():
                        page.goto(base + path)
                        page.screenshot(path=folder / f"{name}-{language}-{width}.png", full_page=True)
                    page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
