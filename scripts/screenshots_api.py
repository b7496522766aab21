"""Screenshots of the access tokens page (a new token shown) and the API's documentation.

    .venv/bin/python scripts/screenshots_api.py OUTPUT_FOLDER

In uk, en and cs at 1366 and 390 px, against the demo served as ``scripts/screenshots.py`` serves it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from screenshots import demo_pages


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for page, base, language, width in demo_pages():
        page.goto(f"{base}/o/demo/settings/tokens/")
        page.fill("#id_name", "Звітна таблиця")
        page.locator("form[novalidate] button[type=submit]").click()
        page.wait_for_selector("#new-token")
        page.screenshot(path=folder / f"tokens-{language}-{width}.png", full_page=True)
        page.goto(f"{base}/api/docs/")
        page.screenshot(path=folder / f"api-docs-{language}-{width}.png", full_page=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
