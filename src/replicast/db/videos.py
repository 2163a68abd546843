"""Uploaded videos: one row per tenant and content (SHA-256), pointing at the blob in the object store.

video, created = add_video(s, tenant_id=t, sha256=h, size=n, filename="rec.mp4", ...)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from replicast.db.models import Video, new_id, utcnow
from replicast.errors import NotFoundError


def add_video(
    s: Session,
    *,
    tenant_id: str,
    sha256: str,
    size: int,
    filename: str,
    content_type: str,
    blob_key: str,
    encrypted: bool,
) -> tuple[Video, bool]:
    """The tenant's video with these bytes, and whether this call created it (same bytes: same video)."""
    existing = find_video(s, tenant_id, sha256)
    if existing is not None:
        # the blob was just written again, sealed or not as the store is configured now
        existing.encrypted = encrypted
        return existing, False
    video = Video(
        id=new_id("vid"),
        tenant_id=tenant_id,
        sha256=sha256,
        size=size,
        filename=filename,
        content_type=content_type,
        blob_key=blob_key,
        encrypted=encrypted,
        created_at=utcnow(),
    )
    try:
        with s.begin_nested():
            s.add(video)
    except IntegrityError:
        # the same bytes uploaded twice at once: the other upload's row wins
        existing = find_video(s, tenant_id, sha256)
        if existing is None:
            raise
        return existing, False
    return video, True


def find_video(s: Session, tenant_id: str, sha256: str) -> Video | None:
    return s.scalars(select(Video).where(Video.tenant_id == tenant_id, Video.sha256 == sha256)).one_or_none()


def get_video(s: Session, tenant_id: str, video_id: str) -> Video:
    """The tenant's video. Raises NotFoundError for a missing id and for another tenant's."""
    video = s.get(Video, video_id)
    if video is None or video.tenant_id != tenant_id:
        raise NotFoundError(f"no video {video_id!r}")
    return video


def list_videos(
    s: Session, tenant_id: str, *, limit: int, after: tuple[datetime, str] | None = None
) -> list[Video]:
    """The tenant's videos, newest first, after the cursor (created_at, id) of the previous page."""
    query = select(Video).where(Video.tenant_id == tenant_id)
    if after is not None:
        at, last = after
        query = query.where(or_(Video.created_at < at, and_(Video.created_at == at, Video.id < last)))
    return list(s.scalars(query.order_by(Video.created_at.desc(), Video.id.desc()).limit(limit)))


def delete_video(s: Session, video: Video) -> None:
    s.delete(video)
