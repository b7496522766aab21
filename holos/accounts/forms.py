from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from holos.accounts.models import Role, User
from holos.pages import IdsChoiceField


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    units = IdsChoiceField(
        label=_("Units"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("An executor reports work on the activities of these units."),
    )

    def __init__(self, *args, units_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.ModelChoiceField)
        units_field.queryset = units_queryset


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]  # the stubs leave Meta out
        model = User
        fields = ("username", "first_name", "last_name")


class OrganizationSettingsForm(forms.Form):
    """The organisation's name and time zone, and how the plan checks run for it."""

    name = forms.CharField(label=_("Name"), max_length=200)
    time_zone = forms.ChoiceField(label=_("Time zone"))
    unit_month_threshold = forms.IntegerField(
        label=_("Most activities a unit can carry in a month"), min_value=1, max_value=500,
        help_text=_("More than this is shown as an overload."),
    )
    unit_share_percent = forms.IntegerField(
        label=_("Largest share of a plan one unit should carry, in percent"), min_value=10, max_value=100,
    )
    enabled = forms.MultipleChoiceField(label=_("Checks that run"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, checks, groups, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        import zoneinfo

        zones = sorted(z for z in zoneinfo.available_timezones() if z.startswith("Europe/"))
        time_zone_field = self.fields["time_zone"]
        assert isinstance(time_zone_field, forms.ChoiceField)
        time_zone_field.choices = [(z, z) for z in zones]
        enabled_field = self.fields["enabled"]
        assert isinstance(enabled_field, forms.ChoiceField)
        enabled_field.choices = checks
        self.groups = groups
        for group, label in groups:
            self.fields[f"fit_{group}"] = forms.MultipleChoiceField(
                label=label, required=False, choices=kinds, widget=forms.CheckboxSelectMultiple,
            )

    def fit_fields(self):
        return [self[f"fit_{group}"] for group, _label in self.groups]

    def main_fields(self):
        return [self[name] for name in ("name", "time_zone", "unit_month_threshold", "unit_share_percent")]


class PersonalSettingsForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    email_reminders = forms.BooleanField(
        label=_("Send me reminders of work due and a daily list of overdue work"), required=False
    )
