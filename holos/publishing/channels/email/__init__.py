"""The email channel: its form and transport."""

from holos.publishing.channels.email.form import Form, target
from holos.publishing.channels.email.transport import KIND, publish

__all__ = ["KIND", "Form", "publish", "target"]
