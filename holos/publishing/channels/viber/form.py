"""Connecting a Viber channel: the channel's token and the administrator it posts as."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.publishing.channels.forms import ChannelForm

SENDER = re.compile(r"^[A-Za-z0-9+/=_-]{4,100}$")


class Form(ChannelForm):
    sender_id = forms.CharField(
        label=_("Administrator's Viber ID"), max_length=100,
        help_text=_("Posts appear as written by this administrator of the channel (the superadmin's ID from "
                    "the channel's account information)."))
    public_link = forms.URLField(label=_("Public link of the channel"), required=False, max_length=500,
                                 assume_scheme="https")
    config_fields = ("sender_id", "public_link")
    secret_label = _("Channel token")
    secret_help = _("In Viber: the channel's settings, For developers, the token.")

    def clean_sender_id(self):
        value = self.cleaned_data["sender_id"].strip()
        if not SENDER.match(value):
            raise forms.ValidationError(_("This does not look like a Viber ID."))
        return value


def target(config: dict) -> str:
    return str(config.get("public_link") or config.get("sender_id", ""))
