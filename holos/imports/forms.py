from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Plan document"), required=False,
        help_text=_("Word (.docx, .doc), Excel (.xlsx, .xls), OpenDocument (.odt, .ods), PDF, RTF, a saved web page "
                    "(.html), CSV or a text copy (.txt)."),
    )
    text = forms.CharField(
        label=_("…or paste the plan's text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        limit = settings.HOLOS_IMPORT_MAX_BYTES
        if upload and upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("file") and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Choose a file or paste the text of a plan."))
        return data
