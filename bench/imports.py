"""An import as a person waits for it: upload an XLSX, read the preview, save the plan.

The whole web flow through the Django test client, at 100, 1,000 and 10,000 activities
(the generated plan of ``bench.exports``, exported as the spreadsheet people bring): the
upload (the file is read and its plans interpreted), the preview page (every row with its
guesses and the checks) and the save (the plan, its catalogue links, indicators and dated
occurrences). Should reading the file move to a background task, the flow waits for the
preview as a person would, polling its page. The floor is openpyxl reading every cell of
the same workbook, which any import of it must do. Target: under 2 s for 1,000 rows; the
growth from 100 to 10,000 rows is printed.

The save alone is also given per activity, beside a floor of INSERTing the same number of
bare activity rows in bulk. Target: under 0.5 ms per activity.
"""

from __future__ import annotations

import io
import re
import time

from bench import setup_django
from bench.measure import alternate, report, timed

SIZES = (100, 1_000, 10_000)
WAIT_SECONDS = 300


def read_cells(data: bytes) -> float:
    import openpyxl

    def read():
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        workbook.close()
    return timed(read)


def insert_bare(organization, count: int) -> float:
    """Seconds to INSERT ``count`` bare activity rows in bulk, rolled back afterwards."""
    from django.db import transaction

    from holos.plans.models import Activity, Goal, Plan, Task

    with transaction.atomic():
        plan = Plan.objects.create(organization=organization, title="floor")
        goal = Goal.objects.create(plan=plan, title="floor")
        task = Task.objects.create(plan=plan, goal=goal, title="floor")
        rows = [Activity(plan=plan, task=task, title=f"Захід {n}", position=n) for n in range(count)]
        seconds = timed(lambda: Activity.objects.bulk_create(rows))
        transaction.set_rollback(True)
    return seconds


class Flow:
    """One person's import of one file, timed step by step."""

    def __init__(self, client, slug: str, data: bytes) -> None:
        self.client, self.slug, self.data = client, slug, data
        self.save_seconds = 0.0

    def __call__(self) -> float:
        from django.core.files.uploadedfile import SimpleUploadedFile

        started = time.perf_counter()
        upload = SimpleUploadedFile("plan.xlsx", self.data)
        response = self.client.post(f"/o/{self.slug}/imports/new/", {"file": upload})
        assert response.status_code == 302, response.status_code
        preview = response["Location"]
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            page = self.client.get(preview)
            if page.status_code == 200 and re.search(rb'name="plan-0"', page.content):
                break
            assert time.monotonic() < deadline, "the preview never came"
            time.sleep(0.05)
        saving = time.perf_counter()
        response = self.client.post(preview, {"plan-0": "on"})
        assert response.status_code == 302 and "/plans/" in response["Location"], response.status_code
        self.save_seconds = time.perf_counter() - saving
        return time.perf_counter() - started


def main() -> None:
    setup_django()
    from django.conf import settings

    from bench.exports import build_plan
    from bench.plan_page import signed_in_client
    from holos.exports import export_plan

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    client, organization = signed_in_client()
    print(f"import, the whole web flow: upload → preview → save ({engine}):")
    medians = {}
    for size in SIZES:
        data = export_plan(build_plan(size), "xlsx")
        flow = Flow(client, organization.slug, data)
        # More rounds where a round is short: a median of three swung by a tenth from run to run.
        rounds, warmup = {100: (7, 1), 1_000: (5, 1)}.get(size, (2, 0))
        saves: list[float] = []
        bare: list[float] = []

        def whole(flow=flow, saves=saves, size=size) -> float:
            seconds = flow()
            saves.append(flow.save_seconds / size)
            return seconds

        def floor(data=data, size=size, bare=bare) -> float:
            bare.append(insert_bare(organization, size) / size)
            return read_cells(data)

        figures, floors = alternate(whole, floor, rounds, warmup=warmup)
        medians[size] = sorted(figures)[len(figures) // 2]
        target = "< 2 s" if size == 1_000 else "—"
        report(f"import web flow, {size:,} rows ({engine})", figures, floors, unit="s", target=target,
               passed=lambda median, floor, size=size: median < 2 if size == 1_000 else True)
        report(f"import save per activity, {size:,} rows ({engine})", saves[-rounds:], bare[-rounds:], unit="ms",
               target="< 0.5 ms", passed=lambda median, floor: median < 0.5)
    small, large = medians[SIZES[0]], medians[SIZES[-1]]
    print(f"  growth: {SIZES[-1] // SIZES[0]}× the rows took {large / small:.1f}× the time "
          f"({small / SIZES[0] * 1000:.2f} → {large / SIZES[-1] * 1000:.2f} ms per row)")


if __name__ == "__main__":
    main()
