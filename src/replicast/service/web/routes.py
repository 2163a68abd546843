"""The web page's routes for signing in and out, the jobs list with uploads, and batches.

Pages are server-rendered; the lists then update themselves from `/web/jobs.json` (a few seconds
apart, faster while something is running). Uploads and job creation go to the API (`/v1/...`) from
the page's JavaScript, authenticated by the session cookie (see `session`).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from replicast.errors import AuthError
from replicast.service.apikeys import authenticate
from replicast.service.context import CallerDep, ServicesDep
from replicast.service.schemas import ID_MAX
from replicast.service.web.code import highlight_css
from replicast.service.web.pagecall import PageCallerDep, PageRoute
from replicast.service.web.render import PAGE_HEADERS, render
from replicast.service.web.rows import JobRows, batch_list, job_rows
from replicast.service.web.session import (
    REASONS,
    clear_session,
    cookie_key,
    reason_for,
    safe_next,
    same_origin,
    set_session,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)
data_router = APIRouter(include_in_schema=False)  # JSON for the pages' scripts: API errors (401 → sign in)
_MAX_FORM_BYTES = 4096


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/jobs", status_code=303)


@router.get("/sign-in")
def sign_in_page(
    request: Request,
    svc: ServicesDep,
    reason: Annotated[str | None, Query(max_length=40)] = None,
    next: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    key = cookie_key(request)
    if key is not None and reason is None:
        try:
            authenticate(svc.db, key)
            return RedirectResponse(safe_next(next), status_code=303)
        except AuthError:
            pass
    context = {"reason": REASONS.get(reason or ""), "next": safe_next(next), "error": None}
    return render(request, "sign_in.html", context)


@router.post("/sign-in")
async def sign_in(request: Request, svc: ServicesDep) -> Response:
    body = await request.body()
    form = parse_qs(body[:_MAX_FORM_BYTES].decode("utf-8", "replace"), max_num_fields=4)
    key = (form.get("api_key") or [""])[0].strip()
    target = safe_next((form.get("next") or [""])[0])
    error = None
    if not same_origin(request):
        error = "This sign-in came from another site and was refused."
    elif not key:
        error = "Enter your API key (it starts with rc_)."
    else:
        try:
            principal = authenticate(svc.db, key)
            svc.limiter.hit(principal.key_id)
        except AuthError as ex:
            code = reason_for(ex)
            error = {
                "revoked": "That API key has been revoked.",
                "unknown": "That API key is not known to this service. Check that you copied all of it.",
            }.get(code, "That API key was not accepted.")
    if error is not None:
        context = {"reason": None, "next": target, "error": error}
        return render(request, "sign_in.html", context, status_code=401)
    response = RedirectResponse(target, status_code=303)
    set_session(response, key, secure=_secure(request))
    return response


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    response = RedirectResponse("/sign-in?reason=signed-out", status_code=303)
    if same_origin(request):
        clear_session(response, secure=_secure(request))
    return response


@router.get("/jobs")
def jobs_page(request: Request, svc: ServicesDep, caller: PageCallerDep) -> Response:
    rows = job_rows(svc, caller, limit=50)
    context = {
        "rows": rows.items,
        "signed_in": True,
        "max_bytes": svc.settings.max_video_bytes,
        "max_batch": svc.settings.max_batch_videos,
    }
    return render(request, "jobs.html", context)


@router.get("/batches")
def batches_page(request: Request, svc: ServicesDep, caller: PageCallerDep) -> Response:
    return render(request, "batches.html", {"batches": batch_list(svc, caller), "signed_in": True})


@router.get("/batches/{batch_id}")
def batch_page(request: Request, batch_id: str, svc: ServicesDep, caller: PageCallerDep) -> Response:
    rows = job_rows(svc, caller, batch_id=batch_id[:ID_MAX])
    return render(request, "batch.html", {"batch": rows.batch, "rows": rows.items, "signed_in": True})


@data_router.get("/web/jobs.json")
def jobs_json(
    svc: ServicesDep,
    caller: CallerDep,
    batch_id: Annotated[str | None, Query(max_length=ID_MAX)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> JobRows:
    """The rows the jobs list and the batch page refresh themselves from."""
    return job_rows(svc, caller, limit=limit, batch_id=batch_id)


@data_router.get("/web/highlight.css")
def highlight_stylesheet() -> Response:
    headers = {**PAGE_HEADERS, "Cache-Control": "public, max-age=86400"}
    return Response(highlight_css(), media_type="text/css; charset=utf-8", headers=headers)
