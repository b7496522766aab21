"""Tokens for the actors of ``tests/conftest.py``, and a client that sends them."""

import pytest

from holos.api.actions import create_token
from holos.api.models import Scope


def token_for(user, organization, scope=Scope.WRITE, days=30) -> str:
    membership = user.memberships.get(organization=organization)
    return create_token(actor=user, membership=membership, name="test", scope=scope, days=days)[1]


def programme_token_for(user, programme, scope=Scope.READ) -> str:
    membership = user.programme_memberships.get(programme=programme)
    return create_token(actor=user, membership=membership, name="test", scope=scope, days=30)[1]


class ApiClient:
    """Django's test client speaking to /api/v1/ with a bearer token."""

    def __init__(self, client, secret: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def _url(self, path: str) -> str:
        return "/api/v1/" + path.lstrip("/")

    def get(self, path, data=None, headers=None):
        return self.client.get(self._url(path), data, headers={**self.headers, **(headers or {})})

    def post(self, path, body, headers=None):
        return self.client.post(self._url(path), body, content_type="application/json",
                                headers={**self.headers, **(headers or {})})

    def patch(self, path, body, headers=None):
        return self.client.patch(self._url(path), body, content_type="application/json",
                                 headers={**self.headers, **(headers or {})})

    def put(self, path, body, headers=None):
        return self.client.put(self._url(path), body, content_type="application/json",
                               headers={**self.headers, **(headers or {})})

    def delete(self, path, headers=None):
        return self.client.delete(self._url(path), headers={**self.headers, **(headers or {})})

    def upload(self, path, name: str, content: bytes, headers=None):
        """A multipart POST of one file in the field ``file``, as a program sends evidence."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(self._url(path), {"file": SimpleUploadedFile(name, content)},
                                headers={**self.headers, **(headers or {})})


@pytest.fixture
def scheduled(world):
    """The community's plan with every activity marked in every month of its period: dated work to read."""
    from holos.plans.actions import set_activity_slots

    for activity in world.plan.activities.all():
        set_activity_slots(actor=None, activity=activity, slots=[f"2025-{m:02d}" for m in range(1, 7)])
    return world


@pytest.fixture
def api_as(client):
    def speak(user=None, organization=None, scope=Scope.WRITE, programme=None):
        if programme is not None:
            return ApiClient(client, programme_token_for(user, programme, scope))
        secret = token_for(user, organization, scope) if user is not None else None
        return ApiClient(client, secret)

    return speak
