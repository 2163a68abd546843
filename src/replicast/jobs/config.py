"""What a worker brings to a job besides the payload: limits, OCR settings, its object stores.

Built from `Settings` by whoever runs workers (`replicast serve`, `replicast worker`):

    config = worker_config(settings)
    stores = open_stores(settings)            # a local folder, or an S3 bucket (S3_BUCKET set)
    db = open_database(settings)              # SQLite, or PostgreSQL with a connection pool
    result = run_job(request, stores, config)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import SecretStr

from replicast.errors import JobError
from replicast.media.limits import VideoLimits
from replicast.refine.provider import Observer, ProviderConfig
from replicast.settings import Settings
from replicast.storage import LocalStore, ObjectStore

if TYPE_CHECKING:
    from replicast.db import Database

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SandboxLimits:
    """Resource limits of the child process a job's decoding and analysis run in."""

    memory_bytes: int = 4096 * MIB
    cpu_seconds: int = 3600
    open_files: int = 256
    wall_seconds: float = 1800.0


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    video_limits: VideoLimits = field(default_factory=VideoLimits)
    sandbox: SandboxLimits = field(default_factory=SandboxLimits)
    ocr_threads: int | None = None
    ocr_provider: Literal["cpu", "cuda"] = "cpu"
    ocr_int8: bool = False
    ocr_int8_detector: bool = False
    work_root: Path | None = None  # scratch space for jobs (None: the system's temp folder)
    chromium: Path | None = None  # for the self-check (None: /usr/bin/chromium, else chromium on PATH)
    refine: ProviderConfig | None = None  # the model for jobs asking for refinement (None: not configured)
    refine_observer: Observer | None = None  # metrics of model requests (the service's /metrics)
    refine_max_images: int = 6


@dataclass(frozen=True, slots=True)
class Stores:
    """The object store, and a sealing view of it for videos when encryption at rest is on."""

    objects: ObjectStore
    sealed: ObjectStore | None = None

    def for_video(self, encrypted: bool) -> ObjectStore:
        """The store to read or write a video through. Raises JobError when it is sealed and no key is set."""
        if not encrypted:
            return self.objects
        if self.sealed is None:
            raise JobError("the video is encrypted at rest and no encryption key is configured")
        return self.sealed


def provider_config(settings: Settings) -> ProviderConfig | None:
    """The model refinement talks to, or None when REFINE_BASE_URL or REFINE_MODEL is unset."""
    if not settings.refine_base_url or not settings.refine_model:
        return None
    key = settings.refine_api_key
    return ProviderConfig(
        base_url=settings.refine_base_url,
        model=settings.refine_model,
        api_key=key.get_secret_value() if key is not None else None,
        timeout_s=settings.refine_timeout_s,
        max_retries=settings.refine_max_retries,
        backoff_s=settings.refine_backoff_s,
        max_backoff_s=settings.refine_max_backoff_s,
        max_concurrency=settings.refine_max_concurrency,
        max_tokens=settings.refine_max_tokens,
        input_price=settings.refine_input_price,
        output_price=settings.refine_output_price,
    )


def worker_config(settings: Settings, refine_observer: Observer | None = None) -> WorkerConfig:
    side = settings.max_video_side
    return WorkerConfig(
        video_limits=VideoLimits(
            max_bytes=settings.max_video_bytes,
            max_duration_s=settings.max_video_seconds,
            max_width=side,
            max_height=side,
            max_pixels=side * side,
            max_fps=settings.max_video_fps,
        ),
        sandbox=SandboxLimits(
            memory_bytes=settings.job_memory_mb * MIB,
            cpu_seconds=settings.job_cpu_s,
            open_files=settings.job_open_files,
            wall_seconds=settings.job_timeout_s,
        ),
        ocr_threads=settings.ocr_threads,
        ocr_provider=settings.ocr_provider,
        ocr_int8=settings.ocr_int8,
        ocr_int8_detector=settings.ocr_int8_detector,
        work_root=settings.data_dir / "work",
        chromium=settings.chromium_path,
        refine=provider_config(settings),
        refine_observer=refine_observer,
        refine_max_images=settings.refine_max_images,
    )


def open_database(
    settings: Settings, pool_size: int | None = None, max_overflow: int | None = None
) -> Database:
    """The configured database (`pool_size`, `max_overflow`: fewer connections for a process that needs
    few, such as a worker's job process)."""
    from replicast.db import Database  # not at import: a job's sandbox imports this module, not SQL

    return Database(
        settings.resolved_database_url(),
        pool_size=pool_size or settings.database_pool_size,
        max_overflow=settings.database_max_overflow if max_overflow is None else max_overflow,
    )


def open_object_store(settings: Settings) -> ObjectStore:
    """The S3 bucket when `s3_bucket` is set, else the local folder."""
    if settings.s3_bucket is None:
        return LocalStore(settings.resolved_store_dir())
    from replicast.storage.s3 import S3Config, S3Store

    def secret(value: SecretStr | None) -> str | None:
        return value.get_secret_value() if value is not None else None

    return S3Store(
        S3Config(
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url or None,  # empty in an env file: AWS itself
            region=settings.s3_region or None,
            access_key_id=secret(settings.s3_access_key_id),
            secret_access_key=secret(settings.s3_secret_access_key),
            multipart_threshold=settings.s3_multipart_threshold_mb * MIB,
            part_size=settings.s3_part_size_mb * MIB,
            spool_dir=settings.data_dir / "spool",
        )
    )


def open_stores(settings: Settings) -> Stores:
    """The configured stores. Raises ValueError for a malformed encryption key."""
    objects = open_object_store(settings)
    if settings.encryption_key is None:
        return Stores(objects)
    from replicast.storage.crypto import EncryptedStore, parse_master_key

    return Stores(
        objects, EncryptedStore(objects, parse_master_key(settings.encryption_key.get_secret_value()))
    )
