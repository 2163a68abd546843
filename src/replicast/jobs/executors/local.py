"""The embedded default executor: a few threads inside `replicast serve`, each driving one job.

Each thread claims a job, and `run_job` runs its decoding and analysis in a resource-limited child
process (`jobs.sandbox`), so a crash, an out-of-memory or a timeout fails that job with its reason
and the thread takes the next one. A job that must wait (another job computes the same result) goes
back to the end of the queue a little later. The queue is in memory; the database is the truth, so `start`
re-submits every queued job and puts interrupted ones back in the queue (this process is the only one
running jobs on this database).

    executor = LocalExecutor(tracker, functools.partial(run_job_with, stores, config), workers=2)
    executor.start()
"""

from __future__ import annotations

import logging
import queue
import threading

from replicast.jobs.executors.base import Executor, Runner, execute
from replicast.jobs.lifecycle import JobTracker
from replicast.logs import job_context

log = logging.getLogger(__name__)


class LocalExecutor(Executor):
    def __init__(
        self, tracker: JobTracker, runner: Runner, *, workers: int = 2, max_attempts: int = 3
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._tracker = tracker
        self._runner = runner
        self._workers = workers
        self._max_attempts = max_attempts
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._running: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def start(self) -> None:
        if self._threads:
            return
        for job_id in self._tracker.recover(self._max_attempts):
            self._queue.put(job_id)
        for n in range(self._workers):
            thread = threading.Thread(target=self._work, name=f"replicast-job-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, job_id: str) -> None:
        if self._stopping.is_set():
            return  # it stays queued in the database and runs after the next start
        self._queue.put(job_id)

    def cancel(self, job_id: str) -> None:
        with self._lock:
            event = self._running.get(job_id)
        if event is not None:
            event.set()

    def queue_depth(self) -> int:
        return self._queue.qsize()

    def running(self) -> int:
        with self._lock:
            return len(self._running)

    def shutdown(self, wait: bool = True) -> None:
        self._stopping.set()
        with self._lock:
            stopping = list(self._running.items())
        for _, event in stopping:
            event.set()
        for _ in self._threads:
            self._queue.put(None)
        if wait:
            for thread in self._threads:
                thread.join(timeout=30)
        for job_id, _ in stopping:
            self._tracker.release(job_id)
        self._threads.clear()

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None or self._stopping.is_set():
                return
            cancelled = threading.Event()
            with self._lock:
                self._running[job_id] = cancelled
            try:
                with job_context(job_id):
                    outcome = execute(self._tracker, self._runner, job_id, cancelled)
            except Exception:  # the database failed: the job stays queued for the next start
                log.exception("job %s: could not be claimed or recorded", job_id)
                continue
            finally:
                with self._lock:
                    self._running.pop(job_id, None)
            if outcome.retry_after_s is not None and not self._stopping.is_set():
                timer = threading.Timer(outcome.retry_after_s, self.submit, (job_id,))
                timer.daemon = True
                timer.start()
