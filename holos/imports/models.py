"""An import: the file a person brought, what Holos understood of it, and what was saved."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def source_path(instance, filename: str) -> str:
    return f"imports/{instance.organization_id}/{uuid.uuid4().hex}/{filename}"


class ImportStatus(models.TextChoices):
    READING = "reading", _("being read")
    FAILED = "failed", _("could not be read")
    PREVIEW = "preview", _("waiting for review")
    SAVED = "saved", _("saved")
    DISCARDED = "discarded", _("discarded")


class ImportRecord(models.Model):
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    source_file = models.FileField(upload_to=source_path, max_length=500)
    source_name = models.CharField(max_length=255)
    document = models.JSONField(default=dict)
    row_roles = models.JSONField(default=dict, blank=True)
    # The roles a person chose for columns, by table id and column index (as a string):
    # {"line 9": {"4": "channels"}}; the file is read with them (see holos.core.importers).
    column_roles = models.JSONField(default=dict, blank=True)
    # The row a person marked as the header line of a table, by table id: {"line 9": 2}.
    header_rows = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    plan_ids = models.JSONField(default=list, blank=True)
    # When the worker began reading the file (null while it waits its turn), and why the
    # last reading failed: {"template": …, "params": {…}, "limit": …}, shown in the reader's language.
    reading_since = models.DateTimeField(null=True, blank=True)
    problem = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.source_name
