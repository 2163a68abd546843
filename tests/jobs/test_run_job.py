"""run_job: fetch (a sealed video), sandboxed work, publish under content-addressed keys, once.

The sandboxed conversion is stood in for by `targets.fake_convert` (the real one runs in the service
tests); the probe inside it is real.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
import zipfile
from pathlib import Path

import pytest

from replicast.errors import JobError, VideoDecodeError
from replicast.jobs.config import Stores, WorkerConfig
from replicast.jobs.payload import JobOptions, JobRequest, cache_key, result_key, video_key
from replicast.jobs.run import MANIFEST, PROJECT_ZIP, SPEC, run_job, safe_filename
from replicast.pipeline.run import Progress
from replicast.storage import MemoryStore
from replicast.storage.crypto import EncryptedStore

from . import targets


@pytest.fixture
def stores() -> Stores:
    objects = MemoryStore()
    return Stores(objects, EncryptedStore(objects, os.urandom(32)))


def _request(stores: Stores, data: bytes, name: str, job_id: str = "job_1") -> JobRequest:
    sha = hashlib.sha256(data).hexdigest()
    assert stores.sealed is not None
    stores.sealed.put_bytes(video_key("ten_a", sha), data)
    return JobRequest(
        job_id=job_id,
        tenant_id="ten_a",
        video_key=video_key("ten_a", sha),
        video_name=name,
        video_encrypted=True,
        result_key=result_key("ten_a", cache_key(sha, JobOptions())),
    )


def test_a_recording_becomes_published_results_once(stores: Stores, tiny_video: Path, tmp_path: Path) -> None:
    request = _request(stores, tiny_video.read_bytes(), "tiny.mp4")
    stages: list[str] = []
    result = run_job(
        request,
        stores,
        WorkerConfig(work_root=tmp_path),
        lambda p: stages.append(p.stage),
        work=targets.fake_convert,
    )

    assert result.screens == 1
    assert {SPEC, PROJECT_ZIP} <= set(result.files)
    assert any(name.startswith("keyframes/") for name in result.files)
    assert stages[:3] == ["fetch", "fetch", "probe"] and stages[-1] == "publish"
    archive = zipfile.ZipFile(io.BytesIO(stores.objects.get_bytes(f"{request.result_key}/{PROJECT_ZIP}")))
    names = archive.namelist()
    assert "package.json" in names and "replicast.json" in names
    assert not any(n.startswith("node_modules/") for n in names)
    assert stores.objects.exists(f"{request.result_key}/{MANIFEST}")
    assert list(tmp_path.iterdir()) == []  # scratch space cleaned

    # Given the result is complete, When the job runs again (a retry, a duplicate), Then nothing is computed
    started = time.monotonic()
    again = run_job(
        request.model_copy(update={"job_id": "job_2"}),
        stores,
        WorkerConfig(work_root=tmp_path),
        work=targets.must_not_run,
    )
    assert again == result and time.monotonic() - started < 1.0


def test_a_file_that_is_not_a_video_fails_at_the_probe(stores: Stores, tmp_path: Path) -> None:
    request = _request(stores, os.urandom(4096), "noise.mp4")
    seen: list[Progress] = []
    with pytest.raises(VideoDecodeError, match=r"noise\.mp4"):
        run_job(request, stores, WorkerConfig(work_root=tmp_path), seen.append, work=targets.fake_convert)
    assert "codegen" not in {p.stage for p in seen}
    assert not list(stores.objects.keys("results/"))


def test_a_missing_video_object_is_a_clear_job_error(stores: Stores, tmp_path: Path) -> None:
    request = _request(stores, b"x", "gone.mp4")
    stores.objects.delete(request.video_key)
    with pytest.raises(JobError, match="gone from the object store"):
        run_job(request, stores, WorkerConfig(work_root=tmp_path))


def test_a_sealed_video_without_a_key_is_a_clear_job_error(stores: Stores, tmp_path: Path) -> None:
    request = _request(stores, b"x", "sealed.mp4")
    with pytest.raises(JobError, match="no encryption key"):
        run_job(request, Stores(stores.objects), WorkerConfig(work_root=tmp_path))


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("rec.mp4", "rec.mp4"),
        ("../../etc/passwd", "passwd"),
        ("a b;rm -rf.webm", "a_b_rm_-rf.webm"),
        ("...", "video.mp4"),
    ],
)
def test_uploaded_names_become_harmless_file_names(given: str, safe: str) -> None:
    assert safe_filename(given) == safe
