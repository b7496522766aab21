"""Removing evidence from a work item: the row, the stored file, the history.

The action is called as the work item's page calls it; the file is looked for on disk.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.plans import actions
from holos.plans.models import Task
from holos.work.actions import add_attachment, delete_attachment
from holos.work.models import Attachment, Occurrence

REPORT = b"%PDF-1.4\n% a report of the radio hour\n"


@pytest.fixture
def occurrence(world):
    task = Task.objects.get(plan=world.plan)
    activity = actions.create_activity(actor=None, task=task, data={"title": "Ефір на радіо", "responsible": ["ЦНАП"]})
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    return Occurrence.objects.get(activity=activity)


def _upload(world, occurrence) -> tuple[Attachment, Path]:
    attachment = add_attachment(actor=world.unit_head, occurrence=occurrence,
                                upload=SimpleUploadedFile("zvit.pdf", REPORT, content_type="application/pdf"))
    path = Path(attachment.file.path)
    assert path.read_bytes() == REPORT
    return attachment, path


def test_removing_a_file_takes_the_row_and_the_file_and_keeps_the_history(world, occurrence, as_user,
                                                                           django_capture_on_commit_callbacks):
    attachment, path = _upload(world, occurrence)
    download = reverse("attachment_file", args=[world.community.slug, attachment.pk])
    assert as_user(world.viewer).get(download).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(actor=world.unit_head, attachment=attachment)

    assert not Attachment.objects.filter(occurrence=occurrence).exists()
    assert not path.exists()
    assert as_user(world.viewer).get(download).status_code == 404
    entry = AuditEntry.objects.get(action="occurrence.detach")
    assert (entry.actor, entry.object_id, entry.plan_ref) == (world.unit_head, occurrence.pk, world.plan.pk)
    assert entry.before == {"url": "", "file": "zvit.pdf"}


def test_a_removal_rolled_back_keeps_the_file(world, occurrence, django_capture_on_commit_callbacks):
    attachment, path = _upload(world, occurrence)
    pk = attachment.pk

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            delete_attachment(actor=world.unit_head, attachment=attachment)
            raise RuntimeError("the request failed after the removal")

    assert Attachment.objects.filter(pk=pk).exists()
    assert path.read_bytes() == REPORT
    assert not AuditEntry.objects.filter(action="occurrence.detach").exists()


def test_removing_a_link_leaves_other_evidence_alone(world, occurrence, django_capture_on_commit_callbacks):
    link = add_attachment(actor=world.unit_head, occurrence=occurrence, url="https://example.org/radio")
    kept, path = _upload(world, occurrence)

    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(actor=world.unit_head, attachment=link)

    assert list(Attachment.objects.filter(occurrence=occurrence)) == [kept]
    assert path.read_bytes() == REPORT
    assert AuditEntry.objects.get(action="occurrence.detach").before == {"url": "https://example.org/radio",
                                                                         "file": "https://example.org/radio"}
