from django import forms
from django.utils.translation import gettext_lazy as _

from holos.plans.forms import split_names
from holos.programmes.actions import ITEM_FIELDS
from holos.programmes.models import Aggregate, ProgrammeRole


class InviteOrganizationForm(forms.Form):
    organization = forms.SlugField(label=_("Short name of the organisation"), max_length=60,
                                   help_text=_("As it stands in the organisation's address, e.g. pokrovska."))


class ProgrammeMemberForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=ProgrammeRole.choices, initial=ProgrammeRole.VIEWER)


class DefinitionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    unit = forms.CharField(label=_("Unit of measure"), max_length=100, required=False)
    aggregate = forms.ChoiceField(label=_("Across organisations"), choices=Aggregate.choices, initial=Aggregate.SUM)


class TemplateForm(forms.Form):
    """A new template: its title, what it is for, and the plan document it is read from."""

    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(
        label=_("Plan document"), required=False,
        help_text=_("A plan as DOCX, XLSX, ODT, ODS, CSV or text: its first plan becomes the template."),
    )
    text = forms.CharField(label=_("Or paste the plan's table"), required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))

    def clean(self):
        data = super().clean()
        data = data if data is not None else {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a document or paste the plan's table."))
        return data


class TemplateIndicatorForm(forms.Form):
    index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    definition = forms.TypedChoiceField(label=_("Counted into"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, definitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["definition"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("no programme indicator"))] + [(d.pk, d.name) for d in definitions]


class SharedPlansForm(forms.Form):
    plans = forms.TypedMultipleChoiceField(label=_("Plans the programme may see"), coerce=int, required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["plans"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(plan.pk, plan.title) for plan in plans]


class StartFromTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=500)


# What a template's goal, task and activity are called on the form that edits them.
ITEM_TITLES = {"goal": _("Goal"), "task": _("Task"), "activity": _("Activity")}
NAME_LISTS = ("audiences", "channels", "responsible")


def _names_field(label):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Separate with commas or put one per line."))


class TemplateItemForm(forms.Form):
    """A goal, task or typical activity of a template's plan, edited where it stands: only its kind's fields."""

    title = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    key_message = forms.CharField(label=_("Key message"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    audiences = _names_field(_("Target audiences"))
    channels = _names_field(_("Channels"))
    responsible = _names_field(_("Responsible units"))
    result = forms.CharField(label=_("Planned result"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in list(self.fields):
            if name not in ITEM_FIELDS[kind]:
                del self.fields[name]
        self.fields["title"].label = ITEM_TITLES[kind]

    @staticmethod
    def initial_for(kind: str, item: dict) -> dict:
        initial = {}
        for name in ITEM_FIELDS[kind]:
            value = item.get(name) or ""
            initial[name] = ", ".join(value) if isinstance(value, list) else str(value)
        return initial

    def item_data(self) -> dict:
        return {name: split_names(value) if name in NAME_LISTS else value
                for name, value in self.cleaned_data.items()}
