"""Connecting a Facebook page: its number and a page access token."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.publishing.channels.forms import ChannelForm

PAGE = re.compile(r"^\d{5,30}$")


class Form(ChannelForm):
    page_id = forms.CharField(label=_("Page ID"), max_length=40,
                              help_text=_("The page's number, from the page's settings (About, Page transparency)."))
    config_fields = ("page_id",)
    secret_label = _("Page access token")
    secret_help = _("A long-lived page token with the pages_manage_posts permission.")

    def clean_page_id(self):
        value = self.cleaned_data["page_id"].strip()
        if not PAGE.match(value):
            raise forms.ValidationError(_("A page ID is a number."))
        return value


def target(config: dict) -> str:
    return f"facebook.com/{config.get('page_id', '')}"
