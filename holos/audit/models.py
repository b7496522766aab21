"""One audit row per action: who did what, when, with the state before and after."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def for_plan(self, plan_id: int):
        return self.filter(plan_ref=plan_id)


class AuditEntry(models.Model):
    """A change, kept after the thing it describes is deleted.

    ``plan_ref`` is a plain number rather than a foreign key so that the history of a
    deleted plan can still be read.
    """

    organization = models.ForeignKey(
        "accounts.Organization", null=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    plan_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The programme an action of a programme belongs to, kept like ``plan_ref``.
    programme_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField(null=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"

    @property
    def action_label(self) -> str:
        from holos.audit.labels import action_label

        return action_label(self.action)

    def changes(self) -> list[tuple[str, object, object]]:
        """The fields that differ between before and after, named in the reader's language, for the history list."""
        from holos.audit.labels import field_label
        from holos.audit.subjects import value_words

        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [
            (field_label(k), value_words(k, before.get(k), self.object_type),
             value_words(k, after.get(k), self.object_type))
            for k in keys if before.get(k) != after.get(k)
        ]
