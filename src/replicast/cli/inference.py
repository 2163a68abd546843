"""`replicast inference`: the model endpoint workers share (chat completions, cached, with metrics).

REPLICAST_REFINE_BASE_URL=https://api.openai.com/v1 REPLICAST_REFINE_MODEL=gpt-4o \\
REPLICAST_REFINE_API_KEY=sk-... REPLICAST_INFERENCE_TOKEN=secret replicast inference --port 8100

Workers then set REPLICAST_REFINE_BASE_URL=http://this-host:8100/v1 and REPLICAST_REFINE_API_KEY=secret.
Answers are cached in the configured object store (local folder, or the S3 bucket all replicas share).
"""

from __future__ import annotations

from typing import Annotated

import typer

from replicast.settings import Settings


def inference_cmd(
    host: Annotated[str | None, typer.Option(help="Address to listen on [default: INFERENCE_HOST]")] = None,
    port: Annotated[
        int | None, typer.Option(min=0, max=65535, help="Port [default: INFERENCE_PORT, 8100]")
    ] = None,
) -> None:
    """Serve POST /v1/chat/completions in front of REFINE_BASE_URL, with the inference cache and /metrics."""
    import uvicorn
    from prometheus_client import CollectorRegistry

    from replicast.jobs.config import open_object_store, provider_config
    from replicast.logs import configure_logging
    from replicast.refine import ChatClient, InferenceCache
    from replicast.refine.metrics import RefineMetrics
    from replicast.refine.service import create_inference_app

    settings = Settings()
    configure_logging(settings.log_level)
    upstream = provider_config(settings)
    if upstream is None:
        typer.echo(
            "error: set REPLICAST_REFINE_BASE_URL and REPLICAST_REFINE_MODEL (the upstream model)", err=True
        )
        raise typer.Exit(code=2)
    registry = CollectorRegistry(auto_describe=True)
    client = ChatClient(
        upstream, InferenceCache(open_object_store(settings)), observer=RefineMetrics(registry)
    )
    token = settings.inference_token.get_secret_value() if settings.inference_token else None
    uvicorn.run(
        create_inference_app(client, token, registry),
        host=host or settings.inference_host,
        port=port if port is not None else settings.inference_port,
        log_config=None,
        access_log=False,
    )
