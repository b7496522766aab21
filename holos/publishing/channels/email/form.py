"""The newsletter's settings: the sender's name and an address for replies."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.publishing.channels.forms import ChannelForm


class Form(ChannelForm):
    from_name = forms.CharField(label=_("Sender's name"), max_length=100, required=False,
                                help_text=_("Shown as who the newsletter is from; the organisation's name when empty."))
    reply_to = forms.EmailField(label=_("Address for replies"), required=False)
    config_fields = ("from_name", "reply_to")


def target(config: dict) -> str:
    return str(config.get("reply_to", ""))
