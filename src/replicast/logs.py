"""Log records that carry the request and job they belong to.

The service sets a request id per HTTP request and executors a job id per job, in context variables;
`configure_logging` installs a filter that stamps them on every record, so one grep finds a request's
or a job's whole story:

    configure_logging("INFO")
    with job_context("job_5f0c..."):
        log.info("started")          # ... job=job_5f0c... started

Secrets never reach a log: API keys are logged by their public id only, settings' secret fields are
`SecretStr` and excluded from their repr.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("replicast_request_id", default="-")
job_id: ContextVar[str] = ContextVar("replicast_job_id", default="-")

FORMAT = "%(asctime)s %(levelname)s %(name)s [req=%(request_id)s job=%(job_id)s] %(message)s"


class ContextFilter(logging.Filter):
    """Adds `request_id` and `job_id` to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.job_id = job_id.get()
        return True


@contextmanager
def job_context(job: str) -> Iterator[None]:
    token = job_id.set(job)
    try:
        yield
    finally:
        job_id.reset(token)


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr with request and job ids (the service's own processes call this once)."""
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
