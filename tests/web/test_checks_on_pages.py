"""The plan checks where people meet them: the plan page, the settings, the import preview, the CLI."""

import json
from pathlib import Path

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.cli import main
from holos.plans import actions
from holos.plans.models import Activity, Dismissal, Task

SEEDS = Path(__file__).resolve().parents[2] / "holos" / "demo" / "seeds"


def _plan_page(client, world):
    return client.get(reverse("plan_checks", args=[world.community.slug, world.plan.pk])).content.decode()


def _add(world, **data):
    task = Task.objects.get(plan=world.plan)
    return actions.create_activity(actor=None, task=task, data={"title": "Нова активність", **data})


def test_findings_are_listed_with_links_to_their_rows(world, as_user):
    activity = _add(world, audiences=["ВПО"], responsible=["ЦНАП"], result="10 зустрічей")
    page = _plan_page(as_user(world.officer), world)
    assert 'id="checks"' in page
    assert "activity-no-channel" in page
    assert f'#activity-{activity.pk}"' in page
    # The Ukrainian interface says it in Ukrainian.
    assert "Проблема" in page


def test_a_dismissed_finding_leaves_the_list_and_its_reason_stays_in_history(world, as_user):
    activity = _add(world, audiences=["ВПО"], responsible=["ЦНАП"], result="10 зустрічей")
    client = as_user(world.officer)
    where = f"activity-{activity.pk}"
    assert f"activity-no-channel|{where}" in _plan_page(client, world)
    url = reverse("finding_dismiss", args=[world.community.slug, world.plan.pk])
    # A reason is required.
    client.post(url, {"finding": f"activity-no-channel|{where}", "reason": " "})
    assert not Dismissal.objects.exists()
    client.post(url, {"finding": f"activity-no-channel|{where}", "reason": "Зустрічі проводимо особисто"})
    dismissal = Dismissal.objects.get()
    assert (dismissal.code, dismissal.where, dismissal.dismissed_by) == ("activity-no-channel", where, world.officer)
    page = _plan_page(client, world)
    assert f'name="finding" value="activity-no-channel|{where}"' not in page
    assert "Зустрічі проводимо особисто" in page
    assert AuditEntry.objects.filter(action="check.dismiss", plan_ref=world.plan.pk).exists()
    # And it can be brought back.
    client.post(url, {"restore": f"activity-no-channel|{where}"})
    assert not Dismissal.objects.exists()
    assert f'name="finding" value="activity-no-channel|{where}"' in _plan_page(client, world)
    assert activity.pk


def test_a_dismissal_stays_with_its_activity_when_rows_move_and_go(world, as_user):
    first = _add(world, title="Зустріч у селі", audiences=["ВПО"], responsible=["ЦНАП"], result="Зустріч")
    second = _add(world, title="Зустріч у школі", audiences=["ВПО"], responsible=["ЦНАП"], result="Зустріч")
    client = as_user(world.officer)
    url = reverse("finding_dismiss", args=[world.community.slug, world.plan.pk])
    client.post(url, {"finding": f"activity-no-channel|activity-{second.pk}", "reason": "Запрошуємо особисто"})
    checkbox = 'name="finding" value="activity-no-channel|activity-{}"'
    page = _plan_page(client, world)
    assert checkbox.format(first.pk) in page and checkbox.format(second.pk) not in page
    actions.move(actor=None, obj=second, direction=-1)
    page = _plan_page(client, world)
    assert checkbox.format(first.pk) in page and checkbox.format(second.pk) not in page
    actions.delete_activity(actor=None, activity=first)
    page = _plan_page(client, world)
    assert checkbox.format(second.pk) not in page and "Запрошуємо особисто" in page


def test_a_dismissal_cannot_name_a_row_of_another_plan(world, as_user):
    foreign = Activity.objects.filter(plan__organization=world.other).first()
    url = reverse("finding_dismiss", args=[world.community.slug, world.plan.pk])
    as_user(world.officer).post(url, {"finding": f"activity-no-channel|activity-{foreign.pk}", "reason": "Чуже"})
    as_user(world.officer).post(url, {"finding": "activity-no-channel|g1.t1.a1", "reason": "Позиція"})
    assert not Dismissal.objects.exists()


def test_the_load_table_counts_activities_per_unit_and_month(world, as_user):
    for n in range(3):
        activity = _add(world, title=f"Ефір {n}", responsible=["Відділ культури"])
        actions.set_activity_slots(actor=None, activity=activity, slots=["2025-02"])
    page = _plan_page(as_user(world.viewer), world)
    load = page[page.index('id="load-title"') :]
    row = load[load.index("Відділ культури") :]
    row = row[: row.index("</tr>")]
    assert '<td class="n">3</td>' in row


def test_the_fit_table_of_the_organisation_changes_what_is_unreached(world, as_user):
    _add(world, title="Оголошення", audiences=["Люди з вадами зору"], channels=["Плакат"], responsible=["ЦНАП"])
    client = as_user(world.admin)
    assert "audience-unreached" in _plan_page(client, world)
    settings_url = reverse("organization_settings", args=[world.community.slug])
    form = client.get(settings_url).context["form"]
    data = {key: value for key, value in form.initial.items() if not isinstance(value, list)}
    lists = {key: value for key, value in form.initial.items() if isinstance(value, list)}
    lists["fit_impaired_sight"] = [*lists["fit_impaired_sight"], "poster"]
    response = client.post(settings_url, {**data, **lists})
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert "poster" in world.community.check_settings["fit"]["impaired_sight"]
    assert "audience-unreached" not in _plan_page(client, world)
    # Turning a check off removes its findings.
    lists["enabled"] = [c for c in lists["enabled"] if c != "activity-no-indicator"]
    client.post(settings_url, {**data, **lists})
    assert "activity-no-indicator" not in _plan_page(client, world)


def test_a_stored_level_overrides_the_guess(world, as_user):
    client = as_user(world.officer)
    for activity in Activity.objects.filter(plan=world.plan):
        activity.delete()
    for n in range(3):
        _add(world, title=f"Новина {n}", audiences=["ВПО"], channels=["Сайт"], responsible=["ЦНАП"])
    assert "engagement-inform-only" in _plan_page(client, world)
    activity = Activity.objects.filter(plan=world.plan).first()
    actions.update_activity(actor=None, activity=activity, data={"level": "consult"})
    assert "engagement-inform-only" not in _plan_page(client, world)


def test_import_preview_shows_the_checks_before_saving(world, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = as_user(world.officer)
    content = (SEEDS / "000_e607be4f092c3acc.txt").read_bytes()
    response = client.post(
        reverse("import_new", args=[world.community.slug]), {"file": SimpleUploadedFile("plan.txt", content)}
    )
    page = client.get(response["Location"]).content.decode()
    assert "не зазначено каналу комунікації" in page
    assert "activity-no-channel" not in page  # the rule's code never reaches the page
    assert "Залучення спеціалістів до створення проєкту Алеї слави захисників" in page


def test_check_command_reads_a_file(capsys):
    assert main(["check", str(SEEDS / "004_2a9c074713a9f348.txt"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    operational = next(p for p in result["plans"] if p["title"].startswith("Операційний"))
    placeholders = [f for f in operational["findings"] if f["code"] == "indicator-placeholder"]
    assert len(placeholders) >= 15
    assert set(placeholders[0]) == {"code", "severity", "where", "message"}


def test_check_command_reads_a_saved_plan(world, capsys):
    _add(world, audiences=["ВПО"], responsible=["ЦНАП"], result="10 зустрічей")
    assert main(["check", "--plan", str(world.plan.pk), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"findings", "load"} == set(result)
    assert any(f["code"] == "activity-no-channel" and f["where"] == "g1.t1.a3" for f in result["findings"])
    assert result["load"] == {}


def test_check_command_refuses_bad_arguments(db, capsys):
    assert main(["check"]) == 2
    assert main(["check", "--plan", "999999"]) == 2
    assert "999999" in capsys.readouterr().err


def test_a_dated_event_answers_relative_no_anchor(world, as_user):
    import datetime as dt

    from holos.work.actions import save_event

    _add(world, title="Анонс", audiences=["ВПО"], channels=["Сайт"], responsible=["ЦНАП"],
         schedule={"text": "За 2 тижні до заходу", "kind": "relative", "offset_days": -14, "anchor": "захід"})
    client = as_user(world.officer)
    assert "relative-no-anchor" in _plan_page(client, world)
    save_event(actor=None, organization=world.community, event=None, name="захід", day=dt.date(2025, 5, 20))
    assert "relative-no-anchor" not in _plan_page(client, world)


def test_dismissals_stored_by_position_are_moved_onto_their_rows(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("holos.plans.migrations.0002_dismissals_name_rows")
    second = Activity.objects.filter(plan=world.plan).order_by("position", "id")[1]
    Dismissal.objects.create(plan=world.plan, code="activity-no-channel", where="g1.t1.a2", reason="Особисто")
    Dismissal.objects.create(plan=world.plan, code="goal-no-key-message", where="g1", reason="Є в тексті")
    Dismissal.objects.create(plan=world.plan, code="activity-no-result", where="g1.t1.a9", reason="Немає рядка")
    Dismissal.objects.create(plan=world.plan, code="empty-month", where="plan", reason="Відпустки")
    migration.forwards(apps, None)
    goal = world.plan.goals.get()
    assert sorted(Dismissal.objects.values_list("code", "where")) == [
        ("activity-no-channel", f"activity-{second.pk}"),
        ("empty-month", "plan"),
        ("goal-no-key-message", f"goal-{goal.pk}"),
    ]
