import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from holos.charts import shorten
from holos.work.models import Status

# Evidence files people attach: documents, spreadsheets, pictures. Checked by extension
# and by the first bytes, so a renamed program is refused.
EVIDENCE_TYPES = {
    ".pdf": [b"%PDF"],
    ".png": [b"\x89PNG"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
    ".ods": [b"PK\x03\x04"],
    ".txt": [],
    ".csv": [],
}


# As large as the database's columns hold (PositiveIntegerField), and far more than a reach.
MAX_COUNT = 2**31 - 1


class EvidenceFields(forms.Form):
    """A link or a file as evidence of work; the file checked by size, extension and first bytes."""

    url = forms.URLField(label=_("Link to evidence"), required=False, max_length=1000, assume_scheme="https",
                         widget=forms.URLInput(attrs={"placeholder": "https://"}),
                         help_text=_("A post, an album, a page that shows the work."))
    file = forms.FileField(label=_("Evidence file"), required=False,
                           help_text=_("PDF, pictures, Word, Excel or OpenDocument files."))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        limit = settings.HOLOS_EVIDENCE_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        suffix = Path(upload.name).suffix.lower()
        if suffix not in EVIDENCE_TYPES:
            raise forms.ValidationError(_("This kind of file cannot be attached: %(name)s") % {"name": upload.name})
        head = upload.read(8)
        upload.seek(0)
        signatures = EVIDENCE_TYPES[suffix]
        if signatures and not any(head.startswith(s) for s in signatures):
            raise forms.ValidationError(_("The file's content does not match its name: %(name)s")
                                        % {"name": upload.name})
        return upload


class WorkItemForm(EvidenceFields):
    """The work item's one form: its status, what was done, the numbers, and new evidence."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Why it was skipped"), required=False, max_length=1000,
                             help_text=_("Only when the work was skipped."))
    note = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    people_reached = forms.IntegerField(label=_("People reached"), required=False, min_value=0, max_value=MAX_COUNT)
    participants = forms.IntegerField(label=_("Participants"), required=False, min_value=0, max_value=MAX_COUNT)
    publications = forms.IntegerField(label=_("Publications"), required=False, min_value=0, max_value=MAX_COUNT)

    field_order = ["status", "reason", "note", "people_reached", "participants", "publications", "url", "file"]

    @classmethod
    def initial_for(cls, occurrence) -> dict:
        return {"status": occurrence.status, "reason": occurrence.skip_reason, "note": occurrence.note,
                "people_reached": occurrence.people_reached, "participants": occurrence.participants,
                "publications": occurrence.publications}

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("status") == Status.SKIPPED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the work was skipped."))
        return data


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200,
                           help_text=_("As plans name it, e.g. “відкриття ЦНАП” or “захід”."))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeasurementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.FloatField(label=_("Value"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


# The forms of a plan's indicators page, each sent to an address of its own.


class MeasurementEntryForm(MeasurementForm):
    """A measurement typed in: the value as people write it in their language ("12,5")."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    value = forms.FloatField(label=_("Value"), localize=True)


class QuickSelectMultiple(forms.SelectMultiple):
    """A multiple select written in one pass of Python.

    A plan's page of indicators offers every activity of the plan in each indicator's form:
    sixty indicators of sixty activities are 3,600 options, which Django's widget templates
    take seconds to render. The markup is the same as theirs.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value or ())}
        final = self.build_attrs(self.attrs, attrs)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>{escape(label)}</option>'
            for key, label in self.choices
        )
        written = "".join(f" {key}" if given is True else f' {key}="{escape(given)}"'
                          for key, given in final.items() if given is not False and given is not None)
        return mark_safe(f'<select name="{escape(name)}"{written} multiple>{options}</select>')  # noqa: S308


class IndicatorSourceForm(forms.Form):
    """Baseline, target, and whether the value is summed from the evidence of some activities.

    ``activities`` comes out as the plan's activities chosen (the choices are given once for
    all the indicators of a page, ``plan`` finds the rows).
    """

    baseline = forms.FloatField(label=_("Baseline"), required=False, localize=True)
    target = forms.FloatField(label=_("Target"), required=False, localize=True, min_value=0,
                              help_text=_("Left empty, the target stays as it is."))
    METRICS = (
        ("", _("nothing: the latest measurement typed in")),
        ("people_reached", _("people reached")),
        ("participants", _("participants")),
        ("publications", _("publications")),
    )
    metric = forms.ChoiceField(label=_("Summed from"), required=False, choices=METRICS)
    activities = forms.TypedMultipleChoiceField(
        label=_("Activities whose done work is summed"), required=False, coerce=int,
        widget=QuickSelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, activity_choices: Sequence[tuple[int, str]] = (), plan: Any = None, **kwargs):
        super().__init__(*args, **kwargs)
        activities_field = self.fields["activities"]
        assert isinstance(activities_field, forms.ChoiceField)
        activities_field.choices = activity_choices
        self.plan = plan

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("metric") and not data.get("activities"):
            self.add_error("activities", _("Choose the activities whose evidence is summed."))
        if "activities" in data:
            from holos.plans.models import Activity

            data["activities"] = list(Activity.objects.filter(plan=self.plan, pk__in=data["activities"] or []))
        return data


PERIOD = re.compile(r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")


class IndicatorForm(forms.Form):
    """A new indicator of the whole plan or of one of its goals (activities' come with the activities).

    ``level`` comes out as the goal chosen, or None for the whole plan.
    """

    level = forms.TypedChoiceField(label=_("Indicator of"), coerce=int)
    text = forms.CharField(label=_("Indicator"), max_length=1000)
    target = forms.FloatField(label=_("Target"), required=False, localize=True, min_value=0)
    unit = forms.CharField(label=_("Unit of measure"), max_length=100, required=False)

    def __init__(self, *args, goals: Sequence[Any] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = {goal.pk: goal for goal in goals}
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [(0, _("the whole plan"))] + [
            (goal.pk, _("goal: %(title)s") % {"title": shorten(goal.title, 80)}) for goal in goals]

    def clean_level(self):
        return self.goals.get(self.cleaned_data["level"])


class TargetForm(forms.Form):
    """The value an indicator should reach by the end of a year, quarter or month."""

    period = forms.CharField(label=_("Period"), max_length=7,
                             help_text=_("A year (2024), a quarter (2024-Q1) or a month (2024-03)."))
    value = forms.FloatField(label=_("Target"), required=False, localize=True,
                             help_text=_("Left empty, the period's target is removed."))

    def clean_period(self):
        period = self.cleaned_data["period"].strip().upper()
        if not PERIOD.match(period):
            raise forms.ValidationError(_("Write a year (2024), a quarter (2024-Q1) or a month (2024-03)."))
        return period


class DefinitionForm(forms.Form):
    """Which programme indicator this indicator is counted into; ``definition`` comes out as it, or None."""

    definition = forms.TypedChoiceField(label=_("Counted into the programme indicator"), coerce=int,
                                        required=False, empty_value=None)

    def __init__(self, *args, definitions: Sequence[Any] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.definitions = {d.pk: d for d in definitions}
        field = self.fields["definition"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("none"))] + [(d.pk, f"{d.programme.name}: {d.name}") for d in definitions]

    def clean_definition(self):
        return self.definitions.get(self.cleaned_data["definition"])
