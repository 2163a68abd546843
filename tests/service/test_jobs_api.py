"""Jobs through the API on a real recording: progress stream, spec, project zip, cache, cancel, delete."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from replicast.jobs.lifecycle import STAGE_WEIGHTS
from replicast.jobs.payload import JobOptions, cache_key, result_key
from replicast.service.submit import engine_settings

from .conftest import Api, follow, upload, wait_for

STAGES = ["starting", "queued", *STAGE_WEIGHTS, "done"]


@pytest.fixture(scope="module")
def done(api: Api, tiny_video: Path) -> dict[str, Any]:
    """Tenant `jobs-a` converted the tiny recording: its key, video id and the finished job."""
    key = api.key("jobs-a")
    with api.client(key) as c:
        video = upload(c, tiny_video.read_bytes(), "tiny.mp4")
        created = c.post("/v1/jobs", json={"video_id": video, "options": {"build": False}})
        assert created.status_code == 202
        assert created.json()["state"] == "queued" and not created.json()["cached"]
        events = follow(c, created.json()["id"])
    return {"key": key, "video": video, "job": events[-1], "events": events}


def test_the_job_succeeds_with_a_summary(done: dict[str, Any]) -> None:
    job = done["job"]
    assert job["state"] == "succeeded", job
    assert (job["stage"], job["progress"], job["attempts"]) == ("done", 1.0, 1)
    assert job["result"]["screens"] >= 1
    assert {"replicast.json", "project.zip"} <= set(job["result"]["files"])


def test_the_progress_stream_moves_forward_through_the_stages(api: Api, done: dict[str, Any]) -> None:
    events = done["events"]
    progress = [e["progress"] for e in events]
    assert progress == sorted(progress)
    assert events[-1]["state"] == "succeeded"
    # the stream shows the stages it finds when it looks (every 0.1 s here): on the tiny recording
    # decoding and parsing may come and go between two looks, so it shows some stages, in order
    stages = [e["stage"] for e in events if e["state"] == "running"]
    assert len(set(stages)) >= 2
    assert [STAGES.index(s) for s in stages] == sorted(STAGES.index(s) for s in stages)
    # every stage the job went through was recorded, however short
    metrics = httpx.get(f"{api.base}/metrics").text
    for stage in ("probe", "decode", "parse", "assemble"):
        assert f'replicast_job_stage_duration_seconds_count{{stage="{stage}"}}' in metrics, stage


def test_the_spec_and_the_project_download(api: Api, done: dict[str, Any]) -> None:
    with api.client(done["key"]) as c:
        spec = c.get(f"/v1/jobs/{done['job']['id']}/spec")
        project = c.get(f"/v1/jobs/{done['job']['id']}/project.zip")
    assert spec.status_code == 200 and spec.json()["version"] == "1"
    assert spec.json()["video"]["width"] == 640
    assert project.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(project.content)).namelist()
    assert {"package.json", "index.html", "replicast.json"} <= set(names)


def test_keyframes_are_served_by_name(api: Api, done: dict[str, Any]) -> None:
    frames = [
        f.removeprefix("keyframes/") for f in done["job"]["result"]["files"] if f.startswith("keyframes/")
    ]
    with api.client(done["key"]) as c:
        image = c.get(f"/v1/jobs/{done['job']['id']}/keyframes/{frames[0]}")
        missing = c.get(f"/v1/jobs/{done['job']['id']}/keyframes/nope.png")
    assert image.content.startswith(b"\x89PNG")
    assert missing.status_code == 404


def test_no_self_check_report_without_a_check(api: Api, done: dict[str, Any]) -> None:
    with api.client(done["key"]) as c:
        response = c.get(f"/v1/jobs/{done['job']['id']}/report.html")
    assert response.status_code == 404
    assert "no self-check report" in response.json()["error"]["message"]


def test_a_report_is_served_sandboxed_when_the_result_has_one(api: Api, done: dict[str, Any]) -> None:
    options = JobOptions()
    key = cache_key(_sha(api, done), options, engine_settings(api.services.settings, options))
    prefix = result_key(_tenant(api, done), key)
    api.services.stores.objects.put_bytes(f"{prefix}/report.html", b"<html><script>1</script></html>")
    api.services.stores.objects.put_bytes(f"{prefix}/report.json", b'{"summary": {}}')
    try:
        with api.client(done["key"]) as c:
            page = c.get(f"/v1/jobs/{done['job']['id']}/report.html")
            data = c.get(f"/v1/jobs/{done['job']['id']}/report.json")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert page.headers["content-security-policy"] == "sandbox allow-scripts"
        assert data.json() == {"summary": {}}
    finally:
        api.services.stores.objects.delete(f"{prefix}/report.html")
        api.services.stores.objects.delete(f"{prefix}/report.json")


def _tenant(api: Api, done: dict[str, Any]) -> str:
    from replicast.service.apikeys import authenticate

    return authenticate(api.services.db, done["key"]).tenant_id


def _sha(api: Api, done: dict[str, Any]) -> str:
    with api.client(done["key"]) as c:
        sha: str = c.get(f"/v1/videos/{done['video']}").json()["sha256"]
        return sha


def test_the_same_video_and_options_are_answered_from_the_cache(api: Api, done: dict[str, Any]) -> None:
    with api.client(done["key"]) as c:
        again = c.post("/v1/jobs", json={"video_id": done["video"]})
        body = again.json()
        assert (again.status_code, body["state"], body["cached"]) == (202, "succeeded", True)
        assert (
            c.get(f"/v1/jobs/{body['id']}/spec").json() == c.get(f"/v1/jobs/{done['job']['id']}/spec").json()
        )
        # deleting the cache hit keeps the shared result for the original
        assert c.delete(f"/v1/jobs/{body['id']}").status_code == 204
        assert c.get(f"/v1/jobs/{body['id']}").status_code == 404
        assert c.get(f"/v1/jobs/{done['job']['id']}/spec").status_code == 200
    metrics = httpx.get(f"{api.base}/metrics").text
    assert "replicast_cache_hits_total 1.0" in metrics or "replicast_cache_hits_total 2.0" in metrics


def test_jobs_list_filters_and_pages(api: Api, done: dict[str, Any]) -> None:
    with api.client(done["key"]) as c:
        page = c.get("/v1/jobs", params={"state": "succeeded", "limit": 1}).json()
        assert len(page["items"]) == 1 and page["items"][0]["state"] == "succeeded"
        assert c.get("/v1/jobs", params={"state": "exploded"}).status_code == 422


def test_cancel_and_then_cancel_again(api: Api, tiny_video: Path) -> None:
    with api.client(api.key("jobs-cancel")) as c:
        video = upload(c, tiny_video.read_bytes())
        job = c.post("/v1/jobs", json={"video_id": video}).json()
        cancelled = c.post(f"/v1/jobs/{job['id']}/cancel")
        assert (cancelled.status_code, cancelled.json()["state"]) == (200, "cancelled")
        again = c.post(f"/v1/jobs/{job['id']}/cancel")
        assert again.status_code == 409
        assert wait_for(c, job["id"])["state"] == "cancelled"


# last in this module: it deletes the module's recording
def test_deleting_a_video_removes_its_blob_its_jobs_and_their_results(api: Api, done: dict[str, Any]) -> None:
    store = api.services.stores.objects
    tenant = _tenant(api, done)
    assert list(store.keys(f"videos/{tenant}/")) and list(store.keys(f"results/{tenant}/"))
    with api.client(done["key"]) as c:
        assert c.delete(f"/v1/videos/{done['video']}").status_code == 204
        assert c.get(f"/v1/videos/{done['video']}").status_code == 404
        assert c.get(f"/v1/jobs/{done['job']['id']}").status_code == 404
    assert list(store.keys(f"videos/{tenant}/")) == []
    assert list(store.keys(f"results/{tenant}/")) == []
