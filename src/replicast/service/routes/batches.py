"""/v1/batches: many videos in one request, followed as one."""

from __future__ import annotations

from fastapi import APIRouter, status

from replicast.db.jobs import ACTIVE, batch_counts, batch_job_ids, get_batch, list_batches, list_jobs
from replicast.db.models import Batch
from replicast.errors import InputError
from replicast.service.apikeys import Principal
from replicast.service.context import CallerDep, Services, ServicesDep
from replicast.service.pages import decode_cursor, page
from replicast.service.routes.common import BatchId, Cursor, Limit, errors
from replicast.service.schemas import BatchCreate, BatchOut, BatchPage, BatchSummary
from replicast.service.submit import cancel_job, create_jobs, remove_job

router = APIRouter(prefix="/v1/batches", tags=["batches"])


def _out(svc: Services, caller: Principal, batch_id: str) -> BatchOut:
    with svc.db.read() as s:
        batch = get_batch(s, caller.tenant_id, batch_id)
        counts = batch_counts(s, [batch.id])[batch.id]
        return BatchOut.of(batch, counts, batch_job_ids(s, batch.id))


@router.post("", operation_id="createBatch", status_code=status.HTTP_201_CREATED, responses=errors(400, 404))
def create_batch(body: BatchCreate, svc: ServicesDep, caller: CallerDep) -> BatchOut:
    """One job per video, with the same options; every video must be the caller's."""
    limit = svc.settings.max_batch_videos
    if len(body.video_ids) > limit:
        raise InputError(f"a batch holds at most {limit} videos, got {len(body.video_ids)}")
    if len(set(body.video_ids)) != len(body.video_ids):
        raise InputError("a batch names each video once")
    _, batch = create_jobs(svc, caller, body.video_ids, body.options, batch_name=body.name)
    assert isinstance(batch, Batch)
    return _out(svc, caller, batch.id)


@router.get("", operation_id="listBatches", responses=errors(400))
def list_batches_route(
    svc: ServicesDep, caller: CallerDep, limit: Limit = 20, cursor: Cursor = None
) -> BatchPage:
    """The caller's batches, newest first, with job counts."""
    with svc.db.read() as s:
        rows = list_batches(s, caller.tenant_id, limit=limit + 1, after=decode_cursor(cursor))
        items, next_cursor = page(rows, limit)
        counts = batch_counts(s, [b.id for b in items])
    summaries = []
    for b in items:
        out = BatchOut.of(b, counts[b.id], [])
        summaries.append(
            BatchSummary(
                id=b.id,
                name=b.name,
                created_at=b.created_at,
                total=out.total,
                counts=out.counts,
                finished=out.finished,
            )
        )
    return BatchPage(items=summaries, next_cursor=next_cursor)


@router.get("/{batch_id}", operation_id="getBatch", responses=errors(404))
def get_batch_route(batch_id: BatchId, svc: ServicesDep, caller: CallerDep) -> BatchOut:
    """The batch's jobs by state, and their ids."""
    return _out(svc, caller, batch_id)


@router.post("/{batch_id}/cancel", operation_id="cancelBatch", responses=errors(404))
def cancel_batch(batch_id: BatchId, svc: ServicesDep, caller: CallerDep) -> BatchOut:
    """Cancel every job of the batch that is still queued or running."""
    with svc.db.read() as s:
        batch = get_batch(s, caller.tenant_id, batch_id)
        jobs = list_jobs(s, caller.tenant_id, limit=100_000, batch_id=batch.id)
    for job in jobs:
        if job.state in ACTIVE:
            cancel_job(svc, job.id)
    return _out(svc, caller, batch_id)


@router.delete(
    "/{batch_id}", operation_id="deleteBatch", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404)
)
def delete_batch(batch_id: BatchId, svc: ServicesDep, caller: CallerDep) -> None:
    """Delete the batch and its jobs with their results (the videos stay)."""
    with svc.db.read() as s:
        batch = get_batch(s, caller.tenant_id, batch_id)
        jobs = list_jobs(s, caller.tenant_id, limit=100_000, batch_id=batch.id)
    for job in jobs:
        remove_job(svc, job)
    with svc.db.write() as s:
        row = s.get(Batch, batch_id)
        if row is not None:
            s.delete(row)
