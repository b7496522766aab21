"""The news channel: its form and transport."""

from holos.publishing.channels.news.form import Form, target
from holos.publishing.channels.news.transport import KIND, publish

__all__ = ["KIND", "Form", "publish", "target"]
