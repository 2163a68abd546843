"""Who is looking at a page, and what a page answers when something goes wrong.

A page is served to the holder of a live key in the session cookie; anyone else is sent to the
sign-in page (303) with a reason code and the page to come back to. Errors become an HTML page with the
status the API would give (404 for another tenant's job, 409 for a result not ready, ...).

    router = APIRouter(route_class=PageRoute, include_in_schema=False)
    @router.get("/jobs/{job_id}")
    def job_page(request: Request, svc: ServicesDep, caller: PageCallerDep): ...
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from replicast.errors import AuthError, ReplicastError
from replicast.service.apikeys import Principal, authenticate
from replicast.service.context import ServicesDep
from replicast.service.errors import status_of
from replicast.service.web.render import render
from replicast.service.web.session import cookie_key, reason_for, safe_next

log = logging.getLogger(__name__)


class SignInRequiredError(Exception):
    """The page needs a signed-in caller; `reason` is a code of `session.REASONS`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def page_caller(request: Request, svc: ServicesDep) -> Principal:
    """The caller behind the session cookie, counted against its key's rate limit.

    Raises SignInRequiredError without a usable key, RateLimitedError over the rate.
    """
    key = cookie_key(request)
    if key is None:
        raise SignInRequiredError("required")
    try:
        principal = authenticate(svc.db, key)
    except AuthError as ex:
        raise SignInRequiredError(reason_for(ex)) from ex
    request.state.key_id = principal.key_id
    svc.limiter.hit(principal.key_id)
    return principal


PageCallerDep = Annotated[Principal, Depends(page_caller)]


def sign_in_url(reason: str, back: str | None) -> str:
    query = {"reason": reason}
    target = safe_next(back, default="")
    if target:
        query["next"] = target
    return "/sign-in?" + urlencode(query)


ERROR_TITLES = {
    401: "Sign-in needed",
    404: "Not found",
    409: "Not ready yet",
    410: "Gone",
    429: "Slow down",
    400: "Bad request",
}


class PageRoute(APIRoute):
    """A page route: sign-in redirects and HTML error pages instead of JSON errors."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequiredError as ex:
                back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(sign_in_url(ex.reason, back), status_code=303)
            except ReplicastError as ex:
                status = status_of(ex)
                if status >= 500:
                    log.error("%s %s: %s: %s", request.method, request.url.path, type(ex).__name__, ex)
                title = ERROR_TITLES.get(status, "Something went wrong")
                context = {"title": title, "message": str(ex), "status": status, "signed_in": True}
                return render(request, "error.html", context, status_code=status)

        return page_handler
