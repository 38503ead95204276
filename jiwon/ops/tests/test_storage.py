"""Uploaded files go through Django's storage API: on local disk by default, in an
S3-compatible bucket by configuration (here moto's S3 server, started by the test, never a real
cloud). Either way the applicant's upload lands in the store and only readers of the
application can download it."""

import hashlib
import os
import socket
import subprocess
import sys
import time

import boto3
import pytest
from django.core.files.storage import default_storage, storages
from django.urls import reverse

from jiwon.applications.tests.factories import PDF, complete, open_program, started
from jiwon.companies.tests.factories import CompanyFactory, member_of

BUCKET = "jiwon-test-uploads"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto in server mode, in a process of its own, on a free loopback port."""
    port = _free_port()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=30)


def _bucket(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


@pytest.fixture(params=["local", "s3"])
def storage(request, settings, tmp_path):
    """The uploads store, switched the way JIWON_STORAGE switches it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "local":
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        }
        yield request.param, None
        return
    endpoint = request.getfixturevalue("s3_endpoint")
    client = _bucket(endpoint)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **CREDENTIALS,
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    yield request.param, client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for entry in objects:
        client.delete_object(Bucket=BUCKET, Key=entry["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_the_storage_setting_picks_the_store(storage):
    kind, _client = storage
    expected = "S3Storage" if kind == "s3" else "FileSystemStorage"
    assert type(storages["default"]).__name__ == expected


def test_an_upload_lands_in_the_store_and_only_readers_download_it(storage, client, db):
    kind, s3 = storage
    company = CompanyFactory()
    member = member_of(company)
    application = complete(started(open_program(), member, company), member)
    upload = application.files.get()

    if kind == "s3":
        stored = s3.get_object(Bucket=BUCKET, Key=upload.file.name)["Body"].read()
    else:
        with default_storage.open(upload.file.name, "rb") as handle:
            stored = handle.read()
        assert os.path.isfile(os.path.join(default_storage.location, upload.file.name))
    assert hashlib.sha256(stored).hexdigest() == upload.sha256 == hashlib.sha256(PDF).hexdigest()

    url = reverse("applications:file", args=[application.pk, upload.pk])
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]

    client.force_login(member_of(CompanyFactory()))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
