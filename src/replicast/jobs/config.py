"""What a worker brings to a job besides the payload: limits, OCR settings, its object stores.

Built from `Settings` by whoever runs workers (`replicast serve` now, `replicast worker` later):

    config = worker_config(settings)
    stores = open_stores(settings)
    result = run_job(request, stores, config)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from replicast.errors import JobError
from replicast.media.limits import VideoLimits
from replicast.settings import Settings
from replicast.storage import LocalStore, ObjectStore

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
    work_root: Path | None = None  # scratch space for jobs (None: the system's temp folder)
    chromium: Path | None = None  # for the self-check (None: /usr/bin/chromium, else chromium on PATH)


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


def worker_config(settings: Settings) -> WorkerConfig:
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
        work_root=settings.data_dir / "work",
        chromium=settings.chromium_path,
    )


def open_stores(settings: Settings) -> Stores:
    """The configured stores. Raises ValueError for a malformed encryption key."""
    objects = LocalStore(settings.resolved_store_dir())
    if settings.encryption_key is None:
        return Stores(objects)
    from replicast.storage.crypto import EncryptedStore, parse_master_key

    return Stores(
        objects, EncryptedStore(objects, parse_master_key(settings.encryption_key.get_secret_value()))
    )
