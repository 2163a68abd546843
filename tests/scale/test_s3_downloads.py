"""Big objects come out of S3 a chunk at a time: a worker fetching a video, the API serving a result, the
web page opening a project zip. Each reads a 64 MiB object against a real S3 server (moto) while
`tracemalloc` records the peak of what Python allocates, which stays a small fraction of the object."""

from __future__ import annotations

import hashlib
import os
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from replicast.jobs.config import open_stores
from replicast.jobs.payload import JobRequest, JobResult
from replicast.pipeline.run import Progress
from replicast.service import create_app
from replicast.service.apikeys import create_api_key
from replicast.service.web.results import open_project
from replicast.settings import Settings
from replicast.storage.s3 import MIB, S3Config, S3Store
from tests.jobs.recordings import tiny_recording
from tests.service.server import serving

pytestmark = pytest.mark.scale

BIG = 64 * MIB
CEILING = 16 * MIB  # a quarter of the object: chunks of 1 MiB and their copies fit many times over


def _big_file(path: Path) -> str:
    """A 64 MiB file of random bytes, written a MiB at a time; its SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as f:
        for _ in range(BIG // MIB):
            chunk = os.urandom(MIB)
            digest.update(chunk)
            f.write(chunk)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(MIB):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def peak_memory() -> Iterator[list[int]]:
    """The peak of Python's allocations (every thread) inside the block, in its one-item list."""
    found: list[int] = []
    tracemalloc.start()
    try:
        yield found
    finally:
        found.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def _s3_settings(tmp_path: Path, endpoint: str, bucket: str) -> Settings:
    return Settings.model_validate(
        {
            "data_dir": tmp_path,
            "rate_limit": None,
            "workers": 1,
            "s3_bucket": bucket,
            "s3_endpoint_url": endpoint,
            "s3_region": "us-east-1",
            "s3_access_key_id": "test",
            "s3_secret_access_key": "test",
        }
    )


def test_a_worker_fetches_a_big_video_in_chunks(s3_endpoint: str, bucket: str, tmp_path: Path) -> None:
    store = S3Store(
        S3Config(
            bucket,
            endpoint_url=s3_endpoint,
            region="us-east-1",
            access_key_id="test",
            secret_access_key="test",
        )
    )
    digest = _big_file(tmp_path / "big.mp4")
    store.put_file("videos/t/big", tmp_path / "big.mp4")
    with peak_memory() as peak:
        store.get_file("videos/t/big", tmp_path / "fetched.mp4")  # what run_job does with the video
    assert _sha256(tmp_path / "fetched.mp4") == digest
    assert peak[0] < CEILING, f"{peak[0] / MIB:.1f} MiB held for a 64 MiB object"


def _writes_a_big_project(
    settings: Settings, source: Path
) -> Callable[[JobRequest, Callable[[Progress], None], threading.Event], JobResult]:
    """A runner that publishes `source` as the job's project.zip (and nothing is converted)."""
    stores = open_stores(settings)

    def run(request: JobRequest, report: Callable[[Progress], None], cancelled: threading.Event) -> JobResult:
        size = stores.objects.put_file(f"{request.result_key}/project.zip", source, if_absent=True)
        return JobResult(
            job_id=request.job_id,
            result_key=request.result_key,
            files={"project.zip": size},
            screens=1,
            events=0,
            built=False,
            seconds=0.1,
        )

    return run


def test_the_api_streams_a_big_result_from_s3(s3_endpoint: str, bucket: str, tmp_path: Path) -> None:
    settings = _s3_settings(tmp_path / "data", s3_endpoint, bucket)
    project = tmp_path / "project.zip"
    digest = _big_file(project)
    app = create_app(settings, runner=_writes_a_big_project(settings, project))
    with serving(app) as base:
        key = create_api_key(app.state.services.db, "acme").text
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as c:
            recording = tiny_recording(tmp_path / "rec.mp4").read_bytes()
            video = c.post("/v1/videos", params={"filename": "rec.mp4"}, content=recording)
            job_id = c.post("/v1/jobs", json={"video_id": video.json()["id"]}).json()["id"]
            while (job := c.get(f"/v1/jobs/{job_id}").json())["state"] in ("queued", "running"):
                threading.Event().wait(0.05)
            assert job["state"] == "succeeded", job
            downloaded = tmp_path / "downloaded.zip"
            with peak_memory() as peak, c.stream("GET", f"/v1/jobs/{job_id}/project.zip") as response:
                assert response.status_code == 200
                with downloaded.open("wb") as out:
                    for chunk in response.iter_bytes(MIB):
                        out.write(chunk)
    assert _sha256(downloaded) == digest
    assert peak[0] < CEILING, f"{peak[0] / MIB:.1f} MiB held for a 64 MiB result"


def test_the_web_page_opens_a_big_project_zip_from_s3_in_chunks(
    s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    import zipfile

    project = tmp_path / "project.zip"
    with zipfile.ZipFile(project, "w", zipfile.ZIP_STORED) as zf, zf.open("src/big.bin", "w") as entry:
        for _ in range(BIG // MIB):
            entry.write(os.urandom(MIB))
    store = open_stores(_s3_settings(tmp_path / "data", s3_endpoint, bucket)).objects
    store.put_file("results/t/k/project.zip", project)
    with peak_memory() as peak, open_project(store, "results/t/k") as opened:
        names = opened.names()
    assert names == ["src/big.bin"]
    assert peak[0] < CEILING, f"{peak[0] / MIB:.1f} MiB held for a 64 MiB zip"
