"""Sending what waits in the outbox, in the task worker."""

from django_tasks import task

from holos.outbox import actions


@task()
def deliver_outbox() -> dict[str, int]:
    """Send every message whose turn has come; one that fails waits for its next try."""
    return actions.deliver_due()
