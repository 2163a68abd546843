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
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from replicast.db import Database
from replicast.db.jobs import ACTIVE, JobState, set_progress, transition, unfinished
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
    written_at: float = 0.0


class JobTracker:
    """Records jobs' progress and outcomes in the database; thread-safe."""

    def __init__(self, db: Database, hooks: JobHooks | None = None) -> None:
        self.db = db
        self.hooks: JobHooks = hooks or _NoHooks()
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()

    def claim(self, job_id: str) -> JobRequest | None:
        """Take a queued job (queued -> running); its payload, or None when it is not queued any more."""
        with self.db.write() as s:
            moved = transition(
                s,
                job_id,
                (JobState.QUEUED,),
                JobState.RUNNING,
                started_at=utcnow(),
                stage="starting",
                progress=0.0,
                note="",
                attempts=Job.attempts + 1,
            )
            if not moved:
                return None
            job = s.get(Job, job_id)
            video = s.get(Video, job.video_id) if job is not None else None
            if job is None or video is None:
                return None
            request = request_for(job, video).model_copy(update={"attempt": job.attempts})
        now = time.monotonic()
        with self._lock:
            self._running[job_id] = _Running("starting", now, now)
        return request

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
        with self.db.write() as s:
            set_progress(s, job_id, stage=p.stage, progress=overall_progress(p), note=p.note)

    def succeed(self, job_id: str, result: JobResult) -> bool:
        """running -> succeeded; False when the job was cancelled (or taken) meanwhile."""
        with self.db.write() as s:
            moved = transition(
                s,
                job_id,
                (JobState.RUNNING,),
                JobState.SUCCEEDED,
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
        with self.db.write() as s:
            moved = transition(
                s,
                job_id,
                (JobState.RUNNING,),
                JobState.FAILED,
                finished_at=utcnow(),
                error_type=type(error).__name__,
                error=message[:4000],
            )
        self._finished(job_id, JobState.FAILED if moved else None)
        return moved

    def release(self, job_id: str) -> bool:
        """running -> queued without counting the attempt (a graceful shutdown stopped it)."""
        with self.db.write() as s:
            moved = transition(
                s,
                job_id,
                (JobState.RUNNING,),
                JobState.QUEUED,
                stage="",
                progress=0.0,
                note="interrupted by a shutdown",
                attempts=Job.attempts - 1,
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
                    )
            queued = [job.id for job in unfinished(s) if job.state == JobState.QUEUED]
        if queued:
            log.info("recovered %d unfinished jobs", len(queued))
        return queued


def cancel_queued_or_running(db: Database, job_id: str) -> bool:
    """queued | running -> cancelled; whether it moved."""
    with db.write() as s:
        return transition(s, job_id, ACTIVE, JobState.CANCELLED, finished_at=utcnow(), note="cancelled")
