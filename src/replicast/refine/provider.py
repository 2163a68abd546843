"""One client for every vision-language model: the OpenAI-compatible chat-completions API with images.

OpenAI, Gemini (its `…/v1beta/openai` endpoint), vLLM, Ollama, llama.cpp's server and `replicast
inference` all speak it, so one client covers them:

    client = ChatClient(ProviderConfig(base_url="http://127.0.0.1:11434/v1", model="qwen2.5vl"),
                        cache=InferenceCache(store))
    completion = client.complete([{"role": "user", "content": [{"type": "text", "text": "hi"}]}])
    completion.text, completion.usage.cost, completion.cached

Requests go through the inference cache first (a repeated request costs nothing and reaches no
server), then, at most `max_concurrency` at once per client, to the endpoint. An answer of 429 or 5xx
(or a refused connection) is retried after the server's Retry-After or an exponential backoff, both
capped; a request that times out is not retried (a model too slow once is slow again, and each try is
paid for). The key is sent as a bearer token and appears in no log line, error message or result.
Standard library only (urllib): the core install has no HTTP client.
"""

from __future__ import annotations

import http.client
import json
import logging
import random
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from replicast.errors import ProviderError
from replicast.refine.cache import InferenceCache

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 8 * 1024 * 1024
_ERROR_SNIPPET = 200


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """Where the model is and how to talk to it. Prices are per million tokens."""

    base_url: str
    """the API root, e.g. https://api.openai.com/v1 (the client appends /chat/completions)"""
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = 180.0
    max_retries: int = 4
    backoff_s: float = 1.0
    max_backoff_s: float = 30.0
    max_concurrency: int = 4
    max_tokens: int = 16000
    input_price: float = 0.0
    output_price: float = 0.0

    def url(self) -> str:
        """The chat-completions URL. Raises ProviderError for a base URL that is not http(s)."""
        parts = urlsplit(self.base_url)
        try:
            parts.port  # noqa: B018 (it raises for a port that is not a number)
        except ValueError:
            parts = parts._replace(netloc="")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProviderError(f"the model base URL must be http(s)://host[:port]/...: {self.base_url!r}")
        return self.base_url.rstrip("/") + "/chat/completions"

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.input_price + output_tokens * self.output_price) / 1_000_000


@dataclass(frozen=True, slots=True)
class Usage:
    """What model requests cost: upstream requests (retries included), cache hits, tokens, money."""

    requests: int = 0
    cache_hits: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    latency_s: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.requests + other.requests,
            self.cache_hits + other.cache_hits,
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cost + other.cost,
            self.latency_s + other.latency_s,
        )


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    """the first choice's message content"""
    body: dict[str, Any]
    """the whole chat-completions response"""
    usage: Usage
    cached: bool


class Observer(Protocol):
    """Told about every completed request (metrics); `outcome` is ok, cached or error."""

    def observe(
        self, *, outcome: str, latency_s: float, input_tokens: int, output_tokens: int, cost: float
    ) -> None: ...


class _NoObserver:
    def observe(
        self, *, outcome: str, latency_s: float, input_tokens: int, output_tokens: int, cost: float
    ) -> None:
        return None


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    status: int
    headers: Mapping[str, str]
    body: bytes


Transport = Callable[[str, bytes, Mapping[str, str], float], HttpAnswer]
"""(url, body, headers, timeout) → the answer; raises TimeoutError or OSError when there is none."""


def urllib_transport(url: str, body: bytes, headers: Mapping[str, str], timeout_s: float) -> HttpAnswer:
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return HttpAnswer(response.status, dict(response.headers), response.read(MAX_RESPONSE_BYTES + 1))
    except urllib.error.HTTPError as ex:
        with ex:
            data = ex.read(MAX_RESPONSE_BYTES + 1)
        return HttpAnswer(ex.code, dict(ex.headers or {}), data)
    except urllib.error.URLError as ex:
        if isinstance(ex.reason, TimeoutError | socket.timeout):
            raise TimeoutError(str(ex.reason)) from ex
        raise OSError(str(ex.reason)) from ex
    except http.client.HTTPException as ex:  # a malformed answer or URL: no usable answer either
        raise OSError(f"{type(ex).__name__}: {ex}") from ex


def request_body(
    model: str, messages: Sequence[Mapping[str, Any]], max_tokens: int, **params: Any
) -> dict[str, Any]:
    """A chat-completions request body (temperature 0: the same question gets the same answer)."""
    return {"model": model, "messages": list(messages), "max_tokens": max_tokens, "temperature": 0, **params}


def answer_text(body: Mapping[str, Any]) -> str:
    """The first choice's content of a chat-completions response. Raises ProviderError when absent."""
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as ex:
        raise ProviderError("the model's response has no choices[0].message.content") from ex
    if isinstance(content, list):  # some servers answer with content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    if not isinstance(content, str):
        raise ProviderError("the model's response content is not text")
    return content


def token_counts(body: Mapping[str, Any]) -> tuple[int, int]:
    """(input, output) tokens from a response's `usage`; 0 where the server does not say."""
    usage = body.get("usage")
    if not isinstance(usage, dict):
        return 0, 0

    def count(name: str) -> int:
        value = usage.get(name)
        return value if isinstance(value, int) and value >= 0 else 0

    return count("prompt_tokens"), count("completion_tokens")


class ChatClient:
    """Chat completions through the cache, with retries, a concurrency limit and accounting.

    Safe to share between threads; `usage` is the running total of this client.
    """

    def __init__(
        self,
        config: ProviderConfig,
        cache: InferenceCache | None = None,
        observer: Observer | None = None,
        *,
        transport: Transport = urllib_transport,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self._url = config.url()
        self._cache = cache
        self._observer: Observer = observer or _NoObserver()
        self._transport = transport
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(config.max_concurrency)
        self._lock = threading.Lock()
        self._usage = Usage()

    @property
    def usage(self) -> Usage:
        with self._lock:
            return self._usage

    def complete(self, messages: Sequence[Mapping[str, Any]], **params: Any) -> Completion:
        """The model's answer to `messages` (OpenAI message dicts, images as data URLs).

        Raises ProviderError: unreachable, timed out, an error status, 429/5xx after every retry, or a
        response that is not a chat completion."""
        body = request_body(self.config.model, messages, self.config.max_tokens, **params)
        answer, usage, cached = self.forward(body)
        return Completion(answer_text(answer), answer, usage, cached)

    def forward(self, body: Mapping[str, Any]) -> tuple[dict[str, Any], Usage, bool]:
        """Send a ready chat-completions request body; (response, its usage, whether it was cached).

        What `replicast inference` does with each request it gets. Raises ProviderError."""
        key = InferenceCache.key(body) if self._cache is not None else None
        if self._cache is not None and key is not None:
            hit = self._cache.get(key)
            if hit is not None:
                usage = Usage(cache_hits=1)
                self._account(usage, "cached")
                return hit, usage, True
        started = time.monotonic()
        attempts = 1
        try:
            response, attempts = self._post(body)
            answer_text(response)  # only a usable answer is cached
        except ProviderError as ex:
            ex.attempts = max(ex.attempts, attempts)
            self._account(Usage(requests=ex.attempts, latency_s=time.monotonic() - started), "error")
            raise
        tokens_in, tokens_out = token_counts(response)
        usage = Usage(
            requests=attempts,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cost=self.config.cost(tokens_in, tokens_out),
            latency_s=time.monotonic() - started,
        )
        self._account(usage, "ok")
        if self._cache is not None and key is not None:
            self._cache.put(key, response)
        return response, usage, False

    def _account(self, usage: Usage, outcome: str) -> None:
        with self._lock:
            self._usage = self._usage + usage
        self._observer.observe(
            outcome=outcome,
            latency_s=usage.latency_s,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cost=usage.cost,
        )

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        return headers

    def _post(self, body: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
        """(the response, the attempts it took). Raises ProviderError."""
        data = json.dumps(body, separators=(",", ":")).encode()
        attempts = 1 + self.config.max_retries
        last = ""
        for attempt in range(1, attempts + 1):
            with self._slots:
                try:
                    answer = self._transport(self._url, data, self._headers(), self.config.timeout_s)
                except TimeoutError as ex:
                    message = f"the model did not answer within {self.config.timeout_s:g} s"
                    raise ProviderError(message, attempt) from ex
                except OSError as ex:
                    answer = None
                    last = f"could not reach {self._where()}: {self._redact(str(ex))}"
            if answer is not None and answer.status == 200:
                try:
                    return self._parse(answer.body), attempt
                except ProviderError as ex:
                    ex.attempts = attempt
                    raise
            if answer is not None:
                last = f"HTTP {answer.status} from {self._where()}: {self._snippet(answer.body)}"
                if answer.status != 429 and answer.status < 500:
                    raise ProviderError(last, attempt)
            if attempt < attempts:
                delay = self._delay(attempt, answer)
                log.warning("model request %d/%d: %s; retrying in %.1f s", attempt, attempts, last, delay)
                self._sleep(delay)
        raise ProviderError(f"gave up after {attempts} attempts: {last}", attempts)

    def _delay(self, attempt: int, answer: HttpAnswer | None) -> float:
        cap = self.config.max_backoff_s
        if answer is not None:
            headers = {str(k).lower(): str(v) for k, v in answer.headers.items()}
            retry_after = headers.get("retry-after")
            try:
                if retry_after is not None:
                    return min(max(float(retry_after), 0.0), cap)
            except ValueError:
                pass  # an HTTP date: fall back to our own backoff
        backoff: float = self.config.backoff_s * 2.0 ** (attempt - 1)
        return min(backoff * random.uniform(0.75, 1.25), cap)  # jitter: retries of many workers spread

    def _parse(self, raw: bytes) -> dict[str, Any]:
        if len(raw) > MAX_RESPONSE_BYTES:
            raise ProviderError(f"the model's response is over {MAX_RESPONSE_BYTES} bytes")
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as ex:
            raise ProviderError(f"the model's response is not JSON: {self._snippet(raw)}") from ex
        if not isinstance(body, dict):
            raise ProviderError("the model's response is not a JSON object")
        return body

    def _where(self) -> str:
        parts = urlsplit(self._url)
        return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}"

    def _snippet(self, raw: bytes) -> str:
        # redact before cutting, so no prefix of the key survives at the cut
        text = self._redact(raw[:65536].decode("utf-8", "replace")).replace("\n", " ")
        return text[:_ERROR_SNIPPET]

    def _redact(self, text: str) -> str:
        """`text` without the key (a server may echo what it was sent)."""
        key = self.config.api_key
        return text.replace(key, "***") if key else text
