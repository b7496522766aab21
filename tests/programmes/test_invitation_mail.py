"""An invitation to a programme is mailed to the invited organisation's administrators, each in their language."""

from django.conf import settings
from django.urls import reverse

from holos.accounts.actions import add_member, create_organization
from holos.accounts.models import Role
from holos.audit.models import AuditEntry
from holos.outbox.actions import deliver_due
from holos.outbox.models import MessageStatus, OutgoingMessage
from holos.programmes import actions
from holos.programmes.models import Participation, ParticipationStatus
from tests.conftest import make_plan, make_user


def _admin(organization, username, language, **fields):
    user = make_user(username)
    user.language = language
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    add_member(actor=None, organization=organization, user=user, role=Role.ADMIN)
    return user


def test_the_administrators_get_the_invitation_in_their_language_with_a_link_that_accepts_it(
        pw, as_user, smtp_server, django_capture_on_commit_callbacks):
    third = create_organization(actor=None, name="Сокирянська громада", slug="sokyrianska")
    plan = make_plan(third, title="План Сокирян")
    ukrainian = _admin(third, "olena", "")  # no language chosen: Ukrainian
    english = _admin(third, "grant", "en")
    czech = _admin(third, "jana", "cs")
    _admin(third, "silent", "en", email="")
    _admin(third, "gone", "en", is_active=False)
    add_member(actor=None, organization=third, user=make_user("editor3"), role=Role.EDITOR)
    pw.coordinator.first_name, pw.coordinator.last_name = "Марта", "Коваль"
    pw.coordinator.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(pw.coordinator).post(reverse("programme_organizations", args=[pw.programme.slug]),
                                                {"organization": "sokyrianska"})
    assert response.status_code == 302
    participation = Participation.objects.get(programme=pw.programme, organization=third)
    # (The set-up's invitations of the world's communities, kept before this server listened, go out too.)
    recipients = sorted(m["To"] for m in smtp_server.messages if "Сокирянська громада" in m["Subject"])
    assert recipients == sorted(u.email for u in (ukrainian, english, czech))
    link = settings.SITE_URL + reverse("participation", args=[third.slug, participation.pk])
    expected = {
        ukrainian: ("Сокирянська громада: запрошення до участі", "Запрошення надіслав(-ла): Марта Коваль",
                    "прийміть або відхиліть"),
        english: ("invites Сокирянська громада to take part", "Invited by Марта Коваль", "accept or decline"),
        czech: ("Сокирянська громада: pozvánka k účasti", "Pozvánku odeslal(a): Марта Коваль",
                "přijměte, nebo odmítněte"),
    }
    for user, (subject, inviter, action) in expected.items():
        [mail] = smtp_server.to(user)
        body = mail.get_content()
        assert pw.programme.name in mail["Subject"] and subject in mail["Subject"], mail["Subject"]
        assert inviter in body and action in body and link in body, body
        assert mail["Auto-Submitted"] == "auto-generated"
    # Kept in the outbox first, under the organisation, so an undelivered one is listed for its administrators.
    kept = OutgoingMessage.objects.filter(kind="invitation", organizations=third)
    assert kept.count() == 3 and all(m.status == MessageStatus.SENT for m in kept)
    assert {o.pk for m in kept for o in m.organizations.all()} == {third.pk}
    entry = AuditEntry.objects.get(action="programme.invite", organization=third)
    assert entry.after["messages"] == 3

    # The link leads the administrator to the answer.
    path = link.removeprefix(settings.SITE_URL)
    client = as_user(english)
    assert "Сокирянська громада" in client.get(path).content.decode()
    assert client.post(path, {"action": "accept", "plans": [plan.pk]}).status_code == 302
    assert Participation.objects.get(pk=participation.pk).status == ParticipationStatus.ACTIVE


def test_no_second_mail_while_the_invitation_waits_and_a_new_one_after_a_refusal(
        pw, smtp_server, django_capture_on_commit_callbacks):
    world = pw.world
    deliver_due()  # the programme's set-up invited both communities before the server listened
    assert sorted(m["To"] for m in smtp_server.messages) == sorted([world.outsider.email, world.admin.email])
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_organization(actor=pw.coordinator, programme=pw.programme, organization=world.other)
    assert len(smtp_server.messages) == 2
    actions.decline_participation(actor=world.outsider, participation=pw.invitation)
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_organization(actor=pw.coordinator, programme=pw.programme, organization=world.other)
    assert len(smtp_server.messages) == 3
    mail = smtp_server.messages[-1]
    assert mail["To"] == world.outsider.email and "Інша громада" in mail["Subject"]


def test_a_mail_server_that_is_down_loses_no_invitation(pw, smtp_server, django_capture_on_commit_callbacks):
    third = create_organization(actor=None, name="Третя громада", slug="tretia")
    admin = _admin(third, "admin3", "uk")
    smtp_server.refuse = 3  # this invitation and the two of the programme's set-up, all waiting
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite_organization(actor=pw.coordinator, programme=pw.programme, organization=third)
    assert smtp_server.messages == [] and smtp_server.attempts == 3
    waiting = OutgoingMessage.objects.get(kind="invitation", organizations=third)
    assert waiting.status == MessageStatus.WAITING and waiting.failure == "deferred"
    deliver_due(everything=True)
    [mail] = smtp_server.to(admin)
    assert "Третя громада" in mail["Subject"]
