"""A local S3 stand-in: moto's server, speaking S3's HTTP API on loopback."""

import boto3
import pytest

from holos.cluster import free_port
from holos.settings import _file_storage

BUCKET = "holos-files"
CREDENTIALS = {"S3_ACCESS_KEY_ID": "holos-test-key", "S3_SECRET_ACCESS_KEY": "holos-test-secret",
               "S3_REGION": "eu-central-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, settings):
    """An empty private bucket; Holos's uploaded files go there, as S3_* in the environment would say."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id=CREDENTIALS["S3_ACCESS_KEY_ID"],
                          aws_secret_access_key=CREDENTIALS["S3_SECRET_ACCESS_KEY"],
                          region_name=CREDENTIALS["S3_REGION"])
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["S3_REGION"]})
    settings.STORAGES = {**settings.STORAGES, "default": _file_storage({
        "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3_endpoint, "S3_PREFIX": "holos/", **CREDENTIALS})}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)
