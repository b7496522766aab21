"""Screenshots of the pages that keep Holos safe under load, in uk, en and cs at 1366 and 390 px wide:
``.venv/bin/python scripts/screenshots_safety.py OUT_DIR``.

Starts ``holos serve`` on a free port of 127.0.0.1 with a database in a temporary folder,
creates the demo organisation, and shows: a document being read and one refused at a
limit, the sign-in lockout page and the administrators' list of lockouts, the page that
answers too many password resets, the undelivered mail, a survey's bursts and its setting
"one response per browser".
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from shots import LANGUAGES, ROOT, WIDTHS, chromium, served_demo, sign_in

sys.path.insert(0, str(ROOT))
from tests.hostile import files

SETUP = """
import datetime as dt
from django.core.mail import EmailMessage
from django.utils import timezone
from holos.accounts.models import Organization, User
from holos.outbox.actions import keep_messages
from holos.outbox.models import Failure, MessageStatus, OutgoingMessage
from holos.surveys import actions
from holos.surveys.models import QuestionKind, Response
demo = Organization.objects.get(slug="demo")
user = User.objects.get(username="demo")
kept = keep_messages("reminder", [(EmailMessage("Holos: 3 activities are due soon", "...", None, [user.email or
                                                "demo@example.org"]), user, [demo.pk])])
OutgoingMessage.objects.filter(pk=kept[0].pk).update(attempts=4, failure=Failure.UNREACHABLE)
given_up = keep_messages("digest", [(EmailMessage("Holos: overdue work", "...", None, ["olena@example.org"]), None,
                                     [demo.pk])])
OutgoingMessage.objects.filter(pk=given_up[0].pk).update(status=MessageStatus.GIVEN_UP, failure=Failure.EXPIRED,
                                                         attempts=31, created_at=timezone.now() - dt.timedelta(days=2))
survey = actions.create_survey(actor=None, organization=demo, title={"uk": "Оцінка ЦНАП", "en": "Service centre",
                                                                     "cs": "Úřad"}, one_per_browser=True)
actions.add_question(actor=None, survey=survey, kind=QuestionKind.SCALE, text={"uk": "Наскільки ви задоволені?"})
actions.open_survey(actor=None, survey=survey)
now = timezone.now()
for n in range(12):
    Response.objects.create(survey=survey, stamp="a" * 32, sender="b" * 32, submitted_at=now - dt.timedelta(seconds=n))
for n in range(6):
    Response.objects.create(survey=survey, stamp=f"{n:032d}", sender="c" * 32,
                            submitted_at=now - dt.timedelta(minutes=n))
print(survey.pk)
"""


def _guess_and_ask_too_often(guesser, base: str) -> None:
    """Wrong passwords until the account is locked, and password resets until they are refused."""
    for _ in range(6):
        guesser.goto(f"{base}/accounts/login/")
        guesser.fill("input[name=username]", "demo")
        guesser.fill("input[name=password]", "wrong")
        guesser.press("input[name=password]", "Enter")
        guesser.wait_for_load_state()
    for _ in range(6):
        guesser.goto(f"{base}/accounts/password/reset/")
        guesser.fill("input[name=email]", "demo@example.org")
        guesser.press("input[name=email]", "Enter")
        guesser.wait_for_load_state()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with served_demo(SETUP, worker=True) as demo, chromium() as browser:
        base, folder, survey = demo.base, demo.folder, demo.setup
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        sign_in(page, base)
        shots: dict[str, str] = {}
        # A file refused at a limit, and one still being read.
        bomb = files.pdf_flate_bomb(folder, inflated_mb=64)
        page.goto(f"{base}/o/demo/imports/new/")
        page.set_input_files("input[name=file]", str(bomb))
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url("**/imports/*/")
        for _ in range(60):
            if "import-progress" not in page.content():
                break
            time.sleep(1)
            page.reload()
        shots["import-refused"] = page.url
        long_table = files.csv_rows(folder, rows=9_000)
        page.goto(f"{base}/o/demo/imports/new/")
        page.set_input_files("input[name=file]", str(long_table))
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url("**/imports/*/")
        page.screenshot(path=str(out / "import-reading-uk-1366.png"), full_page=True)
        # Someone guessing the password from another browser.
        guesser = browser.new_page(viewport={"width": 1366, "height": 900})
        _guess_and_ask_too_often(guesser, base)
        shots["locked-out"] = ""
        shots["too-many"] = ""
        shots["lockouts"] = f"{base}/o/demo/members/lockouts/"
        shots["undelivered-mail"] = f"{base}/o/demo/mail/"
        shots["survey-bursts"] = f"{base}/o/demo/surveys/{survey}/bursts/"
        shots["survey-settings"] = f"{base}/o/demo/surveys/{survey}/edit/"
        for language in LANGUAGES:
            for viewer in (page, guesser):
                viewer.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            for width in WIDTHS:
                for name, url in shots.items():
                    viewer = page if url else guesser
                    viewer.set_viewport_size({"width": width, "height": 900})
                    if name == "locked-out":
                        viewer.goto(f"{base}/accounts/login/")
                        viewer.fill("input[name=username]", "demo")
                        viewer.fill("input[name=password]", "demo")
                        viewer.press("input[name=password]", "Enter")
                        viewer.wait_for_load_state()
                    elif name == "too-many":
                        viewer.goto(f"{base}/accounts/password/reset/")
                        viewer.fill("input[name=email]", "demo@example.org")
                        viewer.press("input[name=email]", "Enter")
                        viewer.wait_for_load_state()
                    else:
                        viewer.goto(url)
                    viewer.screenshot(path=str(out / f"{name}-{language}-{width}.png"), full_page=True)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/screenshots"))
