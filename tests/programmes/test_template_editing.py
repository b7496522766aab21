"""A coordinator edits a template's goals, tasks and typical activities where they stand."""

from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.plans.actions import plan_to_document
from holos.programmes import actions
from holos.programmes.models import PlanTemplate


def _template(pw):
    return actions.save_template(actor=None, programme=pw.programme, template=None, title="Типовий план ЦНАП",
                                 description="", plan=plan_to_document(pw.world.plan))


def _url(pw, template, where):
    return reverse("programme_template_item", args=[pw.programme.slug, template.pk, where])


def test_the_coordinator_edits_a_goal_a_task_and_an_activity_and_each_change_is_audited(pw, as_user):
    template = _template(pw)
    client = as_user(pw.coordinator)
    page = client.get(reverse("programme_template", args=[pw.programme.slug, template.pk])).content.decode()
    for where in ("1", "1-1", "1-1-2"):
        assert f'href="{_url(pw, template, where)}"' in page
    form = client.get(_url(pw, template, "1")).content.decode()
    assert "Поінформувати мешканців" in form and "Ми поруч" in form

    response = client.post(_url(pw, template, "1"), {"title": "Поінформувати всіх мешканців",
                                                      "key_message": "Ми поруч і відкриті"})
    assert response.status_code == 302 and response["Location"].endswith("#item-1")
    assert client.post(_url(pw, template, "1-1"), {"title": "Розповісти про послуги"}).status_code == 302
    assert client.post(_url(pw, template, "1-1-2"), {
        "title": "Гаряча лінія ЦНАП", "audiences": "ВПО, люди похилого віку\nмолодь", "channels": "Телефон",
        "responsible": "ЦНАП", "result": "Відповіді за день"}).status_code == 302

    goal = PlanTemplate.objects.get(pk=template.pk).document["goals"][0]
    assert (goal["title"], goal["key_message"]) == ("Поінформувати всіх мешканців", "Ми поруч і відкриті")
    task = goal["tasks"][0]
    assert task["title"] == "Розповісти про послуги"
    first, second = task["activities"]
    assert first["title"] == "Активність 1"  # the one next to it is left as it was
    assert (second["title"], second["audiences"], second["channels"], second["result"]) == (
        "Гаряча лінія ЦНАП", ["ВПО", "люди похилого віку", "молодь"], ["Телефон"], "Відповіді за день")
    assert second["schedule"] == plan_to_document(pw.world.plan).goals[0].tasks[0].activities[1].schedule.to_dict()

    entries = {e.action: e for e in AuditEntry.objects.filter(programme_ref=pw.programme.pk,
                                                              action__startswith="plan_template.")}
    assert entries["plan_template.goal"].before == {"place": "1", "title": "Поінформувати мешканців",
                                                    "key_message": "Ми поруч"}
    assert entries["plan_template.task"].after == {"place": "1.1", "title": "Розповісти про послуги"}
    assert entries["plan_template.activity"].actor == pw.coordinator
    assert entries["plan_template.activity"].after["audiences"] == ["ВПО", "люди похилого віку", "молодь"]
    # Saving what is there already changes nothing and writes no second entry.
    count = AuditEntry.objects.count()
    client.post(_url(pw, template, "1-1"), {"title": "Розповісти про послуги"})
    assert AuditEntry.objects.count() == count


def test_a_form_with_a_mistake_keeps_what_was_typed(pw, as_user):
    template = _template(pw)
    response = as_user(pw.coordinator).post(_url(pw, template, "1-1-1"), {
        "title": "  ", "audiences": "Студенти, ВПО", "result": "Сто відповідей"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Студенти, ВПО" in page and "Сто відповідей" in page
    assert PlanTemplate.objects.get(pk=template.pk).document == template.document


def test_only_the_coordinator_edits_and_places_that_do_not_exist_are_not_found(pw, as_user):
    template = _template(pw)
    viewer = as_user(pw.programme_viewer)
    page = viewer.get(reverse("programme_template", args=[pw.programme.slug, template.pk])).content.decode()
    assert "items/" not in page
    assert viewer.get(_url(pw, template, "1")).status_code == 403
    assert viewer.post(_url(pw, template, "1"), {"title": "Чуже"}).status_code == 403
    assert as_user(pw.analyst).post(_url(pw, template, "1"), {"title": "Чуже"}).status_code == 403
    coordinator = as_user(pw.coordinator)
    for where in ("2", "1-2", "1-1-3", "0", "1-1-1-1", "x", "1--1"):
        assert coordinator.get(_url(pw, template, where)).status_code == 404, where
    # Another programme's coordinator finds nothing of this template, by either programme's address.
    stranger = as_user(pw.stranger)
    assert stranger.post(_url(pw, template, "1"), {"title": "Чуже"}).status_code == 404
    other = reverse("programme_template_item", args=[pw.other_programme.slug, template.pk, "1"])
    assert stranger.post(other, {"title": "Чуже"}).status_code == 404
    assert PlanTemplate.objects.get(pk=template.pk).document == template.document
