"""In the preview a person can say what a column holds, read the file again, and save that reading."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.core.document import PlanDocument
from holos.core.review import row_key
from holos.imports.models import ImportRecord
from holos.plans.models import Activity, Plan
from tests.core.test_import_formats import build_docx

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"
SEED = "000_e607be4f092c3acc.txt"
CHANNELS = "Телеграм канал, фейсбук сторінка громади, вайбер групи"
GUESS = ["activity", "audience", "channels", "responsible", "result", "resources", *["month"] * 6]


def upload(client, slug, name=SEED, content=None) -> ImportRecord:
    content = content if content is not None else (SEEDS / name).read_bytes()
    response = client.post(reverse("import_new", args=[slug]), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return ImportRecord.objects.get(organization__slug=slug, source_name=name)


def columns_form(table: str, roles: list[str], **changes: str) -> dict:
    data = {"reread": "1", "table": table}
    data.update({f"col-{index}": role for index, role in enumerate(roles)})
    data.update({f"col-{index.removeprefix('c')}": role for index, role in changes.items()})
    return data


def names(related) -> list[str]:
    return sorted(related.values_list("name", flat=True))


def saved_activities(record: ImportRecord):
    record.refresh_from_db()
    return Activity.objects.filter(plan_id__in=record.plan_ids).order_by("plan_id", "pk")


def test_the_preview_shows_each_table_with_its_guessed_columns(world, as_user):
    client = as_user(world.officer)
    record = upload(client, world.community.slug)
    page = client.get(reverse("import_preview", args=[world.community.slug, record.pk])).content.decode()
    assert page.count('name="reread"') == 2
    assert '<input type="hidden" name="table" value="line 9">' in page
    assert '<input type="hidden" name="table" value="line 32">' in page
    assert '<label for="col-1-2">Канали комунікацій</label>' in page
    assert '<select id="col-1-2" name="col-2">' in page
    # The guess is preselected, and the roles have names in the reader's language (uk by default here).
    assert '<option value="channels" selected>' in page
    assert page.count('class="column guess"') == 24
    # The row role selects are untouched.
    assert page.count('<select id="p0.') == 12


def test_swapping_two_columns_reads_again_and_is_saved_so(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug)
    preview = reverse("import_preview", args=[slug, record.pk])
    response = client.post(preview, columns_form("line 9", GUESS, c2="result", c4="channels"))
    assert response.status_code == 302 and response["Location"] == preview
    record.refresh_from_db()
    assert record.column_roles == {"line 9": {"2": "result", "4": "channels"}}
    assert record.status == "preview" and record.row_roles == {}
    entry = AuditEntry.objects.get(action="import.reread", actor=world.officer)
    assert entry.after["columns"] == record.column_roles and entry.before["columns"] == {}

    page = client.get(preview).content.decode()
    # The form keeps the chosen values, no longer marked as guesses.
    assert '<select id="col-1-2" name="col-2"><option value="number">' in page
    select = page.split('<select id="col-1-2"')[1].split("</select>")[0]
    assert '<option value="result" selected>' in select
    select = page.split('<select id="col-1-4"')[1].split("</select>")[0]
    assert '<option value="channels" selected>' in select
    assert page.count('class="column guess"') == 22
    # The second table keeps its guess.
    select = page.split('<select id="col-2-2"')[1].split("</select>")[0]
    assert '<option value="channels" selected>' in select

    response = client.post(preview, {"plan-0": "on", "plan-1": "on"})
    assert response.status_code == 302
    activities = saved_activities(record)
    first = activities.get(title__startswith="Створення єдиного центру")
    assert names(first.channels) == ["Інформування населення"]
    assert first.result == CHANNELS
    # Plan 2 was read with the guess.
    assert names(activities.get(title__startswith="Відкриття Алеї").channels) == ["Вайбер-групи", "сайт",
                                                                                 "фейсбук-сторінка"]


def test_a_column_left_out_is_not_saved_and_choosing_the_guess_again_restores_it(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug)
    preview = reverse("import_preview", args=[slug, record.pk])
    client.post(preview, columns_form("line 9", GUESS, c2="ignore"))
    record.refresh_from_db()
    assert record.column_roles == {"line 9": {"2": "ignore"}}
    client.post(preview, columns_form("line 9", GUESS))
    record.refresh_from_db()
    assert record.column_roles == {}
    client.post(preview, columns_form("line 9", GUESS, c2="ignore"))
    client.post(preview, {"plan-0": "on"})
    activities = saved_activities(record)
    assert activities.count() == 12 and all(not a.channels.exists() for a in activities)


def test_reading_again_resets_the_row_roles(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug)
    preview = reverse("import_preview", args=[slug, record.pk])
    ImportRecord.objects.filter(pk=record.pk).update(row_roles={row_key(0, 0, 0, 0): "ignore"})
    client.post(preview, columns_form("line 9", GUESS, c5="notes"))
    record.refresh_from_db()
    assert record.row_roles == {}


def test_a_role_for_two_columns_is_refused_and_the_form_keeps_the_choice(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug)
    before = record.document
    preview = reverse("import_preview", args=[slug, record.pk])
    response = client.post(preview, columns_form("line 9", GUESS, c4="channels"))
    assert response.status_code == 422
    page = response.content.decode()
    assert 'class="errorlist"' in page
    select = page.split('<select id="col-1-4"')[1].split("</select>")[0]
    assert '<option value="channels" selected>' in select
    response = client.post(preview, columns_form("line 9", GUESS, c3="colour"))
    assert response.status_code == 422
    # A month is only offered for a month column.
    response = client.post(preview, columns_form("line 9", GUESS, c3="month"))
    assert response.status_code == 422
    record.refresh_from_db()
    assert record.document == before and record.column_roles == {}
    assert not AuditEntry.objects.filter(action="import.reread").exists()


def test_a_word_upload_takes_the_same_choices(world, as_user, tmp_path):
    client = as_user(world.officer)
    slug = world.community.slug
    path = build_docx(tmp_path / "plan.docx")
    record = upload(client, slug, "plan.docx", path.read_bytes())
    preview = reverse("import_preview", args=[slug, record.pk])
    page = client.get(preview).content.decode()
    assert '<input type="hidden" name="table" value="table 1, row 1">' in page
    response = client.post(preview, columns_form("table 1, row 1", GUESS, c2="result", c4="channels"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.column_roles == {"table 1, row 1": {"2": "result", "4": "channels"}}
    client.post(preview, {"plan-0": "on"})
    first = saved_activities(record).get(title__startswith="Створення єдиного центру")
    assert names(first.channels) == ["Інформування населення"]
    assert first.result == CHANNELS


def test_only_imports_in_preview_can_be_read_again(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug)
    preview = reverse("import_preview", args=[slug, record.pk])
    client.post(preview, {"plan-0": "on"})
    record.refresh_from_db()
    document = record.document
    response = client.post(preview, columns_form("line 9", GUESS, c2="ignore"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "saved" and record.document == document and record.column_roles == {}
    assert 'name="reread"' not in client.get(preview).content.decode()


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_columns_are_closed_to_outsiders_and_viewers(world, as_user, who):
    record = upload(as_user(world.officer), world.community.slug)
    preview = reverse("import_preview", args=[world.community.slug, record.pk])
    response = as_user(getattr(world, who)).post(preview, columns_form("line 9", GUESS, c2="ignore"))
    assert response.status_code == (404 if who == "outsider" else 403)
    record.refresh_from_db()
    assert record.column_roles == {} and not AuditEntry.objects.filter(action="import.reread").exists()
    assert Plan.objects.filter(source_import=record).count() == 0


def test_each_form_of_the_preview_is_sent_to_an_address_of_its_own(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug)
    preview = reverse("import_preview", args=[slug, record.pk])
    reread, confirm, discard = (reverse(name, args=[slug, record.pk])
                                for name in ("import_reread", "import_confirm", "import_discard"))
    page = client.get(preview).content.decode()
    assert page.count(f'action="{reread}"') == 2 and f'action="{confirm}"' in page and f'formaction="{discard}"' in page
    for url in (reread, confirm, discard):
        assert client.get(url).status_code == 405
    response = client.post(reread, {"table": "line 9", "header": "x", **{f"col-{i}": r for i, r in enumerate(GUESS)},
                                    "col-4": "channels"})
    assert response.status_code == 422
    select = response.content.decode().split('<select id="col-1-4"')[1].split("</select>")[0]
    assert '<option value="channels" selected>' in select
    response = client.post(reread, columns_form("line 9", GUESS, c2="result", c4="channels"))
    assert response.status_code == 302 and response["Location"] == preview
    record.refresh_from_db()
    assert record.column_roles == {"line 9": {"2": "result", "4": "channels"}}
    assert client.post(confirm, {"plan-0": "on"}).status_code == 302
    record.refresh_from_db()
    assert record.status == "saved" and len(record.plan_ids) == 1
    # Saved: discarding it now changes nothing.
    assert client.post(discard).status_code == 302
    record.refresh_from_db()
    assert record.status == "saved" and not AuditEntry.objects.filter(action="import.discard").exists()


def test_discarding_from_its_own_address_is_recorded(world, as_user):
    record = upload(as_user(world.officer), world.community.slug)
    url = reverse("import_discard", args=[world.community.slug, record.pk])
    assert as_user(world.viewer).post(url).status_code == 403
    response = as_user(world.officer).post(url)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "discarded"
    assert AuditEntry.objects.filter(action="import.discard", object_id=record.pk).count() == 1


def test_saving_holds_its_own_transaction_when_the_request_has_none(transactional_db, client):
    """As under a real server: no test transaction around the request, so the save must open its own."""
    from tests.conftest import build_world

    world = build_world()
    client.force_login(world.officer)
    slug = world.community.slug
    record = upload(client, slug)
    response = client.post(reverse("import_confirm", args=[slug, record.pk]), {"plan-0": "on", "plan-1": "on"})
    assert response.status_code == 302
    assert saved_activities(record).count() > 10


def test_only_the_plans_ticked_are_saved_and_none_ticked_saves_nothing(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug)
    document = PlanDocument.from_dict(ImportRecord.objects.get(pk=record.pk).document)
    firsts = [[a.title for a in plan.activities()][0] for plan in document.plans]
    assert len(firsts) == 2 and firsts[0] != firsts[1]
    confirm = reverse("import_confirm", args=[slug, record.pk])

    response = client.post(confirm, {"plan-0": "", "plan-7": "on", "plan-x": "on"}, follow=True)
    assert "Не вибрано жодного плану, тож нічого не збережено." in response.content.decode()
    record.refresh_from_db()
    assert record.status == "preview" and not Activity.objects.filter(title__in=firsts).exists()

    response = client.post(confirm, {"plan-1": "on"})
    assert response.status_code == 302
    assert len(ImportRecord.objects.get(pk=record.pk).plan_ids) == 1
    assert saved_activities(record).first().title == firsts[1]
    assert not Activity.objects.filter(title=firsts[0]).exists()
