"""`python -m tests.scale.worker`: `replicast worker` with a stand-in for the conversion.

The fault tests are about delivery (kills, restarts, duplicates), not about converting, so their
workers run the real `run_job` (fetch from S3, a sandboxed child, publish with conditional writes,
the manifest last) around a cheap stand-in for the pipeline that takes half a second and burns no
CPU. `REPLICAST_TEST_WORK` picks it:

- `pretend` (default): the stand-in;
- `real`: the real conversion (what `replicast worker` runs);
- `poison`: the stand-in, but a video named `poison*` kills the worker's own process (not the
  sandbox) each time, like a decoder bug that takes its host down with it.

A package's `__main__` on purpose: multiprocessing imports a script's main module again in every child
it starts (each job's sandbox), except one named `*.__main__`.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable

from replicast.jobs.config import open_stores, worker_config
from replicast.jobs.executors.celery_worker import run_worker
from replicast.jobs.payload import JobRequest, JobResult
from replicast.jobs.run import run_job
from replicast.logs import configure_logging
from replicast.pipeline.run import Progress
from replicast.settings import Settings
from tests.scale.pretend import pretend_convert


def main() -> None:
    settings = Settings()
    configure_logging(settings.log_level)
    mode = os.environ.get("REPLICAST_TEST_WORK", "pretend")
    if mode == "real":
        sys.exit(run_worker(settings))
    stores_and_config: list[object] = []

    def runner(
        request: JobRequest, report: Callable[[Progress], None], cancelled: threading.Event
    ) -> JobResult:
        if not stores_and_config:  # built in the pool process, after the fork
            stores_and_config.extend([open_stores(settings), worker_config(settings)])
        stores, config = stores_and_config
        if mode == "poison" and request.video_name.startswith("poison"):
            os.kill(os.getpid(), signal.SIGKILL)
        return run_job(request, stores, config, report, cancelled, work=pretend_convert)  # type: ignore[arg-type]

    sys.exit(run_worker(settings, runner=runner))


if __name__ == "__main__":
    main()
