"""Tenants see only their own videos, jobs, batches and results: another tenant's id answers 404."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from .conftest import Api, upload


@dataclass(frozen=True)
class Owned:
    video: str
    job: str
    batch: str


@pytest.fixture(scope="module")
def b_owns(api: Api) -> Owned:
    """Tenant B's video, job and batch (the video is noise: its jobs fail fast, which is fine here)."""
    with api.client(api.key("tenant-b")) as b:
        video = upload(b, os.urandom(2048), "b-secret.mp4")
        job = b.post("/v1/jobs", json={"video_id": video}).json()["id"]
        batch = b.post("/v1/batches", json={"video_ids": [video]}).json()["id"]
    return Owned(video, job, batch)


# every route with an id in its path, as A would call it with B's ids
ID_ROUTES = [
    ("GET", "/v1/videos/{video_id}"),
    ("DELETE", "/v1/videos/{video_id}"),
    ("GET", "/v1/jobs/{job_id}"),
    ("DELETE", "/v1/jobs/{job_id}"),
    ("POST", "/v1/jobs/{job_id}/cancel"),
    ("GET", "/v1/jobs/{job_id}/events"),
    ("GET", "/v1/jobs/{job_id}/spec"),
    ("GET", "/v1/jobs/{job_id}/project.zip"),
    ("GET", "/v1/jobs/{job_id}/report.json"),
    ("GET", "/v1/jobs/{job_id}/report.html"),
    ("GET", "/v1/jobs/{job_id}/keyframes/{name}"),
    ("GET", "/v1/batches/{batch_id}"),
    ("POST", "/v1/batches/{batch_id}/cancel"),
    ("DELETE", "/v1/batches/{batch_id}"),
]


def test_the_list_covers_every_id_bearing_route(api: Api) -> None:
    paths = api.app.openapi()["paths"]
    routes = {(m.upper(), p) for p, ops in paths.items() if "{" in p for m in ops}
    assert routes == set(ID_ROUTES)


@pytest.mark.parametrize(("method", "path"), ID_ROUTES)
def test_another_tenants_id_is_404(api: Api, b_owns: Owned, method: str, path: str) -> None:
    url = path.format(video_id=b_owns.video, job_id=b_owns.job, batch_id=b_owns.batch, name="001.png")
    with api.client(api.key("tenant-a")) as a:
        response = a.request(method, url)
    assert response.status_code == 404, response.text
    assert response.json()["error"]["type"] == "NotFoundError"


def test_bodies_naming_another_tenants_video_are_404(api: Api, b_owns: Owned) -> None:
    with api.client(api.key("tenant-a")) as a:
        assert a.post("/v1/jobs", json={"video_id": b_owns.video}).status_code == 404
        assert a.post("/v1/batches", json={"video_ids": [b_owns.video]}).status_code == 404


def test_lists_show_only_the_callers_own(api: Api, b_owns: Owned) -> None:
    with api.client(api.key("tenant-a")) as a:
        for path, own in (
            ("/v1/videos", b_owns.video),
            ("/v1/jobs", b_owns.job),
            ("/v1/batches", b_owns.batch),
        ):
            assert own not in {item["id"] for item in a.get(path).json()["items"]}


def test_b_still_has_everything_after_a_tried(api: Api, b_owns: Owned) -> None:
    with api.client(api.key("tenant-a")) as a:
        for method, path in ID_ROUTES:
            if method != "GET":
                a.request(
                    method, path.format(video_id=b_owns.video, job_id=b_owns.job, batch_id=b_owns.batch)
                )
    with api.client(api.key("tenant-b")) as b:
        assert b.get(f"/v1/videos/{b_owns.video}").status_code == 200
        assert b.get(f"/v1/jobs/{b_owns.job}").status_code == 200
        assert b.get(f"/v1/batches/{b_owns.batch}").status_code == 200


def test_the_same_bytes_are_separate_videos_for_separate_tenants(api: Api) -> None:
    data = os.urandom(1024)
    with api.client(api.key("tenant-c")) as c, api.client(api.key("tenant-d")) as d:
        assert upload(c, data) != upload(d, data)
