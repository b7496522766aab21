from django import forms
from django.utils.translation import gettext_lazy as _

from holos.api.models import Scope

LIFETIMES = (30, 90, 365)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, to recognise it later: “reporting spreadsheet”."))
    scope = forms.ChoiceField(label=_("Access"), choices=Scope.choices, initial=Scope.READ,
                              widget=forms.RadioSelect)
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int, initial=90, choices=[
        (30, _("30 days")), (90, _("90 days")), (365, _("a year")),
    ])

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if "\x00" in name or not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name
