"""Connecting a Telegram channel: the channel's @name or number, and the bot's token."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.publishing.channels.forms import ChannelForm

CHAT = re.compile(r"^(@[A-Za-z][A-Za-z0-9_]{3,31}|-?\d{5,20})$")
TOKEN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{20,100}$")


class Form(ChannelForm):
    chat_id = forms.CharField(
        label=_("Channel"), max_length=64,
        help_text=_("The channel's public name with @ (@hromada_news) or its number (-1001234567890). "
                    "Add the bot to the channel as an administrator who may post."))
    config_fields = ("chat_id",)
    secret_label = _("Bot token")
    secret_help = _("The token @BotFather gave the bot, such as 123456:ABC-DEF…")

    def clean_chat_id(self):
        value = self.cleaned_data["chat_id"].strip()
        if not CHAT.match(value):
            raise forms.ValidationError(_("Write the channel as @name or as its number."))
        return value

    def clean_secret(self):
        value = (self.cleaned_data.get("secret") or "").strip()
        if value and not TOKEN.match(value):
            raise forms.ValidationError(_("This does not look like a bot token: digits, a colon, then letters."))
        return value


def target(config: dict) -> str:
    return str(config.get("chat_id", ""))
