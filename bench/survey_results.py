"""The results page and the CSV export of a survey with 100,000 responses.

Bulk-inserts responses to the demo survey (a scale, yes/no, a choice, a long text on a
third of them), then prints the server time of the staff results page (the whole Django
request, target: under 1 s) with and without a date filter, and the peak Python memory
(tracemalloc) while streaming the CSV export of 10,000 and of 100,000 responses, which
should stay flat: the export holds one chunk of rows, not the survey.

Runs on the database DATABASE_URL names (SQLite in a temporary folder by default).
"""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc
from datetime import timedelta

from bench import setup_django
from bench.measure import alternate, captured_sql, report, sql_seconds, timed

RESPONSES = 100_000
CHUNK = 5_000


def fill(survey, responses: int, *, seed: int = 11) -> None:
    """Insert ``responses`` responses over the last 90 days, with their answers, in chunks."""
    from django.db import transaction
    from django.utils import timezone

    from holos.surveys.models import Answer, QuestionKind, Response

    rng = random.Random(seed)
    questions = {q.kind: q for q in survey.questions.prefetch_related("choices")}
    options = list(questions[QuestionKind.SINGLE].choices.all())
    words = ["довго", "черга", "ввічливий", "персонал", "зручно", "онлайн", "запис", "дякую", "години", "роботи"]
    now = timezone.now()
    done = 0
    while done < responses:
        size = min(CHUNK, responses - done)
        with transaction.atomic():
            batch = Response.objects.bulk_create([
                Response(survey=survey, language=rng.choice(("uk", "uk", "uk", "en", "cs")),
                         submitted_at=now - timedelta(minutes=rng.randint(0, 90 * 24 * 60)))
                for _ in range(size)
            ])
            answers = []
            for response in batch:
                answers.append(Answer(response=response, question=questions[QuestionKind.SCALE],
                                      number=rng.choices((1, 2, 3, 4, 5), weights=(1, 1, 2, 4, 4))[0]))
                answers.append(Answer(response=response, question=questions[QuestionKind.YES_NO],
                                      number=float(rng.random() < 0.7)))
                answers.append(Answer(response=response, question=questions[QuestionKind.SINGLE],
                                      choice=rng.choice(options)))
                if rng.random() < 0.33:
                    text = " ".join(rng.choices(words, k=rng.randint(3, 12))).capitalize()
                    answers.append(Answer(response=response, question=questions[QuestionKind.LONG_TEXT], text=text,
                                          text_folded=text.casefold()))
            Answer.objects.bulk_create(answers, batch_size=2_000)
        done += size


def page_times(client, url: str, rounds: int) -> tuple[float, float]:
    client.get(url)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), max(times)


def export_peak(client, url: str) -> tuple[float, float, int]:
    """Peak traced memory (MiB), seconds (slowed by tracing) and bytes of the whole streamed CSV export."""
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, seconds, size


def main(responses: int = RESPONSES, rounds: int = 5) -> None:
    setup_django()
    from django.conf import settings
    from django.test import Client

    from holos.accounts.actions import add_member, create_organization
    from holos.accounts.models import User
    from holos.surveys.demo import create_demo_survey
    from holos.surveys.models import Survey

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    user = User.objects.create_user("survey-bench", password="bench-pass-123")  # noqa: S106 - a throwaway database
    organization = create_organization(actor=None, name="Бенчмарк опитувань", slug="survey-bench")
    add_member(actor=None, organization=organization, user=user, role="editor")
    create_demo_survey(organization=organization, admin=user)
    create_demo_survey(organization=organization, admin=user)
    survey, small = Survey.objects.filter(organization=organization).order_by("id")
    client = Client()
    client.force_login(user)

    print(f"survey results ({engine}):")
    started = time.perf_counter()
    fill(survey, responses)
    fill(small, responses // 10, seed=12)
    print(f"  inserted {responses:,} + {responses // 10:,} responses in {time.perf_counter() - started:.1f} s")
    base = f"/o/{organization.slug}/surveys/{survey.pk}/"
    since = (survey.responses.order_by("-submitted_at").first().submitted_at - timedelta(days=30)).date()
    for label, url in ((f"{responses:,} responses", base + "results/"),
                       ("last 30 days", base + f"results/?since={since.isoformat()}")):
        def page(url=url):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        statements = captured_sql(page)
        figures, floors = alternate(lambda page=page: timed(page), lambda s=statements: sql_seconds(s), rounds)
        report(f"survey results page, {label} ({engine})", figures, floors, target="≤ 1.3 × its SQL and < 1 s",
               passed=lambda median, floor: floor is not None and median <= 1.3 * floor and median < 1000)
    text = survey.questions.get(kind="long_text")
    median, worst = page_times(client, base + f"questions/{text.pk}/answers/?q=ввічлив&page=3", rounds)
    print(f"  free-text search, page 3: median {median:.0f} ms, worst {worst:.0f} ms")
    small_peak, small_seconds, small_size = export_peak(
        client, f"/o/{organization.slug}/surveys/{small.pk}/export.csv")
    peak, seconds, size = export_peak(client, base + "export.csv")
    print(f"  CSV export, {responses // 10:,} responses: peak {small_peak:.1f} MiB traced, "
          f"{small_seconds:.1f} s, {small_size / 2**20:.1f} MiB of CSV")
    print(f"  CSV export, {responses:,} responses: peak {peak:.1f} MiB traced, {seconds:.1f} s, "
          f"{size / 2**20:.1f} MiB of CSV (flat if close to the line above)")
    started = time.perf_counter()
    streamed = sum(len(chunk) for chunk in client.get(base + "export.csv").streaming_content)
    print(f"  CSV export, {responses:,} responses, without tracemalloc: {time.perf_counter() - started:.1f} s "
          f"({streamed / 2**20:.1f} MiB)")
    started = time.perf_counter()
    xlsx = client.get(base + "export.xlsx")
    xlsx_size = sum(len(chunk) for chunk in xlsx.streaming_content)
    print(f"  XLSX export, {responses:,} responses: {time.perf_counter() - started:.1f} s "
          f"({xlsx_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
