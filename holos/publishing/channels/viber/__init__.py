"""The viber channel: its form and transport."""

from holos.publishing.channels.viber.form import Form, target
from holos.publishing.channels.viber.transport import KIND, publish

__all__ = ["KIND", "Form", "publish", "target"]
