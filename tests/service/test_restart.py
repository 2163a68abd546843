"""A server killed in the middle of a job (kill -9, no goodbye) finishes that job after a restart.

This runs `replicast serve` as a real process and also checks its logs: request and job ids on the
records, and no secret (API key, encryption key) anywhere in them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from replicast.db import Database
from replicast.db.migrate import upgrade
from replicast.db.models import Job
from replicast.service.apikeys import create_api_key, parse_key
from replicast.storage.crypto import new_master_key

from .conftest import upload, wait_for


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "replicast", "serve"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes its children too
        )


def _ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the server did not become ready")


def test_a_killed_server_finishes_the_interrupted_job_after_a_restart(
    tmp_path: Path, tiny_video: Path
) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    master = new_master_key()
    env = {
        **os.environ,
        "REPLICAST_DATA_DIR": str(tmp_path / "data"),
        "REPLICAST_PORT": str(port),
        "REPLICAST_WORKERS": "1",
        "REPLICAST_OCR_THREADS": "1",
        "REPLICAST_ENCRYPTION_KEY": master,
        "REPLICAST_LOG_LEVEL": "INFO",
    }
    db = Database(f"sqlite:///{tmp_path / 'data' / 'replicast.db'}")
    upgrade(db)
    key = create_api_key(db, "restart").text
    log = tmp_path / "serve.log"

    first = _start(env, log)
    try:
        _ready(base, first)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30) as c:
            video = upload(c, tiny_video.read_bytes(), "tiny.mp4")
            job_id = c.post("/v1/jobs", json={"video_id": video}).json()["id"]
            deadline = time.monotonic() + 60
            while (job := c.get(f"/v1/jobs/{job_id}").json())["stage"] not in ("decode", "parse"):
                assert job["state"] in ("queued", "running") and time.monotonic() < deadline, job
                time.sleep(0.05)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    with db.read() as s:
        interrupted = s.get(Job, job_id)
        assert interrupted is not None and interrupted.state == "running"

    second = _start(env, log)
    try:
        _ready(base, second)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30) as c:
            job = wait_for(c, job_id)
            assert c.get(f"/v1/jobs/{job_id}/spec").status_code == 200
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)  # uvicorn shuts down gracefully, then re-raises the signal it caught
    db.dispose()
    assert (job["state"], job["attempts"]) == ("succeeded", 2), job

    text = log.read_text()
    assert f"job={job_id}] job {job_id}: started (attempt 2)" in text
    assert "POST /v1/jobs 202" in text and "[req=" in text
    assert parse_key(key)[1] not in text and master not in text
    assert text.rstrip().endswith(f"Finished server process [{second.pid}]")
