"""Rate limits in Redis hold across API replicas: a key's requests count the same whichever replica
answers them (with the default in-memory storage each replica would allow the whole rate again). When
Redis does not answer, requests pass unlimited with one warning (the default), or are refused with a 503
naming the store (RATE_LIMIT_FAIL_OPEN=false); never a 500."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from replicast.db import Database
from replicast.db.migrate import upgrade
from replicast.service import create_app
from replicast.service.apikeys import create_api_key
from replicast.settings import Settings
from tests.service.server import clear_of_a_window_edge, serving

from .engines import REDIS_URL, require, silent_server

pytestmark = pytest.mark.scale


def _statuses(tmp_path: Path, storage: str) -> list[int]:
    """Ten requests with one key, alternating between two replicas limited to 6 a minute."""
    settings = Settings.model_validate(
        {"data_dir": tmp_path, "rate_limit": "6/minute", "rate_limit_storage": storage, "workers": 1}
    )
    db = Database(settings.resolved_database_url())
    upgrade(db)
    key = create_api_key(db, "acme").text
    db.dispose()
    with ExitStack() as stack:
        bases = [stack.enter_context(serving(create_app(settings))) for _ in range(2)]
        headers = {"Authorization": f"Bearer {key}"}
        clear_of_a_window_edge()
        return [httpx.get(f"{bases[n % 2]}/v1/jobs", headers=headers).status_code for n in range(10)]


def test_a_rate_limit_in_redis_holds_across_replicas(tmp_path: Path) -> None:
    require("redis")
    assert _statuses(tmp_path / "redis", REDIS_URL) == [200] * 6 + [429] * 4


def test_in_memory_each_replica_counts_alone(tmp_path: Path) -> None:
    assert _statuses(tmp_path / "memory", "memory://") == [200] * 10


def _app_with_store(tmp_path: Path, storage: str, **overrides: object) -> tuple[Settings, str]:
    settings = Settings.model_validate(
        {
            "data_dir": tmp_path,
            "rate_limit": "6/minute",
            "rate_limit_storage": storage,
            "rate_limit_timeout_s": 0.5,
            "workers": 1,
            **overrides,
        }
    )
    db = Database(settings.resolved_database_url())
    upgrade(db)
    key = create_api_key(db, "acme").text
    db.dispose()
    return settings, key


def test_an_unreachable_rate_limit_store_lets_requests_through_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings, key = _app_with_store(tmp_path, "redis://127.0.0.1:1/0")
    with serving(create_app(settings)) as base, caplog.at_level("WARNING", "replicast.service.ratelimit"):
        headers = {"Authorization": f"Bearer {key}"}
        statuses = [httpx.get(f"{base}/v1/jobs", headers=headers).status_code for _ in range(8)]
        ready = httpx.get(f"{base}/readyz")
    assert statuses == [200] * 8  # over the 6/minute it would allow: failing open means no limit
    warnings = [r.getMessage() for r in caplog.records if r.name == "replicast.service.ratelimit"]
    assert len(warnings) == 1  # once, not once per request
    assert "rate-limit store unreachable" in warnings[0]
    assert "requests pass without a rate limit" in warnings[0]
    assert ready.status_code == 200  # one store down must not take every replica out of the balancer
    assert ready.json()["checks"]["rate_limit_store"].startswith("unreachable: ConnectionError")


def test_a_rate_limit_store_set_to_fail_closed_answers_503_naming_it(tmp_path: Path) -> None:
    settings, key = _app_with_store(tmp_path, "redis://127.0.0.1:1/0", rate_limit_fail_open=False)
    with serving(create_app(settings)) as base:
        headers = {"Authorization": f"Bearer {key}"}
        responses = [httpx.get(f"{base}/v1/jobs", headers=headers) for _ in range(3)]
        ready = httpx.get(f"{base}/readyz")
    for response in responses:
        assert response.status_code == 503
        error = response.json()["error"]
        assert error["type"] == "DependencyUnavailableError"
        assert "rate-limit store" in error["message"]
    assert ready.status_code == 503
    assert ready.json()["checks"]["rate_limit_store"].startswith("unreachable")


def test_a_rate_limit_store_that_never_answers_is_given_up_on(tmp_path: Path) -> None:
    with silent_server() as address:
        settings, key = _app_with_store(tmp_path, f"redis://{address}/0")
        with serving(create_app(settings)) as base:
            headers = {"Authorization": f"Bearer {key}"}
            statuses = [httpx.get(f"{base}/v1/jobs", headers=headers, timeout=30).status_code for _ in "abc"]
    assert statuses == [200] * 3


def test_a_working_redis_store_is_ready(tmp_path: Path) -> None:
    require("redis")
    settings, _ = _app_with_store(tmp_path, REDIS_URL)
    with serving(create_app(settings)) as base:
        ready = httpx.get(f"{base}/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["rate_limit_store"] == "ok"
