"""`replicast inference`: the chat-completions endpoint in front of the real model, shared by workers.

Workers set REPLICAST_REFINE_BASE_URL=http://inference:8100/v1 (and REPLICAST_REFINE_API_KEY to this
service's token); the service holds the upstream's key, the inference cache (in the shared object
store, so every replica sees every answer), the concurrency limit per replica, retries with backoff,
and the metrics. Run as many replicas behind a load balancer as the upstream allows.

    app = create_inference_app(ChatClient(upstream, cache, observer=metrics), token, registry)
    uvicorn.run(app, port=8100)

Routes: `POST /v1/chat/completions` (the OpenAI protocol; the request is passed on as it came, the
answer comes back with `X-Replicast-Cache: hit|miss`; a failed upstream is 502 with an OpenAI-style
error), `GET /healthz`, `GET /metrics` (Prometheus). Needs the `service` extra.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CollectorRegistry, generate_latest
from starlette.concurrency import run_in_threadpool

from replicast.errors import ProviderError
from replicast.refine.provider import ChatClient

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 64 * 1024 * 1024
METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _error(status: int, message: str, kind: str) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind}}, status_code=status)


def create_inference_app(client: ChatClient, token: str | None, registry: CollectorRegistry) -> FastAPI:
    """The inference service over `client` (upstream, cache, metrics). `token`: the bearer token callers
    must send (None: no check, for a private network only)."""
    app = FastAPI(title="replicast inference", summary="OpenAI-compatible chat completions, cached")

    @app.get("/healthz", operation_id="inference_health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics", operation_id="inference_metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=METRICS_TYPE)

    @app.post("/v1/chat/completions", operation_id="chat_completions", response_model=None)
    async def chat_completions(request: Request) -> Response:
        if token is not None:
            sent = request.headers.get("authorization", "")
            if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
                return _error(401, "missing or wrong bearer token", "authentication_error")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
            return _error(413, f"request over {MAX_REQUEST_BYTES} bytes", "invalid_request_error")
        raw = await request.body()
        if len(raw) > MAX_REQUEST_BYTES:
            return _error(413, f"request over {MAX_REQUEST_BYTES} bytes", "invalid_request_error")
        try:
            body: Any = json.loads(raw)
        except ValueError:
            return _error(400, "the request is not JSON", "invalid_request_error")
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            return _error(400, "a chat-completions request needs a messages list", "invalid_request_error")
        if body.get("stream"):
            return _error(400, "streaming is not supported", "invalid_request_error")
        body.setdefault("model", client.config.model)
        try:
            answer, _, cached = await run_in_threadpool(client.forward, body)
        except ProviderError as ex:
            log.warning("upstream model request failed: %s", ex)
            return _error(502, str(ex), "upstream_error")
        return JSONResponse(answer, headers={"X-Replicast-Cache": "hit" if cached else "miss"})

    return app
