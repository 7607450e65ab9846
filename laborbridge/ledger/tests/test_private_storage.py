"""Uploaded ledgers and error workbooks go through the `private` storage (settings.STORAGES): a folder of var/
by default, an S3-compatible bucket by setting — kept encrypted either way, so that any application server or
task worker reads what another one kept. The bucket is moto's S3, in process."""

import boto3
import pytest
from moto import mock_aws

from laborbridge import config
from laborbridge.core import crypto
from laborbridge.ledger import storage

BUCKET = "laborbridge-files"


@pytest.fixture
def local(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("STORAGE_S3_BUCKET", raising=False)
    settings.STORAGES = {**settings.STORAGES, "private": config.private_storage(tmp_path)}
    return tmp_path / "imports"


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path):
    for name, value in {
        "STORAGE_S3_BUCKET": BUCKET,
        "STORAGE_S3_REGION": "us-east-1",
        "STORAGE_S3_ACCESS_KEY": "testing",
        "STORAGE_S3_SECRET_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client(
            "s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
        )
        s3.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "private": config.private_storage(tmp_path)}
        yield s3


def test_a_kept_file_is_encrypted_in_the_local_folder_and_owner_only(local):
    name, digest = storage.store(b"ledger bytes", suffix=".xlsx")
    kept = local / name
    assert kept.stat().st_mode & 0o077 == 0
    assert b"ledger bytes" not in kept.read_bytes()
    assert storage.load(name) == b"ledger bytes" and len(digest) == 64
    with storage.plaintext_copy(name, ".xlsx") as path:
        assert path.read_bytes() == b"ledger bytes"
    assert not path.exists()
    storage.remove(name)
    assert not kept.exists()
    storage.remove(name)  # twice is no error


def test_a_kept_file_makes_the_round_trip_through_the_bucket_encrypted(bucket):
    assert type(storage.private()).__name__ == "S3Storage"
    name, _ = storage.store(b"ledger bytes", suffix=".xlsx")
    stored = bucket.get_object(Bucket=BUCKET, Key=f"imports/{name}")["Body"].read()
    assert b"ledger bytes" not in stored
    assert crypto.decrypt_bytes(stored, context=storage.CONTEXT) == b"ledger bytes"
    assert storage.load(name) == b"ledger bytes"
    with storage.plaintext_copy(
        name, ".xlsx"
    ) as path:  # the reader needs a local file: this machine's scratch
        assert path.read_bytes() == b"ledger bytes"
    storage.remove(name)
    assert bucket.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0


def test_a_key_rotation_rewrites_the_files_in_the_bucket_in_place(bucket, settings):
    name, _ = storage.store(b"ledger bytes", suffix=".xlsx")
    before = bucket.get_object(Bucket=BUCKET, Key=f"imports/{name}")["Body"].read()
    assert storage.reencrypt_all() == 1
    after = bucket.get_object(Bucket=BUCKET, Key=f"imports/{name}")["Body"].read()
    assert after != before and storage.load(name) == b"ledger bytes"
    assert [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]] == [f"imports/{name}"]


def test_a_key_rotation_with_nothing_kept_yet_rewrites_nothing(local):
    assert storage.reencrypt_all() == 0
