"""`replicast worker`: run jobs from the broker on this machine (the Celery executor's worker side).

REPLICAST_DATABASE_URL=postgresql://... REPLICAST_BROKER_URL=amqp://... REPLICAST_S3_BUCKET=... \\
    replicast worker --concurrency 4

Everything comes from the environment (`replicast.settings`), like `replicast serve` with
`REPLICAST_EXECUTOR=celery`; docs/deploy.md shows a whole deployment.
"""

from __future__ import annotations

from typing import Annotated

import typer

from replicast.settings import Settings


def worker_cmd(
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, help="Jobs run at once, one process each [default: WORKER_CONCURRENCY]"),
    ] = None,
) -> None:
    """Run jobs from the broker (RabbitMQ or Redis) until stopped; SIGTERM lets running jobs finish."""
    from replicast.jobs.executors.celery import BrokerSettingsError
    from replicast.jobs.executors.celery_worker import run_worker
    from replicast.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level)
    try:
        code = run_worker(settings, concurrency)
    except BrokerSettingsError as ex:
        typer.echo(f"error: {ex}", err=True)
        raise typer.Exit(code=2) from None
    raise typer.Exit(code=code)
