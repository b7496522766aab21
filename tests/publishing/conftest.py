"""Publishing's actors and stand-ins: channels connected, posts written and approved through the actions."""

from __future__ import annotations

import pytest

from holos.publishing import actions
from holos.publishing.actions import PostContent
from holos.publishing.models import ChannelKind, Topic
from tests.publishing.standins import Graph, Receiver, Telegram, Viber

TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
VIBER_TOKEN = "4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51r"
VIBER_SENDER = "01234567890A="
PAGE_TOKEN = "EAAG" + "x" * 60
PAGE_ID = "104729358123456"
WEBHOOK_KEY = "a-signing-key-of-some-length-123"


def connect(organization, kind, *, name=None, config=None, secret="", actor=None, catalogue=()):
    return actions.connect_channel(actor=actor, organization=organization, kind=kind,
                                   name=name or ChannelKind(kind).label, language="", config=config or {},
                                   secret=secret, catalogue_channels=catalogue)


def write(organization, channels, *, title="Графік роботи ЦНАП у червні", body="ЦНАП працює **щодня**.",
          actor=None, occurrence=None, topics=(), audiences=(), publish_at=None, extra=None):
    content = PostContent(title={"uk": title, **(extra or {}).get("title", {})},
                          body={"uk": body, **(extra or {}).get("body", {})}, topics=list(topics),
                          audiences=list(audiences), channels=list(channels), publish_at=publish_at)
    return actions.create_post(actor=actor, organization=organization, content=content, occurrence=occurrence)


@pytest.fixture
def send(world, django_capture_on_commit_callbacks):
    """Submit (as the officer) and approve (as the administrator) a post; the delivery runs on commit."""

    def approve_and_send(post):
        with django_capture_on_commit_callbacks(execute=True):
            post = actions.submit_post(actor=world.officer, post=post)
        with django_capture_on_commit_callbacks(execute=True):
            post = actions.approve_post(actor=world.admin, post=post)
        post.refresh_from_db()
        return post

    return approve_and_send


@pytest.fixture
def topic(world):
    return actions.save_topic(actor=None, organization=world.community, topic=None,
                              name={"uk": "Послуги ЦНАП", "en": "Services of the centre"})


@pytest.fixture
def other_topic(world) -> Topic:
    return actions.save_topic(actor=None, organization=world.community, topic=None, name={"uk": "Ремонт доріг"})


@pytest.fixture
def news(world):
    return connect(world.community, ChannelKind.NEWS, name="Новини на сайті")


@pytest.fixture
def newsletter(world):
    return connect(world.community, ChannelKind.EMAIL, name="Розсилка", config={"from_name": "", "reply_to": ""})


@pytest.fixture
def telegram(settings):
    server = Telegram(TELEGRAM_TOKEN)
    settings.HOLOS_TELEGRAM_API_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def viber(settings):
    server = Viber(VIBER_TOKEN, VIBER_SENDER)
    settings.HOLOS_VIBER_API_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def graph(settings):
    server = Graph(PAGE_TOKEN, PAGE_ID)
    settings.HOLOS_FACEBOOK_API_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def receiver():
    server = Receiver(WEBHOOK_KEY)
    yield server
    server.stop()
