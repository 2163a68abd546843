"""An object store in an S3-compatible bucket (AWS S3, MinIO, Ceph, moto): the store at scale.

    store = S3Store(S3Config(bucket="replicast", endpoint_url="http://127.0.0.1:9000"))
    with store.writer() as w:                 # spooled to a local temporary file while it is hashed
        w.write(data)
        w.commit_if_absent(f"results/{tenant}/{key}/result.json")   # If-None-Match: *

Writes: a writer spools what it is given to a temporary file (in memory up to 8 MiB) and hashes it;
commit sends it with its SHA-256, which S3 checks before it keeps the object, in one PUT or, from
`multipart_threshold` bytes on, as a multipart upload whose parts carry their own SHA-256 and go a few
at once. S3 shows an object only once its PUT or multipart upload completes, so a process killed
mid-upload leaves no partial object (an unfinished multipart upload is invisible; `abort_stale_uploads`
or a bucket lifecycle rule reclaims its parts). `commit_if_absent` sends `If-None-Match: *`: the first
writer of a key wins, later ones write nothing.

Reads stream the object and check it against the SHA-256 stored with it (metadata `sha256`) when they
reach its end. boto3 is imported here only: the module needs the `scale` extra.

Errors: a missing key is ObjectNotFoundError; no answer, a 5xx or throttling is StorageUnavailableError
(try again later); anything else is StorageError.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, HTTPClientError

from replicast.errors import ObjectNotFoundError, StorageError, StorageUnavailableError
from replicast.storage.base import CHUNK, ObjectStore, ObjectWriter, check_key, check_prefix

S3Client = Any  # boto3's clients are built at run time; no stubs needed

log = logging.getLogger(__name__)

MIB = 1024 * 1024
SPOOL_IN_MEMORY = 8 * MIB
MIN_PART = 5 * MIB  # S3's smallest part (all but the last)
_MISSING = {"NoSuchKey", "NotFound", "404"}
_BUSY = {
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "RequestTimeout",
    "ServiceUnavailable",
    "InternalError",
}
_CONFLICT_TRIES = 5


@dataclass(frozen=True, slots=True)
class S3Config:
    """Where the bucket is and how to reach it (credentials unset: boto3's own lookup)."""

    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    multipart_threshold: int = 64 * MIB
    part_size: int = 16 * MIB
    part_threads: int = 4
    spool_dir: Path | None = None


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def _status(ex: ClientError) -> int:
    return int(ex.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


def _code(ex: ClientError) -> str:
    return str(ex.response.get("Error", {}).get("Code", ""))


def _translate(ex: Exception, what: str) -> StorageError:
    """The replicast error for a boto3 failure (the caller raises it `from ex`)."""
    if isinstance(ex, ClientError):
        code, status = _code(ex), _status(ex)
        if code in _MISSING or status == 404:
            return ObjectNotFoundError(f"no object {what}")
        if code in _BUSY or status >= 500 or status == 429:
            return StorageUnavailableError(f"the object store is unavailable ({code or status}) for {what}")
        return StorageError(f"the object store refused {what}: {code or status}")
    if isinstance(ex, (ConnectionError, HTTPClientError)):
        return StorageUnavailableError(f"cannot reach the object store for {what} ({type(ex).__name__})")
    return StorageError(f"the object store failed for {what}: {ex}")


class _VerifyingReader(io.RawIOBase):
    """An object's bytes as they stream in, checked against its SHA-256 at the end."""

    def __init__(self, body: Any, expected: str | None, key: str) -> None:
        super().__init__()
        self._body = body
        self._expected = expected
        self._key = key
        self._digest = hashlib.sha256()
        self._checked = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._body.read(len(buffer))
        except (BotoCoreError, OSError) as ex:
            raise StorageUnavailableError(f"reading object {self._key!r} broke off ({ex})") from ex
        if not data:
            self._check()
            return 0
        self._digest.update(data)
        n = len(data)
        buffer[:n] = data
        return n

    def _check(self) -> None:
        if self._checked or self._expected is None:
            return
        self._checked = True
        if self._digest.hexdigest() != self._expected:
            raise StorageError(f"object {self._key!r} does not match its SHA-256 (damaged on the way)")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._body.close()
        super().close()


class _S3Writer(ObjectWriter):
    def __init__(self, store: S3Store) -> None:
        super().__init__()
        self._store = store
        spool_dir = store.config.spool_dir
        if spool_dir is not None:
            spool_dir.mkdir(parents=True, exist_ok=True)
        self._spool: IO[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed by commit or abort)
            max_size=SPOOL_IN_MEMORY, dir=str(spool_dir) if spool_dir else None, prefix="s3-"
        )
        self._digest = hashlib.sha256()

    def _write(self, data: bytes) -> None:
        try:
            self._spool.write(data)
        except OSError as ex:
            raise StorageError(f"cannot spool a new object ({ex.strerror})") from ex
        self._digest.update(data)

    def _commit(self, key: str) -> None:
        try:
            self._store._upload(self._spool, self.size, self._digest, key, if_absent=False)
        finally:
            self._spool.close()

    def _commit_if_absent(self, key: str) -> bool:
        try:
            return self._store._upload(self._spool, self.size, self._digest, key, if_absent=True)
        finally:
            self._spool.close()

    def _abort(self) -> None:
        self._spool.close()


class S3Store(ObjectStore):
    """Objects in an S3 bucket under `config.prefix`; thread-safe (one boto3 client, which is)."""

    def __init__(self, config: S3Config, client: S3Client | None = None) -> None:
        if config.part_size < MIN_PART or config.multipart_threshold < MIN_PART:
            raise ValueError("S3 parts are at least 5 MiB")
        if config.prefix:
            check_prefix(config.prefix)
        self.config = config
        self.bucket = config.bucket
        self._client: S3Client = client or boto3.session.Session().client(
            "s3",
            endpoint_url=config.endpoint_url,
            region_name=config.region,
            aws_access_key_id=config.access_key_id,
            aws_secret_access_key=config.secret_access_key,
            config=Config(
                retries={"max_attempts": 5, "mode": "standard"},
                max_pool_connections=max(10, config.part_threads * 2),
                s3={"addressing_style": "path" if config.endpoint_url else "auto"},
            ),
        )

    @property
    def client(self) -> S3Client:
        return self._client

    def _name(self, key: str) -> str:
        return self.config.prefix + check_key(key)

    def writer(self) -> ObjectWriter:
        return _S3Writer(self)

    def _upload(self, spool: IO[bytes], size: int, digest: Any, key: str, *, if_absent: bool) -> bool:
        """Send the spooled bytes as the object `key`; False when `if_absent` found it there already."""
        name = self._name(key)
        meta = {"sha256": digest.hexdigest()}
        condition = {"IfNoneMatch": "*"} if if_absent else {}
        for attempt in range(_CONFLICT_TRIES):
            try:
                if size < self.config.multipart_threshold:
                    spool.seek(0)
                    self._client.put_object(
                        Bucket=self.bucket,
                        Key=name,
                        Body=spool,
                        ContentLength=size,
                        ChecksumAlgorithm="SHA256",
                        ChecksumSHA256=_b64(digest.digest()),
                        Metadata=meta,
                        **condition,
                    )
                else:
                    self._multipart(spool, size, name, meta, condition)
                return True
            except ClientError as ex:
                status = _status(ex)
                if if_absent and (status == 412 or _code(ex) == "PreconditionFailed"):
                    return False
                if if_absent and status == 409 and attempt < _CONFLICT_TRIES - 1:
                    # another conditional write of this key is in flight: its outcome decides
                    time.sleep(0.2 * (attempt + 1))
                    if self.exists(key):
                        return False
                    continue
                raise _translate(ex, repr(key)) from ex
            except (BotoCoreError, OSError) as ex:
                raise _translate(ex, repr(key)) from ex
        raise StorageUnavailableError(f"conditional writes of {key!r} kept conflicting")

    def _multipart(
        self, spool: IO[bytes], size: int, name: str, meta: dict[str, str], condition: dict[str, str]
    ) -> None:
        upload = self._client.create_multipart_upload(
            Bucket=self.bucket, Key=name, ChecksumAlgorithm="SHA256", Metadata=meta
        )["UploadId"]
        fd = spool.fileno()  # rolls an in-memory spool over to its file
        spool.flush()
        part = self.config.part_size

        def send(number: int) -> dict[str, Any]:
            offset = (number - 1) * part
            data = os.pread(fd, min(part, size - offset), offset)
            checksum = _b64(hashlib.sha256(data).digest())
            done = self._client.upload_part(
                Bucket=self.bucket,
                Key=name,
                UploadId=upload,
                PartNumber=number,
                Body=data,
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=checksum,
            )
            return {"PartNumber": number, "ETag": done["ETag"], "ChecksumSHA256": checksum}

        try:
            count = max(1, -(-size // part))
            with ThreadPoolExecutor(self.config.part_threads, thread_name_prefix="s3-part") as pool:
                parts = list(pool.map(send, range(1, count + 1)))
            self._client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=name,
                UploadId=upload,
                MultipartUpload={"Parts": parts},
                **condition,
            )
        except BaseException:
            with contextlib.suppress(Exception):
                self._client.abort_multipart_upload(Bucket=self.bucket, Key=name, UploadId=upload)
            raise

    def open(self, key: str) -> BinaryIO:
        try:
            found = self._client.get_object(Bucket=self.bucket, Key=self._name(key))
        except (ClientError, BotoCoreError) as ex:
            raise _translate(ex, repr(key)) from ex
        reader = _VerifyingReader(found["Body"], found.get("Metadata", {}).get("sha256"), key)
        return io.BufferedReader(reader, buffer_size=CHUNK)

    def exists(self, key: str) -> bool:
        try:
            self._client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as ex:
            if _code(ex) in _MISSING or _status(ex) == 404:
                return False
            raise _translate(ex, repr(key)) from ex
        except BotoCoreError as ex:
            raise _translate(ex, repr(key)) from ex
        return True

    def delete(self, key: str) -> None:
        try:
            self._client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except (ClientError, BotoCoreError) as ex:
            raise _translate(ex, repr(key)) from ex

    def keys(self, prefix: str = "") -> Iterator[str]:
        skip = len(self.config.prefix)
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.config.prefix + prefix
        )
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    yield item["Key"][skip:]
        except (ClientError, BotoCoreError) as ex:
            raise _translate(ex, f"keys under {prefix!r}") from ex

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object under `prefix`, a thousand per request; how many were removed."""
        check_prefix(prefix)
        doomed = [self._name(k) for k in self.keys(prefix)]
        for start in range(0, len(doomed), 1000):
            batch = [{"Key": k} for k in doomed[start : start + 1000]]
            try:
                self._client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})
            except (ClientError, BotoCoreError) as ex:
                raise _translate(ex, f"objects under {prefix!r}") from ex
        return len(doomed)

    def abort_stale_uploads(self, older_than_s: float = 86400.0) -> int:
        """Abort multipart uploads started more than `older_than_s` ago (their writer died); how many."""
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_s)
        aborted = 0
        try:
            pages = self._client.get_paginator("list_multipart_uploads").paginate(
                Bucket=self.bucket, Prefix=self.config.prefix
            )
            for page in pages:
                for upload in page.get("Uploads", []):
                    if upload["Initiated"] < cutoff:
                        self._client.abort_multipart_upload(
                            Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                        )
                        aborted += 1
        except (ClientError, BotoCoreError) as ex:
            raise _translate(ex, "multipart uploads") from ex
        if aborted:
            log.info("object store: aborted %d unfinished multipart uploads", aborted)
        return aborted
