"""/healthz (the process answers), /readyz (database, schema, store, broker and rate-limit store are
usable), /metrics."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from replicast.db.migrate import is_current
from replicast.service.context import ServicesDep
from replicast.service.metrics import CONTENT_TYPE
from replicast.service.schemas import Health

router = APIRouter(tags=["system"])
log = logging.getLogger(__name__)


@router.get("/healthz", operation_id="healthz")
def healthz() -> Health:
    """Liveness: the process is up and serving."""
    return Health(status="ok")


@router.get("/readyz", operation_id="readyz", responses={503: {"model": Health, "description": "Not ready"}})
def readyz(svc: ServicesDep) -> Response:
    """Readiness: the database answers and has the current schema, the object store is there, and, with
    the Celery executor, the broker takes a connection (within BROKER_CHECK_TIMEOUT_S). `checks` names
    each dependency and what is wrong with it. The rate-limit store is listed when it is not in memory;
    it decides readiness only when it fails closed (RATE_LIMIT_FAIL_OPEN=false): failing open, the
    service serves without limits while the store is down, and a 503 would take every replica out."""
    checks: dict[str, str] = {}
    try:
        svc.db.ping()
        checks["database"] = "ok" if is_current(svc.db) else "schema is not at the newest migration"
    except Exception as ex:  # any failure means not ready; the reason goes to the log and the body
        log.warning("readyz: database: %s", ex)
        checks["database"] = f"unreachable: {type(ex).__name__}"
    try:
        next(iter(svc.stores.objects.keys("readyz/")), None)
        checks["store"] = "ok"
    except Exception as ex:
        log.warning("readyz: store: %s", ex)
        checks["store"] = f"unusable: {type(ex).__name__}"
    if svc.settings.executor == "celery":
        checks["broker"] = svc.executor.problem() or "ok"
    ready = all(v == "ok" for v in checks.values())
    if svc.settings.rate_limit and not svc.settings.rate_limit_storage.startswith("memory"):
        problem = svc.limiter.problem()
        checks["rate_limit_store"] = problem or "ok"
        if problem is not None and svc.limiter.fail_open:
            checks["rate_limit_store"] = f"{problem} (requests pass without a rate limit)"
        else:
            ready = ready and problem is None
    body = Health(status="ok" if ready else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


@router.get(
    "/metrics",
    operation_id="metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE.split(";")[0]: {}}, "description": "Prometheus text format"}},
)
def metrics(svc: ServicesDep) -> Response:
    """Prometheus metrics (unauthenticated, like every scrape target; bind to a private address)."""
    return Response(svc.metrics.render(), media_type=CONTENT_TYPE)
