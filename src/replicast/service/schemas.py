"""The HTTP API's bodies (pydantic): what clients send and get back. Rows never leave the service raw."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from replicast.db.jobs import JobState
from replicast.db.models import Batch, Job, Video
from replicast.jobs.payload import JobOptions

ID_MAX = 64


class ErrorDetail(BaseModel):
    type: str = Field(description="the error's class in replicast.errors, e.g. NotFoundError")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class VideoOut(BaseModel):
    id: str
    filename: str
    size: int = Field(description="bytes")
    sha256: str
    content_type: str
    created_at: datetime

    @classmethod
    def of(cls, video: Video) -> VideoOut:
        return cls(
            id=video.id,
            filename=video.filename,
            size=video.size,
            sha256=video.sha256,
            content_type=video.content_type,
            created_at=video.created_at,
        )


class VideoPage(BaseModel):
    items: list[VideoOut]
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page; null at the end")


class JobCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    video_id: str = Field(max_length=ID_MAX)
    options: JobOptions = JobOptions()


class JobErrorOut(BaseModel):
    type: str = Field(description="VideoRejectedError, VideoDecodeError, JobError, BuildError, ...")
    message: str = Field(description="one line: why the job failed")


class JobResultOut(BaseModel):
    screens: int
    events: int
    built: bool
    check_skipped: str | None = Field(None, description="why the self-check asked for did not run")
    files: list[str] = Field(description="what the result holds (spec, project zip, keyframes, reports)")


class JobOut(BaseModel):
    id: str
    state: JobState
    stage: str = Field(description="the stage running now (probe, decode, parse, ..., done)")
    progress: float = Field(ge=0.0, le=1.0)
    note: str
    video_id: str
    batch_id: str | None
    options: JobOptions
    cached: bool = Field(description="the result was reused from an earlier job with the same inputs")
    attempts: int
    error: JobErrorOut | None
    result: JobResultOut | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, job: Job) -> JobOut:
        summary: dict[str, Any] = job.summary or {}
        result = None
        if job.state == JobState.SUCCEEDED and summary:
            result = JobResultOut(
                screens=int(summary.get("screens", 0)),
                events=int(summary.get("events", 0)),
                built=bool(summary.get("built", False)),
                check_skipped=summary.get("check_skipped"),
                files=sorted(summary.get("files", {})),
            )
        error = None
        if job.state == JobState.FAILED:
            error = JobErrorOut(type=job.error_type or "JobError", message=job.error or "failed")
        return cls(
            id=job.id,
            state=JobState(job.state),
            stage=job.stage,
            progress=min(1.0, max(0.0, job.progress)),
            note=job.note,
            video_id=job.video_id,
            batch_id=job.batch_id,
            options=JobOptions.model_validate(job.options),
            cached=job.cached,
            attempts=job.attempts,
            error=error,
            result=result,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )


class JobPage(BaseModel):
    items: list[JobOut]
    next_cursor: str | None = None


class BatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    video_ids: list[str] = Field(min_length=1, description="one job per video")
    options: JobOptions = JobOptions()
    name: str = Field("", max_length=200)


class BatchOut(BaseModel):
    id: str
    name: str
    options: JobOptions
    created_at: datetime
    total: int
    counts: dict[str, int] = Field(description="jobs per state")
    finished: bool = Field(description="every job succeeded, failed or was cancelled")
    job_ids: list[str]

    @classmethod
    def of(cls, batch: Batch, counts: dict[str, int], job_ids: list[str]) -> BatchOut:
        active = counts.get(JobState.QUEUED, 0) + counts.get(JobState.RUNNING, 0)
        return cls(
            id=batch.id,
            name=batch.name,
            options=JobOptions.model_validate(batch.options),
            created_at=batch.created_at,
            total=sum(counts.values()),
            counts=counts,
            finished=active == 0,
            job_ids=job_ids,
        )


class BatchSummary(BaseModel):
    id: str
    name: str
    created_at: datetime
    total: int
    counts: dict[str, int]
    finished: bool


class BatchPage(BaseModel):
    items: list[BatchSummary]
    next_cursor: str | None = None


class Health(BaseModel):
    status: str
    checks: dict[str, str] = Field(default_factory=dict)
