"""The chat-completions client against a local server: answers, accounting, retries, timeouts, the cache,
and a key that never shows."""

from __future__ import annotations

import json
import logging

import pytest

from replicast.errors import ProviderError
from replicast.refine import ChatClient, InferenceCache, ProviderConfig
from replicast.storage import MemoryStore
from tests.refine.conftest import KEY, config
from tests.refine.fakemodel import FakeModel

HELLO = [{"role": "user", "content": [{"type": "text", "text": "hello"}]}]


def test_an_answer_comes_back_with_its_tokens_and_cost(model: FakeModel) -> None:
    model.answer = "hi there"
    client = ChatClient(config(model))

    completion = client.complete(HELLO)

    assert completion.text == "hi there" and not completion.cached
    u = completion.usage
    assert (u.requests, u.cache_hits, u.input_tokens, u.output_tokens) == (1, 0, 1200, 300)
    assert u.cost == pytest.approx((1200 * 2.0 + 300 * 8.0) / 1e6)
    seen = model.requests[0]
    assert seen.path == "/v1/chat/completions"
    assert seen.headers["Authorization"] == f"Bearer {KEY}"
    assert seen.body["model"] == "fake-vl" and seen.body["messages"] == HELLO
    assert seen.body["temperature"] == 0


def test_a_second_identical_request_is_answered_by_the_cache(model: FakeModel) -> None:
    store = MemoryStore()
    first = ChatClient(config(model), InferenceCache(store))
    first.complete(HELLO)

    # a new client (another job, another worker) on the same store
    again = ChatClient(config(model), InferenceCache(store)).complete(HELLO)

    assert len(model.requests) == 1
    assert again.cached and again.text == first.complete(HELLO).text
    assert (again.usage.requests, again.usage.cache_hits, again.usage.cost) == (0, 1, 0.0)
    assert len(model.requests) == 1


def test_another_prompt_or_model_misses_the_cache(model: FakeModel) -> None:
    store = MemoryStore()
    ChatClient(config(model), InferenceCache(store)).complete(HELLO)

    ChatClient(config(model), InferenceCache(store)).complete([{"role": "user", "content": "other"}])
    ChatClient(config(model, model="other-vl"), InferenceCache(store)).complete(HELLO)

    assert len(model.requests) == 3


def test_a_429_then_an_answer_is_retried_after_retry_after(model: FakeModel) -> None:
    model.mode = "flaky"
    waits: list[float] = []
    client = ChatClient(config(model), sleep=waits.append)

    completion = client.complete(HELLO)

    assert completion.usage.requests == 2 and len(model.requests) == 2
    assert waits == [0.0]  # the server's Retry-After: 0, not our own backoff


def test_a_429_storm_gives_up_after_the_retries(model: FakeModel) -> None:
    model.mode = "storm"
    waits: list[float] = []
    client = ChatClient(config(model, max_retries=3), sleep=waits.append)

    with pytest.raises(ProviderError, match="gave up after 4 attempts: HTTP 429") as info:
        client.complete(HELLO)

    assert info.value.attempts == 4 and len(model.requests) == 4 and len(waits) == 3
    assert client.usage.requests == 4 and client.usage.cost == 0


def test_backoff_doubles_and_is_capped_without_retry_after() -> None:
    client = ChatClient(ProviderConfig("http://127.0.0.1:9/v1", "m", backoff_s=1.0, max_backoff_s=3.0))

    delays = [client._delay(n, None) for n in (1, 2, 3, 4)]

    assert 0.75 <= delays[0] <= 1.25 and 1.5 <= delays[1] <= 2.5 and delays[2] == delays[3] == 3.0


def test_a_slow_model_times_out_without_a_retry(model: FakeModel) -> None:
    model.mode, model.delay_s = "slow", 2.0
    client = ChatClient(config(model, timeout_s=0.3))

    with pytest.raises(ProviderError, match=r"did not answer within 0.3 s"):
        client.complete(HELLO)

    assert len(model.requests) == 1


def test_a_body_that_is_not_json_is_an_error_and_is_not_cached(model: FakeModel) -> None:
    model.mode = "garbage"
    store = MemoryStore()

    with pytest.raises(ProviderError, match="not JSON"):
        ChatClient(config(model), InferenceCache(store)).complete(HELLO)

    assert list(store.keys()) == []


def test_an_unreachable_server_is_retried_then_reported() -> None:
    waits: list[float] = []
    client = ChatClient(ProviderConfig("http://127.0.0.1:9/v1", "m", max_retries=1), sleep=waits.append)

    with pytest.raises(ProviderError, match=r"gave up after 2 attempts: could not reach http://127.0.0.1:9"):
        client.complete(HELLO)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://host/v1", "localhost:8000/v1", "", "http://127.0.0.1:80v1"]
)
def test_only_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(ProviderError, match="must be http"):
        ChatClient(ProviderConfig(url, "m"))


def test_the_key_is_in_no_log_line_error_or_repr(model: FakeModel, caplog: pytest.LogCaptureFixture) -> None:
    # Given a server that answers 401 and echoes the request's headers (the key among them)
    model.mode = "echo-401"
    caplog.set_level(logging.DEBUG)
    client = ChatClient(config(model))

    with pytest.raises(ProviderError) as info:
        client.complete(HELLO)

    assert "HTTP 401" in str(info.value) and "***" in str(info.value)
    assert KEY not in str(info.value)
    assert KEY not in caplog.text
    assert KEY not in repr(client.config)
    assert len(model.requests) == 1  # a 401 is not retried


def test_the_cache_key_covers_the_images() -> None:
    def body(image: str) -> dict[str, object]:
        part = {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{image}"}}
        return {"model": "m", "messages": [{"role": "user", "content": [part]}]}

    assert InferenceCache.key(body("AAAA")) != InferenceCache.key(body("AAAB"))
    assert InferenceCache.key(body("AAAA")) == InferenceCache.key(json.loads(json.dumps(body("AAAA"))))


def test_a_corrupt_cache_entry_reads_as_a_miss(model: FakeModel) -> None:
    store = MemoryStore()
    cache = InferenceCache(store)
    ChatClient(config(model), cache).complete(HELLO)
    (key,) = list(store.keys())
    store.put_bytes(key, b"{not json")

    ChatClient(config(model), cache).complete(HELLO)

    assert len(model.requests) == 2
