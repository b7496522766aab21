"""A small programme in the demo, so its pages have something to show.

The demo user coordinates it; three other communities of the demo take part, each with
a plan started from the programme's template (the first calendar plan of the seeds) and
some work done; the demo organisation takes part too and shares its calendar plans.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop

from holos.accounts.actions import create_organization
from holos.accounts.models import Organization
from holos.demo.notes import Note
from holos.plans.actions import plan_to_document
from holos.plans.models import Activity, Indicator
from holos.programmes import actions
from holos.programmes.models import Programme
from holos.work import actions as work_actions
from holos.work.models import Occurrence, Status

PROGRAMME_SLUG = "demo-programme"
PROGRAMME_NAME = "Програма «Громади, що чують» (демо)"
COMMUNITIES = (
    ("demo-kolomyia", "Коломийська громада (демо)", 3),
    ("demo-bucha", "Бучанська громада (демо)", 2),
    ("demo-horodok", "Городоцька громада (демо)", 1),
)


def remove_demo_programme() -> None:
    Programme.objects.filter(slug=PROGRAMME_SLUG).delete()
    Organization.objects.filter(slug__in=[slug for slug, _name, _step in COMMUNITIES]).delete()


def create_demo_programme(*, organization, admin, plans) -> list[Note]:
    calendar = [plan for plan in plans if plan.kind == "calendar"]
    if not calendar or Programme.objects.filter(slug=PROGRAMME_SLUG).exists():
        return []
    programme = actions.create_programme(actor=None, name=PROGRAMME_NAME, slug=PROGRAMME_SLUG, coordinator=admin,
                                         description="Навчання ЦНАП планувати інформування та залучення мешканців.")
    reached = actions.save_indicator_definition(actor=admin, programme=programme, definition=None,
                                                name="Охоплено мешканців", unit="осіб", aggregate="sum")
    actions.save_indicator_definition(actor=admin, programme=programme, definition=None,
                                      name="Задоволені роботою ЦНАП", unit="%", aggregate="average")
    source = plan_to_document(calendar[0])
    template = actions.save_template(actor=admin, programme=programme, template=None,
                                     title="Типовий комунікаційний план громади",
                                     description="Цілі, завдання й типові активності для громад програми.",
                                     plan=source)
    for index in range(len(actions.template_indicators(template.document))):
        actions.set_template_indicator_definition(actor=admin, template=template, index=index, definition=reached)
    template = actions.publish_template(actor=admin, template=template, published=True)
    own = actions.invite_organization(actor=admin, programme=programme, organization=organization)
    actions.accept_participation(actor=admin, participation=own, plans=calendar)
    for slug, name, step in COMMUNITIES:
        community = create_organization(actor=None, name=name, slug=slug)
        participation = actions.invite_organization(actor=admin, programme=programme, organization=community)
        actions.accept_participation(actor=admin, participation=participation, plans=[])
        plan = actions.start_plan_from_template(actor=admin, organization=community, template=template,
                                                title=f"Комунікаційний план: {name}")
        _record_some_work(admin, plan, step)
    return [Note(gettext_noop("a programme of four communities: %(url)s"),
                 {"url": reverse("programme", args=[programme.slug])})]


def _record_some_work(admin, plan, step: int) -> None:
    """Every ``step``-th piece of work done, so the communities compare differently."""
    for index, occurrence in enumerate(Occurrence.objects.filter(plan=plan).order_by("due", "id")):
        if index % (step + 1) == 0:
            work_actions.set_status(actor=admin, occurrence=occurrence, status=Status.DONE)
            work_actions.record_work(actor=admin, occurrence=occurrence, note="",
                                     numbers={"people_reached": 15 + index * 23 % 90})
    for n, indicator in enumerate(Indicator.objects.filter(activity__in=Activity.objects.filter(plan=plan))):
        work_actions.add_measurement(actor=admin, indicator=indicator, day=plan.created_at.date(),
                                     value=40 * (n + 1) // step)
