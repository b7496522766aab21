"""Forms of the community profile, the builder's steps and the organisation's own templates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.builder.models import Measure
from holos.core import document as doc
from holos.core.checks import GROUP_LABELS, GROUPS
from holos.core.draft import DraftActivity
from holos.core.periods import parse_month
from holos.core.schedule import parse_schedule
from holos.plans.models import EngagementLevel, Granularity, PlanKind
from holos.work.forms import MAX_COUNT

PLAN_LANGUAGES = [("uk", _("Ukrainian")), ("cs", _("Czech")), ("en", _("English"))]


def lines(text: str) -> list[str]:
    """Names one per line (a name may hold a comma: "Stands in the centre, the library and the school")."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def comma_list(text: str) -> list[str]:
    return [" ".join(part.split()) for part in (text or "").replace("\n", ",").split(",") if part.strip()]


# Profile


class ProfileForm(forms.Form):
    population = forms.IntegerField(label=_("Population"), required=False, min_value=0, max_value=MAX_COUNT)
    population_as_of = forms.DateField(label=_("As of"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    languages = forms.CharField(label=_("Languages spoken"), required=False, max_length=500,
                                help_text=_("Separate with commas: Ukrainian, Crimean Tatar, English."))

    def clean_languages(self):
        return comma_list(self.cleaned_data.get("languages", ""))


class ProfileAudienceForm(forms.Form):
    name = forms.CharField(label=_("Group of the population"), max_length=300,
                           help_text=_("Name it as people say it: older people, residents of the village of Ivanivka."))
    size = forms.IntegerField(label=_("Number of people"), required=False, min_value=0, max_value=MAX_COUNT)
    size_as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("What to know about them"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ProfileAudienceEditForm(ProfileAudienceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["name"]


class ProfileChannelForm(forms.Form):
    name = forms.CharField(label=_("Channel"), max_length=300,
                           help_text=_("For example: Viber group of the community, newspaper “Visnyk”, stands in the "
                                       "starosta offices."))
    measure = forms.ChoiceField(label=_("Counted as"), choices=Measure.choices)
    figure = forms.IntegerField(label=_("Reach"), required=False, min_value=0, max_value=MAX_COUNT)
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("figure") is not None and not data.get("as_of"):
            self.add_error("as_of", _("Say on which date the figure was true, so that it can be updated later."))
        return data


class ReachForm(forms.Form):
    measure = forms.ChoiceField(label=_("Counted as"), choices=Measure.choices)
    figure = forms.IntegerField(label=_("Reach"), min_value=0, max_value=MAX_COUNT)
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))


# Builder steps


def _month_field(label):
    return forms.CharField(
        label=label, max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "2025-01", "pattern": r"\d{4}-\d{2}", "inputmode": "numeric"}),
    )


class BasicsForm(forms.Form):
    title = forms.CharField(label=_("Title of the plan"), max_length=500,
                            widget=forms.TextInput(attrs={"size": 60}))
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What should change in the community when the plan is done?"))
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=PlanKind.choices)
    language = forms.ChoiceField(label=_("Language of the plan"), choices=PLAN_LANGUAGES,
                                 help_text=_("Proposals and the message helper use this language."))
    start = _month_field(_("Period start (YYYY-MM)"))
    end = _month_field(_("Period end (YYYY-MM)"))
    granularity = forms.ChoiceField(label=_("Plan by"), choices=Granularity.choices)

    def _month(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        if parse_month(value) is None:
            raise forms.ValidationError(_("Write the month as YYYY-MM, for example 2025-03."))
        return value

    def clean_start(self):
        return self._month("start")

    def clean_end(self):
        return self._month("end")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The period ends before it starts."))
        return data


class AudienceChoiceForm(forms.Form):
    chosen = forms.BooleanField(required=False)
    name = forms.CharField(widget=forms.HiddenInput, max_length=300)
    needs = forms.CharField(label=_("What they need to know"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))


class NewAudienceForm(forms.Form):
    name = forms.CharField(label=_("Another audience"), required=False, max_length=300)
    needs = forms.CharField(label=_("What they need to know"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    key_message = forms.CharField(label=_("Key message"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("One sentence people should remember, with one call to action."))
    audiences = forms.MultipleChoiceField(label=_("Audiences of the goal"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    remove = forms.BooleanField(label=_("Remove this goal"), required=False)

    def __init__(self, *args, audiences=(), **kwargs):
        super().__init__(*args, **kwargs)
        audiences_field = self.fields["audiences"]
        assert isinstance(audiences_field, forms.ChoiceField)
        audiences_field.choices = [(name, name) for name in audiences]
        audiences_field.help_text = _("None ticked: the goal addresses all of them.")


class ActivityShapeForm(forms.Form):
    """What a proposal and a template both say of an activity: channels, unit, result, indicator, schedule."""

    channels = forms.CharField(label=_("Channels"), widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("One per line."))
    responsible = forms.CharField(label=_("Responsible unit"), max_length=300)
    result = forms.CharField(label=_("Planned result"), widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    target = forms.FloatField(label=_("Target"), min_value=0)
    unit = forms.CharField(label=_("Unit of measure"), max_length=100, required=False)
    schedule = forms.CharField(label=_("When, in words"), max_length=300,
                               help_text=_("For example: monthly, quarterly, 05/2025, as needed."))


class ProposalForm(ActivityShapeForm):
    """A proposed activity as the person edits it before taking it."""

    take = forms.BooleanField(label=_("Take this activity"), required=False)
    title = forms.CharField(label=_("Activity"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    audiences = forms.CharField(label=_("Audiences"), widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("One per line."))
    field_order = ["take", "title", "audiences", "channels", "responsible", "result", "indicator", "target", "unit",
                   "schedule"]
    level = forms.ChoiceField(choices=EngagementLevel.choices, widget=forms.HiddenInput)
    template = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    goal = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=MAX_COUNT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = bool(self.data.get(self.add_prefix("take"))) if self.is_bound else False
        if not self.taken:
            # Only a proposal that is taken must be whole; the others are not read.
            for field in self.fields.values():
                field.required = False

    @classmethod
    def initial_for(cls, proposal) -> dict:
        target = proposal.indicator.target
        return {
            "title": proposal.title, "audiences": "\n".join(proposal.audiences),
            "channels": "\n".join(proposal.channels), "responsible": ", ".join(proposal.responsible),
            "result": proposal.result, "indicator": proposal.indicator.text,
            "target": int(target) if isinstance(target, float) and target.is_integer() else target,
            "unit": proposal.indicator.unit, "schedule": proposal.schedule.text, "level": proposal.level,
            "template": proposal.template, "goal": proposal.goal,
        }

    def activity(self, period: doc.Period) -> DraftActivity:
        data = self.cleaned_data
        target = data["target"]
        return DraftActivity(
            title=" ".join(data["title"].split()), audiences=lines(data["audiences"]), channels=lines(data["channels"]),
            responsible=comma_list(data["responsible"]), result=data["result"].strip(),
            indicator=doc.Indicator(text=data["indicator"].strip(),
                                    target=int(target) if float(target).is_integer() else target,
                                    unit=data.get("unit", "").strip()),
            schedule=parse_schedule(data["schedule"], period_start=period.start, period_end=period.end),
            level=data.get("level") or "inform", template=data.get("template") or "",
        )


# Own templates


class TemplateForm(ActivityShapeForm):
    language = forms.ChoiceField(label=_("Language"), choices=PLAN_LANGUAGES)
    title = forms.CharField(label=_("Activity"), max_length=300)
    level = forms.ChoiceField(label=_("Level of involvement"), choices=EngagementLevel.choices)
    groups = forms.MultipleChoiceField(label=_("Audience groups it suits"), widget=forms.CheckboxSelectMultiple,
                                       choices=[(g, _(GROUP_LABELS[g])) for g in GROUPS])
    audience = forms.CharField(label=_("Audience"), max_length=300)
    why = forms.CharField(label=_("Why it works"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["language", "title", "level", "groups", "audience", "channels", "responsible", "result",
                   "indicator", "target", "unit", "schedule", "why"]

    def clean_channels(self):
        channels = lines(self.cleaned_data.get("channels", ""))
        if not channels:
            raise forms.ValidationError(_("Name at least one channel."))
        return channels

    def clean_schedule(self):
        text = self.cleaned_data.get("schedule", "")
        if parse_schedule(text).kind == "unknown":
            raise forms.ValidationError(_("Holos cannot read this as a schedule; write, for example, “monthly”."))
        return text
