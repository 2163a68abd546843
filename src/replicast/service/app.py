"""`create_app(settings)`: the HTTP service on the embedded default, or on whatever the settings name.

    app = create_app(Settings())           # nothing starts until the app does (lifespan)
    uvicorn.run(app, host="127.0.0.1", port=8000)

At start-up the app migrates the database, opens the object store, and starts the executor, which
picks up jobs that were queued or interrupted when the service last stopped. At shutdown running jobs
are stopped and go back to the queue. With `EXECUTOR=celery` the executor only publishes jobs to the
broker and `replicast worker` processes run them (docs/deploy.md).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import func, select

from replicast import __version__
from replicast.db.jobs import count_by_state
from replicast.db.migrate import upgrade
from replicast.db.models import ApiKey
from replicast.jobs.config import Stores, open_database, open_stores, worker_config
from replicast.jobs.executors import Executor, LocalExecutor, Runner
from replicast.jobs.lifecycle import JobTracker
from replicast.jobs.run import make_runner
from replicast.service.context import Services
from replicast.service.errors import install_error_handler
from replicast.service.metrics import Metrics
from replicast.service.middleware import RequestMiddleware
from replicast.service.ratelimit import RateLimiter
from replicast.service.routes import batches, jobs, system, videos
from replicast.service.web import install_web
from replicast.settings import Settings
from replicast.storage import LocalStore

log = logging.getLogger(__name__)

ExecutorFactory = Callable[[JobTracker, Runner, Settings], Executor]


def _configured_executor(tracker: JobTracker, runner: Runner, settings: Settings) -> Executor:
    if settings.executor == "celery":
        from replicast.jobs.executors.celery import CeleryExecutor

        return CeleryExecutor.from_settings(settings)
    return LocalExecutor(tracker, runner, workers=settings.workers, max_attempts=settings.job_max_attempts)


def build_services(
    settings: Settings,
    metrics: Metrics,
    *,
    stores: Stores | None = None,
    runner: Runner | None = None,
    executor_factory: ExecutorFactory = _configured_executor,
) -> Services:
    """The service's parts, connected and migrated but not started."""
    db = open_database(settings)
    upgrade(db)
    stores = stores or open_stores(settings)
    if isinstance(stores.objects, LocalStore):
        stores.objects.sweep_temp()
    tracker = JobTracker(db, metrics, lease_s=settings.job_lease_s, max_attempts=settings.job_max_attempts)
    executor = executor_factory(
        tracker, runner or make_runner(stores, worker_config(settings, metrics.refine)), settings
    )
    limiter = RateLimiter(
        settings.rate_limit,
        settings.rate_limit_storage,
        fail_open=settings.rate_limit_fail_open,
        timeout_s=settings.rate_limit_timeout_s,
    )
    return Services(settings, db, stores, tracker, executor, limiter, metrics)


def create_app(
    settings: Settings,
    *,
    stores: Stores | None = None,
    runner: Runner | None = None,
    executor_factory: ExecutorFactory = _configured_executor,
) -> FastAPI:
    """The FastAPI app. `stores`, `runner` and `executor_factory` replace parts in tests."""

    def job_counts() -> dict[str, int]:
        with app.state.services.db.read() as s:
            return count_by_state(s)

    def queue_depth() -> int:
        services = getattr(app.state, "services", None)
        return services.executor.queue_depth() if services is not None else 0

    metrics = Metrics(job_counts, queue_depth)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = build_services(
            settings, metrics, stores=stores, runner=runner, executor_factory=executor_factory
        )
        app.state.services = services
        services.executor.start()
        log.info("replicast %s serving; data in %s", __version__, settings.data_dir)
        with services.db.read() as s:
            if s.scalar(select(func.count()).select_from(ApiKey)) == 0:
                log.warning("no API keys yet: create one with `replicast keys create --tenant NAME`")
        try:
            yield
        finally:
            services.executor.shutdown(wait=True)
            services.db.dispose()

    app = FastAPI(
        title="replicast",
        version=__version__,
        summary="Screen recording of a web app in, a working React + TypeScript app out.",
        lifespan=lifespan,
    )
    install_error_handler(app)
    for module in (videos, jobs, batches, system):
        app.include_router(module.router)
    install_web(app)
    app.add_middleware(RequestMiddleware, metrics=metrics)
    return app
