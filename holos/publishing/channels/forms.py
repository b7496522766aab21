"""The form every channel starts from: its name, language, the plans' channels it is, and its secret.

A kind adds the fields of its own settings and says which of them are kept (``config``).
The secret field is never filled in from what is saved: left empty when editing, the
saved secret stays; typed in, it replaces it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.pages import IdsChoiceField
from holos.plans.models import Channel as PlanChannel
from holos.publishing.models import TEXT_LANGUAGES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LANGUAGE_NAMES = {"uk": _("Ukrainian"), "en": _("English"), "cs": _("Czech")}


class ChannelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    language = forms.ChoiceField(label=_("Language of posts here"), required=False)
    catalogue_channels = IdsChoiceField(
        label=_("Channels of the plans"), queryset=PlanChannel.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Posts written from work on these channels go here."))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    # The fields of the kind's own settings, kept in the channel's config.
    config_fields: tuple[str, ...] = ()
    # The label of the secret; a kind without a secret leaves it empty.
    secret_label: StrOrPromise = ""
    secret_help: StrOrPromise = ""
    # A secret typed in plain view (a signing key the receiver must be given), not a password.
    secret_visible = False

    def __init__(self, *args, organization, languages, channel=None, **kwargs):
        self.channel = channel
        super().__init__(*args, **kwargs)
        language_field = self.fields["language"]
        assert isinstance(language_field, forms.ChoiceField)
        language_field.choices = [(code, LANGUAGE_NAMES[code]) for code in TEXT_LANGUAGES
                                           if code in languages] or [(TEXT_LANGUAGES[0], LANGUAGE_NAMES["uk"])]
        catalogue_channels_field = self.fields["catalogue_channels"]
        assert isinstance(catalogue_channels_field, forms.ModelChoiceField)
        catalogue_channels_field.queryset = PlanChannel.objects.filter(organization=organization)
        if self.secret_label:
            editing = channel is not None and channel.has_secret
            widget = forms.TextInput(attrs={"autocomplete": "off"}) if self.secret_visible else \
                forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
            help_text = _("Saved and hidden. Type a new one only to replace it.") if editing else self.secret_help
            self.fields["secret"] = forms.CharField(label=self.secret_label, required=not editing, widget=widget,
                                                    help_text=help_text, strip=True, max_length=500)
        if channel is not None and not self.is_bound:
            self.initial.update({"name": channel.name, "language": channel.language, "active": channel.active,
                                 "catalogue_channels": list(channel.catalogue_channels.all())})
            self.initial.update({name: channel.config.get(name, "") for name in self.config_fields})

    def config(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.config_fields}

    def secret(self) -> str:
        return (self.cleaned_data.get("secret") or "").strip()
