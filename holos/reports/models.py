"""Progress reports: what a plan promised for a period and what was done, with a summary."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("quarter")
    HALF = "half", _("half-year")
    YEAR = "year", _("year")


class ProgressReport(models.Model):
    organization_path = "plan__organization"  # how access finds its organisation

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"))
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("A few sentences for the council, donors and residents."))
    published = models.BooleanField(_("shown on the plan's public page"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts", "-id"]
        constraints = [models.UniqueConstraint(fields=["plan", "starts", "ends"], name="one_report_per_period")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.starts}…{self.ends}"
