"""The job payload: what an executor hands a worker (`JobRequest`) and what comes back (`JobResult`).

Both are versioned pydantic models, small and free of secrets (ids and object keys; no API keys, no
encryption keys, no settings), so they can sit in a broker queue or a log. A worker brings its own
configuration (`jobs.config.WorkerConfig`) and stores.

    request = JobRequest(job_id=job.id, tenant_id=t, video_key=video_key(t, sha), video_name="rec.mp4",
                         options=JobOptions(build=False), result_key=result_key(t, cache_key(sha, opts)))

Results are content-addressed: `cache_key` hashes the video bytes' SHA-256, the options and the pipeline
version, so a retried or duplicated job writes the same objects under the same keys, and a new job
with the same inputs can reuse them at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from replicast import __version__
from replicast.selfcheck.report import Refinement

PIPELINE_VERSION = "5"
"""Bump when the same video and options give a different result (it invalidates the result cache)."""


class JobOptions(BaseModel):
    """What a client may choose per job. Every field is part of the cache key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    build: bool = Field(False, description="also run `npm install` and `npm run build` on the project")
    check: bool = Field(
        False,
        description="also build and self-check the app in Chromium (report.html, report.json); "
        "skipped with a note where no Chromium is installed",
    )
    refine: bool = Field(
        False,
        description="also ask the worker's vision-language model to improve the app (implies check); "
        "its edits are kept only if the app still builds, passes its replay test and scores no worse",
    )


class JobRequest(BaseModel):
    """One job for a worker: ids and object keys only."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    job_id: str
    tenant_id: str
    video_key: str = Field(description="object key of the uploaded video")
    video_name: str = Field(description="the uploaded file's name (for messages and the container hint)")
    video_encrypted: bool = Field(False, description="the video object is sealed (storage.crypto)")
    options: JobOptions = JobOptions()
    result_key: str = Field(description="object key prefix the results go under (content-addressed)")
    attempt: int = Field(1, ge=1)


class JobResult(BaseModel):
    """What a finished job wrote, stored as `<result_key>/result.json` after everything else."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    job_id: str = Field(description="the job that computed it (a cache hit points at an earlier job)")
    result_key: str
    files: dict[str, int] = Field(description="object names under result_key and their sizes in bytes")
    screens: int
    events: int
    built: bool
    check_skipped: str | None = Field(None, description="why the self-check asked for did not run")
    seconds: float
    stages: dict[str, float] = Field(default_factory=dict, description="seconds spent per stage")
    refinement: Refinement | None = Field(
        None, description="what the model refinement did (kept or why not, tokens, cost), when asked for"
    )


def cache_key(video_sha256: str, options: JobOptions, engines: Mapping[str, Any] | None = None) -> str:
    """Hash of what determines a result: the video bytes, the options, the pipeline's version and the
    deployment's engine settings that change what is read or written (`engines`: the OCR provider and
    int8 switch, the refinement model), so workers set up otherwise never share results."""
    material = {
        "video": video_sha256,
        "options": options.model_dump(mode="json"),
        "pipeline": PIPELINE_VERSION,
        "replicast": __version__,
        "engines": dict(engines or {}),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def video_key(tenant_id: str, sha256: str) -> str:
    return f"videos/{tenant_id}/{sha256}"


def result_key(tenant_id: str, cache: str) -> str:
    """Results are per tenant: a cache hit never reaches another tenant's objects."""
    return f"results/{tenant_id}/{cache}"
