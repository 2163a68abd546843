"""/v1/jobs: create, status, progress stream, results (spec, project zip, self-check report), list,
cancel, delete."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, BinaryIO

import anyio.to_thread
from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from replicast.db.jobs import TERMINAL, JobState, get_job, list_jobs
from replicast.db.models import Job
from replicast.errors import ConflictError, NotFoundError, ObjectNotFoundError
from replicast.jobs.run import PROJECT_ZIP, SPEC
from replicast.service.apikeys import Principal
from replicast.service.context import CallerDep, Services, ServicesDep
from replicast.service.pages import decode_cursor, page
from replicast.service.routes.common import Cursor, JobId, Limit, errors
from replicast.service.schemas import JobCreate, JobOut, JobPage
from replicast.service.submit import cancel_job, create_jobs, remove_job
from replicast.storage.base import CHUNK

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

_HEARTBEAT_S = 15.0
_KEYFRAME = re.compile(r"[A-Za-z0-9_-]{1,64}\.(png|jpg|webp)")
# generated and self-check pages hold text read from an untrusted video: no same-origin powers
_UNTRUSTED_HTML = {"Content-Security-Policy": "sandbox allow-scripts", "X-Content-Type-Options": "nosniff"}


def _job(svc: Services, caller: Principal, job_id: str) -> Job:
    with svc.db.read() as s:
        return get_job(s, caller.tenant_id, job_id)


def _finished_result(svc: Services, caller: Principal, job_id: str) -> str:
    job = _job(svc, caller, job_id)
    if job.state != JobState.SUCCEEDED or job.result_key is None:
        raise ConflictError(f"job {job_id} has no result: it is {job.state}")
    return job.result_key


def _object(svc: Services, key: str, media_type: str, headers: dict[str, str] | None = None) -> Response:
    """The object as the response body: the file itself where the store has one, else streamed from the
    store a chunk at a time (S3, sealed objects), never held whole in memory."""
    path = svc.stores.objects.local_path(key)
    if path is not None:
        return FileResponse(path, media_type=media_type, headers=headers)
    try:
        source = svc.stores.objects.open(key)
    except ObjectNotFoundError as ex:
        raise ObjectNotFoundError("the result's files are gone from the object store") from ex
    # closed by the body when it ends, and by the task where the body never starts (client gone)
    return StreamingResponse(
        _chunks(source), media_type=media_type, headers=headers, background=BackgroundTask(source.close)
    )


def _chunks(source: BinaryIO) -> Iterator[bytes]:
    with source:
        while chunk := source.read(CHUNK):
            yield chunk


@router.post("", operation_id="createJob", status_code=status.HTTP_202_ACCEPTED, responses=errors(404))
def create_job(body: JobCreate, svc: ServicesDep, caller: CallerDep) -> JobOut:
    """Convert an uploaded video. Answered at once (`cached`) when the same video and options ran before."""
    jobs, _ = create_jobs(svc, caller, [body.video_id], body.options)
    return JobOut.of(jobs[0])


@router.get("", operation_id="listJobs", responses=errors(400))
def list_jobs_route(
    svc: ServicesDep,
    caller: CallerDep,
    limit: Limit = 20,
    cursor: Cursor = None,
    state: Annotated[JobState | None, Query(description="only jobs in this state")] = None,
) -> JobPage:
    """The caller's jobs, newest first."""
    with svc.db.read() as s:
        rows = list_jobs(s, caller.tenant_id, limit=limit + 1, after=decode_cursor(cursor), state=state)
    items, next_cursor = page(rows, limit)
    return JobPage(items=[JobOut.of(j) for j in items], next_cursor=next_cursor)


@router.get("/{job_id}", operation_id="getJob", responses=errors(404))
def get_job_route(job_id: JobId, svc: ServicesDep, caller: CallerDep) -> JobOut:
    """The job's state, stage and progress; its error when it failed, a summary when it succeeded."""
    return JobOut.of(_job(svc, caller, job_id))


@router.get(
    "/{job_id}/events",
    operation_id="streamJobEvents",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "Server-sent events"},
        **errors(404),
    },
)
async def stream_job_events(
    job_id: JobId, request: Request, svc: ServicesDep, caller: CallerDep
) -> StreamingResponse:
    """Progress as server-sent events: a `progress` event (the job, as GET /v1/jobs/{id}) at each change
    and an `end` event when the job finishes; then the stream closes."""
    first = await anyio.to_thread.run_sync(_job, svc, caller, job_id)

    async def events() -> AsyncIterator[str]:
        last = ""
        job: Job | None = first
        quiet = 0.0
        while True:
            if job is None:
                yield 'event: end\ndata: {"state": "deleted"}\n\n'
                return
            body = JobOut.of(job).model_dump_json()
            if body != last:
                last, quiet = body, 0.0
                ended = job.state in TERMINAL
                yield f"event: {'end' if ended else 'progress'}\ndata: {body}\n\n"
                if ended:
                    return
            elif quiet >= _HEARTBEAT_S:
                quiet = 0.0
                yield ": keep-alive\n\n"
            if await request.is_disconnected():
                return
            await asyncio.sleep(svc.settings.sse_interval_s)
            quiet += svc.settings.sse_interval_s
            try:
                job = await anyio.to_thread.run_sync(_job, svc, caller, job_id)
            except NotFoundError:
                job = None

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get(
    "/{job_id}/spec",
    operation_id="getJobSpec",
    responses={
        200: {"content": {"application/json": {}}, "description": "replicast.json"},
        **errors(404, 409, 410),
    },
)
def get_job_spec(job_id: JobId, svc: ServicesDep, caller: CallerDep) -> Response:
    """The AppSpec (`replicast.json`) the job produced."""
    return _object(svc, f"{_finished_result(svc, caller, job_id)}/{SPEC}", "application/json")


@router.get(
    "/{job_id}/project.zip",
    operation_id="getJobProject",
    responses={
        200: {"content": {"application/zip": {}}, "description": "The project"},
        **errors(404, 409, 410),
    },
)
def get_job_project(job_id: JobId, svc: ServicesDep, caller: CallerDep) -> Response:
    """The generated Vite + React + TypeScript project as a zip."""
    key = f"{_finished_result(svc, caller, job_id)}/{PROJECT_ZIP}"
    headers = {"Content-Disposition": f'attachment; filename="{job_id}.zip"'}
    return _object(svc, key, "application/zip", headers)


def _report(svc: Services, caller: Principal, job_id: str, name: str) -> str:
    key = f"{_finished_result(svc, caller, job_id)}/{name}"
    if not svc.stores.objects.exists(key):
        raise NotFoundError(f"job {job_id} has no self-check report")
    return key


@router.get(
    "/{job_id}/report.json",
    operation_id="getJobReportJson",
    responses={200: {"content": {"application/json": {}}, "description": "Scores"}, **errors(404, 409)},
)
def get_job_report_json(job_id: JobId, svc: ServicesDep, caller: CallerDep) -> Response:
    """The self-check's scores (404 when the job ran no self-check)."""
    return _object(svc, _report(svc, caller, job_id, "report.json"), "application/json")


@router.get(
    "/{job_id}/report.html",
    operation_id="getJobReportHtml",
    responses={200: {"content": {"text/html": {}}, "description": "The report page"}, **errors(404, 409)},
)
def get_job_report_html(job_id: JobId, svc: ServicesDep, caller: CallerDep) -> Response:
    """The self-check's report page (sandboxed: it shows text read from the video)."""
    return _object(
        svc, _report(svc, caller, job_id, "report.html"), "text/html; charset=utf-8", _UNTRUSTED_HTML
    )


@router.get(
    "/{job_id}/keyframes/{name}",
    operation_id="getJobKeyframe",
    responses={200: {"content": {"image/png": {}}, "description": "A keyframe"}, **errors(404, 409)},
)
def get_job_keyframe(
    job_id: JobId, name: Annotated[str, Path(max_length=80)], svc: ServicesDep, caller: CallerDep
) -> Response:
    """One keyframe image of the job (names are listed in the job's `result.files`)."""
    prefix = _finished_result(svc, caller, job_id)
    if not _KEYFRAME.fullmatch(name) or not svc.stores.objects.exists(f"{prefix}/keyframes/{name}"):
        raise NotFoundError(f"job {job_id} has no keyframe {name!r}")
    media = "image/png" if name.endswith(".png") else "image/jpeg" if name.endswith(".jpg") else "image/webp"
    return _object(svc, f"{prefix}/keyframes/{name}", media)


@router.post("/{job_id}/cancel", operation_id="cancelJob", responses=errors(404, 409))
def cancel_job_route(job_id: JobId, svc: ServicesDep, caller: CallerDep) -> JobOut:
    """Cancel a queued or running job (409 when it has finished already)."""
    job = _job(svc, caller, job_id)
    if not cancel_job(svc, job.id):
        raise ConflictError(f"job {job_id} is {_job(svc, caller, job_id).state}: nothing to cancel")
    return JobOut.of(_job(svc, caller, job_id))


@router.delete(
    "/{job_id}", operation_id="deleteJob", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404)
)
def delete_job_route(job_id: JobId, svc: ServicesDep, caller: CallerDep) -> None:
    """Delete the job (cancelling it if active) and its result's files unless another job shares them."""
    remove_job(svc, _job(svc, caller, job_id))
