"""The fake executor: runs each job to its end inside `submit`, in the caller's thread.

For tests that want a job's outcome right after creating it, with no threads or timing involved.

    executor = InlineExecutor(tracker, runner)
    executor.submit(job_id)          # returns when the job has succeeded or failed
"""

from __future__ import annotations

import threading

from replicast.jobs.executors.base import Executor, Runner, execute
from replicast.jobs.lifecycle import JobTracker


class InlineExecutor(Executor):
    def __init__(self, tracker: JobTracker, runner: Runner) -> None:
        self._tracker = tracker
        self._runner = runner
        self.submitted: list[str] = []

    def start(self) -> None:
        for job_id in self._tracker.recover(max_attempts=3):
            self.submit(job_id)

    def submit(self, job_id: str) -> None:
        self.submitted.append(job_id)
        execute(self._tracker, self._runner, job_id, threading.Event())

    def cancel(self, job_id: str) -> None:
        return None

    def queue_depth(self) -> int:
        return 0

    def shutdown(self, wait: bool = True) -> None:
        return None
