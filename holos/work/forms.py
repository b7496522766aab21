from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

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
