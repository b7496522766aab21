"""The newsletter channel. It sends to many people, so ``holos.publishing.delivery`` runs it through
``sending.send_newsletter`` rather than through ``publish``."""

from __future__ import annotations

from holos.publishing.channels.base import Outcome, Rendition

KIND = "email"


def publish(rendition: Rendition, config: dict, secret: str, state: dict) -> Outcome:
    raise RuntimeError("the newsletter is sent by holos.publishing.channels.email.sending")
