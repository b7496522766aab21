"""The people every test speaks through, and settings that keep the suite fast.

Two organisations: a community with an officer (editor), an administrator, a unit head
(executor of one unit), a viewer; and another community whose administrator is the
outsider, who must never see or change the first one's data.
"""

import email
import socket
from dataclasses import dataclass
from email.policy import default as email_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import caches

from holos.accounts.actions import add_member, create_organization
from holos.accounts.models import Organization, Role, User
from holos.plans import actions
from holos.plans.models import Plan, Unit


@pytest.fixture(autouse=True)
def _fast_and_local(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "uk"
    settings.HOLOS_IMPORT_NICENESS = 0  # other test runs share the machine: reading takes its turn with them


@dataclass
class World:
    community: Organization
    other: Organization
    admin: User
    officer: User
    unit_head: User
    viewer: User
    outsider: User
    unit: Unit
    plan: Plan


def make_user(username: str) -> User:
    user = User(username=username, email=f"{username}@example.org")
    user.set_password("secret-pass-1")
    user.save()
    return user


def make_plan(organization, *, activities: int = 2, title: str = "План комунікацій 2025") -> Plan:
    plan = actions.create_plan(
        actor=None, organization=organization, title=title, kind="calendar",
        period_start="2025-01", period_end="2025-06", granularity="month",
    )
    goal = actions.create_goal(actor=None, plan=plan, title="Поінформувати мешканців", key_message="Ми поруч")
    task = actions.create_task(actor=None, goal=goal, title="Завдання 1")
    for n in range(activities):
        actions.create_activity(actor=None, task=task, data={
            "title": f"Активність {n + 1}",
            "audiences": ["ВПО", "жителі громади"],
            "channels": ["Телеграм канал", "Вайбер-групи"],
            "responsible": ["ЦНАП"],
            "result": "Поінформовано 100 осіб",
        })
    return plan


def build_world() -> World:
    admin = make_user("admin")
    officer = make_user("officer")
    unit_head = make_user("unithead")
    viewer = make_user("viewer")
    outsider = make_user("outsider")
    community = create_organization(actor=None, name="Покровська громада", slug="pokrovska")
    other = create_organization(actor=None, name="Інша громада", slug="insha")
    add_member(actor=None, organization=community, user=admin, role=Role.ADMIN)
    add_member(actor=None, organization=community, user=officer, role=Role.EDITOR)
    add_member(actor=None, organization=community, user=unit_head, role=Role.EXECUTOR)
    add_member(actor=None, organization=community, user=viewer, role=Role.VIEWER)
    add_member(actor=None, organization=other, user=outsider, role=Role.ADMIN)
    plan = make_plan(community)
    unit = Unit.objects.get(organization=community, name="ЦНАП")
    unit.members.add(unit_head)
    make_plan(other, title="Чужий план")
    return World(community, other, admin, officer, unit_head, viewer, outsider, unit, plan)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def live_world(transactional_db) -> World:
    """The same people, committed, for a live server in another thread to see."""
    return build_world()


@pytest.fixture
def as_user(client):
    """Sign a test client in as one of the actors."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


class MailInbox:
    """What the loopback SMTP server received; it answers "try again later" to the first ``refuse`` messages."""

    def __init__(self):
        self.messages = []
        self.attempts = 0
        self.refuse = 0
        self.refusal = "451 4.3.0 Try again later"

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        self.attempts += 1
        if self.refuse:
            self.refuse -= 1
            return self.refusal
        self.messages.append(email.message_from_bytes(envelope.content, policy=email_policy))
        return "250 OK"

    def to(self, user):
        return [m for m in self.messages if m["To"] == user.email]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback that keeps what it receives; Django sends mail to it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = MailInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate counters, cached pages and the surveys kept in the process outlive a test; each test starts without them."""
    from holos import senders
    from holos.surveys import public
    from holos.surveys.models import KEPT_SURVEYS

    for cache in caches.all():
        cache.clear()
    senders.forget_counts()
    KEPT_SURVEYS.clear()
    public._DEFINITIONS.clear()
    yield
    for cache in caches.all():
        cache.clear()
    senders.forget_counts()
    KEPT_SURVEYS.clear()
    public._DEFINITIONS.clear()


def pytest_addoption(parser):
    parser.addoption("--cluster", action="store_true",
                     help="run the tests of the deployment (tests/cluster) on a stack of their own")


def pytest_ignore_collect(collection_path, config):
    """The deployment's tests start a whole stack; they run with ``make test-cluster`` only."""
    if collection_path.name == "cluster" and collection_path.parent.name == "tests":
        return not config.getoption("--cluster")
    return None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real Redis server on loopback (Debian's redis-server), for the whole run."""
    from holos.cluster import Redis

    server = Redis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()
