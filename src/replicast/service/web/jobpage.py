"""The job's pages: progress and what was understood, the code browser, the self-check, the preview.

- `/jobs/{id}`: stage progress (live over the API's SSE stream); once done, the keyframes with the
  detected elements, the video with its event timeline, the screen graph, the data model, the live
  preview and the self-check summary.
- `/jobs/{id}/code[/{path}]`: the project's file tree and one file, highlighted.
- `/jobs/{id}/check`: the self-check step by step, the video's frame and the app's side by side.
- `/jobs/{id}/video`: the uploaded video for the player (range requests, so it can seek).
- `/jobs/{id}/files/{path}`: one file of the project zip, inert (pictures as pictures, the rest as text).
- `/preview/{id}/{token}/{path}`: the built app, sandboxed (see `preview`).
"""

from __future__ import annotations

import os
import posixpath
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from replicast.db.jobs import JobState, get_job
from replicast.db.models import Job, Video
from replicast.db.videos import get_video
from replicast.errors import ConflictError, NotFoundError
from replicast.jobs.lifecycle import STAGE_WEIGHTS
from replicast.service.apikeys import Principal
from replicast.service.context import Services, ServicesDep
from replicast.service.schemas import ID_MAX, JobOut, VideoOut
from replicast.service.web.code import file_tree, first_file, highlight_source
from replicast.service.web.graph import layout_graph
from replicast.service.web.pagecall import PageCallerDep, PageRoute
from replicast.service.web.preview import check_token, make_token, preview_file, secret_hash_of
from replicast.service.web.render import render
from replicast.service.web.results import load_report, load_spec, open_project
from replicast.service.web.views import keyframe_name, read_spec_view

router = APIRouter(route_class=PageRoute, include_in_schema=False)
preview_router = APIRouter(include_in_schema=False)

JobId = Annotated[str, Path(max_length=ID_MAX)]
FilePath = Annotated[str, Path(max_length=400)]

STAGE_LABELS = {
    "fetch": "Fetch the upload",
    "probe": "Check the file",
    "decode": "Decode frames",
    "parse": "Read the screens",
    "behaviour": "Infer what was done",
    "assemble": "Assemble the spec",
    "codegen": "Generate the code",
    "build": "Build the app",
    "check": "Self-check in Chromium",
    "publish": "Publish the results",
}
ERROR_HEADLINES = {
    "VideoRejectedError": "The video was rejected",
    "VideoDecodeError": "The file is not a readable video",
    "VideoNotFoundError": "The video is missing",
    "InputError": "The video could not be used",
    "BuildError": "The generated app did not build",
    "CheckError": "The self-check could not run",
    "JobCancelledError": "The job was cancelled",
}
_INERT_FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "Cache-Control": "private, max-age=300",
}
_PICTURES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
_VIDEO_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime"}


@dataclass(frozen=True, slots=True)
class StageView:
    name: str
    label: str
    status: str
    """done, current or pending"""


def _job_and_video(svc: Services, caller: Principal, job_id: str) -> tuple[Job, Video]:
    with svc.db.read() as s:
        job = get_job(s, caller.tenant_id, job_id)
        return job, get_video(s, caller.tenant_id, job.video_id)


def _result_key(job: Job) -> str:
    if job.state != JobState.SUCCEEDED or job.result_key is None:
        raise ConflictError(f"job {job.id} has no result yet: it is {job.state}")
    return job.result_key


def stages_of(job: JobOut) -> list[StageView]:
    """The job's stages with how far it got (build and check only when asked for)."""
    names = [
        n
        for n in STAGE_WEIGHTS
        if (n != "build" or job.options.build or job.options.check) and (n != "check" or job.options.check)
    ]
    if job.state == JobState.SUCCEEDED:
        return [StageView(n, STAGE_LABELS.get(n, n), "done") for n in names]
    current = names.index(job.stage) if job.stage in names else (-1 if job.state == JobState.QUEUED else 0)
    out = []
    for i, name in enumerate(names):
        status = "done" if i < current else "current" if i == current else "pending"
        out.append(StageView(name, STAGE_LABELS.get(name, name), status))
    return out


def _job_context(svc: Services, caller: Principal, job: Job, video: Video) -> dict[str, Any]:
    out = JobOut.of(job)
    context: dict[str, Any] = {
        "job": out,
        "video": VideoOut.of(video),
        "stages": stages_of(out),
        "signed_in": True,
        "headline": ERROR_HEADLINES.get(out.error.type, "The job failed") if out.error else "",
        "spec": None,
    }
    if out.state != JobState.SUCCEEDED or job.result_key is None or out.result is None:
        return context
    store = svc.stores.objects
    spec = read_spec_view(load_spec(store, job.result_key))
    keyframes = {
        name.removeprefix("keyframes/") for name in out.result.files if name.startswith("keyframes/")
    }
    with open_project(store, job.result_key) as project:
        built = project.has("dist/index.html")
        file_count = len(project.names())
    preview = None
    if built:
        token = make_token(secret_hash_of(svc.db, caller.key_id), caller.key_id, job.id, now=time.time())
        preview = f"/preview/{job.id}/{token}/index.html"
    report = load_report(store, job.result_key)
    context.update(
        spec=spec,
        graph=layout_graph(spec),
        keyframes=keyframes,
        preview=preview,
        file_count=file_count,
        summary=(report or {}).get("summary"),
        has_report="report.html" in out.result.files,
    )
    return context


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: JobId, svc: ServicesDep, caller: PageCallerDep) -> Response:
    job, video = _job_and_video(svc, caller, job_id)
    return render(request, "job.html", _job_context(svc, caller, job, video))


@router.get("/jobs/{job_id}/video")
def job_video(job_id: JobId, svc: ServicesDep, caller: PageCallerDep) -> Response:
    """The job's uploaded video for the player, with range requests (so the player can seek)."""
    _, video = _job_and_video(svc, caller, job_id)
    store = svc.stores.for_video(video.encrypted)
    suffix = posixpath.splitext(video.filename.lower())[1]
    # the declared type came from the uploader: only a video type is echoed, and nothing is sniffed
    media = video.content_type if video.content_type.startswith("video/") else _VIDEO_TYPES.get(suffix)
    headers = {**_INERT_FILE_HEADERS, "Content-Disposition": "inline"}
    path = store.local_path(video.blob_key)
    if path is not None:
        return FileResponse(path, media_type=media or "application/octet-stream", headers=headers)
    # sealed at rest: opened into a private temporary file for this response, removed after it
    fd, name = tempfile.mkstemp(prefix="replicast-video-")
    os.close(fd)
    try:
        store.get_file(video.blob_key, FsPath(name))
    except BaseException:
        os.unlink(name)
        raise
    return FileResponse(
        name,
        media_type=media or "application/octet-stream",
        headers=headers,
        background=BackgroundTask(os.unlink, name),
    )


def _code_page(request: Request, svc: Services, caller: Principal, job_id: str, path: str | None) -> Response:
    job, video = _job_and_video(svc, caller, job_id)
    with open_project(svc.stores.objects, _result_key(job)) as project:
        names = project.names()
        chosen = path or first_file(names)
        if chosen is not None and not project.has(chosen):
            raise NotFoundError(f"the project has no file {chosen!r}")
        size = project.size(chosen) if chosen else 0
        data = project.read(chosen) if chosen and size <= 2_000_000 else b""
    highlighted = highlight_source(chosen, data) if chosen and data else None
    context = {
        "job": JobOut.of(job),
        "video": VideoOut.of(video),
        "tree": file_tree(names),
        "chosen": chosen,
        "size": size,
        "is_picture": bool(chosen) and posixpath.splitext(chosen or "")[1].lower() in _PICTURES,
        "code": highlighted,
        "signed_in": True,
    }
    return render(request, "code.html", context)


@router.get("/jobs/{job_id}/code")
def code_index(request: Request, job_id: JobId, svc: ServicesDep, caller: PageCallerDep) -> Response:
    return _code_page(request, svc, caller, job_id, None)


@router.get("/jobs/{job_id}/code/{path:path}")
def code_file(
    request: Request, job_id: JobId, path: FilePath, svc: ServicesDep, caller: PageCallerDep
) -> Response:
    return _code_page(request, svc, caller, job_id, path)


@router.get("/jobs/{job_id}/files/{path:path}")
def project_file(job_id: JobId, path: FilePath, svc: ServicesDep, caller: PageCallerDep) -> Response:
    """One file of the project, inert: pictures as pictures, everything else as plain text."""
    job, _ = _job_and_video(svc, caller, job_id)
    with open_project(svc.stores.objects, _result_key(job)) as project:
        data = project.read(path)
    media = _PICTURES.get(posixpath.splitext(path)[1].lower(), "text/plain; charset=utf-8")
    return Response(data, media_type=media, headers=_INERT_FILE_HEADERS)


@router.get("/jobs/{job_id}/check")
def check_page(request: Request, job_id: JobId, svc: ServicesDep, caller: PageCallerDep) -> Response:
    job, video = _job_and_video(svc, caller, job_id)
    report = load_report(svc.stores.objects, _result_key(job))
    if report is None:
        raise NotFoundError(f"job {job_id} has no self-check report (run it with the check option)")
    steps = []
    for raw in report.get("steps") or []:
        step = raw if isinstance(raw, dict) else {}
        shot = step.get("screenshot")
        steps.append(
            {
                "index": step.get("index"),
                "t": step.get("t") if isinstance(step.get("t"), int | float) else 0.0,
                "action": str(step.get("action") or ""),
                "screen": str(step.get("screen") or ""),
                "keyframe": keyframe_name(step.get("keyframe")),
                "screenshot": shot if isinstance(shot, str) and shot.startswith("check/") else None,
                "score": step.get("score") if isinstance(step.get("score"), int | float) else None,
                "visual": (step.get("visual") or {}).get("score"),
                "blocks": (step.get("blocks") or {}).get("score"),
                "note": str(step.get("note") or ""),
            }
        )
    context = {
        "job": JobOut.of(job),
        "video": VideoOut.of(video),
        "summary": report.get("summary") or {},
        "steps": steps,
        "signed_in": True,
    }
    return render(request, "check.html", context)


@preview_router.get("/preview/{job_id}/{token}/{path:path}")
async def preview(
    job_id: JobId, token: Annotated[str, Path(max_length=120)], path: FilePath, svc: ServicesDep
) -> Response:
    """A file of the job's built app, for the sandboxed preview (the token is the credential)."""

    def serve() -> Response:
        principal = check_token(svc.db, job_id, token, now=time.time())
        with svc.db.read() as s:
            job = get_job(s, principal.tenant_id, job_id)
        with open_project(svc.stores.objects, _result_key(job)) as project:
            return preview_file(project, path)

    return await anyio.to_thread.run_sync(serve)
