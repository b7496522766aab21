"""The webhook channel: its form and transport."""

from holos.publishing.channels.webhook.form import Form, target
from holos.publishing.channels.webhook.transport import KIND, publish

__all__ = ["KIND", "Form", "publish", "target"]
