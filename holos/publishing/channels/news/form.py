"""The news page needs no settings of its own: it is the organisation's public page of news."""

from __future__ import annotations

from holos.publishing.channels.forms import ChannelForm


class Form(ChannelForm):
    pass


def target(config: dict) -> str:
    return ""
