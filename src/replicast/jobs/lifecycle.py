"""A job's life in the database, as every executor records it: claim, progress, finish, recover.

`JobTracker` is what sits between an executor and the database. Every state change is a
compare-and-set (`db.jobs.transition`), so a cancel racing a finish, or two deliveries of one job,
settle on exactly one outcome:

    tracker = JobTracker(db)
    if (request := tracker.claim(job_id)) is not None:      # queued -> running, or None: not ours
        try:
            tracker.succeed(job_id, run_job(request, stores, config, tracker.progress_for(job_id)))
        except ReplicastError as ex:
            tracker.fail(job_id, ex)

Leases make this safe with many workers on many machines. A claim gives the job to this tracker's
worker for `lease_s` seconds, and a heartbeat thread renews the lease while the job runs; when a renewal
finds the job no longer ours (cancelled through the API, taken over) it sets the job's cancel event. A
job whose worker died keeps its lapsed lease until a delivery of it claims it again (`try_claim` takes
over a lapsed lease) or a sweep (`sweep`, run by Celery workers) queues it again; after `max_attempts`
claims that all ended with the worker gone it fails with JobAbandonedError: the dead-letter state.

One computation per result: a claim waits (`Claim.wait_s`) while another job of the tenant computes
the same cache key under a live lease; when it runs, the result is complete and `run_job` returns it.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from replicast.db import Database
from replicast.db.jobs import (
    ACTIVE,
    TERMINAL,
    JobState,
    computing_sibling,
    lapsed,
    lock_video,
    owned_by,
    renew_lease,
    set_progress,
    transition,
    unfinished,
    untouched_queued,
)
from replicast.db.models import Job, Video, utcnow
from replicast.jobs.payload import JobOptions, JobRequest, JobResult
from replicast.pipeline.run import Progress

log = logging.getLogger(__name__)

# rough share of a job's time per stage, for one overall progress fraction
STAGE_WEIGHTS: dict[str, float] = {
    "fetch": 0.02,
    "probe": 0.03,
    "decode": 0.40,
    "parse": 0.40,
    "behaviour": 0.04,
    "assemble": 0.03,
    "codegen": 0.04,
    "build": 0.0,
    "check": 0.0,
    "publish": 0.04,
}
_ORDER = list(STAGE_WEIGHTS)
_WRITE_EVERY_S = 0.5


class JobHooks(Protocol):
    """What an observer (the service's metrics) hears about jobs."""

    def stage_finished(self, stage: str, seconds: float) -> None: ...

    def job_finished(self, state: JobState, seconds: float) -> None: ...


class _NoHooks:
    def stage_finished(self, stage: str, seconds: float) -> None:
        return None

    def job_finished(self, state: JobState, seconds: float) -> None:
        return None


def overall_progress(p: Progress) -> float:
    """0..1 over the whole job, from a stage's own progress."""
    if p.stage not in STAGE_WEIGHTS:
        return 0.0
    total = sum(STAGE_WEIGHTS.values())
    before = sum(STAGE_WEIGHTS[s] for s in _ORDER[: _ORDER.index(p.stage)])
    part = min(1.0, max(0.0, p.done / p.total)) if p.total > 0 else 0.0
    return round(min(1.0, (before + STAGE_WEIGHTS[p.stage] * part) / total), 4)


def request_for(job: Job, video: Video) -> JobRequest:
    """The payload that runs `job` (no secrets: ids and object keys)."""
    if job.result_key is None:
        raise ValueError(f"job {job.id} has no result key")
    return JobRequest(
        job_id=job.id,
        tenant_id=job.tenant_id,
        video_key=video.blob_key,
        video_name=video.filename,
        video_encrypted=video.encrypted,
        options=JobOptions.model_validate(job.options),
        result_key=job.result_key,
        attempt=max(1, job.attempts + 1),
    )


@dataclass(slots=True)
class _Running:
    stage: str
    stage_since: float
    started: float
    owner: str | None = None
    cancelled: threading.Event | None = None
    written_at: float = 0.0


@dataclass(frozen=True, slots=True)
class Claim:
    """What a claim found: the job's payload (now ours), or why not, and when to try again if ever."""

    request: JobRequest | None
    reason: str = ""
    wait_s: float | None = None  # not ours yet: ask again this much later (None: never)


def _abandon(s: Session, job: Job) -> bool:
    """running (lapsed lease) -> failed with JobAbandonedError: the dead-letter state."""
    moved = transition(
        s,
        job.id,
        (JobState.RUNNING,),
        JobState.FAILED,
        where=owned_by(job.lease_owner),
        finished_at=utcnow(),
        error_type="JobAbandonedError",
        error=f"gave up after {job.attempts} attempts: each ended with its worker gone "
        "(killed, out of memory, or its machine stopped)",
        note="dead-lettered",
        lease_owner=None,
        lease_expires_at=None,
    )
    if moved:
        log.warning("job %s: abandoned after %d attempts (dead-lettered)", job.id, job.attempts)
    return moved


class JobTracker:
    """Records jobs' progress and outcomes in the database; thread-safe.

    `lease_s`: how long a claim holds without renewal; `max_attempts`: claims of a job whose worker
    died before it is abandoned; `worker`: a name for this process in `lease_owner` (host:pid).
    """

    def __init__(
        self,
        db: Database,
        hooks: JobHooks | None = None,
        *,
        lease_s: float = 60.0,
        max_attempts: int = 3,
        worker: str | None = None,
    ) -> None:
        self.db = db
        self.hooks: JobHooks = hooks or _NoHooks()
        self.lease_s = lease_s
        self.max_attempts = max_attempts
        self.worker = (worker or f"{socket.gethostname()}:{os.getpid()}")[:80]
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()
        self._beat: threading.Thread | None = None
        self._closing = threading.Event()

    def claim(self, job_id: str, cancelled: threading.Event | None = None) -> JobRequest | None:
        """Take a queued job (queued -> running); its payload, or None when it is not ours to run."""
        return self.try_claim(job_id, cancelled).request

    def try_claim(self, job_id: str, cancelled: threading.Event | None = None) -> Claim:
        """Take the job if it is queued, or running under a lapsed lease (its worker died).

        `cancelled` is set when the heartbeat finds the job is not ours any more (cancelled elsewhere).
        Raises sqlalchemy errors when the database fails.
        """
        now = utcnow()
        owner = f"{self.worker}/{secrets.token_hex(4)}"
        with self.db.write() as s:
            job = s.get(Job, job_id)
            if job is None:
                return Claim(None, "no such job")
            lock_video(s, job.video_id)
            s.refresh(job)  # as it is now that claims of this video wait for us
            if job.state in TERMINAL:
                return Claim(None, f"already {job.state}")
            takeover = job.state == JobState.RUNNING
            if takeover:
                if job.lease_expires_at is None:
                    return Claim(None, "running without a lease (the embedded executor has it)")
                if job.lease_expires_at > now:
                    left = (job.lease_expires_at - now).total_seconds()
                    return Claim(None, f"running under a live lease ({job.lease_owner})", left + 0.5)
            sibling = computing_sibling(s, job, now)
            if sibling is not None:
                wait = min(15.0, max(1.0, self.lease_s / 4))
                return Claim(None, f"waiting for {sibling.id}, which computes the same result", wait)
            if takeover and job.attempts >= self.max_attempts:
                _abandon(s, job)
                return Claim(None, "dead-lettered")
            moved = transition(
                s,
                job_id,
                (JobState(job.state),),
                JobState.RUNNING,
                where=owned_by(job.lease_owner),
                started_at=now,
                stage="starting",
                progress=0.0,
                note=f"taken over from {job.lease_owner}" if takeover else "",
                attempts=Job.attempts + 1,
                lease_owner=owner,
                lease_expires_at=now + timedelta(seconds=self.lease_s),
            )
            if not moved:
                return Claim(None, "claimed by another worker first")
            s.refresh(job)
            video = s.get(Video, job.video_id)
            if video is None:
                return Claim(None, "its video is gone")
            request = request_for(job, video).model_copy(update={"attempt": job.attempts})
        if takeover:
            log.info("job %s: took over a lapsed lease (attempt %d)", job_id, request.attempt)
        started = time.monotonic()
        with self._lock:
            self._running[job_id] = _Running("starting", started, started, owner, cancelled)
        self._ensure_heartbeat()
        return Claim(request, "claimed")

    def owner_of(self, job_id: str) -> str | None:
        with self._lock:
            run = self._running.get(job_id)
            return run.owner if run is not None else None

    def _guard(self, job_id: str) -> ColumnElement[bool] | None:
        """The lease guard for moves of a job claimed here (None: claimed some other way)."""
        with self._lock:
            run = self._running.get(job_id)
        return owned_by(run.owner) if run is not None and run.owner is not None else None

    def _ensure_heartbeat(self) -> None:
        with self._lock:
            if self._beat is not None:
                return
            self._beat = threading.Thread(target=self._heartbeat, name="replicast-lease", daemon=True)
            self._beat.start()

    def _heartbeat(self) -> None:
        """Renew the leases of the jobs running here; a lease found lost cancels its job."""
        interval = max(0.05, self.lease_s / 4)
        while not self._closing.wait(interval):
            with self._lock:
                owned = [(j, r.owner, r.cancelled) for j, r in self._running.items() if r.owner is not None]
                if not owned:
                    self._beat = None
                    return
            until = utcnow() + timedelta(seconds=self.lease_s)
            for job_id, owner, cancelled in owned:
                assert owner is not None
                try:
                    with self.db.write() as s:
                        held = renew_lease(s, job_id, owner, until)
                except Exception as ex:  # the database is down for a moment: try again next beat
                    log.warning("job %s: could not renew its lease: %s", job_id, ex)
                    continue
                if not held:
                    log.info("job %s: its lease is gone (cancelled or taken over); stopping it", job_id)
                    if cancelled is not None:
                        cancelled.set()
        with self._lock:
            self._beat = None

    def close(self) -> None:
        """Stop the heartbeat (jobs still running here will lose their leases)."""
        self._closing.set()

    def progress_for(self, job_id: str) -> Callable[[Progress], None]:
        return lambda p: self.progress(job_id, p)

    def progress(self, job_id: str, p: Progress) -> None:
        """Record progress, at most a few writes a second per job (and always on a new stage)."""
        now = time.monotonic()
        with self._lock:
            run = self._running.get(job_id)
            if run is None:
                return
            new_stage = p.stage != run.stage
            if new_stage:
                self.hooks.stage_finished(run.stage, now - run.stage_since)
                run.stage, run.stage_since = p.stage, now
            if not new_stage and now - run.written_at < _WRITE_EVERY_S and p.done < p.total:
                return
            run.written_at = now
            owner = run.owner
        with self.db.write() as s:
            set_progress(s, job_id, stage=p.stage, progress=overall_progress(p), note=p.note, owner=owner)

    def succeed(self, job_id: str, result: JobResult) -> bool:
        """running -> succeeded; False when the job was cancelled (or taken) meanwhile."""
        guard = self._guard(job_id)
        with self.db.write() as s:
            moved = transition(
                s,
                job_id,
                (JobState.RUNNING,),
                JobState.SUCCEEDED,
                where=guard,
                lease_owner=None,
                lease_expires_at=None,
                stage="done",
                progress=1.0,
                note="",
                finished_at=utcnow(),
                result_key=result.result_key,
                summary={
                    "screens": result.screens,
                    "events": result.events,
                    "built": result.built,
                    "check_skipped": result.check_skipped,
                    "seconds": result.seconds,
                    "files": result.files,
                    "stages": result.stages,
                },
            )
        self._finished(job_id, JobState.SUCCEEDED if moved else None)
        return moved

    def fail(self, job_id: str, error: BaseException) -> bool:
        """running -> failed with the error's type and message; False when it was not running."""
        message = str(error) or type(error).__name__
        guard = self._guard(job_id)
        with self.db.write() as s:
            moved = transition(
                s,
                job_id,
                (JobState.RUNNING,),
                JobState.FAILED,
                where=guard,
                lease_owner=None,
                lease_expires_at=None,
                finished_at=utcnow(),
                error_type=type(error).__name__,
                error=message[:4000],
            )
        self._finished(job_id, JobState.FAILED if moved else None)
        return moved

    def release(self, job_id: str, note: str = "interrupted by a shutdown") -> bool:
        """running -> queued without counting the attempt (a graceful shutdown stopped it, or the
        database or store failed for a moment and the job will be retried)."""
        guard = self._guard(job_id)
        with self.db.write() as s:
            moved = transition(
                s,
                job_id,
                (JobState.RUNNING,),
                JobState.QUEUED,
                where=guard,
                stage="",
                progress=0.0,
                note=note,
                attempts=Job.attempts - 1,
                lease_owner=None,
                lease_expires_at=None,
            )
        self._finished(job_id, None)
        return moved

    def forget(self, job_id: str) -> None:
        """Stop tracking a job that ended some other way (cancelled)."""
        self._finished(job_id, JobState.CANCELLED)

    def _finished(self, job_id: str, state: JobState | None) -> None:
        with self._lock:
            run = self._running.pop(job_id, None)
        if run is not None and state is not None:
            now = time.monotonic()
            self.hooks.stage_finished(run.stage, now - run.stage_since)
            self.hooks.job_finished(state, now - run.started)

    def recover(self, max_attempts: int) -> list[str]:
        """After a restart: interrupted (running) jobs go back to the queue, or fail after
        `max_attempts` runs; the ids of every queued job, oldest first, to submit again.

        Only for an executor that is the sole owner of running jobs (the embedded default).
        """
        with self.db.write() as s:
            for job in unfinished(s):
                if job.state != JobState.RUNNING:
                    continue
                if job.attempts >= max_attempts:
                    transition(
                        s,
                        job.id,
                        (JobState.RUNNING,),
                        JobState.FAILED,
                        finished_at=utcnow(),
                        error_type="JobError",
                        error=f"interrupted {job.attempts} times (the service stopped while it ran)",
                    )
                else:
                    transition(
                        s,
                        job.id,
                        (JobState.RUNNING,),
                        JobState.QUEUED,
                        stage="",
                        progress=0.0,
                        note="interrupted; queued again",
                        lease_owner=None,
                        lease_expires_at=None,
                    )
            queued = [job.id for job in unfinished(s) if job.state == JobState.QUEUED]
        if queued:
            log.info("recovered %d unfinished jobs", len(queued))
        return queued

    def sweep(self, requeue_after_s: float, limit: int = 500) -> list[str]:
        """For many workers sharing the database: the ids of jobs to publish again.

        Running jobs whose lease lapsed (their worker died, and no delivery claimed them since) go back
        to the queue, or fail with JobAbandonedError after `max_attempts` claims; queued jobs untouched
        for `requeue_after_s` (a message lost before it reached the broker) are touched and listed too.
        Every move is compare-and-set, so sweeps on many workers at once list each job once.
        """
        now = utcnow()
        again: list[str] = []
        with self.db.write() as s:
            for job in lapsed(s, now, limit):
                if job.attempts >= self.max_attempts:
                    _abandon(s, job)
                elif transition(
                    s,
                    job.id,
                    (JobState.RUNNING,),
                    JobState.QUEUED,
                    where=owned_by(job.lease_owner),
                    stage="",
                    progress=0.0,
                    note=f"its worker ({job.lease_owner}) stopped; queued again",
                    lease_owner=None,
                    lease_expires_at=None,
                ):
                    again.append(job.id)
            lapsed_again = len(again)
            before = now - timedelta(seconds=requeue_after_s)
            for job in untouched_queued(s, before, limit):
                if transition(
                    s, job.id, (JobState.QUEUED,), JobState.QUEUED, where=Job.updated_at == job.updated_at
                ):
                    again.append(job.id)
        if again:
            log.info(
                "sweep: %d lapsed jobs queued again, %d queued jobs untouched for %.0f s; publishing them",
                lapsed_again,
                len(again) - lapsed_again,
                requeue_after_s,
            )
        return again


def cancel_queued_or_running(db: Database, job_id: str) -> bool:
    """queued | running -> cancelled; whether it moved."""
    with db.write() as s:
        return transition(s, job_id, ACTIVE, JobState.CANCELLED, finished_at=utcnow(), note="cancelled")
