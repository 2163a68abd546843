"""The worker side of the Celery executor: the task, its per-process context, and the sweeper.

    app = worker_app(settings)            # make_celery + the task + the sweeper
    run_worker(settings)                  # what `replicast worker` does: a prefork pool of
                                          # WORKER_CONCURRENCY processes, one job each at a time

Each delivery runs `execute(tracker, runner, job_id, cancelled)`, the same claim/run/record path the
local executor takes, with `run_job` as the runner. What a delivery can meet:

- the job is finished, cancelled or gone: the message is acknowledged and dropped;
- it runs under another worker's live lease, or another job computes the same result: the message is
  retried later (a countdown, not a failure), so it survives until the job is settled;
- the worker process dies mid-job: `reject_on_worker_lost` puts the message back; the next delivery
  waits for the dead worker's lease to lapse and takes the job over; after JOB_MAX_ATTEMPTS claims the
  job is failed with JobAbandonedError instead (the dead-letter state: never run again by itself);
- the database or the object store is unavailable: retried with exponential backoff and jitter, at
  most JOB_RETRIES times (the job back in the queue meanwhile); the last try records the failure.

The sweeper runs in each worker's main process every JOB_LEASE_S / 2 seconds: lapsed leases whose
messages are gone (Redis keeps an unacknowledged message for its whole visibility timeout) go back to
the queue and are published again, and queued jobs untouched for JOB_REQUEUE_AFTER_S (a message lost
on its way to the broker) are published again. Duplicates are harmless: claims are compare-and-set.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import random
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any, ClassVar

from celery import Celery, Task, bootsteps
from celery.signals import worker_process_init
from sqlalchemy.exc import DBAPIError, OperationalError

from replicast.db import Database
from replicast.db.migrate import upgrade
from replicast.errors import StorageUnavailableError
from replicast.jobs.config import open_database, open_stores, worker_config
from replicast.jobs.executors.base import Runner, execute
from replicast.jobs.executors.celery import MAX_COUNTDOWN_S, TASK_NAME, make_celery, publish
from replicast.jobs.lifecycle import JobTracker
from replicast.jobs.run import make_runner
from replicast.logs import job_context
from replicast.settings import Settings
from replicast.storage.s3 import S3Store

log = logging.getLogger(__name__)

TRANSIENT: tuple[type[BaseException], ...] = (OperationalError, StorageUnavailableError)
_RETRYABLE: tuple[type[BaseException], ...] = (DBAPIError, StorageUnavailableError)
_STALE_UPLOADS_EVERY_S = 3600.0


def backoff(failures: int, first_s: float, cap_s: float = MAX_COUNTDOWN_S) -> float:
    """Seconds before retry number `failures + 1`: doubling from `first_s`, capped, with full jitter
    in its upper half (so workers that failed together do not retry together)."""
    delay = min(cap_s, first_s * 2.0**failures)
    return delay / 2 + random.random() * delay / 2  # jitter, not secrecy


def _own_main_process() -> None:
    """Make this pool process a main process to `multiprocessing`.

    billiard installs its own (daemonic) process object as multiprocessing's current process, which
    multiprocessing then refuses children and whose key it cannot pickle; a job's sandbox is such a
    child (and `jobs.sandbox` kills it itself, whatever happens).
    """
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    config["daemon"] = False
    config["authkey"] = multiprocessing.process.AuthenticationString(bytes(config["authkey"]))  # type: ignore[attr-defined]


@dataclass
class _Context:
    pid: int
    db: Database
    tracker: JobTracker
    runner: Runner


class _Process:
    """What one pool process builds for itself, after the fork (connections must not cross forks)."""

    def __init__(self, settings: Settings, runner: Runner | None) -> None:
        self.settings = settings
        self.runner = runner
        self._context: _Context | None = None
        self._lock = threading.Lock()

    def get(self) -> _Context:
        with self._lock:
            if self._context is None or self._context.pid != os.getpid():
                _own_main_process()
                settings = self.settings
                db = open_database(settings, pool_size=2, max_overflow=1)  # the job, its lease heartbeat
                tracker = JobTracker(db, lease_s=settings.job_lease_s, max_attempts=settings.job_max_attempts)
                runner = self.runner or make_runner(open_stores(settings), worker_config(settings))
                self._context = _Context(os.getpid(), db, tracker, runner)
            return self._context


def _run(task: Task, process: _Process, job_id: str, failures: int) -> None:
    settings = process.settings
    context = process.get()
    last_try = failures >= settings.job_retries
    with job_context(job_id):
        try:
            outcome = execute(
                context.tracker,
                context.runner,
                job_id,
                threading.Event(),
                transient=() if last_try else TRANSIENT,
            )
        except _RETRYABLE as ex:
            if last_try:
                log.error(
                    "job %s: gave up after %d retries: %s (a sweep queues it again)", job_id, failures, ex
                )
                return
            delay = backoff(failures, settings.job_retry_backoff_s)
            log.warning("job %s: %s; retry %d in %.1f s", job_id, type(ex).__name__, failures + 1, delay)
            raise task.retry(kwargs={"job_id": job_id, "failures": failures + 1}, countdown=delay) from ex
    if outcome.retry_after_s is not None:
        delay = min(MAX_COUNTDOWN_S, outcome.retry_after_s)
        raise task.retry(kwargs={"job_id": job_id, "failures": failures}, countdown=delay)


class _SweeperState:
    """The main process's own database handle for sweeps (pool processes must not use it)."""

    def __init__(self) -> None:
        self.db: Database | None = None
        self.tracker: JobTracker | None = None
        self.store: S3Store | None = None
        self.uploads_checked = float("-inf")


def _sweeper_step(settings: Settings, state: _SweeperState) -> type[bootsteps.StartStopStep]:
    """A worker bootstep that sweeps on the main process's timer (no thread: the pool forks from it)."""

    class Sweeper(bootsteps.StartStopStep):  # type: ignore[misc]
        requires: ClassVar[set[str]] = {"celery.worker.components:Timer"}

        def __init__(self, parent: Any, **kwargs: Any) -> None:
            super().__init__(parent, **kwargs)
            self._tref: Any = None

        def start(self, parent: Any) -> None:
            interval = max(0.5, settings.job_lease_s / 2)
            self._tref = parent.timer.call_repeatedly(interval, self.sweep, (parent.app,), priority=10)
            parent.timer.call_after(0.5, self.sweep, (parent.app,))  # republish what a cluster stop lost

        def stop(self, parent: Any) -> None:
            if self._tref is not None:
                self._tref.cancel()
            if state.db is not None:
                state.db.dispose()

        def sweep(self, app: Celery) -> None:
            try:
                if state.tracker is None:
                    state.db = open_database(settings, pool_size=1, max_overflow=0)
                    state.tracker = JobTracker(
                        state.db, lease_s=settings.job_lease_s, max_attempts=settings.job_max_attempts
                    )
                for job_id in state.tracker.sweep(settings.job_requeue_after_s):
                    publish(app, job_id, settings.broker_queue)
                self._abort_stale_uploads()
            except Exception as ex:  # the database or broker is away: the next sweep tries again
                log.warning("sweep: %s: %s", type(ex).__name__, ex)

        def _abort_stale_uploads(self) -> None:
            now = time.monotonic()
            if now - state.uploads_checked < _STALE_UPLOADS_EVERY_S:
                return
            state.uploads_checked = now
            if state.store is None:
                store = open_stores(settings).objects
                if not isinstance(store, S3Store):
                    return
                state.store = store
            state.store.abort_stale_uploads()

    return Sweeper


def worker_app(settings: Settings, runner: Runner | None = None) -> Celery:
    """The Celery app of a worker: the task and the sweeper. `runner` replaces `run_job` in tests."""
    app = make_celery(settings)
    process = _Process(settings, runner)
    state = _SweeperState()

    def run_job_task(self: Task, job_id: str, version: int = 1, failures: int = 0) -> None:
        del version  # 1: the only message version so far
        _run(self, process, job_id, failures)

    app.task(name=TASK_NAME, bind=True, max_retries=None, acks_late=True, reject_on_worker_lost=True)(
        run_job_task
    )

    def forked(**_: Any) -> None:
        # the main process's connections are its own; this process opens its own on first use
        if state.db is not None:
            state.db.engine.dispose(close=False)

    worker_process_init.connect(forked, weak=False)
    app.steps["worker"].add(_sweeper_step(settings, state))
    return app


def run_worker(settings: Settings, concurrency: int | None = None, runner: Runner | None = None) -> int:
    """Run a worker until it is stopped (SIGTERM: finish running jobs; SIGQUIT: stop now); its exit code.

    Migrates the database first (PostgreSQL: under a lock, so many workers may start at once).
    `runner` replaces `run_job` (tests).
    """
    db = open_database(settings, pool_size=1, max_overflow=0)
    try:
        upgrade(db)
    finally:
        db.dispose()
    app = worker_app(settings, runner)
    worker = app.Worker(
        hostname=f"replicast-{os.getpid()}@{socket.gethostname()}",
        concurrency=concurrency or settings.worker_concurrency,
        pool="prefork",
        queues=[settings.broker_queue],
        loglevel=settings.log_level.upper(),
        without_gossip=True,
        without_mingle=True,
        without_heartbeat=True,
        optimization="fair",
    )
    log.info("replicast worker: %d processes, queue %r", worker.concurrency, settings.broker_queue)
    worker.start()
    return int(worker.exitcode or 0)
