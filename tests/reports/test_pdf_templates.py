"""PDFs come from Typst templates in the repository; an organisation may keep its own copy."""

import io

import pdfplumber
from django.urls import reverse

from holos.exports.pdf import PLAN_TEMPLATE, TEMPLATES
from holos.reports.models import ProgressReport
from tests.reports.test_progress_reports import _work


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_an_organisation_exports_its_plan_with_its_own_template(world, as_user, settings, tmp_path):
    settings.HOLOS_TEMPLATES_DIR = tmp_path
    client = as_user(world.officer)
    url = reverse("plan_export", args=[world.community.slug, world.plan.pk, "pdf"])
    shipped = pdf_text(client.get(url).content)
    assert world.plan.title in shipped and "Затверджено виконавчим комітетом" not in shipped
    own = tmp_path / world.community.slug / "plan.typ"
    own.parent.mkdir()
    # The shipped template with the organisation's own line above the table.
    own.write_text(PLAN_TEMPLATE.read_text().replace(
        "#let columns = plan.columns", "#align(left)[Затверджено виконавчим комітетом]\n  #let columns = plan.columns"))
    adapted = pdf_text(client.get(url).content)
    assert "Затверджено виконавчим комітетом" in adapted and world.plan.title in adapted
    # Another organisation's exports keep the shipped template.
    other = as_user(world.outsider)
    other_plan = world.other.plans.create(title="Чужий план")
    other_pdf = pdf_text(other.get(reverse("plan_export", args=[world.other.slug, other_plan.pk, "pdf"])).content)
    assert "Чужий план" in other_pdf and "Затверджено виконавчим комітетом" not in other_pdf


def test_a_report_in_czech_keeps_its_letters_and_an_organisation_may_restyle_it(world, as_user, settings, tmp_path):
    settings.HOLOS_TEMPLATES_DIR = tmp_path
    _work(world)
    client = as_user(world.officer)
    client.cookies["django_language"] = "cs"
    slug = world.community.slug
    client.post(reverse("reports", args=[slug, world.plan.pk]), {"kind": "quarter", "year": 2025, "index": 1})
    report = ProgressReport.objects.get(plan=world.plan)
    client.post(reverse("report", args=[slug, report.pk]), {"summary": "Čtvrtletí proběhlo dobře, žádné průtahy.",
                                                            "published": ""})
    url = reverse("report_file", args=[slug, report.pk, "pdf"])
    text = pdf_text(client.get(url).content)
    assert "Čtvrtletí proběhlo dobře, žádné průtahy." in text
    assert world.plan.title in text  # Cyrillic beside Czech
    assert "Stránka 1 z 1" in text
    own = tmp_path / slug / "report.typ"
    own.parent.mkdir()
    shipped = (TEMPLATES / "report.typ").read_text()
    own.write_text(shipped.replace("#data.organization\n", "#data.organization — Odbor komunikace\n"))
    assert "Odbor komunikace" in pdf_text(client.get(url).content)


