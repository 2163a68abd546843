"""Health, readiness, metrics, request ids; secrets kept out of reprs."""

from __future__ import annotations

import httpx

from replicast.settings import Settings
from replicast.storage.crypto import new_master_key

from .conftest import Api


def test_healthz_and_readyz(api: Api) -> None:
    assert httpx.get(f"{api.base}/healthz").json()["status"] == "ok"
    ready = httpx.get(f"{api.base}/readyz").json()
    assert ready == {"status": "ok", "checks": {"database": "ok", "store": "ok"}}


def test_readyz_says_503_when_the_database_is_gone(strict: Api) -> None:
    services = strict.services
    real = services.db.ping

    def broken() -> None:
        raise OSError("gone")

    object.__setattr__(services.db, "ping", broken)
    try:
        response = httpx.get(f"{strict.base}/readyz")
    finally:
        object.__setattr__(services.db, "ping", real)
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("unreachable")


def test_metrics_cover_routes_errors_jobs_queue_stages_and_cache(api: Api) -> None:
    with api.client(api.key("metrics")) as c:
        c.get("/v1/jobs/job_nope")
    text = httpx.get(f"{api.base}/metrics").text
    assert (
        'replicast_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/jobs/{job_id}",status="404"}'
        in text
    )
    assert 'replicast_http_errors_total{route="/v1/jobs/{job_id}",status="404"}' in text
    for state in ("queued", "running", "succeeded", "failed", "cancelled"):
        assert f'replicast_jobs{{state="{state}"}}' in text
    for family in (
        "replicast_queue_depth",
        "replicast_job_stage_duration_seconds",
        "replicast_job_duration_seconds",
        "replicast_cache_hits_total",
        "replicast_upload_bytes_total",
    ):
        assert f"# TYPE {family} " in text


def test_a_request_id_is_echoed_or_made(api: Api) -> None:
    given = httpx.get(f"{api.base}/healthz", headers={"X-Request-ID": "trace-123"})
    made = httpx.get(f"{api.base}/healthz")
    odd = httpx.get(f"{api.base}/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert given.headers["x-request-id"] == "trace-123"
    assert len(made.headers["x-request-id"]) == 16
    assert odd.headers["x-request-id"] != "bad id\twith spaces"


def test_secrets_stay_out_of_the_settings_repr() -> None:
    key = new_master_key()
    settings = Settings.model_validate(
        {"encryption_key": key, "database_url": "postgresql://u:hunter2@db/replicast"}
    )
    assert key not in repr(settings) and "hunter2" not in repr(settings)
    assert key not in str(settings.model_dump())
