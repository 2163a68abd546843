"""The one place `replicast.errors` types become HTTP responses.

Every error body reads `{"error": {"type": "NotFoundError", "message": "no job 'job_...'"}}`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from replicast.errors import (
    AuthError,
    ConflictError,
    DependencyUnavailableError,
    InputError,
    NotFoundError,
    ObjectNotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
    ReplicastError,
    StorageError,
)

log = logging.getLogger(__name__)

STATUS: tuple[tuple[type[ReplicastError], int], ...] = (
    (AuthError, 401),
    (NotFoundError, 404),
    (ConflictError, 409),
    (PayloadTooLargeError, 413),
    (RateLimitedError, 429),
    (DependencyUnavailableError, 503),
    (InputError, 400),
    (ObjectNotFoundError, 410),  # the row is there, its blob is gone
    (StorageError, 503),
)


def status_of(ex: ReplicastError) -> int:
    for kind, status in STATUS:
        if isinstance(ex, kind):
            return status
    return 500


def error_body(kind: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"type": kind, "message": message}}


async def _handle(request: Request, ex: Exception) -> Response:
    assert isinstance(ex, ReplicastError)
    status = status_of(ex)
    headers: dict[str, str] = {}
    if isinstance(ex, AuthError):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(ex, RateLimitedError):
        headers["Retry-After"] = str(ex.retry_after)
    if status >= 500:
        log.error("%s %s: %s: %s", request.method, request.url.path, type(ex).__name__, ex)
    return JSONResponse(error_body(type(ex).__name__, str(ex)), status_code=status, headers=headers)


def install_error_handler(app: FastAPI) -> None:
    app.add_exception_handler(ReplicastError, _handle)
