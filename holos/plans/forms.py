from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.core.indicators import parse_indicator
from holos.core.periods import parse_month, period_columns
from holos.core.schedule import Schedule, parse_schedule
from holos.plans.models import EngagementLevel, Goal, Plan


def split_names(text: str) -> list[str]:
    """Names typed one per line or separated by commas."""
    names = []
    for line in (text or "").replace(";", "\n").splitlines():
        for part in line.split(","):
            part = " ".join(part.split())
            if part:
                names.append(part)
    return names


def _month_field(label):
    return forms.CharField(
        label=label, required=False, max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "2025-01", "pattern": r"\d{4}-\d{2}", "inputmode": "numeric"}),
    )


class PlanForm(forms.ModelForm):
    period_start = _month_field(_("Period start (YYYY-MM)"))
    period_end = _month_field(_("Period end (YYYY-MM)"))

    class Meta:
        model = Plan
        fields = ["title", "organization_name", "kind", "granularity", "period_start", "period_end", "approval",
                  "language"]
        widgets = {"title": forms.TextInput(attrs={"size": 60})}

    def clean_period_start(self):
        return self._clean_month("period_start")

    def clean_period_end(self):
        return self._clean_month("period_end")

    def _clean_month(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        if value and parse_month(value) is None:
            raise forms.ValidationError(_("Write the month as YYYY-MM, for example 2025-03."))
        return value

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))
    key_message = forms.CharField(label=_("Key message"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 2}))
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none(), required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            goal_field = self.fields["goal"]
            assert isinstance(goal_field, forms.ModelChoiceField)
            goal_field.queryset = plan.goals.all()
        else:
            del self.fields["goal"]


RESOURCE_CHOICES = [("", _("not stated")), ("no", _("not needed")), ("yes", _("needed"))]


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), widget=forms.Textarea(attrs={"rows": 2}))
    audiences = forms.CharField(
        label=_("Target audiences"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separate with commas or put one per line."),
    )
    channels = forms.CharField(
        label=_("Channels"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separate with commas or put one per line."),
    )
    responsible = forms.CharField(
        label=_("Responsible units"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separate with commas or put one per line."),
    )
    result = forms.CharField(label=_("Planned result"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    resources_needed = forms.ChoiceField(label=_("Resources"), choices=RESOURCE_CHOICES, required=False)
    resources_text = forms.CharField(label=_("Resources, in words"), required=False, max_length=500)
    schedule_text = forms.CharField(
        label=_("When, in words"), required=False, max_length=500,
        help_text=_("For example: monthly, 2 weeks before the event, as needed."),
    )
    months = forms.MultipleChoiceField(
        label=_("Months marked"), required=False, widget=forms.CheckboxSelectMultiple
    )
    level = forms.ChoiceField(
        label=_("Level of involvement"), required=False,
        help_text=_("Left empty, Holos guesses it from the activity's words."),
    )
    indicators = forms.CharField(
        label=_("Indicators"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line; write __ where the number is still to be set."),
    )

    def __init__(self, *args, plan, column_labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        columns = period_columns(plan.period_start, plan.period_end, plan.granularity)
        labels = column_labels or {}
        months_field = self.fields["months"]
        assert isinstance(months_field, forms.ChoiceField)
        months_field.choices = [(c, labels.get(c, c)) for c in columns]
        if plan.granularity == "quarter":
            months_field.label = _("Quarters marked")
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.choices = [("", _("guess from the words")), *EngagementLevel.choices]

    @classmethod
    def initial_for(cls, activity) -> dict:
        schedule = activity.get_schedule()
        return {
            "title": activity.title,
            "audiences": ", ".join(a.name for a in activity.audience_list),
            "channels": ", ".join(c.name for c in activity.channel_list),
            "responsible": ", ".join(u.name for u in activity.unit_list),
            "result": activity.result,
            "resources_needed": {None: "", True: "yes", False: "no"}[activity.resources_needed],
            "resources_text": activity.resources_text,
            "schedule_text": "" if schedule.kind == "slots" and set(schedule.text) <= set("xX+✓ ") else schedule.text,
            "months": schedule.slots,
            "indicators": "\n".join(i.text for i in activity.indicator_list),
            "level": activity.level,
        }

    def activity_data(self) -> dict:
        data = self.cleaned_data
        months = list(data.get("months") or [])
        text = (data.get("schedule_text") or "").strip()
        if months:
            schedule = Schedule(text=text or " ".join("x" for _ in months), kind="slots", slots=months)
        elif text:
            schedule = parse_schedule(text, period_start=self.plan.period_start or None,
                                      period_end=self.plan.period_end or None)
        else:
            schedule = Schedule()
        indicators = []
        for line in (data.get("indicators") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            indicators.append(parse_indicator(line))
        return {
            "title": data["title"].strip(),
            "audiences": split_names(data.get("audiences", "")),
            "channels": split_names(data.get("channels", "")),
            "responsible": split_names(data.get("responsible", "")),
            "result": data.get("result", "").strip(),
            "resources_needed": {"": None, "yes": True, "no": False}[data.get("resources_needed") or ""],
            "resources_text": data.get("resources_text", "").strip(),
            "schedule": schedule,
            "indicators": indicators,
            "level": data.get("level") or "",
        }


class CatalogueEntryForm(forms.Form):
    """A catalogue entry's name: a new entry's, or a new name of ``entry``; taken names are refused.

    ``name`` comes out with its spaces tidied, as the catalogue keeps it.
    """

    name = forms.CharField(label=_("Name"), max_length=300)

    def __init__(self, *args, model: Any, organization: Any, entry: Any = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.model, self.organization, self.entry = model, organization, entry

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = self.model.objects.filter(organization=self.organization, name=name)
        if self.entry is not None:
            if taken.exclude(pk=self.entry.pk).exists():
                raise forms.ValidationError(_("This name is already in the catalogue; merge the two instead."))
        elif taken.exists():
            raise forms.ValidationError(_("This name is already in the catalogue."))
        return name


class MergeForm(forms.Form):
    """Entries to merge into one; ``keep`` comes out as the entry kept, ``merge`` as the entries merged into it."""

    keep = forms.ChoiceField(label=_("Keep this name"))
    merge = forms.MultipleChoiceField(label=_("Merge these into it"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {str(e.pk): e for e in entries}
        choices = [(str(e.pk), e.name) for e in entries]
        keep_field = self.fields["keep"]
        assert isinstance(keep_field, forms.ChoiceField)
        keep_field.choices = choices
        merge_field = self.fields["merge"]
        assert isinstance(merge_field, forms.ChoiceField)
        merge_field.choices = choices

    def clean(self):
        super().clean()
        data = self.cleaned_data
        keep, merge = data.get("keep"), data.get("merge") or []
        if keep and keep in merge:
            merge = [m for m in merge if m != keep]
            data["merge"] = merge
        if keep and not merge:
            raise forms.ValidationError(_("Choose at least one other entry to merge."))
        if keep:
            data["keep"] = self.entries[keep]
            data["merge"] = [self.entries[pk] for pk in merge]
        return data


class SlotForm(forms.Form):
    """One month or quarter of the plan's period, clicked in the grid."""

    slot = forms.ChoiceField()

    def __init__(self, *args, columns: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        outside = _("This month is outside the plan's period.")
        field = self.fields["slot"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(column, column) for column in columns]
        field.error_messages = {"required": outside, "invalid_choice": outside}
