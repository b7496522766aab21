"""The kinds of channel a post goes to, each in its own folder behind one small interface.

A kind gives its form (the settings a person fills in to connect it), what to show of
its settings in lists (never the secret), and ``publish``: send one rendition of a post
with the channel's settings and secret, return an ``Outcome`` or raise ``TryLater`` or
``Refused`` (``base``). ``state`` is the delivery's notebook, kept between attempts, where
a transport that needs several calls writes down what already went out, so that a retry
does not post it twice. The newsletter sends to many people at once and is run by
``holos.publishing.delivery`` through ``channels.email.sending``; its ``publish`` is not called.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from holos.publishing.channels import email, facebook, news, telegram, viber, webhook
from holos.publishing.channels.base import Outcome, Refused, Rendition, TryLater
from holos.publishing.channels.forms import ChannelForm

__all__ = ["KINDS", "ChannelType", "Outcome", "Refused", "Rendition", "TryLater", "channel_type"]


@dataclass(frozen=True)
class ChannelType:
    kind: str
    form: type[ChannelForm]
    publish: Callable[[Rendition, dict[str, Any], str, dict[str, Any]], Outcome]
    target: Callable[[dict[str, Any]], str]


KINDS: dict[str, ChannelType] = {
    module.KIND: ChannelType(module.KIND, module.Form, module.publish, module.target)
    for module in (news, email, telegram, viber, facebook, webhook)
}


def channel_type(kind: str) -> ChannelType:
    return KINDS[kind]
