"""The Celery executor: jobs go through a broker (RabbitMQ or Redis) to `replicast worker` processes.

    app = make_celery(settings)                  # the same configuration on both sides
    executor = CeleryExecutor(app, settings.broker_queue)   # `replicast serve` with EXECUTOR=celery
    executor.submit(job_id)                      # one small message: {"job_id": ..., "version": 1}

The message names the job and nothing else (no secrets, no settings): the database is the truth, and
a worker builds the `JobRequest` when it claims the job. The worker side (the task, retries, the
sweeper) is `celery_worker`.

Settings, each against a known way to lose or duplicate work (docs/deploy.md has the story):

- `task_acks_late` + `task_reject_on_worker_lost`: a message is acknowledged after its job is recorded,
  and one whose worker process died mid-job goes back to the queue. (Celery acks by default even
  with late acks when the pool process is killed, and a requeued message carries no count, so the
  database counts attempts and dead-letters the job, see `lifecycle`.)
- `worker_prefetch_multiplier=1`: a worker reserves only the messages it runs, not a backlog that
  another worker could have taken and that would wait behind a long job.
- `task_time_limit` below `broker_redelivery_s`: a job is killed before the broker loses patience and
  hands a second copy to another worker (Redis: `visibility_timeout`, which is set from it;
  RabbitMQ: `consumer_timeout`, 30 minutes by default, which closes the channel). Retry countdowns
  stay far below it too (Redis re-delivers countdown messages held longer than the timeout).
- `confirm_publish` (RabbitMQ): `submit` returns once the broker has taken the message; durable queue
  and persistent messages: a broker restart keeps the queue.
- `worker_cancel_long_running_tasks_on_connection_loss`: when the connection drops, the broker gives
  the running jobs' messages to others, so they stop here rather than run twice.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from celery import Celery

from replicast.jobs.executors.base import Executor
from replicast.settings import Settings

log = logging.getLogger(__name__)

TASK_NAME = "replicast.run_job"
MESSAGE_VERSION = 1
MAX_COUNTDOWN_S = 300.0
_DEPTH_CACHE_S = 2.0
_PUBLISH_RETRY = {"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 2.0}


class BrokerSettingsError(ValueError):
    """The settings would let the broker hand a running job to a second worker."""


def check_limits(settings: Settings) -> None:
    """Raises BrokerSettingsError unless every wait a job can cause ends before the broker redelivers."""
    hard = settings.resolved_hard_limit_s()
    window = settings.broker_redelivery_s
    if hard >= window:
        raise BrokerSettingsError(
            f"the hard time limit of a job ({hard:.0f} s: JOB_HARD_LIMIT_S, or JOB_TIMEOUT_S + 600) must be "
            f"below the broker's redelivery window BROKER_REDELIVERY_S ({window:.0f} s), or a slow job "
            "runs twice"
        )
    if settings.job_timeout_s >= hard:
        raise BrokerSettingsError("JOB_TIMEOUT_S (the sandbox's limit) must be below the hard time limit")
    if max(MAX_COUNTDOWN_S, settings.job_lease_s) * 2 >= window:
        raise BrokerSettingsError("BROKER_REDELIVERY_S must be well above the lease and the retry delays")


def make_celery(settings: Settings) -> Celery:
    """The Celery app both sides use. Raises BrokerSettingsError for limits that would duplicate work."""
    check_limits(settings)
    hard = settings.resolved_hard_limit_s()
    queue = settings.broker_queue
    transport: dict[str, Any] = {"visibility_timeout": int(settings.broker_redelivery_s)}
    if settings.broker_url.startswith(("amqp", "pyamqp")):
        transport = {"confirm_publish": True}
    app = Celery("replicast", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        task_time_limit=hard,
        task_soft_time_limit=max(1.0, hard - 30),
        broker_transport_options=transport,
        worker_cancel_long_running_tasks_on_connection_loss=True,
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,
        result_backend=None,
        task_serializer="json",
        accept_content=["json"],
        task_default_queue=queue,  # declared on first use: durable queue, durable direct exchange
        task_default_exchange=queue,
        task_default_routing_key=queue,
        task_default_delivery_mode="persistent",
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        worker_send_task_events=False,
        worker_enable_remote_control=False,  # no pidbox queues: the database is the control plane
        worker_max_tasks_per_child=200,  # bounds leaks in long-lived pool processes
        broker_pool_limit=4,
    )
    return app


def publish(app: Celery, job_id: str, queue: str) -> None:
    """Put one job on the broker. Raises the broker's error after a few quick retries."""
    app.send_task(
        TASK_NAME,
        kwargs={"job_id": job_id, "version": MESSAGE_VERSION},
        queue=queue,
        retry=True,
        retry_policy=_PUBLISH_RETRY,
    )


class CeleryExecutor(Executor):
    """Publishes jobs for `replicast worker` processes; runs nothing itself.

    A job whose message cannot be published stays queued in the database; a worker's sweep
    publishes it again after `job_requeue_after_s` (see `celery_worker`).
    """

    def __init__(self, app: Celery, queue: str, check_timeout_s: float = 2.0) -> None:
        self._app = app
        self._queue = queue
        self._timeout_s = check_timeout_s
        self._depth = 0
        self._depth_at = float("-inf")
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> CeleryExecutor:
        return cls(make_celery(settings), settings.broker_queue, settings.broker_check_timeout_s)

    def start(self) -> None:
        return None  # the workers pick up interrupted jobs (leases) and lost messages (sweeps)

    def submit(self, job_id: str) -> None:
        try:
            publish(self._app, job_id, self._queue)
        except Exception as ex:  # the job is queued in the database: a sweep publishes it later
            log.warning(
                "job %s: could not reach the broker (%s); a worker's sweep will publish it", job_id, ex
            )

    def cancel(self, job_id: str) -> None:
        return None  # the database says cancelled; the worker's lease heartbeat notices and stops it

    def queue_depth(self) -> int:
        """Messages waiting in the broker's queue (looked up at most every two seconds)."""
        with self._lock:
            if time.monotonic() - self._depth_at < _DEPTH_CACHE_S:
                return self._depth
            try:
                with self._bounded_connection() as conn:
                    found = conn.default_channel.queue_declare(queue=self._queue, passive=True)
                self._depth = int(found.message_count)
            except Exception as ex:
                log.warning("queue depth: %s", ex)
            self._depth_at = time.monotonic()
            return self._depth

    def problem(self) -> str | None:
        """None when the broker takes a connection and opens a channel (Redis: answers a PING) within
        the check timeout; else why not (the error's type: its text may name hosts)."""
        try:
            with self._bounded_connection() as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=self._timeout_s)
                conn.default_channel  # noqa: B018 (opening the channel is the check)
        except Exception as ex:  # any failure means not usable; the text goes to the log only
            log.warning("broker check: %s: %s", type(ex).__name__, ex)
            return f"unreachable: {type(ex).__name__}"
        return None

    def _bounded_connection(self) -> Any:
        """A broker connection whose connect and every read give up after the check timeout (the
        workers' own connections keep the defaults: a long wait for a message is normal there)."""
        t = self._timeout_s
        if self._app.conf.broker_url.startswith("redis"):
            options: dict[str, float] = {"socket_timeout": t, "socket_connect_timeout": t}
        else:
            options = {"read_timeout": t, "write_timeout": t}
        return self._app.connection_for_write(connect_timeout=t, transport_options=options)

    def shutdown(self, wait: bool = True) -> None:
        self._app.close()
