"""Video uploads: the request body streams into the object store while it is hashed and counted.

Nothing is buffered whole: chunks are hashed and written as they arrive (off the event loop, a
megabyte at a time, while the next one is read), and the object is named by its SHA-256 only once
complete, so a broken or oversize upload leaves nothing behind. A declared `Content-Length` over the
limit is refused before a byte is read; a body that grows past it (chunked encoding, or a lying
header) is refused the moment it does, so the disk never holds more than the limit for it.

    video, created = await receive_video(request, svc, caller, filename="rec.mp4")
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re

import anyio.to_thread
from fastapi import Request

from replicast.db.models import Video
from replicast.db.videos import add_video
from replicast.errors import InputError, PayloadTooLargeError
from replicast.jobs.payload import video_key
from replicast.service.apikeys import Principal
from replicast.service.context import Services
from replicast.storage import ObjectWriter

log = logging.getLogger(__name__)

FLUSH_BYTES = 1024 * 1024
_CONTENT_TYPE = re.compile(r"[a-z0-9.+-]+/[a-z0-9.+-]+")


class _Sink:
    """Hash and write chunks, in a worker thread."""

    def __init__(self, writer: ObjectWriter) -> None:
        self.writer = writer
        self.digest = hashlib.sha256()

    def take(self, data: bytes) -> None:
        self.digest.update(data)
        self.writer.write(data)


def _mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


async def receive_video(
    request: Request, svc: Services, caller: Principal, filename: str
) -> tuple[Video, bool]:
    """Store the request body as the caller's video; the video and whether it is new.

    Raises PayloadTooLargeError (413) over `settings.max_video_bytes`, InputError (400) for an empty
    body, StorageError when the store fails.
    """
    limit = svc.settings.max_video_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLargeError(f"the upload is {_mib(int(declared))}, over the {_mib(limit)} limit")
    store = svc.stores.for_video(svc.stores.sealed is not None)
    writer = await anyio.to_thread.run_sync(store.writer)
    sink = _Sink(writer)
    loop = asyncio.get_running_loop()
    # double buffering: the socket is read while the previous megabyte is hashed and written
    writing: asyncio.Future[None] | None = None
    try:
        size = 0
        pending = bytearray()
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise PayloadTooLargeError(f"the upload is over the {_mib(limit)} limit")
            pending += chunk
            if len(pending) >= FLUSH_BYTES:
                if writing is not None:
                    await writing
                writing = loop.run_in_executor(None, sink.take, bytes(pending))
                pending.clear()
        if writing is not None:
            await writing
            writing = None
        if size == 0:
            raise InputError("the upload is empty")
        if pending:
            await anyio.to_thread.run_sync(sink.take, bytes(pending))
        sha256 = sink.digest.hexdigest()
        key = video_key(caller.tenant_id, sha256)
        await anyio.to_thread.run_sync(writer.commit, key)
    finally:
        if writing is not None:
            with contextlib.suppress(Exception):  # the error that brought us here matters more
                await writing
        await anyio.to_thread.run_sync(writer.abort)  # a no-op after a commit
    svc.metrics.upload_bytes.inc(size)
    content_type = (
        request.headers.get("content-type", "application/octet-stream").split(";")[0].strip().lower()
    )
    if not _CONTENT_TYPE.fullmatch(content_type):
        content_type = "application/octet-stream"

    def record() -> tuple[Video, bool]:
        with svc.db.write() as s:
            return add_video(
                s,
                tenant_id=caller.tenant_id,
                sha256=sha256,
                size=size,
                filename=filename,
                content_type=content_type[:100],
                blob_key=key,
                encrypted=svc.stores.sealed is not None,
            )

    video, created = await anyio.to_thread.run_sync(record)
    log.info(
        "video %s: %s, %d bytes, %s", video.id, "stored" if created else "same bytes again", size, sha256
    )
    return video, created
