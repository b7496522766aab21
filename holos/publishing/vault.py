"""Channel secrets (bot tokens, page tokens, signing keys) sealed with a key from the settings.

``HOLOS_SECRETS_KEY`` holds one or more Fernet keys separated by commas: the first seals,
every one of them opens, so a key is rotated by putting the new one first and sealing the
secrets again (``reseal``). Without the setting, a key is derived from ``SECRET_KEY``, so a
fresh install works; a database copied without the key then holds nothing usable.
Fernet (AES-128-CBC with HMAC-SHA256) refuses a token that was changed or sealed with
another key, so a secret is either read back whole or not at all.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SecretUnreadable(Exception):
    """A sealed secret that no configured key opens (the key was changed or lost)."""


def _keys() -> list[bytes]:
    configured = [k.strip() for k in str(getattr(settings, "HOLOS_SECRETS_KEY", "") or "").split(",") if k.strip()]
    if configured:
        return [k.encode() for k in configured]
    derived = hashlib.sha256(f"holos.publishing.vault:{settings.SECRET_KEY}".encode()).digest()
    return [base64.urlsafe_b64encode(derived)]


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _keys()])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "HOLOS_SECRETS_KEY must be Fernet keys (32 bytes, url-safe base64) separated by commas") from exc


def seal(secret: str) -> str:
    """The secret encrypted for storage; an empty secret stays empty."""
    if not secret:
        return ""
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable from exc


def reseal(sealed: str) -> str:
    """The secret sealed again with the first key (after a new key was put first)."""
    return _fernet().rotate(sealed.encode()).decode() if sealed else ""

