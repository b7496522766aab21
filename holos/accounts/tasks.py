"""Mail sent by the task worker, so a slow or failing mail server never holds a page."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from holos.accounts.models import Invitation


@task()
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at is not None:
        return
    language = (invitation.invited_by.language if invitation.invited_by else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": settings.SITE_URL + reverse("invitation", args=[invitation.token]),
            "days": settings.HOLOS_INVITATION_DAYS,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
