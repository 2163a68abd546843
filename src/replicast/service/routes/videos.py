"""/v1/videos: upload (streamed), get, list, delete."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from replicast.db.videos import get_video, list_videos
from replicast.service.context import CallerDep, ServicesDep
from replicast.service.pages import decode_cursor, page
from replicast.service.routes.common import Cursor, Limit, VideoId, errors
from replicast.service.schemas import VideoOut, VideoPage
from replicast.service.submit import remove_video
from replicast.service.upload import receive_video

router = APIRouter(prefix="/v1/videos", tags=["videos"])

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")
_BODY = {
    "requestBody": {
        "required": True,
        "description": "The video file's bytes as the request body (not a form).",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in ("application/octet-stream", "video/mp4", "video/webm", "video/quicktime")
        },
    }
}


@router.post(
    "",
    operation_id="uploadVideo",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": VideoOut, "description": "The same bytes were uploaded before"},
        **errors(400, 413),
    },
    openapi_extra=_BODY,
)
async def upload_video(
    request: Request,
    response: Response,
    svc: ServicesDep,
    caller: CallerDep,
    filename: Annotated[
        str, Query(min_length=1, max_length=255, description="the file's name")
    ] = "video.mp4",
) -> VideoOut:
    """Upload a video as the raw request body; same bytes, same video (200 instead of 201)."""
    name = _UNPRINTABLE.sub("", filename).strip() or "video.mp4"
    video, created = await receive_video(request, svc, caller, name)
    if not created:
        response.status_code = status.HTTP_200_OK
    return VideoOut.of(video)


@router.get("", operation_id="listVideos", responses=errors(400))
def list_videos_route(
    svc: ServicesDep, caller: CallerDep, limit: Limit = 20, cursor: Cursor = None
) -> VideoPage:
    """The caller's videos, newest first."""
    with svc.db.read() as s:
        rows = list_videos(s, caller.tenant_id, limit=limit + 1, after=decode_cursor(cursor))
    items, next_cursor = page(rows, limit)
    return VideoPage(items=[VideoOut.of(v) for v in items], next_cursor=next_cursor)


@router.get("/{video_id}", operation_id="getVideo", responses=errors(404))
def get_video_route(video_id: VideoId, svc: ServicesDep, caller: CallerDep) -> VideoOut:
    with svc.db.read() as s:
        return VideoOut.of(get_video(s, caller.tenant_id, video_id))


@router.delete(
    "/{video_id}", operation_id="deleteVideo", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404)
)
def delete_video_route(video_id: VideoId, svc: ServicesDep, caller: CallerDep) -> None:
    """Delete the video, its jobs (cancelling running ones) and their results, blobs included."""
    remove_video(svc, caller, video_id)
