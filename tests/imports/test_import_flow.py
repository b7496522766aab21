"""Upload → preview → confirm, through HTTP, as the officer would."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.core.review import row_key
from holos.imports.models import ImportRecord
from holos.plans.models import Activity, Plan

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"


def _upload(client, slug, name="000_e607be4f092c3acc.txt", content=None):
    content = content if content is not None else (SEEDS / name).read_bytes()
    return client.post(reverse("import_new", args=[slug]), {"file": SimpleUploadedFile(name, content)})


def test_officer_uploads_reviews_and_saves_a_plan(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    plans_before = Plan.objects.filter(organization=world.community).count()
    response = _upload(client, slug)
    assert response.status_code == 302
    record = ImportRecord.objects.get(organization=world.community)
    assert response["Location"] == reverse("import_preview", args=[slug, record.pk])
    # Nothing is saved before the review.
    assert Plan.objects.filter(organization=world.community).count() == plans_before

    page = client.get(response["Location"]).content.decode()
    assert "Комунікаційний календарний план Покровської" in page
    assert "Робота &quot;Гарячої лінії&quot;" in page
    assert page.count('<select id="p0.') == 12 and page.count('<select id="p1.') == 9

    # Leave out the first row of plan 1, and plan 2 altogether.
    response = client.post(response["Location"], {"plan-0": "on", row_key(0, 0, 0, 0): "ignore"})
    assert response.status_code == 302
    [plan] = Plan.objects.filter(organization=world.community).exclude(pk=world.plan.pk)
    assert response["Location"] == reverse("plan", args=[slug, plan.pk])
    assert Activity.objects.filter(plan=plan).count() == 11
    assert not Activity.objects.filter(plan=plan, title__startswith="Створення єдиного центру").exists()
    assert plan.source_import == record
    record.refresh_from_db()
    assert record.status == "saved" and record.plan_ids == [plan.pk]
    assert AuditEntry.objects.filter(action="plan.import", plan_ref=plan.pk, actor=world.officer).exists()

    # The source file is kept and can be downloaded from the plan page.
    page = client.get(reverse("plan", args=[slug, plan.pk])).content.decode()
    source_url = reverse("import_source", args=[slug, record.pk])
    assert source_url in page
    download = client.get(source_url)
    assert b"".join(download.streaming_content) == (SEEDS / "000_e607be4f092c3acc.txt").read_bytes()
    # Confirming twice saves nothing more.
    client.post(reverse("import_preview", args=[slug, record.pk]), {"plan-0": "on"})
    assert Plan.objects.filter(organization=world.community).count() == plans_before + 1


@pytest.mark.parametrize("address", ["import_preview", "import_confirm"])
def test_saving_reads_the_member_and_the_import_once_and_writes_each_plan_once(world, as_user, address):
    client = as_user(world.officer)
    _upload(client, world.community.slug)
    record = ImportRecord.objects.get(organization=world.community)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse(address, args=[world.community.slug, record.pk]), {"plan-0": "on"})
    assert response.status_code == 302
    statements = [q["sql"] for q in queries.captured_queries]
    assert len([sql for sql in statements if 'FROM "accounts_membership"' in sql]) == 1
    assert not [sql for sql in statements if sql.startswith("SELECT") and 'FROM "accounts_organization"' in sql
                and "JOIN" not in sql]  # read with the membership, not again
    # The import as the page knew it, then locked with its document to be saved.
    assert len([sql for sql in statements if sql.startswith("SELECT") and 'FROM "imports_importrecord"' in sql]) == 2
    # The plans are written in the import's own transaction (here a savepoint in the test's), not
    # in a savepoint of their own as well.
    assert len([sql for sql in statements if sql.startswith("SAVEPOINT")]) == 1
    # Each plan is written with the import it came from, not written again to say so.
    assert not [sql for sql in statements if sql.startswith('UPDATE "plans_plan"')]
    assert Plan.objects.filter(source_import=record, organization=world.community).count() == 1


def test_a_row_made_a_heading_becomes_a_task(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    _upload(client, slug, "002_716860460fdb6a89.txt")
    record = ImportRecord.objects.get(organization=world.community)
    client.post(reverse("import_preview", args=[slug, record.pk]), {"plan-0": "on", row_key(0, 0, 0, 5): "heading"})
    record.refresh_from_db()
    plan = Plan.objects.get(pk=record.plan_ids[0])
    assert Activity.objects.filter(plan=plan).count() == 10
    assert plan.tasks.count() == 2


def test_pasted_text_is_imported_too(world, as_user):
    client = as_user(world.officer)
    text = (SEEDS / "002_716860460fdb6a89.txt").read_text()
    response = client.post(reverse("import_new", args=[world.community.slug]), {"text": text})
    assert response.status_code == 302
    assert ImportRecord.objects.get(organization=world.community).source_name == "pasted.txt"


def test_unreadable_files_get_a_clear_message_and_nothing_is_kept(world, as_user, settings):
    client = as_user(world.officer)
    slug = world.community.slug
    response = _upload(client, slug, "plan.exe", b"MZ\x00\x01binary")
    assert response.status_code == 422
    assert "plan.exe" in response.content.decode()
    settings.HOLOS_IMPORT_MAX_BYTES = 100
    response = _upload(client, slug, "big.txt", b"x" * 500)
    assert response.status_code == 422
    assert "100" in response.content.decode()
    response = client.post(reverse("import_new", args=[slug]), {"text": "  "})
    assert response.status_code == 422
    assert not ImportRecord.objects.exists()


def test_a_file_that_fails_in_reading_says_why_and_is_not_kept(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    response = _upload(client, slug, "plan.txt", b"\xff\xfe\x00broken")
    assert response.status_code == 302
    record = ImportRecord.objects.get()
    assert record.status == "failed" and not record.source_file
    page = client.get(response["Location"])
    assert page.status_code == 422
    assert "Файл plan.txt двійковий, а не текстовий." in page.content.decode()  # the reader's reason, in Ukrainian
    assert client.post(response["Location"], {"plan-0": "on"}).status_code == 422
    assert not Plan.objects.filter(organization=world.community).exclude(pk=world.plan.pk).exists()


def test_discarding_saves_nothing(world, as_user):
    client = as_user(world.officer)
    _upload(client, world.community.slug)
    record = ImportRecord.objects.get()
    client.post(reverse("import_preview", args=[world.community.slug, record.pk]), {"discard": "1"})
    record.refresh_from_db()
    assert record.status == "discarded"
    assert Plan.objects.filter(organization=world.community).count() == 1


def test_imports_are_closed_to_outsiders_and_viewers(world, as_user):
    _upload(as_user(world.officer), world.community.slug)
    record = ImportRecord.objects.get()
    preview = reverse("import_preview", args=[world.community.slug, record.pk])
    source = reverse("import_source", args=[world.community.slug, record.pk])
    new = reverse("import_new", args=[world.community.slug])
    outsider = as_user(world.outsider)
    for url in (preview, source, new):
        assert outsider.get(url).status_code == 404
        assert outsider.post(url, {"plan-0": "on"}).status_code == 404
    # The outsider's own organisation does not reach the record either.
    assert outsider.get(reverse("import_preview", args=[world.other.slug, record.pk])).status_code == 404
    viewer = as_user(world.viewer)
    assert viewer.get(preview).status_code == 403
    assert viewer.post(preview, {"plan-0": "on"}).status_code == 403
    assert viewer.get(new).status_code == 403
    assert viewer.get(source).status_code == 200
    record.refresh_from_db()
    assert record.status == "preview"
