"""Uploaded files in an S3-compatible bucket: kept private, given only to members through the pages."""

import urllib.error
import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from holos.imports.models import ImportRecord
from holos.plans import actions
from holos.plans.models import Task
from holos.settings import _file_storage
from holos.work.models import Attachment, Occurrence
from tests.deploy.conftest import BUCKET

PDF = b"%PDF-1.4 a report of the radio programme"


def _keys(client):
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def _is_public(s3_endpoint, key):
    try:
        urllib.request.urlopen(f"{s3_endpoint}/{BUCKET}/{key}", timeout=10)  # our loopback stand-in
    except urllib.error.HTTPError as error:
        assert error.code == 403
        return False
    return True


@pytest.fixture
def occurrence(world):
    task = Task.objects.get(plan=world.plan)
    activity = actions.create_activity(actor=None, task=task, data={"title": "Ефір на радіо", "responsible": ["ЦНАП"]})
    actions.set_activity_slots(actor=None, activity=activity, slots=["2025-03"])
    return Occurrence.objects.get(activity=activity)


def test_evidence_goes_to_the_bucket_and_only_members_get_it(world, as_user, occurrence, s3_bucket, s3_endpoint,
                                                               client):
    assert default_storage.__class__.__name__ == "S3Storage"
    member = as_user(world.unit_head)
    url = reverse("occurrence", args=[world.community.slug, occurrence.pk])
    member.post(url, {"form": "record", "status": "planned",
                      "file": SimpleUploadedFile("zvit.pdf", PDF, content_type="application/pdf")})
    attachment = Attachment.objects.get(occurrence=occurrence)
    [key] = _keys(s3_bucket)
    assert key == f"holos/{attachment.file.name}" and key.startswith("holos/evidence/")
    assert s3_bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF
    grants = s3_bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers / AuthenticatedUsers grant
    assert not _is_public(s3_endpoint, key)

    download_url = reverse("attachment_file", args=[world.community.slug, attachment.pk])
    download = member.get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert s3_endpoint not in str(download.headers)

    client.logout()
    client.force_login(world.outsider)
    assert client.get(download_url).status_code == 404


def test_deleting_evidence_removes_it_from_the_bucket(world, as_user, occurrence, s3_bucket,
                                                     django_capture_on_commit_callbacks):
    member = as_user(world.unit_head)
    url = reverse("occurrence", args=[world.community.slug, occurrence.pk])
    member.post(url, {"form": "record", "status": "planned",
                      "file": SimpleUploadedFile("zvit.pdf", PDF, content_type="application/pdf")})
    attachment = Attachment.objects.get(occurrence=occurrence)
    from holos.work.actions import delete_attachment

    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(actor=world.unit_head, attachment=attachment)
    assert _keys(s3_bucket) == []


def test_an_imported_document_is_kept_in_the_bucket(world, as_user, s3_bucket, s3_endpoint):
    officer = as_user(world.officer)
    content = "Мета\tЗахід\tВідповідальні\nПоінформувати\tЕфір на радіо\tЦНАП\n".encode()
    officer.post(reverse("import_new", args=[world.community.slug]),
                 {"file": SimpleUploadedFile("plan.txt", content)})
    record = ImportRecord.objects.get(organization=world.community)
    [key] = _keys(s3_bucket)
    assert key == f"holos/{record.source_file.name}"
    assert not _is_public(s3_endpoint, key)
    download = officer.get(reverse("import_source", args=[world.community.slug, record.pk]))
    assert b"".join(download.streaming_content) == content


def test_without_a_bucket_files_stay_on_disk():
    assert _file_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = _file_storage({"S3_BUCKET": "b", "S3_ENDPOINT_URL": "http://127.0.0.1:9000"})["OPTIONS"]
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
    assert options["querystring_auth"] is True
