"""Helpers for the suggestion box tests: form timestamps, messages (caches are emptied for every test)."""

import time

from django.urls import reverse

from holos import defences
from holos.suggestions import actions

SECRET_EMAIL = "olena.secret@example.org"
SECRET_PHONE = "+380 67 555 12 34"
SECRET_NAME = "Олена Таємна"




def started(organization, seconds_ago: float = 30) -> str:
    """The form's timestamp as if the form had been opened some seconds ago."""
    return defences.SUGGESTION.stamp(organization.pk, now=time.time() - seconds_ago)


def public_post(client, organization, *, seconds_ago: float = 30, address: str = "203.0.113.7", **fields):
    data = {"category": "suggestion", "text": "Поставте лавку біля ЦНАП", "name": "", "email": "", "phone": "",
            defences.STAMP_FIELD: started(organization, seconds_ago)}
    data.update(fields)
    return client.post(reverse("suggestion_form", args=[organization.slug]), data, REMOTE_ADDR=address)


def message_with_contact(organization, **overrides):
    fields = {"category": "complaint", "text": "Довго чекала в черзі", "name": SECRET_NAME, "email": SECRET_EMAIL,
              "phone": SECRET_PHONE, "consent": True}
    fields.update(overrides)
    return actions.receive_message(organization=organization, **fields)
