"""Limits: per-key request rate (429 + Retry-After) and per-key quota of active jobs."""

from __future__ import annotations

import os

from tests.service.server import clear_of_a_window_edge

from .conftest import Api, upload


def test_past_the_rate_a_key_gets_429_with_retry_after(strict: Api) -> None:
    limit = 30  # strict: 30/minute
    clear_of_a_window_edge()
    with strict.client(strict.key("rate-1")) as c:
        statuses = [c.get("/v1/jobs").status_code for _ in range(limit + 1)]
        last = c.get("/v1/jobs")
    assert statuses[:limit] == [200] * limit
    assert statuses[limit] == 429
    assert last.status_code == 429
    assert 1 <= int(last.headers["Retry-After"]) <= 60
    assert last.json()["error"]["type"] == "RateLimitedError"


def test_the_rate_is_per_key(strict: Api) -> None:
    clear_of_a_window_edge()
    with strict.client(strict.key("rate-2")) as busy, strict.client(strict.key("rate-3")) as quiet:
        for _ in range(31):
            busy.get("/v1/jobs")
        assert busy.get("/v1/jobs").status_code == 429
        assert quiet.get("/v1/jobs").status_code == 200


def test_a_key_may_have_only_its_quota_of_active_jobs(strict: Api) -> None:
    with strict.client(strict.key("quota-1")) as c:
        videos = [upload(c, os.urandom(128)) for _ in range(3)]
        first = [c.post("/v1/jobs", json={"video_id": v}) for v in videos[:2]]
        assert [r.status_code for r in first] == [202, 202]
        over = c.post("/v1/jobs", json={"video_id": videos[2]})
        assert over.status_code == 429
        assert "quota of 2" in over.json()["error"]["message"]
        assert c.post("/v1/batches", json={"video_ids": videos[2:]}).status_code == 429
        # Cancelling one frees a slot
        assert c.post(f"/v1/jobs/{first[0].json()['id']}/cancel").json()["state"] == "cancelled"
        assert c.post("/v1/jobs", json={"video_id": videos[2]}).status_code == 202
        for job in c.get("/v1/jobs", params={"state": "running"}).json()["items"]:
            c.post(f"/v1/jobs/{job['id']}/cancel")
        for job in c.get("/v1/jobs", params={"state": "queued"}).json()["items"]:
            c.post(f"/v1/jobs/{job['id']}/cancel")


def test_batches_have_a_size_limit(strict: Api) -> None:
    with strict.client(strict.key("batch-size")) as c:
        response = c.post("/v1/batches", json={"video_ids": [f"vid_{i}" for i in range(4)]})
    assert response.status_code == 400
    assert "at most 3 videos" in response.json()["error"]["message"]
