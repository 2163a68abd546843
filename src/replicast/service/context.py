"""What routes depend on: the service's parts, and the caller (authenticated and rate-limited).

@router.get("/v1/jobs/{job_id}")
def get_job(job_id: str, svc: ServicesDep, caller: CallerDep) -> JobOut: ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from replicast.db import Database
from replicast.errors import AuthError
from replicast.jobs.config import Stores
from replicast.jobs.executors import Executor
from replicast.jobs.lifecycle import JobTracker
from replicast.service.apikeys import Principal, authenticate
from replicast.service.metrics import Metrics
from replicast.service.ratelimit import RateLimiter
from replicast.service.web.session import session_key
from replicast.settings import Settings


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    db: Database
    stores: Stores
    tracker: JobTracker
    executor: Executor
    limiter: RateLimiter
    metrics: Metrics


async def get_services(request: Request) -> Services:  # async: no thread hop for a lookup
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `replicast keys create`, sent as `Authorization: Bearer rc_...`",
)


def get_caller(
    request: Request,
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The authenticated caller, counted against its key's rate limit.

    Raises AuthError (401) without a usable key, RateLimitedError (429) over the rate.
    """
    # the web page's session cookie stands in for the header (with its cross-site checks)
    key = credentials.credentials if credentials is not None else session_key(request)
    if key is None:
        raise AuthError("missing API key (send `Authorization: Bearer <key>`)")
    principal = authenticate(svc.db, key)
    request.state.key_id = principal.key_id
    svc.limiter.hit(principal.key_id)
    return principal


CallerDep = Annotated[Principal, Depends(get_caller)]
