"""The indicators page: each indicator with its baseline, target, measurements and progress;
editors add measurements and say where the value comes from, and nobody else can."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from holos.audit.models import AuditEntry
from holos.plans.models import Indicator
from holos.work.models import Measurement
from tests.work.test_dashboard import build_progress


@pytest.fixture
def progress(world):
    return build_progress(world)


def _url(world):
    return reverse("plan_indicators", args=[world.community.slug, world.plan.pk])


def _measure(indicator, **fields):
    data = {"form": "measure", "indicator": indicator.pk}
    data.update({f"m{indicator.pk}-{name}": value for name, value in fields.items()})
    return data


def _source(indicator, activities=(), **fields):
    data = {"form": "source", "indicator": indicator.pk, f"s{indicator.pk}-activities": [a.pk for a in activities]}
    data.update({f"s{indicator.pk}-{name}": value for name, value in fields.items()})
    return data


def test_every_indicator_shows_its_figures_and_measurements(world, progress, as_user):
    response = as_user(world.viewer).get(_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    entries = {entry["item"].indicator.pk: entry for entry in response.context["entries"]}
    measured = entries[progress.measured.pk]
    assert (measured["target"], measured["value"], measured["percent"]) == ("500", "200", "40%")
    assert [value for _m, value in measured["measurements"]] == ["120", "200"]
    summed = entries[progress.summed.pk]
    assert (summed["baseline"], summed["target"], summed["value"], summed["percent"]) == ("10", "1\u00a0000", "450",
                                                                                          "45%")
    assert entries[progress.blank.pk]["target"] is None
    assert str(_("target not set")) in html
    # Dates in the reader's language, and the progress bars labelled for screen readers.
    assert "01 березня 2025" in html
    assert html.count('role="img"') == 3
    # A viewer sees no forms.
    assert 'name="form"' not in html


def test_an_editor_adds_a_measurement(world, progress, as_user):
    client = as_user(world.officer)
    response = client.post(_url(world), _measure(progress.blank, date="2025-04-10", value="37,5",
                                                 note="Опитування у ЦНАП"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#indicator-{progress.blank.pk}")
    measurement = Measurement.objects.get(indicator=progress.blank)
    assert (measurement.date, measurement.value, measurement.note, measurement.created_by) == (
        dt.date(2025, 4, 10), 37.5, "Опитування у ЦНАП", world.officer)
    assert AuditEntry.objects.filter(action="indicator.measure", object_id=progress.blank.pk).exists()
    page = client.get(_url(world)).content.decode()
    assert "37,5" in page and "10 квітня 2025" in page


def test_an_admin_sets_baseline_target_and_the_evidence_it_is_summed_from(world, progress, as_user):
    client = as_user(world.admin)
    response = client.post(_url(world), _source(progress.blank, [progress.radio], baseline="5", target="200",
                                                metric="people_reached"))
    assert response.status_code == 302
    indicator = Indicator.objects.get(pk=progress.blank.pk)
    assert (indicator.baseline, indicator.target, indicator.placeholder, indicator.source_metric) == (
        5, 200, False, "people_reached")
    assert list(indicator.source_activities.all()) == [progress.radio]
    entry = next(e for e in client.get(_url(world)).context["entries"] if e["item"].indicator.pk == indicator.pk)
    # Radio's only done work reached 300 people: 150% of the target.
    assert (entry["value"], entry["target"], entry["percent"]) == ("300", "200", "150%")


def test_forms_keep_what_was_typed_on_errors(world, progress, as_user):
    client = as_user(world.officer)
    response = client.post(_url(world), _measure(progress.measured, date="2025-04-10", value="багато",
                                                 note="Опитування у ЦНАП"))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="багато"' in html and 'value="Опитування у ЦНАП"' in html and 'value="2025-04-10"' in html
    assert f'id="id_m{progress.measured.pk}-value_error"' in html
    assert "<details open>" in html
    response = client.post(_url(world), _source(progress.summed, baseline="12,5", target="-3",
                                                metric="participants"))
    assert response.status_code == 422
    form = response.context["entries"][-1]["source_form"]
    assert form.is_bound and set(form.errors) == {"target", "activities"}
    html = response.content.decode()
    assert 'value="12,5"' in html and 'value="-3"' in html
    assert '<option value="participants" selected>' in html
    assert Measurement.objects.filter(indicator=progress.measured).count() == 2
    assert Indicator.objects.get(pk=progress.summed.pk).baseline == 10


def test_viewers_and_executors_read_but_cannot_add(world, progress, as_user):
    for user in (world.viewer, world.unit_head):
        client = as_user(user)
        assert client.get(_url(world)).status_code == 200
        response = client.post(_url(world), _measure(progress.measured, date="2025-04-10", value="1"))
        assert response.status_code == 403
        response = client.post(_url(world), _source(progress.measured, target="1"))
        assert response.status_code == 403
    assert Measurement.objects.filter(indicator=progress.measured).count() == 2
    assert Indicator.objects.get(pk=progress.measured.pk).target == 500


def test_an_indicator_of_another_plan_is_not_found(world, progress, as_user):
    foreign = Indicator.objects.create(activity=world.other.plans.get().activities.first(), text="Чужий", target=5)
    client = as_user(world.officer)
    assert client.post(_url(world), _measure(foreign, date="2025-04-10", value="1")).status_code == 404
    assert client.post(_url(world), {"form": "measure", "indicator": "x"}).status_code == 404
    assert client.post(_url(world), {"form": "other", "indicator": progress.measured.pk}).status_code == 404
    assert not Measurement.objects.filter(indicator=foreign).exists()


def test_outsiders_can_neither_read_nor_write(world, progress, as_user):
    client = as_user(world.outsider)
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), _measure(progress.measured, date="2025-04-10", value="1")).status_code == 404
    assert client.post(_url(world), _source(progress.measured, target="1")).status_code == 404
    assert Measurement.objects.filter(indicator=progress.measured).count() == 2


def test_each_form_is_sent_to_an_address_of_its_own(world, progress, as_user):
    slug, plan = world.community.slug, world.plan
    client = as_user(world.officer)
    page = client.get(_url(world)).content.decode()
    for name in ("indicator_measure", "indicator_target", "indicator_source"):
        assert reverse(name, args=[slug, plan.pk, progress.blank.pk]) in page
    assert reverse("indicator_add", args=[slug, plan.pk]) in page and 'name="form"' not in page
    measure = reverse("indicator_measure", args=[slug, plan.pk, progress.blank.pk])
    assert client.get(measure).status_code == 405
    response = client.post(measure, {f"m{progress.blank.pk}-date": "2025-05-02", f"m{progress.blank.pk}-value": "8"})
    assert response.status_code == 302 and response["Location"].endswith(f"{_url(world)}#indicator-{progress.blank.pk}")
    assert Measurement.objects.get(indicator=progress.blank).value == 8
    assert AuditEntry.objects.filter(action="indicator.measure", object_id=progress.blank.pk).count() == 1
    target = reverse("indicator_target", args=[slug, plan.pk, progress.blank.pk])
    response = client.post(target, {f"t{progress.blank.pk}-period": "весна", f"t{progress.blank.pk}-value": "9"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="весна"' in html and "<details open>" in html
    add = reverse("indicator_add", args=[slug, plan.pk])
    response = client.post(add, {"level": 0, "text": "", "unit": "осіб"})
    assert response.status_code == 422 and 'value="осіб"' in response.content.decode()
    # An indicator of another organisation's plan is not found through this plan's address.
    foreign = Indicator.objects.create(activity=world.other.plans.get().activities.first(), text="Чужий")
    other = reverse("indicator_measure", args=[slug, plan.pk, foreign.pk])
    assert client.post(other, {f"m{foreign.pk}-date": "2025-05-02", f"m{foreign.pk}-value": "1"}).status_code == 404
    assert as_user(world.viewer).post(measure, {f"m{progress.blank.pk}-date": "2025-05-02",
                                                f"m{progress.blank.pk}-value": "1"}).status_code == 403
    assert Measurement.objects.filter(indicator=progress.blank).count() == 1
