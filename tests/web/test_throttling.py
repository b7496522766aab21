"""Guessing passwords, reset links and invitations is turned away, per account and per address.

Sign-in lockouts come from django-axes with the attempts in the database; the tests sign in
through the real login form, from addresses set on each request.
"""

from django.core import mail
from django.urls import reverse

from holos.accounts.models import Invitation, Role
from holos.audit.models import AuditEntry

LOGIN = "/accounts/login/"


def _sign_in(client, username, password, address="203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_sixty_wrong_passwords_then_the_right_one_is_refused(world, client, settings):
    for _ in range(60):
        response = _sign_in(client, "officer", "wrong-password")
    assert response.status_code == 429
    response = _sign_in(client, "officer", "secret-pass-1")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    page = response.content.decode()
    assert 'lang="uk"' in page and "Спробуйте ще раз через 30 хвилин." in page
    lockouts = AuditEntry.objects.filter(action="account.lockout", organization=world.community)
    assert lockouts.count() == 1 and lockouts.get().after["user"] == "officer"


def test_one_account_is_locked_whatever_address_the_guesses_come_from(world, client, settings):
    for n in range(settings.HOLOS_LOGIN_FAILURE_LIMIT):
        _sign_in(client, "officer", "wrong-password", address=f"198.51.100.{n + 1}")
    assert _sign_in(client, "officer", "secret-pass-1", address="192.0.2.77").status_code == 429
    # Another account from the same addresses is not held back by it.
    assert _sign_in(client, "viewer", "secret-pass-1", address="198.51.100.1").status_code == 302


def test_one_address_is_locked_whatever_accounts_it_guesses(world, client, settings):
    for n in range(settings.HOLOS_LOGIN_FAILURE_LIMIT):
        _sign_in(client, f"nobody{n}", "wrong-password", address="198.51.100.9")
    assert _sign_in(client, "viewer", "secret-pass-1", address="198.51.100.9").status_code == 429
    assert _sign_in(client, "viewer", "secret-pass-1", address="198.51.100.10").status_code == 302


def test_an_administrator_lifts_a_lockout_and_it_is_audited(world, client, as_user, settings):
    for _ in range(settings.HOLOS_LOGIN_FAILURE_LIMIT):
        _sign_in(client, "officer", "wrong-password")
    assert _sign_in(client, "officer", "secret-pass-1").status_code == 429
    admin = as_user(world.admin)
    url = reverse("member_lockouts", args=[world.community.slug])
    page = admin.get(url).content.decode()
    assert "officer" in page and "203.0.113.5" in page
    assert "members/lockouts/" in admin.get(reverse("members", args=[world.community.slug])).content.decode()
    response = admin.post(url, {"username": "officer"})
    assert response.status_code == 302
    unlocked = AuditEntry.objects.get(action="account.unlock", organization=world.community)
    assert unlocked.actor == world.admin and unlocked.after["user"] == "officer"
    admin.logout()
    assert _sign_in(client, "officer", "secret-pass-1", address="192.0.2.1").status_code == 302


def test_an_administrator_cannot_lift_a_lockout_of_someone_outside_the_organisation(world, client, as_user,
                                                                                     settings):
    for _ in range(settings.HOLOS_LOGIN_FAILURE_LIMIT):
        _sign_in(client, "outsider", "wrong-password", address="192.0.2.200")
    admin = as_user(world.admin)
    url = reverse("member_lockouts", args=[world.community.slug])
    assert "outsider" not in admin.get(url).content.decode()
    admin.post(url, {"username": "outsider"})
    assert not AuditEntry.objects.filter(action="account.unlock").exists()
    admin.logout()
    assert _sign_in(client, "outsider", "secret-pass-1", address="192.0.2.201").status_code == 429


def test_password_reset_requests_are_limited_per_address_and_per_account(world, client, settings):
    url = reverse("password_reset")
    for n in range(settings.HOLOS_RESET_LIMIT):
        assert client.post(url, {"email": f"person{n}@example.org"}, REMOTE_ADDR="198.51.100.20").status_code == 302
    response = client.post(url, {"email": "viewer@example.org"}, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429 and mail.outbox == []
    for n in range(settings.HOLOS_RESET_LIMIT):
        client.post(url, {"email": "viewer@example.org"}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert client.post(url, {"email": "viewer@example.org"}, REMOTE_ADDR="192.0.2.99").status_code == 429
    assert len(mail.outbox) == settings.HOLOS_RESET_LIMIT - 1  # the account was counted once, refused, above
    assert AuditEntry.objects.filter(action="account.reset_limit").count() == 2


def test_guessing_invitation_links_is_limited(world, client, settings):
    for n in range(settings.HOLOS_INVITATION_LIMIT):
        assert client.get(f"/invitations/guess-{n}/", REMOTE_ADDR="198.51.100.30").status_code == 404
    assert client.get("/invitations/guess-last/", REMOTE_ADDR="198.51.100.30").status_code == 429
    invitation = Invitation.objects.create(organization=world.community, email="new@example.org", role=Role.VIEWER)
    assert client.get(f"/invitations/{invitation.token}/", REMOTE_ADDR="198.51.100.30").status_code == 200
    for _ in range(settings.HOLOS_INVITATION_LIMIT):
        client.post(f"/invitations/{invitation.token}/", {"username": "x"}, REMOTE_ADDR="198.51.100.31")
    response = client.post(f"/invitations/{invitation.token}/", {"username": "x"}, REMOTE_ADDR="198.51.100.31")
    assert response.status_code == 429
    assert AuditEntry.objects.filter(action="invitation.limit", organization=world.community).count() == 1


def test_the_command_line_lifts_a_lockout(world, client, settings, capsys):
    from holos.cli import main

    for _ in range(settings.HOLOS_LOGIN_FAILURE_LIMIT):
        _sign_in(client, "officer", "wrong-password")
    assert main(["unlock", "--user", "officer"]) == 0
    assert "1" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="account.unlock", organization=None).exists()
    assert _sign_in(client, "officer", "secret-pass-1", address="192.0.2.1").status_code == 302
    assert main(["unlock"]) == 2
