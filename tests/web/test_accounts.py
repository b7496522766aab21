"""Signing in, languages, several organisations, invitations and password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from holos.accounts.actions import add_member
from holos.accounts.models import Invitation, Membership, Role, User
from holos.audit.models import AuditEntry


def test_sign_in_with_password_lands_on_the_only_organisation(world, client):
    response = client.post(reverse("login"), {"username": "viewer", "password": "secret-pass-1"})
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("organization", args=[world.community.slug])


def test_a_wrong_password_is_refused_and_the_name_kept(world, client):
    response = client.post(reverse("login"), {"username": "viewer", "password": "nope"})
    assert response.status_code == 200
    assert 'value="viewer"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_member_of_two_organisations_picks_one(world, as_user):
    add_member(actor=None, organization=world.other, user=world.viewer, role=Role.VIEWER)
    client = as_user(world.viewer)
    page = client.get(reverse("home")).content.decode()
    assert world.community.name in page and world.other.name in page
    assert client.get(reverse("organization", args=[world.other.slug])).status_code == 200
    other_plan = world.other.plans.get()
    assert client.get(reverse("plan", args=[world.other.slug, other_plan.pk])).status_code == 200


@pytest.mark.parametrize(
    ("language", "expected"),
    [("uk", "Вийти"), ("en", "Sign out"), ("cs", "Odhlásit")],
)
def test_switching_language_changes_the_interface_and_is_remembered(world, as_user, language, expected):
    client = as_user(world.officer)
    response = client.post(reverse("set_language"), {"language": language, "next": "/o/pokrovska/"})
    assert response.status_code == 302
    assert response["Location"] == "/o/pokrovska/"
    world.officer.refresh_from_db()
    assert world.officer.language == language
    page = client.get(reverse("organization", args=[world.community.slug])).content.decode()
    assert f'<html lang="{language}">' in page
    assert expected in page


def test_ukrainian_is_the_default(world, as_user):
    page = as_user(world.officer).get(reverse("organization", args=[world.community.slug])).content.decode()
    assert '<html lang="uk">' in page
    assert "Вийти" in page


def test_language_switch_refuses_to_redirect_elsewhere(world, as_user):
    response = as_user(world.officer).post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_invitation_is_mailed_and_accepted_by_a_new_user(
    world, as_user, smtp_server, django_capture_on_commit_callbacks
):
    client = as_user(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members", args=[world.community.slug]), {"email": "nova@example.org", "role": "executor"}
        )
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "nova@example.org"
    body = message.get_content()
    assert world.community.name in message["Subject"]
    link = re.search(r"https?://\S+/invitations/(\S+)/", body)
    assert link, body
    token = link.group(1)
    assert Invitation.objects.get(email="nova@example.org").token == token

    client.logout()
    url = reverse("invitation", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"username": "nova", "password1": "Very-long-pass-42", "password2": "Very-long-pass-42"}
    )
    assert response.status_code == 302
    user = User.objects.get(username="nova")
    assert user.email == "nova@example.org"
    assert Membership.objects.get(user=user, organization=world.community).role == Role.EXECUTOR
    # The link works once.
    client.logout()
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="invitation.accept").count() == 1


def test_a_signed_in_user_accepts_an_invitation_to_a_second_organisation(world, as_user):
    invitation = Invitation.objects.create(organization=world.other, email="viewer@example.org", role=Role.EDITOR)
    client = as_user(world.viewer)
    assert client.post(reverse("invitation", args=[invitation.token])).status_code == 302
    assert Membership.objects.get(user=world.viewer, organization=world.other).role == Role.EDITOR
    assert Membership.objects.get(user=world.viewer, organization=world.community).role == Role.VIEWER


def test_admin_changes_a_role_and_units_and_cannot_remove_themselves(world, as_user):
    client = as_user(world.admin)
    target = Membership.objects.get(user=world.viewer, organization=world.community)
    url = reverse("member_edit", args=[world.community.slug, target.pk])
    response = client.post(url, {"role": "executor", "units": [world.unit.pk]})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.EXECUTOR
    assert world.unit.members.filter(pk=world.viewer.pk).exists()
    own = Membership.objects.get(user=world.admin, organization=world.community)
    client.post(reverse("member_edit", args=[world.community.slug, own.pk]), {"remove": "1"})
    assert Membership.objects.filter(pk=own.pk).exists()


def test_password_reset_by_email(world, client):
    response = client.post(reverse("password_reset"), {"email": "viewer@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Another-long-pass-7", "new_password2": "Another-long-pass-7"})
    assert response.status_code == 302
    signed_in = client.post(reverse("login"), {"username": "viewer", "password": "Another-long-pass-7"})
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session


def test_unknown_email_for_reset_sends_nothing_but_looks_the_same(world, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
