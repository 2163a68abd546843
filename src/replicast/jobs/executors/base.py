"""The executor seam: where jobs run. The database holds their state; an executor only runs them.

    executor.start()                 # workers up; unfinished jobs picked up again where that is safe
    executor.submit(job_id)          # a queued job (its row exists); returns at once
    executor.cancel(job_id)          # stop it if it is running here (the caller set its state)
    executor.queue_depth()           # jobs waiting for a worker
    executor.problem()               # None, or why it cannot take jobs now (for /readyz)
    executor.shutdown()

Implementations: `local.LocalExecutor` (threads driving sandboxed child processes inside
`replicast serve`), `inline.InlineExecutor` (the fake: runs a job when it is submitted, in the caller's
thread), `celery.CeleryExecutor` (publishes job ids to a broker; `replicast worker` processes run them
with `execute` below, through the same `JobTracker` and the same `run_job`).
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from replicast.errors import JobCancelledError, ReplicastError
from replicast.jobs.lifecycle import JobTracker
from replicast.jobs.payload import JobRequest, JobResult
from replicast.pipeline.run import Progress

log = logging.getLogger(__name__)

Runner = Callable[[JobRequest, Callable[[Progress], None], threading.Event], JobResult]
"""Runs one job: `run_job` with the worker's stores and config bound (`functools.partial`)."""


class Executor(ABC):
    @abstractmethod
    def start(self) -> None:
        """Start the workers and pick up jobs left unfinished by an earlier run."""

    @abstractmethod
    def submit(self, job_id: str) -> None:
        """Run the queued job `job_id` some time soon."""

    @abstractmethod
    def cancel(self, job_id: str) -> None:
        """Stop the job if it runs here (best effort; its state is already `cancelled`)."""

    @abstractmethod
    def queue_depth(self) -> int:
        """Jobs submitted and waiting for a worker."""

    @abstractmethod
    def shutdown(self, wait: bool = True) -> None:
        """Stop; running jobs go back to the queue for the next start."""

    def problem(self) -> str | None:
        """Why jobs cannot be handed to workers now (the broker does not answer), or None; for /readyz.
        An executor with nothing outside its process to reach has none. Raises nothing."""
        return None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What `execute` did with a delivery of a job."""

    state: Literal["succeeded", "failed", "cancelled", "skipped", "waiting"]
    retry_after_s: float | None = None  # "waiting": deliver it again this much later
    reason: str = ""


def execute(
    tracker: JobTracker,
    runner: Runner,
    job_id: str,
    cancelled: threading.Event,
    *,
    transient: tuple[type[BaseException], ...] = (),
) -> Outcome:
    """Claim, run and record one job. A failure is the job's, not the worker's: it is recorded, and
    nothing is raised, except

    Raises:
        the runner's error when it is one of `transient` (the job goes back to the queue first, so the
        caller can retry it later), and the database's errors while claiming or recording.
    """
    claim = tracker.try_claim(job_id, cancelled)
    request = claim.request
    if request is None:
        if claim.wait_s is not None:
            log.info("job %s: not yet: %s", job_id, claim.reason)
            return Outcome("waiting", claim.wait_s, claim.reason)
        log.info("job %s: skipped: %s", job_id, claim.reason)
        return Outcome("skipped", reason=claim.reason)
    log.info("job %s: started (attempt %d)", job_id, request.attempt)
    try:
        result = runner(request, tracker.progress_for(job_id), cancelled)
    except transient as ex:
        log.warning("job %s: %s: %s; back to the queue for a retry", job_id, type(ex).__name__, ex)
        tracker.release(job_id, note=f"retrying after {type(ex).__name__}")
        raise
    except JobCancelledError:
        log.info("job %s: cancelled", job_id)
        tracker.forget(job_id)
        return Outcome("cancelled")
    except ReplicastError as ex:
        log.info("job %s: failed: %s: %s", job_id, type(ex).__name__, ex)
        tracker.fail(job_id, ex)
        return Outcome("failed", reason=type(ex).__name__)
    except Exception as ex:
        log.exception("job %s: internal error", job_id)
        tracker.fail(job_id, ex)
        return Outcome("failed", reason=type(ex).__name__)
    if tracker.succeed(job_id, result):
        log.info("job %s: succeeded in %.1f s", job_id, result.seconds)
    else:
        log.info("job %s: finished after it was cancelled; result kept for the cache", job_id)
    return Outcome("succeeded")
