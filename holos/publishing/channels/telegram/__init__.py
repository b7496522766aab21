"""The telegram channel: its form and transport."""

from holos.publishing.channels.telegram.form import Form, target
from holos.publishing.channels.telegram.transport import KIND, publish

__all__ = ["KIND", "Form", "publish", "target"]
