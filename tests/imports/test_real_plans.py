"""Real public plans of the corpus, imported as a person would: uploaded in the browser, or with ``holos import``.

The Cabinet's plan of 2006 (kmu.gov.ua/npas/43652689) groups two measures under a lead-in
("2. Проведення перевірки дотримання:") and repeats cells with "—“—"; the Northwich stakeholder
summary (cheshirewestandchester.gov.uk) lists audiences and how each is reached.
"""

import json
from pathlib import Path

from django.urls import reverse

from holos.cli import main
from holos.plans.models import Activity, Plan, Task
from tests.imports.test_column_mapping import upload

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CABINET = "uk-kmu-information-2006.docx"
STAKEHOLDERS = "en-cheshirewest-northwich-stakeholders.docx"


def _save(client, slug, name, record=None):
    record = record or upload(client, slug, name=name, content=(CORPUS / name).read_bytes())
    response = client.post(reverse("import_preview", args=[slug, record.pk]), {"plan-0": "on"})
    assert response.status_code == 302
    record.refresh_from_db()
    [plan] = Plan.objects.filter(pk__in=record.plan_ids)
    return plan


def test_a_cabinet_plan_in_word_is_saved_with_its_measures_under_their_task(world, as_user):
    client = as_user(world.officer)
    slug = world.community.slug
    record = upload(client, slug, name=CABINET, content=(CORPUS / CABINET).read_bytes())
    page = client.get(reverse("import_preview", args=[slug, record.pk])).content.decode()
    assert "Проведення перевірки дотримання" in page and "законодавства з питань користування" in page
    plan = _save(client, slug, CABINET, record)
    task = Task.objects.get(goal__plan=plan, title="Проведення перевірки дотримання")
    assert list(task.activities.order_by("pk").values_list("title", flat=True)) == [
        "антимонопольного законодав-ства в інформаційній сфері",
        "законодавства з питань користування радіочастотним ресурсом"]
    last = Activity.objects.get(plan=plan, title__startswith="Припинення використання")
    assert last.task != task  # item 3 is not one of item 2's measures
    assert [unit.name for unit in last.units.all()][0].startswith("Мінтрансзв’язку")  # "—“—" above


def test_a_stakeholder_matrix_in_word_is_saved_as_work_for_each_audience(world, as_user):
    client = as_user(world.officer)
    plan = _save(client, world.community.slug, STAKEHOLDERS)
    assert Activity.objects.filter(plan=plan).count() == 5
    canal = Activity.objects.get(plan=plan, audiences__name="Canal and River Trust")
    assert canal.title == "direct email" and [c.name for c in canal.channels.all()] == ["direct email"]
    assert canal.task.title == "Canal and River Trust"
    assert "assessment of impact of schemes on town centre swing bridges" in canal.notes


def test_holos_import_reads_the_cabinet_plan_in_word(capsys):
    assert main(["import", str(CORPUS / CABINET), "--json"]) == 0
    [plan] = json.loads(capsys.readouterr().out)["plans"]
    tasks = [task for goal in plan["goals"] for task in goal["tasks"]]
    assert [len(task["activities"]) for task in tasks] == [1, 2, 1]
    assert tasks[1]["title"] == "Проведення перевірки дотримання"
    assert tasks[2]["activities"][0]["schedule"]["start"] == "2006-08"
