"""/readyz with the Celery executor asks the real broker (RabbitMQ or Redis) and names it when it is down;
a broker that takes the connection and then says nothing is reported down too, not waited for."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from replicast.service import create_app
from replicast.settings import Settings
from tests.service.server import serving

from .engines import RABBITMQ_URL, REDIS_URL, require, silent_server

pytestmark = pytest.mark.scale


def _readyz(tmp_path: Path, broker: str) -> httpx.Response:
    settings = Settings.model_validate(
        {
            "data_dir": tmp_path,
            "executor": "celery",
            "broker_url": broker,
            "broker_check_timeout_s": 1.0,
            "rate_limit": None,
        }
    )
    with serving(create_app(settings)) as base:
        return httpx.get(f"{base}/readyz", timeout=30)


@pytest.mark.parametrize(("engine", "url"), [("rabbitmq", RABBITMQ_URL), ("redis", REDIS_URL)])
def test_readyz_is_ok_when_the_broker_answers(tmp_path: Path, engine: str, url: str) -> None:
    require(engine)
    response = _readyz(tmp_path, url)
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "store": "ok", "broker": "ok"}}


@pytest.mark.parametrize("url", ["amqp://guest:guest@127.0.0.1:1//", "redis://127.0.0.1:1/0"])
def test_readyz_names_an_unreachable_broker(tmp_path: Path, url: str) -> None:
    response = _readyz(tmp_path, url)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"].startswith("unreachable")
    assert body["checks"]["database"] == body["checks"]["store"] == "ok"


def test_readyz_names_a_broker_with_wrong_credentials(tmp_path: Path) -> None:
    require("rabbitmq")
    response = _readyz(tmp_path, "amqp://guest:not-the-password@127.0.0.1:5672//")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unreachable: AccessRefused"


@pytest.mark.parametrize("scheme", ["amqp", "redis"])
def test_readyz_gives_up_on_a_broker_that_never_answers(tmp_path: Path, scheme: str) -> None:
    with silent_server() as address:
        url = f"amqp://guest:guest@{address}//" if scheme == "amqp" else f"redis://{address}/0"
        response = _readyz(tmp_path, url)
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("unreachable")
