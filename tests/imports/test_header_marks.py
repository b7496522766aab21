"""When the reading is wrong or empty, a person marks the header line of a table and reads again."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.core.document import PlanDocument
from tests.imports.test_column_mapping import upload

# A table whose headings stand on its fifth line, under lines of the form it was filled in.
SHEET = "\n".join([
    "Schváleno\tRada obce\t",
    "Verze\t2\t",
    "Zpracoval\tOdbor kultury\t",
    "Platnost\t2024\t",
    "Aktivita\tTermín\tOdpovědnost",
    "Zpravodaj obce\tčtvrtletně\tOdbor kultury",
    "Veřejné setkání k rozpočtu\tzáří 2024\tStarosta",
    "Dotazníkové šetření\tříjen 2024\tOdbor kultury",
]).encode()


def test_a_person_marks_the_header_line_and_the_plan_is_read_from_it(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug, name="plan.txt", content=SHEET)
    document = PlanDocument.from_dict(record.document)
    table = next(table for table in document.source["tables"] if table["id"] == "line 1")
    assert table["rows"][4] == "Aktivita | Termín | Odpovědnost"
    preview = reverse("import_preview", args=[slug, record.pk])
    page = client.get(preview).content.decode()
    assert '<option value="4">Aktivita | Termín | Odpovědnost</option>' in page

    roles = {f"col-{column['index']}": column["role"] for column in table["columns"]}
    response = client.post(preview, {"reread": "1", "table": "line 1", "header": "4", **roles})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.header_rows == {"line 1": 4}
    read = PlanDocument.from_dict(record.document)
    activities = [activity for plan in read.plans for activity in plan.activities()]
    assert [activity.title for activity in activities] == [
        "Zpravodaj obce", "Veřejné setkání k rozpočtu", "Dotazníkové šetření"]
    assert activities[1].responsible == ["Starosta"] and activities[1].schedule.start == "2024-09"
    # "Schváleno | Rada obce" above the header says who approved the form, not whose plan it is.
    assert read.plans[0].organization == ""
    entry = AuditEntry.objects.get(action="import.reread", actor=world.officer)
    assert entry.after["headers"] == {"line 1": 4} and entry.before["headers"] == {}
    # The mark stays with the import: the preview shows it chosen.
    page = client.get(preview).content.decode()
    assert '<option value="4" selected>' in page


def test_a_header_line_outside_the_table_is_not_kept(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug, name="plan.txt", content=SHEET)
    preview = reverse("import_preview", args=[slug, record.pk])
    client.post(preview, {"reread": "1", "table": "line 1", "header": "40"})
    record.refresh_from_db()
    assert record.header_rows == {}
