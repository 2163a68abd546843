"""`S3Store` against a real S3 server (moto): the store contract, multipart, checksums, conditional writes."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from pathlib import Path

import boto3
import pytest

from replicast.errors import ObjectNotFoundError, StorageError, StorageUnavailableError
from replicast.storage.s3 import MIB, S3Config, S3Store
from tests.storage.test_contract import (
    test_a_conditional_write_keeps_the_first_object,
    test_a_conditional_write_of_a_new_key_stores_it,
    test_a_missing_key_raises_object_not_found,
    test_an_exception_inside_the_writer_discards_it,
    test_an_uncommitted_writer_leaves_nothing,
    test_commit_replaces_an_existing_object_whole,
    test_delete_of_a_missing_key_is_quiet,
    test_keys_and_delete_prefix,
    test_keys_that_could_escape_are_refused,
    test_large_objects_stream_in_chunks,
    test_put_then_get_returns_the_bytes,
)

pytestmark = pytest.mark.scale

__all__ = [  # the shared contract, run here against S3
    "test_a_conditional_write_keeps_the_first_object",
    "test_a_conditional_write_of_a_new_key_stores_it",
    "test_a_missing_key_raises_object_not_found",
    "test_an_exception_inside_the_writer_discards_it",
    "test_an_uncommitted_writer_leaves_nothing",
    "test_commit_replaces_an_existing_object_whole",
    "test_delete_of_a_missing_key_is_quiet",
    "test_keys_and_delete_prefix",
    "test_keys_that_could_escape_are_refused",
    "test_large_objects_stream_in_chunks",
    "test_put_then_get_returns_the_bytes",
]


def _config(endpoint: str, bucket: str, **kwargs: object) -> S3Config:
    values: dict[str, object] = {
        "bucket": bucket,
        "endpoint_url": endpoint,
        "region": "us-east-1",
        "access_key_id": "test",
        "secret_access_key": "test",
        **kwargs,
    }
    return S3Config(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(s3_endpoint: str, bucket: str) -> S3Store:
    return S3Store(
        _config(s3_endpoint, bucket, prefix="app/", multipart_threshold=5 * MIB, part_size=5 * MIB)
    )


def _versions(store: S3Store, key: str) -> int:
    found = store.client.list_object_versions(Bucket=store.bucket, Prefix=store.config.prefix + key)
    return len(found.get("Versions", []))


def test_keys_live_under_the_prefix(store: S3Store) -> None:
    store.put_bytes("videos/t/x", b"1")
    raw = store.client.list_objects_v2(Bucket=store.bucket)["Contents"]
    assert [o["Key"] for o in raw] == ["app/videos/t/x"]
    assert list(store.keys("videos/")) == ["videos/t/x"]


def test_a_big_object_goes_up_in_checked_parts(store: S3Store, tmp_path: Path) -> None:
    data = os.urandom(12 * MIB + 3)
    src = tmp_path / "big.bin"
    src.write_bytes(data)
    assert store.put_file("videos/t/big", src) == len(data)
    head = store.client.head_object(Bucket=store.bucket, Key="app/videos/t/big", ChecksumMode="ENABLED")
    assert head["ETag"].endswith('-3"')  # three parts
    assert head["Metadata"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert store.get_bytes("videos/t/big") == data
    assert store.client.list_multipart_uploads(Bucket=store.bucket).get("Uploads", []) == []


def test_a_conditional_multipart_write_keeps_the_first(store: S3Store) -> None:
    first, second = os.urandom(6 * MIB), os.urandom(6 * MIB)
    assert store.put_bytes("results/t/k/project.zip", first, if_absent=True)
    assert not store.put_bytes("results/t/k/project.zip", second, if_absent=True)
    assert store.get_bytes("results/t/k/project.zip") == first
    # the losing upload was aborted, not left behind
    assert store.client.list_multipart_uploads(Bucket=store.bucket).get("Uploads", []) == []


def test_racing_conditional_writes_store_one_object_once(s3_endpoint: str) -> None:
    from .engines import new_bucket

    store = S3Store(_config(s3_endpoint, new_bucket(s3_endpoint, versioned=True)))
    wins: list[bool] = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        barrier.wait()
        wins.append(store.put_bytes("results/t/k/result.json", f"writer {n}".encode(), if_absent=True))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins).count(True) == 1
    assert _versions(store, "results/t/k/result.json") == 1


def test_a_damaged_object_fails_its_checksum_on_read(store: S3Store) -> None:
    store.put_bytes("videos/t/v", b"the real bytes")
    # someone rewrites the object behind the store's back, keeping the old checksum metadata
    store.client.copy_object(
        Bucket=store.bucket,
        Key="app/videos/t/v",
        CopySource={"Bucket": store.bucket, "Key": "app/videos/t/v"},
        Metadata={"sha256": hashlib.sha256(b"other bytes").hexdigest()},
        MetadataDirective="REPLACE",
    )
    with pytest.raises(StorageError, match="does not match its SHA-256"):
        store.get_bytes("videos/t/v")


def test_a_small_object_goes_up_with_its_sha256_for_the_server_to_check(store: S3Store) -> None:
    store.put_bytes("videos/t/small", b"abc")
    head = store.client.head_object(Bucket=store.bucket, Key="app/videos/t/small", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(b"abc").digest()).decode()
    assert head["Metadata"]["sha256"] == hashlib.sha256(b"abc").hexdigest()


def test_a_store_nobody_answers_is_unavailable(bucket: str) -> None:
    from .engines import free_port

    dead = S3Store(_config(f"http://127.0.0.1:{free_port()}", bucket))
    dead.client.meta.config.retries = {"max_attempts": 1}
    with pytest.raises(StorageUnavailableError):
        dead.put_bytes("a", b"1")
    with pytest.raises(StorageUnavailableError):
        dead.exists("a")


def test_a_missing_bucket_is_a_storage_error_and_a_missing_key_is_not_found(store: S3Store) -> None:
    with pytest.raises(ObjectNotFoundError):
        store.get_bytes("never/written")
    other = S3Store(
        S3Config(
            bucket="no-such-bucket-here",
            endpoint_url=store.config.endpoint_url,
            region="us-east-1",
            access_key_id="test",
            secret_access_key="test",
        )
    )
    with pytest.raises(StorageError):
        other.put_bytes("a", b"1")


def test_stale_multipart_uploads_are_aborted(store: S3Store) -> None:
    store.client.create_multipart_upload(Bucket=store.bucket, Key="app/videos/t/dead")
    assert store.abort_stale_uploads(older_than_s=0) == 1
    assert store.client.list_multipart_uploads(Bucket=store.bucket).get("Uploads", []) == []
    assert not store.exists("videos/t/dead")


def test_boto3_is_reachable_from_the_fixture(s3_endpoint: str, bucket: str) -> None:
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="t",
        aws_secret_access_key="t",
    )
    assert bucket in [b["Name"] for b in client.list_buckets()["Buckets"]]
