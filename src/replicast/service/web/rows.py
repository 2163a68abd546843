"""Job and batch rows as the list pages show them (the API's bodies, plus each job's file name).

rows = job_rows(svc, caller, limit=50)              # newest first
rows = job_rows(svc, caller, batch_id="bat_...")    # one batch, in upload order
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import select

from replicast.db.jobs import batch_counts, get_batch, list_batches, list_jobs
from replicast.db.models import Job, Video
from replicast.service.apikeys import Principal
from replicast.service.context import Services
from replicast.service.schemas import BatchOut, JobOut

MAX_BATCH_ROWS = 1000


class JobRow(JobOut):
    filename: str


class JobRows(BaseModel):
    items: list[JobRow]
    batch: BatchOut | None = None


def _rows(svc: Services, jobs: list[Job]) -> list[JobRow]:
    ids = {j.video_id for j in jobs}
    names: dict[str, str] = {}
    if ids:
        with svc.db.read() as s:
            rows = s.execute(select(Video.id, Video.filename).where(Video.id.in_(ids))).all()
            names = {video_id: filename for video_id, filename in rows}
    return [JobRow(**JobOut.of(j).model_dump(), filename=names.get(j.video_id, "")) for j in jobs]


def job_rows(svc: Services, caller: Principal, *, limit: int = 50, batch_id: str | None = None) -> JobRows:
    """The caller's newest jobs, or every job of one batch (oldest first) with the batch's counts.

    Raises NotFoundError for a batch that is not the caller's.
    """
    with svc.db.read() as s:
        batch_out = None
        if batch_id is not None:
            batch = get_batch(s, caller.tenant_id, batch_id)
            jobs = list_jobs(s, caller.tenant_id, limit=MAX_BATCH_ROWS, batch_id=batch.id)[::-1]
            batch_out = BatchOut.of(batch, batch_counts(s, [batch.id])[batch.id], [j.id for j in jobs])
        else:
            jobs = list_jobs(s, caller.tenant_id, limit=limit)
    return JobRows(items=_rows(svc, jobs), batch=batch_out)


def batch_list(svc: Services, caller: Principal, limit: int = 50) -> list[BatchOut]:
    with svc.db.read() as s:
        batches = list_batches(s, caller.tenant_id, limit=limit)
        counts = batch_counts(s, [b.id for b in batches])
    return [BatchOut.of(b, counts[b.id], []) for b in batches]
