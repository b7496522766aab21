"""The invitation to a programme, mailed to the invited organisation's administrators.

Each administrator who is active and has an address gets one message in their own
language (Ukrainian when they chose none), with the link to the page where they accept
or decline. The messages are kept in the outbox (``holos.outbox``) in the transaction
of the invitation, and the worker sends them after it commits: an invitation is never
saved without its mail, and a mail server that is down loses nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from holos.accounts.models import Membership, Role
from holos.outbox.actions import keep_messages
from holos.programmes.models import Participation

KIND = "invitation"


def _language(user) -> str:
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def keep_invitation_mail(participation: Participation, inviter) -> int:
    """Keep one message per administrator of the invited organisation; call it inside the invitation's transaction."""
    organization, programme = participation.organization, participation.programme
    admins = [membership.user for membership in
              Membership.objects.filter(organization=organization, role=Role.ADMIN, user__is_active=True)
              .exclude(user__email="").select_related("user").order_by("user_id")]
    url = settings.SITE_URL + reverse("participation", args=[organization.slug, participation.pk])
    inviter_name = (inviter.get_full_name() or inviter.username) if getattr(inviter, "is_authenticated", False) \
        else ""
    letters = []
    for user in admins:
        with translation.override(_language(user)):
            context = {"name": user.get_full_name() or user.username, "programme": programme,
                       "organization": organization, "inviter": inviter_name, "url": url}
            subject = " ".join(render_to_string("programmes/email/invitation_subject.txt", context).split())
            body = render_to_string("programmes/email/invitation.txt", context)
        # RFC 3834: tells out-of-office responders not to answer.
        message = EmailMessage(subject, body, None, [user.email], headers={"Auto-Submitted": "auto-generated"})
        letters.append((message, user, [organization.pk]))
    keep_messages(KIND, letters)
    return len(letters)
