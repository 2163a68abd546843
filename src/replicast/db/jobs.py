"""Jobs and batches: rows, queries and compare-and-set state changes.

A job moves queued → running → succeeded | failed, and queued | running → cancelled; a running job
whose worker vanished goes back to queued. Every move is `transition`, an UPDATE guarded by the
state the caller expects, so two workers (or a worker and a cancel) can never both win:

    if transition(s, job_id, (JobState.QUEUED,), JobState.RUNNING, started_at=utcnow()):
        ...  # this worker owns the job now

With many workers a running job holds a lease (`lease_owner`, `lease_expires_at`) that its worker
renews (`renew_lease`); moves made by that worker are guarded by its owner token as well
(`where=owned_by(token)`), so a worker that lost its lease can no longer record anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from replicast.db.models import Batch, Job, Video, new_id, utcnow
from replicast.errors import NotFoundError


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


ACTIVE: tuple[JobState, ...] = (JobState.QUEUED, JobState.RUNNING)
TERMINAL: tuple[JobState, ...] = (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


def add_job(
    s: Session,
    *,
    tenant_id: str,
    api_key_id: str | None,
    video_id: str,
    options: dict[str, Any],
    cache_key: str,
    batch_id: str | None = None,
    cached_from: Job | None = None,
) -> Job:
    """A new queued job, or, given the earlier job whose result it reuses, one that already succeeded."""
    now = utcnow()
    job = Job(
        id=new_id("job"),
        tenant_id=tenant_id,
        api_key_id=api_key_id,
        video_id=video_id,
        batch_id=batch_id,
        state=JobState.QUEUED,
        stage="",
        progress=0.0,
        note="",
        options=options,
        cache_key=cache_key,
        cached=False,
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    if cached_from is not None:
        job.state = JobState.SUCCEEDED
        job.cached = True
        job.stage = "done"
        job.progress = 1.0
        job.note = f"reused the result of {cached_from.id}"
        job.result_key = cached_from.result_key
        job.summary = cached_from.summary
        job.started_at = job.finished_at = now
    s.add(job)
    s.flush()
    return job


def get_job(s: Session, tenant_id: str, job_id: str) -> Job:
    """The tenant's job. Raises NotFoundError for a missing id and for another tenant's."""
    job = s.get(Job, job_id)
    if job is None or job.tenant_id != tenant_id:
        raise NotFoundError(f"no job {job_id!r}")
    return job


def list_jobs(
    s: Session,
    tenant_id: str,
    *,
    limit: int,
    after: tuple[datetime, str] | None = None,
    state: JobState | None = None,
    batch_id: str | None = None,
    video_id: str | None = None,
) -> list[Job]:
    """The tenant's jobs, newest first, after the cursor (created_at, id) of the previous page."""
    query = select(Job).where(Job.tenant_id == tenant_id)
    if state is not None:
        query = query.where(Job.state == state)
    if batch_id is not None:
        query = query.where(Job.batch_id == batch_id)
    if video_id is not None:
        query = query.where(Job.video_id == video_id)
    if after is not None:
        at, last = after
        query = query.where(or_(Job.created_at < at, and_(Job.created_at == at, Job.id < last)))
    return list(s.scalars(query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)))


def find_cached(s: Session, tenant_id: str, cache_key: str) -> Job | None:
    """The tenant's latest succeeded job with this cache key (never another tenant's)."""
    query = (
        select(Job)
        .where(
            Job.tenant_id == tenant_id,
            Job.cache_key == cache_key,
            Job.state == JobState.SUCCEEDED,
            Job.result_key.is_not(None),
        )
        .order_by(Job.finished_at.desc())
        .limit(1)
    )
    return s.scalars(query).first()


def count_active(s: Session, api_key_id: str) -> int:
    """Queued plus running jobs created with this key."""
    query = select(func.count()).select_from(Job).where(Job.api_key_id == api_key_id, Job.state.in_(ACTIVE))
    return int(s.scalar(query) or 0)


def count_by_state(s: Session) -> dict[str, int]:
    rows = s.execute(select(Job.state, func.count()).group_by(Job.state)).all()
    counts = {state.value: 0 for state in JobState}
    counts.update({str(state): int(n) for state, n in rows})
    return counts


def transition(
    s: Session,
    job_id: str,
    expected: Iterable[JobState],
    to: JobState,
    *,
    where: ColumnElement[bool] | None = None,
    **values: Any,
) -> bool:
    """Move the job to `to` if it is in one of the `expected` states (and `where` holds); whether it
    moved (compare-and-set)."""
    query = update(Job).where(Job.id == job_id, Job.state.in_(tuple(expected)))
    if where is not None:
        query = query.where(where)
    done = s.execute(query.values(state=to, updated_at=utcnow(), **values))
    return bool(getattr(done, "rowcount", 0))


def owned_by(owner: str | None) -> ColumnElement[bool]:
    """The guard for a move only the lease's holder may make (None: a job nobody holds a lease on)."""
    return Job.lease_owner.is_(None) if owner is None else Job.lease_owner == owner


def set_progress(
    s: Session, job_id: str, *, stage: str, progress: float, note: str, owner: str | None = None
) -> bool:
    """Record progress of a running job (a cancelled or finished job keeps its last state; with `owner`,
    only while that lease holds the job)."""
    query = update(Job).where(Job.id == job_id, Job.state == JobState.RUNNING)
    if owner is not None:
        query = query.where(Job.lease_owner == owner)
    done = s.execute(query.values(stage=stage[:32], progress=progress, note=note[:500], updated_at=utcnow()))
    return bool(getattr(done, "rowcount", 0))


def renew_lease(s: Session, job_id: str, owner: str, until: datetime) -> bool:
    """Extend the lease `owner` holds on the running job; False when it holds it no longer (the job
    was cancelled, finished, or taken over)."""
    done = s.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.RUNNING, Job.lease_owner == owner)
        .values(lease_expires_at=until)
    )
    return bool(getattr(done, "rowcount", 0))


def lock_video(s: Session, video_id: str) -> None:
    """Lock the video's row for this transaction (PostgreSQL: FOR NO KEY UPDATE, which new jobs' foreign
    keys do not wait for; SQLite's write transactions are serial already), so claims of jobs on one
    video, which may share a result, take turns."""
    s.execute(select(Video.id).where(Video.id == video_id).with_for_update(key_share=True))


def computing_sibling(s: Session, job: Job, now: datetime) -> Job | None:
    """Another job of the tenant computing the same result (same cache key) under a live lease."""
    query = select(Job).where(
        Job.tenant_id == job.tenant_id,
        Job.cache_key == job.cache_key,
        Job.state == JobState.RUNNING,
        Job.id != job.id,
        Job.lease_expires_at > now,
    )
    return s.scalars(query.limit(1)).first()


def lapsed(s: Session, now: datetime, limit: int) -> list[Job]:
    """Running jobs whose lease ran out (their worker stopped renewing it), oldest lease first."""
    query = (
        select(Job)
        .where(Job.state == JobState.RUNNING, Job.lease_expires_at < now)
        .order_by(Job.lease_expires_at)
        .limit(limit)
    )
    return list(s.scalars(query))


def untouched_queued(s: Session, before: datetime, limit: int) -> list[Job]:
    """Queued jobs nothing has changed since `before` (their message may be lost), oldest first."""
    query = (
        select(Job)
        .where(Job.state == JobState.QUEUED, Job.updated_at < before)
        .order_by(Job.updated_at)
        .limit(limit)
    )
    return list(s.scalars(query))


def unfinished(s: Session) -> list[Job]:
    """Queued and running jobs, oldest first (what a restarted executor picks up again)."""
    query = select(Job).where(Job.state.in_(ACTIVE)).order_by(Job.created_at, Job.id)
    return list(s.scalars(query))


def result_refs(s: Session, tenant_id: str, result_key: str) -> int:
    """How many of the tenant's jobs point at this result (cache hits share one)."""
    query = (
        select(func.count()).select_from(Job).where(Job.tenant_id == tenant_id, Job.result_key == result_key)
    )
    return int(s.scalar(query) or 0)


def delete_job(s: Session, job: Job) -> None:
    s.delete(job)
    s.flush()


def add_batch(
    s: Session, *, tenant_id: str, api_key_id: str | None, name: str, options: dict[str, Any]
) -> Batch:
    batch = Batch(
        id=new_id("bat"),
        tenant_id=tenant_id,
        api_key_id=api_key_id,
        name=name,
        options=options,
        created_at=utcnow(),
    )
    s.add(batch)
    s.flush()
    return batch


def get_batch(s: Session, tenant_id: str, batch_id: str) -> Batch:
    """The tenant's batch. Raises NotFoundError for a missing id and for another tenant's."""
    batch = s.get(Batch, batch_id)
    if batch is None or batch.tenant_id != tenant_id:
        raise NotFoundError(f"no batch {batch_id!r}")
    return batch


def list_batches(
    s: Session, tenant_id: str, *, limit: int, after: tuple[datetime, str] | None = None
) -> list[Batch]:
    query = select(Batch).where(Batch.tenant_id == tenant_id)
    if after is not None:
        at, last = after
        query = query.where(or_(Batch.created_at < at, and_(Batch.created_at == at, Batch.id < last)))
    return list(s.scalars(query.order_by(Batch.created_at.desc(), Batch.id.desc()).limit(limit)))


def batch_counts(s: Session, batch_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    """Jobs per state of each batch."""
    counts: dict[str, dict[str, int]] = {b: {state.value: 0 for state in JobState} for b in batch_ids}
    if not batch_ids:
        return counts
    rows = s.execute(
        select(Job.batch_id, Job.state, func.count())
        .where(Job.batch_id.in_(tuple(batch_ids)))
        .group_by(Job.batch_id, Job.state)
    ).all()
    for batch_id, state, n in rows:
        counts[str(batch_id)][str(state)] = int(n)
    return counts


def batch_job_ids(s: Session, batch_id: str) -> list[str]:
    return list(s.scalars(select(Job.id).where(Job.batch_id == batch_id).order_by(Job.created_at, Job.id)))
