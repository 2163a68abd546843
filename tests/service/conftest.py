"""Running services for the HTTP tests (real sockets, real uvicorn), their API keys and recordings.

- `api`: the embedded default as `replicast serve` runs it (SQLite, local store with encryption at
  rest, the sandboxed local pool doing real conversions); no rate limit.
- `strict`: small limits (upload size, rate, quota) and a runner that holds jobs until cancelled.

Both come twice: on SQLite and on PostgreSQL (a throwaway database each, made by the same Alembic
migrations), so every test that uses them runs on both databases.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from replicast.jobs.payload import JobRequest, JobResult
from replicast.pipeline.run import Progress
from replicast.service import create_app
from replicast.service.apikeys import create_api_key
from replicast.service.context import Services
from replicast.settings import Settings
from replicast.storage.crypto import new_master_key
from tests.jobs.recordings import tiny_recording
from tests.scale.engines import throwaway_database

from .server import serving


@dataclass
class Api:
    base: str
    app: FastAPI
    settings: Settings

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    def key(self, tenant: str) -> str:
        return create_api_key(self.services.db, tenant).text

    def client(self, key: str | None, **kwargs: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=60, **kwargs)  # type: ignore[arg-type]


def _settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "workers": 2,
        "ocr_threads": 1,
        "rate_limit": None,
        "job_timeout_s": 120.0,
        "sse_interval_s": 0.1,
        **overrides,
    }
    return Settings.model_validate(values)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    """Which database the service tests run on."""
    backend: str = request.param
    return backend


@contextmanager
def _database_url(backend: str) -> Iterator[dict[str, object]]:
    if backend == "sqlite":
        yield {}  # the default: DATA_DIR/replicast.db
    else:
        with throwaway_database() as url:
            yield {"database_url": url}


@pytest.fixture(scope="session")
def api(tmp_path_factory: pytest.TempPathFactory, database: str) -> Iterator[Api]:
    with _database_url(database) as url:
        settings = _settings(
            tmp_path_factory.mktemp("api"), encryption_key=new_master_key(), max_video_bytes=8 << 20, **url
        )
        app = create_app(settings)
        with serving(app) as base:
            yield Api(base, app, settings)


def hold_until_cancelled(
    request: JobRequest, report: Callable[[Progress], None], cancelled: threading.Event
) -> JobResult:
    """A runner whose jobs stay running until cancelled (or the service stops)."""
    from replicast.errors import JobCancelledError

    report(Progress("decode", 0, 1))
    cancelled.wait(120)
    raise JobCancelledError("cancelled")


@pytest.fixture(scope="session")
def strict(tmp_path_factory: pytest.TempPathFactory, database: str) -> Iterator[Api]:
    with _database_url(database) as url:
        settings = _settings(
            tmp_path_factory.mktemp("strict"),
            rate_limit="30/minute",
            job_quota=2,
            max_video_bytes=256 * 1024,
            max_batch_videos=3,
            **url,
        )
        app = create_app(settings, runner=hold_until_cancelled)
        with serving(app) as base:
            yield Api(base, app, settings)


@pytest.fixture(scope="session")
def tiny_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_recording(tmp_path_factory.mktemp("recordings") / "tiny.mp4")


def upload(client: httpx.Client, data: bytes, filename: str = "rec.mp4") -> str:
    response = client.post("/v1/videos", params={"filename": filename}, content=data)
    assert response.status_code in (200, 201), response.text
    video_id: str = response.json()["id"]
    return video_id


def follow(client: httpx.Client, job_id: str, timeout: float = 180.0) -> list[dict[str, Any]]:
    """Every job the progress stream sends, to its `end` event."""
    events: list[dict[str, Any]] = []
    with client.stream("GET", f"/v1/jobs/{job_id}/events", timeout=timeout) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        kind = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append(json.loads(line.removeprefix("data: ")))
                if kind == "end":
                    return events
    raise AssertionError("the progress stream ended without an end event")


def wait_for(client: httpx.Client, job_id: str, timeout: float = 180.0) -> dict[str, Any]:
    """The job once it has finished."""
    return follow(client, job_id, timeout)[-1]
