"""`replicast inference`: the chat-completions endpoint workers share, in front of the fake model."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from prometheus_client import CollectorRegistry

from replicast.refine import ChatClient, InferenceCache, ProviderConfig
from replicast.refine.metrics import RefineMetrics
from replicast.refine.service import create_inference_app
from replicast.storage import MemoryStore
from tests.refine.conftest import KEY, config
from tests.refine.fakemodel import FakeModel
from tests.service.server import serving

TOKEN = "worker-token-271828"
BODY = {"model": "fake-vl", "messages": [{"role": "user", "content": "hello"}], "temperature": 0}


@pytest.fixture
def service(model: FakeModel) -> Iterator[httpx.Client]:
    """`replicast inference` on a real uvicorn server in front of the fake model."""
    registry = CollectorRegistry(auto_describe=True)
    client = ChatClient(config(model, max_retries=1), InferenceCache(MemoryStore()), RefineMetrics(registry))
    with serving(create_inference_app(client, TOKEN, registry)) as base, httpx.Client(base_url=base) as http:
        yield http


def test_a_request_is_forwarded_with_the_upstream_key_and_then_cached(
    service: httpx.Client, model: FakeModel
) -> None:
    model.answer = "hello back"

    first = service.post("/v1/chat/completions", json=BODY, headers={"Authorization": f"Bearer {TOKEN}"})
    second = service.post("/v1/chat/completions", json=BODY, headers={"Authorization": f"Bearer {TOKEN}"})

    assert first.status_code == second.status_code == 200
    assert first.json()["choices"][0]["message"]["content"] == "hello back"
    assert second.json() == first.json()
    assert (first.headers["X-Replicast-Cache"], second.headers["X-Replicast-Cache"]) == ("miss", "hit")
    (seen,) = model.requests
    assert seen.headers["Authorization"] == f"Bearer {KEY}"  # the upstream's key, not the worker's token
    assert seen.body == BODY
    metrics = service.get("/metrics").text
    assert "replicast_model_cache_hits_total 1.0" in metrics
    assert 'replicast_model_tokens_total{kind="input"} 1200.0' in metrics
    assert 'replicast_model_requests_total{outcome="ok"} 1.0' in metrics
    assert "replicast_model_cost_total 0.0048" in metrics


def test_a_wrong_or_missing_token_is_refused(service: httpx.Client, model: FakeModel) -> None:
    assert service.post("/v1/chat/completions", json=BODY).status_code == 401
    wrong = service.post("/v1/chat/completions", json=BODY, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert model.requests == []


def test_a_failing_upstream_is_a_502_in_openai_form(service: httpx.Client, model: FakeModel) -> None:
    model.mode = "storm"

    answer = service.post("/v1/chat/completions", json=BODY, headers={"Authorization": f"Bearer {TOKEN}"})

    assert answer.status_code == 502
    assert "HTTP 429" in answer.json()["error"]["message"]
    assert KEY not in answer.text


@pytest.mark.parametrize("body", [{"model": "m"}, [1, 2], {"messages": [], "stream": True}])
def test_a_request_that_is_not_a_chat_completion_is_refused(
    service: httpx.Client, model: FakeModel, body: object
) -> None:
    answer = service.post("/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {TOKEN}"})

    assert answer.status_code == 400 and model.requests == []


def test_a_worker_client_uses_the_service_as_its_endpoint(service: httpx.Client, model: FakeModel) -> None:
    model.answer = '{"edits": []}'
    worker = ChatClient(
        ProviderConfig(base_url=str(service.base_url).rstrip("/") + "/v1", model="fake-vl", api_key=TOKEN)
    )

    completion = worker.complete(BODY["messages"])  # type: ignore[arg-type]

    assert completion.text == '{"edits": []}'
    assert completion.usage.input_tokens == 1200  # the upstream's usage comes through
    assert service.get("/healthz").json() == {"status": "ok"}
