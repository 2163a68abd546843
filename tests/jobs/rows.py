"""Rows the executor tests need: a tenant, a key, a video and queued jobs."""

from __future__ import annotations

from replicast.db import Database
from replicast.db.jobs import add_job
from replicast.db.keys import add_key, get_or_create_tenant
from replicast.db.videos import add_video
from replicast.jobs.payload import JobOptions, cache_key, result_key


def queued_jobs(db: Database, n: int, tenant: str = "acme") -> list[str]:
    with db.write() as s:
        t = get_or_create_tenant(s, tenant)
        key = add_key(s, t.id, "0123456789abcdef", "0" * 64)
        video, _ = add_video(
            s,
            tenant_id=t.id,
            sha256="ab" * 32,
            size=1,
            filename="v.mp4",
            content_type="video/mp4",
            blob_key=f"videos/{t.id}/{'ab' * 32}",
            encrypted=False,
        )
        ids = []
        for _ in range(n):
            ck = cache_key(video.sha256, JobOptions())
            job = add_job(s, tenant_id=t.id, api_key_id=key.id, video_id=video.id, options={}, cache_key=ck)
            job.result_key = result_key(t.id, ck)
            ids.append(job.id)
        return ids
