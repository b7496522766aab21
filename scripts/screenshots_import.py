"""Screenshots of the import preview of a table whose header a person marks, in uk, en and cs,
at 1366 and 390 px wide: ``.venv/bin/python scripts/screenshots_import.py OUT_DIR``.

Starts ``holos serve`` on a free port of 127.0.0.1 with a database in a temporary folder,
creates the demo organisation, imports a table, marks its header line and reads it again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from shots import LANGUAGES, WIDTHS, chromium, served_demo, sign_in

TABLE = "\n".join([
    "Schváleno\tRada obce\t", "Verze\t2\t", "Zpracoval\tOdbor kultury\t", "Platnost\t2024\t",
    "Aktivita\tTermín\tOdpovědnost", "Zpravodaj obce\tčtvrtletně\tOdbor kultury",
    "Veřejné setkání k rozpočtu\tzáří 2024\tStarosta", "Dotazníkové šetření\tříjen 2024\tOdbor kultury",
])


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with served_demo(worker=True) as demo, chromium() as browser:
        base = demo.base
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        sign_in(page, base)
        page.goto(f"{base}/o/demo/imports/new/")
        page.fill("textarea[name=text]", TABLE)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url("**/imports/*/")
        preview = page.url
        page.select_option("select[name=header]", "4")
        page.locator("button[name=reread]").first.click()
        page.wait_for_load_state()
        for language in LANGUAGES:
            page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(preview)
                page.screenshot(path=str(out / f"import-preview-{language}-{width}.png"), full_page=True)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/screenshots"))
