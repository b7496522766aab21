"""Progress reports: planned against done for a period, as a page, a DOCX and a PDF."""

import datetime as dt
import io

import docx
import pdfplumber
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.plans import actions
from holos.plans.models import Indicator, Task
from holos.reports.models import ProgressReport
from holos.reports.progress import period_bounds, progress
from holos.work import actions as work_actions
from holos.work.models import Occurrence


def test_period_bounds():
    assert period_bounds("quarter", 2025, 1) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert period_bounds("quarter", 2024, 4) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert period_bounds("half", 2024, 1) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert period_bounds("half", 2024, 2) == (dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    assert period_bounds("year", 2023, 1) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def _work(world):
    task = Task.objects.get(plan=world.plan)
    radio = actions.create_activity(actor=None, task=task, data={"title": "Радіоефір", "responsible": ["ЦНАП"]})
    print_ = actions.create_activity(actor=None, task=task, data={"title": "Листівки",
                                                                  "responsible": ["Відділ культури"]})
    actions.set_activity_slots(actor=None, activity=radio, slots=["2025-01", "2025-02", "2025-04"])
    actions.set_activity_slots(actor=None, activity=print_, slots=["2025-03"])
    january = Occurrence.objects.get(activity=radio, key="m2025-01")
    work_actions.set_status(actor=world.unit_head, occurrence=january, status="done")
    work_actions.record_work(actor=world.unit_head, occurrence=january, note="", numbers={"people_reached": 700})
    work_actions.add_attachment(actor=world.unit_head, occurrence=january, url="https://example.org/radio")
    february = Occurrence.objects.get(activity=radio, key="m2025-02")
    work_actions.set_status(actor=world.unit_head, occurrence=february, status="skipped", reason="Ефір скасовано")
    indicator = Indicator.objects.create(activity=radio, text="Охоплення 1000 мешканців", target=1000,
                                         unit="мешканців")
    work_actions.set_indicator_source(actor=None, indicator=indicator, baseline=0, target=None,
                                      metric="people_reached", activities=[radio])
    Indicator.objects.create(activity=print_, text="__ листівок", placeholder=True)
    return radio, print_


def test_progress_counts_the_period_by_task_and_unit(world):
    _work(world)
    result = progress(world.plan, dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert (result.totals.planned, result.totals.done, result.totals.skipped, result.totals.open) == (3, 1, 1, 1)
    assert [(r.name, r.planned, r.done) for r in result.by_unit] == [("Відділ культури", 1, 0), ("ЦНАП", 2, 1)]
    assert [(r.name, r.planned) for r in result.by_task] == [("Завдання 1", 3)]
    radio = next(i for i in result.indicators if i.text.startswith("Охоплення"))
    assert (radio.value, radio.share) == (700, 70)
    assert next(i for i in result.indicators if i.placeholder).value is None
    assert result.numbers["people_reached"] == 700
    assert result.links == [("Радіоефір", "https://example.org/radio")]
    # April is outside the first quarter.
    assert progress(world.plan, dt.date(2025, 4, 1), dt.date(2025, 6, 30)).totals.planned == 1


def test_officer_makes_a_report_writes_a_summary_and_downloads_it(world, as_user):
    _work(world)
    client = as_user(world.officer)
    slug = world.community.slug
    response = client.post(reverse("reports", args=[slug, world.plan.pk]), {"kind": "quarter", "year": 2025,
                                                                          "index": 1})
    report = ProgressReport.objects.get(plan=world.plan)
    assert response["Location"] == reverse("report", args=[slug, report.pk])
    client.post(reverse("report", args=[slug, report.pk]), {"summary": "Квартал пройшов добре.", "published": ""})
    page = client.get(reverse("report", args=[slug, report.pk])).content.decode()
    assert "Квартал пройшов добре." in page
    assert "700" in page
    docx_bytes = client.get(reverse("report_file", args=[slug, report.pk, "docx"])).content
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs)
    assert "Квартал пройшов добре." in text
    tables = docx.Document(io.BytesIO(docx_bytes)).tables
    assert any("ЦНАП" in c.text for t in tables for row in t.rows for c in row.cells)
    pdf_bytes = client.get(reverse("report_file", args=[slug, report.pk, "pdf"])).content
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        pdf_text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Квартал пройшов добре." in pdf_text
    assert "Охоплення 1000 мешканців" in pdf_text
    assert "70%" in pdf_text


def test_a_published_report_is_on_the_public_page_only_while_plan_and_report_are_public(world, as_user, client):
    _work(world)
    report = ProgressReport.objects.create(plan=world.plan, kind="quarter", starts=dt.date(2025, 1, 1),
                                           ends=dt.date(2025, 3, 31), summary="Для мешканців", published=True)
    url = reverse("public_report", args=[world.community.slug, world.plan.pk, report.pk])
    assert client.get(url).status_code == 404
    actions.set_published(actor=None, plan=world.plan, published=True)
    page = client.get(url).content.decode()
    assert "Для мешканців" in page and "<script" not in page
    assert "https://example.org/radio" in page
    report.published = False
    report.save()
    assert client.get(url).status_code == 404


def test_reports_are_closed_to_outsiders_and_read_only_for_viewers(world, as_user):
    report = ProgressReport.objects.create(plan=world.plan, kind="year", starts=dt.date(2025, 1, 1),
                                           ends=dt.date(2025, 12, 31))
    slug = world.community.slug
    urls = [reverse("reports", args=[slug, world.plan.pk]), reverse("report", args=[slug, report.pk]),
            reverse("report_file", args=[slug, report.pk, "pdf"])]
    outsider = as_user(world.outsider)
    for url in urls:
        assert outsider.get(url).status_code == 404
        assert outsider.post(url, {"summary": "x", "kind": "year", "year": 2025, "index": 1}).status_code == 404
    viewer = as_user(world.viewer)
    assert viewer.get(urls[1]).status_code == 200
    assert viewer.post(urls[1], {"summary": "змінено"}).status_code == 403
    assert viewer.post(urls[0], {"kind": "year", "year": 2026, "index": 1}).status_code == 403
    report.refresh_from_db()
    assert report.summary == "" and ProgressReport.objects.count() == 1


def test_a_deleted_report_is_gone_and_the_audit_log_keeps_what_it_said(world, as_user):
    report = ProgressReport.objects.create(plan=world.plan, kind="year", starts=dt.date(2025, 1, 1),
                                           ends=dt.date(2025, 12, 31), summary="Рік пройшов добре.", published=True)
    url = reverse("report", args=[world.community.slug, report.pk])
    for user in (world.outsider, world.viewer):
        assert as_user(user).post(url, {"delete": "1"}).status_code in (403, 404)
    assert ProgressReport.objects.filter(pk=report.pk).exists()
    response = as_user(world.officer).post(url, {"delete": "1"})
    assert response["Location"] == reverse("reports", args=[world.community.slug, world.plan.pk])
    assert not ProgressReport.objects.filter(pk=report.pk).exists()
    entry = AuditEntry.objects.get(action="report.delete")
    assert entry.actor == world.officer and entry.plan_ref == world.plan.pk
    assert entry.before == {"from": "2025-01-01", "to": "2025-12-31", "summary": "Рік пройшов добре.",
                            "published": True}
