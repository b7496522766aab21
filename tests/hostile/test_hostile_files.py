"""Files made to cost minutes and gigabytes end within their limits, each with a clear message.

Every file is read as the application reads it: in a child process held to CPU, memory
and output limits (so no test here can take more than that process is allowed), where
the readers count rows, cells, tables, nesting and inflated bytes as they go and stop at
the first limit passed. The message names the limit, in the person's language.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from holos.core.importers import LimitReached
from holos.core.importers.limits import LIMITS
from holos.core.importers.sandbox import ProcessLimits, read_sandboxed
from holos.imports import actions
from holos.imports.models import ImportRecord, ImportStatus
from holos.translation import core_message
from tests.hostile import files

MB = 1024 * 1024
# Tighter than the application's, so that a mistake here shows as a failure, not as a slow suite.
TEST_LIMITS = ProcessLimits(cpu_seconds=30, memory_bytes=768 * MB, output_bytes=16 * MB, wall_seconds=120, niceness=0)
SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"

HOSTILE = [
    # (maker, its arguments, the limit it must hit, the number the message must name)
    (files.pdf_flate_bomb, {"inflated_mb": 64}, "stream_bytes", LIMITS.stream_bytes // MB),
    (files.docx_many_tables, {"tables": 2_000}, "tables", LIMITS.tables),
    (files.docx_long_table, {"rows": LIMITS.rows + 2_000}, "rows", LIMITS.rows),
    (files.docx_nested_tables, {"depth": 40}, "nesting", LIMITS.nesting),
    (files.xlsx_huge_sheet, {"rows": LIMITS.sheet_cells // 5 + 10_000}, "sheet_cells", LIMITS.sheet_cells),
    (files.csv_rows, {"rows": 200_000}, "rows", LIMITS.rows),
]


def _refusal(path: Path, limits: ProcessLimits = TEST_LIMITS) -> LimitReached:
    with pytest.raises(LimitReached) as caught:
        read_sandboxed(path, limits=limits)
    return caught.value


@pytest.mark.parametrize(("make", "arguments", "limit", "number"), HOSTILE, ids=[h[0].__name__ for h in HOSTILE])
def test_a_hostile_file_stops_at_its_limit_and_says_which(tmp_path, make, arguments, limit, number):
    path = make(tmp_path, **arguments)
    assert path.stat().st_size < 20 * MB  # within the upload limit: only the reading could stop it
    refusal = _refusal(path)
    assert refusal.limit == limit
    assert path.name in str(refusal) and str(number) in str(refusal)
    with translation.override("uk"):
        in_ukrainian = core_message(refusal.template, refusal.params, str(refusal))
    assert in_ukrainian != str(refusal) and str(number) in in_ukrainian


def test_a_large_plan_within_the_limits_is_read(tmp_path):
    path = files.csv_rows(tmp_path, rows=2_000)
    document = read_sandboxed(path, limits=TEST_LIMITS)
    assert len(document.plans[0].activities()) == 2_000


def test_a_reading_past_its_cpu_time_is_stopped(tmp_path):
    path = files.docx_long_table(tmp_path, rows=LIMITS.rows - 10)
    refusal = _refusal(path, ProcessLimits(cpu_seconds=1, memory_bytes=768 * MB, niceness=0))
    assert refusal.limit == "cpu_seconds"
    assert "1" in str(refusal)


def test_a_reading_past_its_memory_is_stopped(tmp_path):
    path = files.docx_long_table(tmp_path, rows=LIMITS.rows - 10)
    refusal = _refusal(path, ProcessLimits(memory_bytes=100 * MB, niceness=0))
    assert refusal.limit == "memory_bytes"
    assert "100 MB" in str(refusal)


def test_a_reading_whose_plan_is_larger_than_allowed_is_stopped(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes((SEEDS / "000_e607be4f092c3acc.txt").read_bytes())
    refusal = _refusal(path, ProcessLimits(output_bytes=5_000, niceness=0))
    assert refusal.limit == "output_bytes"


def test_a_reading_that_outlasts_the_wait_is_stopped(tmp_path):
    path = files.docx_long_table(tmp_path, rows=LIMITS.rows - 10)
    refusal = _refusal(path, ProcessLimits(wall_seconds=1))
    assert refusal.limit == "wall_seconds"


def test_the_pdf_bomb_uploaded_through_the_web_fails_with_a_message_and_is_not_kept(world, as_user, tmp_path):
    client = as_user(world.officer)
    slug = world.community.slug
    bomb = files.pdf_flate_bomb(tmp_path, inflated_mb=64)
    response = client.post(reverse("import_new", args=[slug]),
                           {"file": SimpleUploadedFile("plan.pdf", bomb.read_bytes())})
    assert response.status_code == 302
    record = ImportRecord.objects.get(organization=world.community)
    assert record.status == ImportStatus.FAILED and record.problem["limit"] == "stream_bytes"
    assert not record.source_file
    page = client.get(response["Location"])
    assert page.status_code == 422
    text = page.content.decode()
    assert "plan.pdf" in text and "32" in text and "stream_bytes" not in text
    assert 'lang="uk"' in text and "МБ" in text


def test_a_person_can_leave_while_a_file_is_read_and_come_back_to_the_preview(world, as_user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # the worker is busy
    client = as_user(world.officer)
    slug = world.community.slug
    content = (SEEDS / "002_716860460fdb6a89.txt").read_bytes()
    response = client.post(reverse("import_new", args=[slug]), {"file": SimpleUploadedFile("plan.txt", content)})
    record = ImportRecord.objects.get(organization=world.community)
    assert record.status == ImportStatus.READING
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-progress"' in page and 'hx-trigger="every 2s"' in page
    poll = client.get(response["Location"] + "?progress=1", headers={"HX-Request": "true"})
    assert poll.status_code == 200 and "HX-Redirect" not in poll
    assert 'id="import-progress"' in poll.content.decode() and "<html" not in poll.content.decode()
    listed = client.get(reverse("import_new", args=[slug])).content.decode()
    assert reverse("import_preview", args=[slug, record.pk]) in listed

    assert actions.read_source(import_id=record.pk) == "read"  # the worker's turn comes

    poll = client.get(response["Location"] + "?progress=1", headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-progress"' not in page and "<select" in page
