"""Authentication: every API route wants a live key; anything else is 401."""

from __future__ import annotations

import httpx
import pytest

from replicast.db.keys import revoke_key
from replicast.service.apikeys import parse_key

from .conftest import Api


def _get(api: Api, headers: dict[str, str]) -> httpx.Response:
    return httpx.get(f"{api.base}/v1/jobs", headers=headers)


def test_a_live_key_is_accepted(api: Api) -> None:
    assert _get(api, {"Authorization": f"Bearer {api.key('auth-ok')}"}).status_code == 200


def test_no_key_is_401_with_a_bearer_challenge(api: Api) -> None:
    response = _get(api, {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["type"] == "AuthError"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer nope",
        "Bearer rc_0123456789abcdef_short",
        "Bearer " + "rc_" + "x" * 60,
        "Basic dXNlcjpwYXNz",
        "rc_0123456789abcdef_" + "a" * 43,  # no scheme
        "Bearer",
    ],
)
def test_malformed_keys_are_401(api: Api, header: str) -> None:
    assert _get(api, {"Authorization": header}).status_code == 401


def test_a_well_formed_unknown_key_is_401(api: Api) -> None:
    response = _get(api, {"Authorization": "Bearer rc_0123456789abcdef_" + "a" * 43})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "unknown API key"


def test_a_key_with_a_wrong_secret_is_401(api: Api) -> None:
    key_id, _ = parse_key(api.key("auth-wrong"))
    response = _get(api, {"Authorization": f"Bearer rc_{key_id}_" + "b" * 43})
    assert response.status_code == 401


def test_a_revoked_key_is_401_from_the_next_request_on(api: Api) -> None:
    key = api.key("auth-revoked")
    headers = {"Authorization": f"Bearer {key}"}
    assert _get(api, headers).status_code == 200
    with api.services.db.write() as s:
        assert revoke_key(s, parse_key(key)[0])
    response = _get(api, headers)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "revoked API key"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/videos"),
        ("GET", "/v1/videos"),
        ("POST", "/v1/jobs"),
        ("GET", "/v1/jobs/job_x"),
        ("GET", "/v1/jobs/job_x/events"),
        ("POST", "/v1/batches"),
        ("DELETE", "/v1/batches/bat_x"),
    ],
)
def test_every_api_route_wants_a_key(api: Api, method: str, path: str) -> None:
    assert httpx.request(method, f"{api.base}{path}").status_code == 401


def test_health_and_metrics_need_no_key(api: Api) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        assert httpx.get(f"{api.base}{path}").status_code == 200
