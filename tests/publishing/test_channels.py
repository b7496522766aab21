"""Connecting channels: administrators only, secrets sealed with the key from the settings and never shown again."""

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

from holos.audit.models import AuditEntry
from holos.publishing import delivery, vault
from holos.publishing.models import ConnectedChannel, Delivery
from tests.publishing.conftest import TELEGRAM_TOKEN, write


def test_an_administrator_connects_telegram_and_the_token_is_sealed(world, as_user, settings):
    settings.HOLOS_SECRETS_KEY = Fernet.generate_key().decode()
    client = as_user(world.admin)
    url = reverse("channel_connect", args=[world.community.slug, "telegram"])
    response = client.post(url, {"name": "Телеграм", "language": "uk", "active": "on", "chat_id": "@hromada_news",
                                 "secret": TELEGRAM_TOKEN})
    assert response.status_code == 302
    channel = ConnectedChannel.objects.get()
    assert channel.config == {"chat_id": "@hromada_news"}
    assert TELEGRAM_TOKEN not in channel.sealed_secret and vault.unseal(channel.sealed_secret) == TELEGRAM_TOKEN
    assert Fernet(settings.HOLOS_SECRETS_KEY.encode()).decrypt(channel.sealed_secret.encode()).decode() == \
        TELEGRAM_TOKEN
    edit = client.get(reverse("channel_edit", args=[world.community.slug, channel.pk])).content.decode()
    assert TELEGRAM_TOKEN not in edit and channel.sealed_secret not in edit
    assert TELEGRAM_TOKEN not in str(list(AuditEntry.objects.values_list("before", "after")))
    # Saving without typing the token keeps it.
    client.post(reverse("channel_edit", args=[world.community.slug, channel.pk]), {
        "name": "Телеграм громади", "language": "uk", "active": "on", "chat_id": "@hromada_news", "secret": ""})
    channel.refresh_from_db()
    assert channel.name == "Телеграм громади" and vault.unseal(channel.sealed_secret) == TELEGRAM_TOKEN


def test_a_mistyped_token_or_chat_keeps_the_form(world, as_user):
    response = as_user(world.admin).post(reverse("channel_connect", args=[world.community.slug, "telegram"]), {
        "name": "Телеграм", "chat_id": "hromada news", "secret": "not-a-token"})
    assert response.status_code == 422
    assert 'value="hromada news"' in response.content.decode()
    assert not ConnectedChannel.objects.exists()


def test_a_webhook_must_be_https_outside_this_machine(world, as_user):
    url = reverse("channel_connect", args=[world.community.slug, "webhook"])
    response = as_user(world.admin).post(url, {"name": "x", "url": "http://example.org/hook",
                                               "secret": "k" * 20})
    assert response.status_code == 422 and not ConnectedChannel.objects.exists()


def test_only_administrators_connect_channels(world, as_user):
    url = reverse("channel_connect", args=[world.community.slug, "telegram"])
    for user in (world.officer, world.viewer):
        assert as_user(user).post(url, {"name": "x", "chat_id": "@x_news", "secret": TELEGRAM_TOKEN}
                                  ).status_code == 403
    assert as_user(world.outsider).get(url).status_code == 404
    assert not ConnectedChannel.objects.exists()


def test_rotating_the_key_keeps_old_secrets_readable_and_a_lost_key_fails_clearly(world, settings, telegram, send):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.HOLOS_SECRETS_KEY = old
    from tests.publishing.conftest import connect

    channel = connect(world.community, "telegram", config={"chat_id": "@hromada_news"}, secret=TELEGRAM_TOKEN)
    settings.HOLOS_SECRETS_KEY = f"{new},{old}"
    assert vault.unseal(channel.sealed_secret) == TELEGRAM_TOKEN
    resealed = vault.reseal(channel.sealed_secret)
    settings.HOLOS_SECRETS_KEY = new
    assert vault.unseal(resealed) == TELEGRAM_TOKEN
    with pytest.raises(vault.SecretUnreadable):
        vault.unseal(channel.sealed_secret)
    post = send(write(world.community, [channel]))
    assert Delivery.objects.get(post=post).problem == "secret" and telegram.requests == []
    delivery.run_due()
    assert telegram.requests == []
