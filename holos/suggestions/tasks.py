"""Daily work of the suggestion box, run by the task worker."""

from django_tasks import task

from holos.suggestions import actions


@task()
def erase_expired_contacts() -> int:
    """Erase the names and contacts whose retention period has ended (run once a day).

    ``erase_expired_contacts.call()`` runs it in this process; ``.enqueue()`` queues it;
    ``holos.suggestions.actions.erase_expired_contacts`` is the same work as a plain function.
    """
    return actions.erase_expired_contacts()
