"""Rate limits in Redis hold across API replicas: a key's requests count the same whichever replica
answers them (with the default in-memory storage each replica would allow the whole rate again)."""

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
from tests.service.server import serving

from .engines import REDIS_URL, require

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
        return [httpx.get(f"{bases[n % 2]}/v1/jobs", headers=headers).status_code for n in range(10)]


def test_a_rate_limit_in_redis_holds_across_replicas(tmp_path: Path) -> None:
    require("redis")
    assert _statuses(tmp_path / "redis", REDIS_URL) == [200] * 6 + [429] * 4


def test_in_memory_each_replica_counts_alone(tmp_path: Path) -> None:
    assert _statuses(tmp_path / "memory", "memory://") == [200] * 10
