"""The facebook channel: its form and transport."""

from holos.publishing.channels.facebook.form import Form, target
from holos.publishing.channels.facebook.transport import KIND, publish

__all__ = ["KIND", "Form", "publish", "target"]
