"""Forms of the survey builder (staff) and the survey itself (the public)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.plans.models import Activity, Indicator
from holos.surveys.models import (
    CHOICE_KINDS,
    METRIC_KINDS,
    SCALE_POINTS,
    TEXT_LANGUAGES,
    AnswerRow,
    Metric,
    Question,
    QuestionKind,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Labels of the fields that hold one text per language, as whole sentences to translate.
TITLE_LABELS = {"uk": _("Title in Ukrainian"), "en": _("Title in English"), "cs": _("Title in Czech")}
DESCRIPTION_LABELS = {
    "uk": _("Introduction in Ukrainian"), "en": _("Introduction in English"), "cs": _("Introduction in Czech"),
}
QUESTION_LABELS = {"uk": _("Question in Ukrainian"), "en": _("Question in English"), "cs": _("Question in Czech")}
HELP_LABELS = {
    "uk": _("Explanation in Ukrainian"), "en": _("Explanation in English"), "cs": _("Explanation in Czech"),
}
CHOICES_LABELS = {"uk": _("Options in Ukrainian"), "en": _("Options in English"), "cs": _("Options in Czech")}
NOTE_LABELS = {
    "uk": _("What we heard and what we do, in Ukrainian"),
    "en": _("What we heard and what we do, in English"),
    "cs": _("What we heard and what we do, in Czech"),
}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _add_language_fields(form: forms.Form, prefix: str, labels: dict, *, required_first: bool = False,
                         textarea: bool = False, max_length: int = 500, help_text: StrOrPromise = "") -> None:
    for language in TEXT_LANGUAGES:
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        form.fields[f"{prefix}_{language}"] = forms.CharField(
            label=labels[language], required=required_first and language == TEXT_LANGUAGES[0],
            max_length=max_length, widget=widget, help_text=help_text if language == TEXT_LANGUAGES[0] else "",
        )


def _texts(data: dict, prefix: str) -> dict[str, str]:
    texts = {}
    for language in TEXT_LANGUAGES:
        value = (data.get(f"{prefix}_{language}") or "").strip()
        if value:
            texts[language] = value
    return texts


def _initial_texts(prefix: str, texts: dict | None) -> dict[str, str]:
    return {f"{prefix}_{language}": (texts or {}).get(language, "") for language in TEXT_LANGUAGES}


class SurveyForm(forms.Form):
    """The survey's texts, dates, activity and whether it asks for codes."""

    opens_at = forms.DateTimeField(
        label=_("Opens"), required=False, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=_("Left empty, the survey stays a draft that nobody can answer."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), required=False, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=_("Left empty, the survey stays open until you close it."),
    )
    activity = forms.ModelChoiceField(label=_("Activity of a plan"), queryset=Activity.objects.none(), required=False)
    invitation_only = forms.BooleanField(
        label=_("Only with an invitation code"), required=False,
        help_text=_("Each person gets a code that can be used for one response."),
    )
    one_per_browser = forms.BooleanField(
        label=_("One response per browser"), required=False,
        help_text=_("A browser that has answered is not counted again (it keeps a signed cookie); the limit per "
                    "address stays as well."),
    )

    def __init__(self, *args, organization, survey=None, **kwargs):
        if survey is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **_initial_texts("title", survey.title), **_initial_texts("description", survey.description),
                "opens_at": survey.opens_at, "closes_at": survey.closes_at, "activity": survey.activity_id,
                "invitation_only": survey.invitation_only, "one_per_browser": survey.one_per_browser,
            }
        super().__init__(*args, **kwargs)
        texts = forms.Form()
        _add_language_fields(texts, "title", TITLE_LABELS, required_first=True, max_length=300)
        _add_language_fields(texts, "description", DESCRIPTION_LABELS, textarea=True, max_length=3000)
        # The texts first, in the order of the languages; then dates and links.
        self.fields = {**texts.fields, **self.fields}
        activities = Activity.objects.filter(plan__organization=organization).select_related("plan").order_by(
            "plan__title", "plan_id", "task__goal__position", "task__position", "position", "id")
        activity_field = self.fields["activity"]
        assert isinstance(activity_field, forms.ModelChoiceField)
        activity_field.queryset = activities
        activity_field.choices = activity_choices(activities)
        activity_field.widget.attrs["data-searchable"] = _("Find in the list")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": _texts(data, "title"), "description": _texts(data, "description"),
            "opens_at": data["opens_at"], "closes_at": data["closes_at"], "activity": data["activity"],
            "invitation_only": data["invitation_only"], "one_per_browser": data["one_per_browser"],
        }


class QuestionForm(forms.Form):
    """A question: its kind, texts per language and, for choices, one option per line."""

    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def __init__(self, *args, question: Question | None = None, **kwargs):
        self.question = question
        self.answered = bool(question is not None and question.pk and question.answers.exists())
        if question is not None and "initial" not in kwargs:
            choices = list(question.choices.all())
            kwargs["initial"] = {
                "kind": question.kind, "required": question.required,
                **_initial_texts("text", question.text), **_initial_texts("help", question.help),
                **{f"choices_{lang}": "\n".join(c.text.get(lang, "") for c in choices).strip("\n")
                   if any(c.text.get(lang) for c in choices) else "" for lang in TEXT_LANGUAGES},
            }
        super().__init__(*args, **kwargs)
        extra = forms.Form()
        _add_language_fields(extra, "text", QUESTION_LABELS, required_first=True, max_length=500)
        _add_language_fields(extra, "help", HELP_LABELS, max_length=500)
        _add_language_fields(extra, "choices", CHOICES_LABELS, textarea=True, max_length=5000,
                             help_text=_("For choices: one option per line, in the same order in every language."))
        required = self.fields.pop("required")
        self.fields = {**self.fields, **extra.fields, "required": required}
        if self.answered:
            self.fields["kind"].help_text = _("The question has answers: its kind can no longer change.")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if self.answered and self.question and kind and kind != self.question.kind:
            self.add_error("kind", _("The question has answers: its kind can no longer change."))
        if kind not in CHOICE_KINDS:
            data["choices"] = []
            return data
        lines = {lang: [line.strip() for line in (data.get(f"choices_{lang}") or "").splitlines() if line.strip()]
                 for lang in TEXT_LANGUAGES}
        first = lines[TEXT_LANGUAGES[0]]
        if len(first) < 2:
            self.add_error(f"choices_{TEXT_LANGUAGES[0]}", _("Give at least two options, one per line."))
        for lang in TEXT_LANGUAGES[1:]:
            if lines[lang] and len(lines[lang]) != len(first):
                self.add_error(f"choices_{lang}", _("Give as many options as in Ukrainian, in the same order."))
        if self.answered and self.question and kind == self.question.kind and \
                len(first) < self.question.choices.count():
            self.add_error(f"choices_{TEXT_LANGUAGES[0]}",
                           _("The question has answers: options can be renamed or added, not removed."))
        data["choices"] = [
            {lang: lines[lang][i] for lang in TEXT_LANGUAGES if i < len(lines[lang])} for i in range(len(first))
        ]
        return data

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["kind"], "required": data["required"], "text": _texts(data, "text"),
                "help": _texts(data, "help"), "choices": data["choices"]}


class CodesForm(forms.Form):
    people = forms.CharField(
        label=_("People to invite"), required=False, max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: a name, an email or an address — whatever helps you hand the code out."),
    )
    count = forms.IntegerField(label=_("Or this many codes without names"), required=False, min_value=1,
                               max_value=10_000)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        people = [line.strip() for line in (data.get("people") or "").splitlines() if line.strip()]
        if len(people) > 10_000:
            self.add_error("people", _("At most 10,000 codes at once."))
        if not people and not data.get("count"):
            raise forms.ValidationError(_("Name the people or give a number of codes."))
        data["labels"] = people or [""] * data["count"]
        return data


def _plan_labels(plans) -> dict:
    from holos.plans.labels import plan_label, told_apart

    plans = {plan.pk: plan for plan in plans}
    apart = told_apart(plans.values())
    return {pk: plan_label(plan, apart) for pk, plan in plans.items()}


def activity_choices(activities) -> list:
    """Activities grouped by plan, each plan named with what tells it from a plan of the same title."""
    activities = list(activities)
    labels = _plan_labels(activity.plan for activity in activities)
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for activity in activities:
        plan = activity.plan
        if plan.pk not in groups:
            groups[plan.pk] = (labels[plan.pk], [])
        groups[plan.pk][1].append((activity.pk, activity.title[:120]))
    return [("", "—"), *[(label, items) for label, items in groups.values()]]


def indicator_choices(indicators) -> list:
    """Indicators grouped by plan, each as its activity and its text."""
    indicators = list(indicators)
    labels = _plan_labels(indicator.activity.plan for indicator in indicators)
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for indicator in indicators:
        plan = indicator.activity.plan
        if plan.pk not in groups:
            groups[plan.pk] = (labels[plan.pk], [])
        groups[plan.pk][1].append((indicator.pk, f"{indicator.activity.title[:80]} — {indicator.text[:100]}"))
    return [("", "—"), *[(label, items) for label, items in groups.values()]]


class QuestionChoiceField(forms.ModelChoiceField):
    """Questions of a survey, each named by its text in the reader's language."""

    def label_from_instance(self, obj) -> str:
        return str(obj.text_shown)[:120]


class IndicatorLinkForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    metric = forms.ChoiceField(label=_("Its value"), choices=Metric.choices)
    question = QuestionChoiceField(
        label=_("Question"), queryset=Question.objects.none(), required=False,
        help_text=_("For shares and averages: the question they are computed from."),
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(activity__plan__organization=survey.organization)
        if survey.activity_id:
            indicators = indicators.filter(activity__plan_id=survey.activity.plan_id)
        indicators = indicators.select_related("activity__plan").order_by(
            "activity__plan__title", "activity__plan_id", "activity__position", "activity_id", "position", "id")
        indicator_field = self.fields["indicator"]
        assert isinstance(indicator_field, forms.ModelChoiceField)
        indicator_field.queryset = indicators
        indicator_field.choices = indicator_choices(indicators)
        indicator_field.widget.attrs["data-searchable"] = _("Find in the list")
        question_field = self.fields["question"]
        assert isinstance(question_field, forms.ModelChoiceField)
        question_field.queryset = survey.questions.exclude(
            kind__in=[QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT, *CHOICE_KINDS])

    def clean(self):
        super().clean()
        data = self.cleaned_data
        metric, question = data.get("metric"), data.get("question")
        kinds = METRIC_KINDS.get(metric, ()) if metric else ()
        if kinds and (question is None or question.kind not in kinds):
            self.add_error("question", _("Choose a question of the kind this value is computed from."))
        if not kinds:
            data["question"] = None
        return data


class PublishForm(forms.Form):
    def __init__(self, *args, survey, **kwargs):
        kwargs.setdefault("initial", _initial_texts("note", survey.results_note))
        super().__init__(*args, **kwargs)
        _add_language_fields(self, "note", NOTE_LABELS, textarea=True, max_length=10_000)

    def note(self) -> dict[str, str]:
        return _texts(self.cleaned_data, "note")


class DateFilterForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=_("Containing"), required=False, max_length=200)

    def value(self, name):
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name) or None


# The public form

# Kinds answered by ticking options: asked in a fieldset whose legend is the question.
GROUPED_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.YES_NO)


@dataclass
class QuestionItem:
    question: Question
    field: forms.BoundField
    grouped: bool
    describedby: str
    anchor: str


class ResponseForm(forms.Form):
    """The survey's questions as fields named ``q<id>``; ``answers()`` gives the rows to store."""

    def __init__(self, *args, questions, fields: dict[str, forms.Field] | None = None, **kwargs):
        """``fields`` are those ``build_fields`` made for these questions, when kept from an earlier form.

        Kept fields are shared, not copied: this form only reads them, and the public
        survey builds them once per version of the survey and language.
        """
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields = dict(fields) if fields is not None else self.build_fields(self.questions)

    @classmethod
    def build_fields(cls, questions) -> dict[str, forms.Field]:
        """A field per question, in the active language."""
        return {question.field_name: cls._field(question) for question in questions}

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common: dict[str, Any] = {"label": question.text_shown, "required": question.required,
                                  "help_text": question.help_shown}
        kind = question.kind
        if kind == QuestionKind.SINGLE:
            return forms.ChoiceField(choices=[(str(c.pk), c.text_shown) for c in question.choices.all()],
                                     widget=forms.RadioSelect, **common)
        if kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(choices=[(str(c.pk), c.text_shown) for c in question.choices.all()],
                                             widget=forms.CheckboxSelectMultiple, **common)
        if kind == QuestionKind.SCALE:
            return forms.TypedChoiceField(choices=[(str(n), str(n)) for n in SCALE_POINTS], coerce=int,
                                          empty_value=None, widget=forms.RadioSelect, **common)
        if kind == QuestionKind.YES_NO:
            return forms.TypedChoiceField(choices=[("1", _("Yes")), ("0", _("No"))], coerce=int, empty_value=None,
                                          widget=forms.RadioSelect, **common)
        if kind == QuestionKind.NUMBER:
            return forms.FloatField(localize=True, min_value=-1e12, max_value=1e12,
                                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                                    **common)
        if kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(max_length=300, **common)
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), **common)

    def items(self) -> list[QuestionItem]:
        """Each question with its bound field and what the template needs to label it."""
        items = []
        for question in self.questions:
            field = self[question.field_name]
            grouped = question.kind in GROUPED_KINDS
            described = []
            if grouped and question.help_shown:
                described.append(f"{field.auto_id}_helptext")
            if question.kind == QuestionKind.SCALE:
                described.append(f"{field.auto_id}_scale")
            if grouped and field.errors:
                described.append(f"{field.auto_id}_error")
            items.append(QuestionItem(question=question, field=field, grouped=grouped, describedby=" ".join(described),
                                      anchor=f"{field.auto_id}_0" if grouped else field.auto_id))
        return items

    def answers(self) -> list[AnswerRow]:
        return _answer_rows(self.questions, self.cleaned_data)

    @staticmethod
    def answers_of(data, *, questions, fields: dict[str, forms.Field]) -> list[AnswerRow] | None:
        """The answers of a submission whose every field is valid; None when one is not.

        The same checks as ``is_valid()``, each field's own ``clean`` of the value its widget
        reads, without building the form and its bound fields: a public survey takes hundreds
        of submissions a second, nearly all of them valid. On None, the form is built to say
        what is wrong. (The form has no checks beyond its fields': were ``clean`` added, this
        would have to call it too.)
        """
        cleaned = {}
        for name, field in fields.items():
            try:
                cleaned[name] = field.clean(field.widget.value_from_datadict(data, None, name))
            except forms.ValidationError:
                return None
        return _answer_rows(questions, cleaned)


def _answer_rows(questions, cleaned: dict[str, Any]) -> list[AnswerRow]:
    """The rows to store for the cleaned values of a response's fields."""
    rows: list[AnswerRow] = []
    for question in questions:
        value = cleaned.get(question.field_name)
        if value in (None, "", []):
            continue
        if question.kind == QuestionKind.SINGLE:
            rows.append(AnswerRow(question.pk, choice_id=int(value)))
        elif question.kind == QuestionKind.MULTIPLE:
            rows.extend(AnswerRow(question.pk, choice_id=int(v)) for v in dict.fromkeys(value))
        elif question.kind in (QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.NUMBER):
            rows.append(AnswerRow(question.pk, number=float(value)))
        else:
            rows.append(AnswerRow(question.pk, text=value.strip()))
    return rows
