"""Connecting a webhook: the address that receives each post, and the key its signature is made with."""

from __future__ import annotations

import ipaddress
import secrets
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from holos.publishing.channels.forms import ChannelForm


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Form(ChannelForm):
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https",
                         help_text=_("Each post is sent here as JSON in a POST request."))
    config_fields = ("url",)
    secret_label = _("Signing key")
    secret_help = _("Give this key to the receiver: each request is signed with it (HMAC-SHA256). "
                    "It is not shown again after saving.")
    secret_visible = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "secret" in self.fields and self.fields["secret"].required:
            self.fields["secret"].initial = secrets.token_urlsafe(32)

    def clean_url(self):
        value = self.cleaned_data["url"]
        parts = urlsplit(value)
        if parts.scheme != "https" and not _loopback(parts.hostname or ""):
            raise forms.ValidationError(_("Use an https:// address, so that posts travel encrypted."))
        return value

    def clean_secret(self):
        value = (self.cleaned_data.get("secret") or "").strip()
        if value and len(value) < 16:
            raise forms.ValidationError(_("A signing key needs at least 16 characters."))
        return value


def target(config: dict) -> str:
    parts = urlsplit(str(config.get("url", "")))
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
