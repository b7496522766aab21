"""/healthz says whether each dependency answers, and nothing else."""

import json

import pytest
from django.urls import reverse

from holos.cluster import free_port


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_everything_answers(client, db, database_queue):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {
        "database": "ok", "queue": "ok", "cache": "ok", "storage": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_the_redis_queue_and_cache_answer(client, db, settings, redis_server):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_server.url(0)}}
    settings.CACHES = {**settings.CACHES, "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                      "LOCATION": redis_server.url(1)}}
    response = client.get(reverse("healthz"))
    assert response.status_code == 200, response.content
    assert set(response.json()["checks"].values()) == {"ok"}


@pytest.fixture
def unreachable_port(settings, _fresh_caches):
    """A port nothing listens on; the shared cache points there until the test ends (before caches are cleared)."""
    port = free_port()
    caches = settings.CACHES
    settings.CACHES = {**caches, "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                            "LOCATION": f"redis://127.0.0.1:{port}/1"}}
    yield port
    settings.CACHES = caches


def test_a_dependency_that_is_down_fails_the_check_without_saying_where_it_is(client, db, settings, caplog,
                                                                                unreachable_port):
    port = unreachable_port
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "holos-files", "endpoint_url": f"http://127.0.0.1:{port}",
                    "access_key": "key-id", "secret_key": "a-secret-of-the-bucket", "region_name": "us-east-1"}}}
    from django.core.files import storage

    storage.default_storage._wrapped = storage.storages.create_storage(settings.STORAGES["default"])
    try:
        response = client.get(reverse("healthz"))
    finally:
        storage.default_storage._setup()
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "checks": {
        "database": "ok", "queue": "failing", "cache": "failing", "storage": "failing"}}
    text = response.content.decode()
    assert str(port) not in text and "secret" not in text and "127.0.0.1" not in text
    assert {"Health check queue failed", "Health check cache failed", "Health check storage failed"} <= {
        record.getMessage() for record in caplog.records}


def test_only_get_is_answered(client, db):
    assert client.post(reverse("healthz")).status_code == 405


def test_the_answer_holds_no_data(client, world, database_queue):
    body = json.loads(client.get(reverse("healthz")).content)
    assert world.community.name not in json.dumps(body, ensure_ascii=False)
    assert set(body) == {"status", "checks"}
