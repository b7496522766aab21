"""Forms of the suggestion box: the public form, a logged call, and the handling of a message."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from holos.suggestions.models import (
    MAX_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
    Category,
    Status,
)

if TYPE_CHECKING:
    from holos.plans.models import Unit

TEXT_MAX = 5000
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{5,30}$")


def clean_phone(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if not _PHONE.match(value) or not 7 <= len(digits) <= 15:
        raise forms.ValidationError(_("Enter a phone number, for example +380 44 123 45 67."))
    return value


def describe_errors(form: forms.Form) -> None:
    """Point each invalid field at its error text, for screen readers."""
    for name, field in form.fields.items():
        if name in form.errors:
            bound = form[name]
            ids = [f"{bound.auto_id}_error"]
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(ids)


class ContactFields(forms.Form):
    """A name and a contact, kept only with consent; the consent states how long."""

    name = forms.CharField(label=_("Your name"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email"), required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}))
    consent = forms.BooleanField(required=False)

    consent_message = _("Tick the box to let us keep your name and contact, or leave them empty.")
    name_label = _("Your name")

    def __init__(self, *args, retention_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.retention_days = retention_days
        self.fields["name"].label = self.name_label
        self.fields["consent"].label = self.consent_label(retention_days)

    @staticmethod
    def consent_label(days: int) -> str:
        return ngettext_lazy(
            "I agree that my name and contact are kept to answer me, and erased %(days)s day after the message "
            "arrives.",
            "I agree that my name and contact are kept to answer me, and erased %(days)s days after the message "
            "arrives.",
            days,
        ) % {"days": days}

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        given = any((data.get(name) or "").strip() for name in ("name", "email", "phone"))
        if given and not data.get("consent"):
            self.add_error("consent", self.consent_message)
        return data


class PublicMessageForm(ContactFields):
    """What a resident fills in. The honeypot and the timestamp are checked by the view."""

    category = forms.ChoiceField(label=_("What would you like to send?"), choices=Category.choices,
                                 widget=forms.RadioSelect)
    text = forms.CharField(label=_("Your message"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Up to 5000 characters. Please do not write personal details of other people."))

    field_order = ["category", "text", "name", "email", "phone", "consent"]


class CallForm(ContactFields):
    """A hotline call, logged by staff."""

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    received_at = forms.DateTimeField(label=_("Date and time of the call"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                 format="%Y-%m-%dT%H:%M"))
    text = forms.CharField(label=_("What the caller said"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 6}))

    consent_message = _("Keep a name or contact only if the caller agreed; otherwise leave them empty.")
    name_label = _("Caller's name")
    field_order = ["received_at", "category", "text", "name", "email", "phone", "consent"]

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The call cannot be in the future."))
        return received_at

    @staticmethod
    def consent_label(days: int) -> str:
        return ngettext_lazy(
            "The caller agreed that their name and contact are kept to answer them, and erased %(days)s day later.",
            "The caller agreed that their name and contact are kept to answer them, and erased %(days)s days later.",
            days,
        ) % {"days": days}


class HandlingForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False,
                                                                empty_label=_("not assigned"))

    def __init__(self, *args, units, has_answer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        self.has_answer = has_answer

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Status.ANSWERED and not self.has_answer:
            raise forms.ValidationError(_("Write the answer first; saving it marks the message answered."))
        return status


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Seen only by members of the organisation."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("What was done or decided. It can be published without the sender's name."))
    mail = forms.BooleanField(label=_("Send the answer to the sender's email address"), required=False,
                              initial=True,
                              help_text=_("The sender left the address to be answered; it is not shown to you."))

    def __init__(self, *args, mail: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not mail:
            del self.fields["mail"]


class PublishForm(forms.Form):
    public_text = forms.CharField(
        label=_("The message as it will be published"), max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Remove names, addresses, phone numbers and anything else that identifies a person."),
    )


class EraseForm(forms.Form):
    erase_text = forms.BooleanField(
        label=_("Also erase the text of the message"), required=False,
        help_text=_("For a request to erase everything. The answer and what was published stay."),
    )


class InboxSettingsForm(forms.Form):
    accepting = forms.BooleanField(label=_("Accept messages on the public form"), required=False)
    retention_days = forms.IntegerField(
        label=_("Keep names and contacts for this many days"), min_value=MIN_RETENTION_DAYS,
        max_value=MAX_RETENTION_DAYS,
        help_text=_("Counted from the day a message arrives. Residents see this period on the form. "
                    "A shorter period also applies to messages already received."),
    )


class InboxFilterForm(forms.Form):
    """The inbox's filter. Values come from the query or the session, so bad ones are ignored."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all"))] + Status.choices)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("all"))] + Category.choices)
    unit = forms.ChoiceField(label=_("Unit"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [("", _("all")), ("none", _("not assigned"))] + [
            (str(u.pk), u.name) for u in units
        ]
