"""Creating, cancelling and deleting jobs, batches and videos: the service's rules in one place.

- A new job reuses the result of the tenant's earlier job with the same cache key (video bytes,
  options, pipeline version) at once, when that result is complete; otherwise it is queued.
- A key may have at most `settings.job_quota` jobs queued or running (RateLimitedError, 429).
- Deleting removes the blobs nobody else points at: a result shared by cache hits stays until the
  last job using it is deleted.

    job = create_jobs(svc, caller, [video_id], JobOptions())[0]
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from replicast.db.jobs import (
    ACTIVE,
    add_batch,
    add_job,
    count_active,
    delete_job,
    find_cached,
    list_jobs,
    result_refs,
)
from replicast.db.models import Batch, Job, Video
from replicast.db.videos import delete_video, get_video
from replicast.errors import RateLimitedError
from replicast.jobs.lifecycle import cancel_queued_or_running
from replicast.jobs.payload import JobOptions, cache_key, result_key
from replicast.jobs.run import MANIFEST
from replicast.service.apikeys import Principal
from replicast.service.context import Services
from replicast.settings import Settings

log = logging.getLogger(__name__)


def _check_quota(s: Session, svc: Services, caller: Principal, new_jobs: int) -> None:
    active = count_active(s, caller.key_id)
    quota = svc.settings.job_quota
    if active + new_jobs > quota:
        raise RateLimitedError(
            f"this key has {active} jobs queued or running and a quota of {quota}; "
            f"{new_jobs} more would exceed it",
            retry_after=30,
        )


def engine_settings(settings: Settings, options: JobOptions) -> dict[str, Any]:
    """The deployment's settings that change a job's result: part of its cache key."""
    return {
        "ocr_provider": settings.ocr_provider,
        "ocr_int8": settings.ocr_int8,
        "ocr_int8_detector": settings.ocr_int8_detector,
        "refine_model": settings.refine_model if options.refine else None,
    }


def _new_job(
    s: Session, svc: Services, caller: Principal, video: Video, options: JobOptions, batch: str | None
) -> Job:
    key = cache_key(video.sha256, options, engine_settings(svc.settings, options))
    hit = find_cached(s, caller.tenant_id, key)
    if hit is not None and hit.result_key and svc.stores.objects.exists(f"{hit.result_key}/{MANIFEST}"):
        svc.metrics.cache_hits.inc()
        return add_job(
            s,
            tenant_id=caller.tenant_id,
            api_key_id=caller.key_id,
            video_id=video.id,
            options=options.model_dump(mode="json"),
            cache_key=key,
            batch_id=batch,
            cached_from=hit,
        )
    svc.metrics.cache_misses.inc()
    job = add_job(
        s,
        tenant_id=caller.tenant_id,
        api_key_id=caller.key_id,
        video_id=video.id,
        options=options.model_dump(mode="json"),
        cache_key=key,
        batch_id=batch,
    )
    job.result_key = result_key(caller.tenant_id, key)
    return job


def create_jobs(
    svc: Services, caller: Principal, video_ids: list[str], options: JobOptions, batch_name: str | None = None
) -> tuple[list[Job], Batch | None]:
    """One job per video (a batch when `batch_name` is given), queued or answered from the cache.

    Raises NotFoundError (404) for a video id that is not the caller's, RateLimitedError (429) over quota.
    """
    with svc.db.write() as s:
        videos = [get_video(s, caller.tenant_id, v) for v in video_ids]
        _check_quota(s, svc, caller, len(videos))
        batch = None
        if batch_name is not None:
            batch = add_batch(
                s,
                tenant_id=caller.tenant_id,
                api_key_id=caller.key_id,
                name=batch_name,
                options=options.model_dump(mode="json"),
            )
        jobs = [_new_job(s, svc, caller, v, options, batch.id if batch else None) for v in videos]
        s.flush()
    for job in jobs:
        if job.state in ACTIVE:
            svc.executor.submit(job.id)
        else:
            log.info("job %s: answered from the cache (%s)", job.id, job.note)
    return jobs, batch


def cancel_job(svc: Services, job_id: str) -> bool:
    """Cancel a queued or running job; whether it was still active."""
    moved = cancel_queued_or_running(svc.db, job_id)
    if moved:
        svc.executor.cancel(job_id)
        log.info("job %s: cancelled", job_id)
    return moved


def remove_job(svc: Services, job: Job) -> None:
    """Cancel `job` if it is active, delete it, and delete its result if no other job shares it."""
    cancel_job(svc, job.id)
    with svc.db.write() as s:
        row = s.get(Job, job.id)
        if row is not None:
            delete_job(s, row)
        orphan = job.result_key is not None and result_refs(s, job.tenant_id, job.result_key) == 0
    if orphan and job.result_key is not None:
        removed = svc.stores.objects.delete_prefix(f"{job.result_key}/")
        log.info("job %s: deleted with its %d result objects", job.id, removed)


def remove_video(svc: Services, caller: Principal, video_id: str) -> None:
    """Delete the video, its jobs (cancelled first) and their results, and the video's blob."""
    with svc.db.read() as s:
        video = get_video(s, caller.tenant_id, video_id)
    while True:
        with svc.db.read() as s:
            jobs = list_jobs(s, caller.tenant_id, limit=200, video_id=video.id)
        if not jobs:
            break
        for job in jobs:
            remove_job(svc, job)
    with svc.db.write() as s:
        row = s.get(Video, video.id)
        if row is not None:
            delete_video(s, row)
    svc.stores.objects.delete(video.blob_key)
    log.info("video %s: deleted with its blob", video.id)
