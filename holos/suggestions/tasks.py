"""Work of the suggestion box run by the task worker: answers by mail, daily erasure."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from holos.outbox.actions import deliver_soon, keep_messages
from holos.suggestions import actions
from holos.suggestions.models import Suggestion


@task()
def send_answer(suggestion_id: int) -> bool:
    """Mail the staff's answer to the sender, in the language they wrote in.

    Nothing is sent when the address was erased in the meantime. The message is kept in
    the outbox, which the worker sends until the mail server takes it (or gives it up,
    listed among the organisation's undelivered mail).
    """
    suggestion = Suggestion.objects.select_related("organization").filter(pk=suggestion_id).first()
    if suggestion is None or not suggestion.email or not suggestion.answer:
        return False
    language = suggestion.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "suggestion": suggestion,
            "organization": suggestion.organization,
            "answers_url": settings.SITE_URL + reverse("public_answers", args=[suggestion.organization.slug]),
        }
        subject = " ".join(render_to_string("suggestions/email/answer_subject.txt", context).split())
        body = render_to_string("suggestions/email/answer.txt", context)
    message = EmailMessage(subject, body, None, [suggestion.email], headers={"Auto-Submitted": "auto-replied"})
    with transaction.atomic():
        keep_messages("answer", [(message, None, [suggestion.organization_id])])
        actions.mark_answer_mailed(suggestion_id=suggestion.pk, address=suggestion.email)
        transaction.on_commit(deliver_soon)
    return True


@task()
def erase_expired_contacts() -> int:
    """Erase the names and contacts whose retention period has ended (run once a day).

    ``erase_expired_contacts.call()`` runs it in this process; ``.enqueue()`` queues it;
    ``holos.suggestions.actions.erase_expired_contacts`` is the same work as a plain function.
    """
    return actions.erase_expired_contacts()
