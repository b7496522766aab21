"""The demo: an organisation, its admin ``demo``/``demo``, and the seed plans imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_noop

from holos.accounts.actions import add_member, create_organization
from holos.accounts.models import Organization, Role, User
from holos.core.importers import read_path
from holos.demo.notes import Note
from holos.plans.actions import save_document
from holos.plans.models import Plan

SEEDS = Path(__file__).resolve().parent / "seeds"
DEMO_SLUG = "demo"
DEMO_NAME = "Демо-громада"


@dataclass
class DemoResult:
    organization: Organization
    plans: list[Plan] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    extras: list[Note] = field(default_factory=list)


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@transaction.atomic
def build_demo(*, reset: bool = False) -> DemoResult:
    existing = Organization.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None and not reset:
        return DemoResult(organization=existing, plans=list(existing.plans.order_by("id")),
                          warnings=[Note(gettext_noop("the demo exists already; use --reset to build it anew"))])
    from holos.programmes.demo import create_demo_programme, remove_demo_programme

    if existing is not None:
        existing.delete()
        remove_demo_programme()
    user = User.objects.filter(username="demo").first()
    if user is None:
        user = User(username="demo", first_name="Демо", email="demo@example.org", language="uk")
    user.set_password("demo")
    user.save()
    organization = create_organization(actor=None, name=DEMO_NAME, slug=DEMO_SLUG)
    add_member(actor=None, organization=organization, user=user, role=Role.ADMIN)
    result = DemoResult(organization=organization)
    for path in seed_paths():
        document = read_path(path)
        if not document.plans:
            result.warnings.append(Note(gettext_noop("%(file)s: no plan in this document"), {"file": path.name}))
            continue
        result.plans.extend(save_document(actor=None, organization=organization, document=document,
                                          source=path.name))
    from holos.builder.demo import create_demo_profile
    from holos.publishing.demo import create_demo_publishing
    from holos.suggestions.demo import create_demo_messages
    from holos.surveys.demo import create_demo_survey
    from holos.work.demo import create_demo_work

    result.extras.extend(create_demo_survey(organization=organization, admin=user))
    result.extras.extend(create_demo_messages(organization=organization, admin=user))
    result.extras.extend(create_demo_work(organization=organization, admin=user, plans=result.plans))
    result.extras.extend(_publish_demo_plan(organization=organization, admin=user, plans=result.plans))
    result.extras.extend(create_demo_publishing(organization=organization, admin=user))
    result.extras.extend(create_demo_profile(organization=organization, admin=user))
    result.extras.extend(create_demo_programme(organization=organization, admin=user, plans=result.plans))
    return result


def _publish_demo_plan(*, organization, admin, plans) -> list[Note]:
    """The first calendar plan on the residents' portal, with a published progress report."""
    from django.urls import reverse

    from holos.plans.actions import set_published
    from holos.reports import actions as reports

    plan = next((p for p in plans if p.kind == "calendar"), None)
    if plan is None:
        return []
    set_published(actor=admin, plan=plan, published=True)
    year, month = (int(part) for part in plan.period_start.split("-"))
    report = reports.create_report(actor=admin, plan=plan, kind="quarter", year=year, index=(month - 1) // 3 + 1)
    reports.update_report(actor=admin, report=report, published=True,
                          summary="Гаряча лінія працювала щомісяця; центр інформування ВПО відкрито у травні.")
    return [Note(gettext_noop("the residents' portal: %(url)s"),
                 {"url": reverse("public_organization", args=[organization.slug])})]
