from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from holos.accounts.models import Role, User


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("An executor reports work on the activities of these units."),
    )

    def __init__(self, *args, units_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_queryset


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name")
