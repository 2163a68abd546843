"""Per-key request rate, with the `limits` library: memory storage in one process, Redis across replicas.

limiter = RateLimiter("600/minute", "memory://")       # settings.rate_limit, rate_limit_storage
limiter.hit(principal.key_id)                           # raises RateLimitedError(retry_after=...)

When the store (Redis) does not answer within `timeout_s`, the limiter fails open by default: the
request goes through unlimited and a warning is logged (at most once per `_QUIET_S`), because a rate
limit guards the service and must not become the reason it is down; the database's per-key job quota
still bounds the expensive work. An operator who prefers refusing to serving unlimited sets
`fail_open=False`: requests are then answered 503 (DependencyUnavailableError naming the store). Either
way, after a failure the store is left alone for `_QUIET_S` rather than making every request wait for
it, and `problem()` tells /readyz about it.
"""

from __future__ import annotations

import logging
import math
import threading
import time

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter

from replicast.errors import DependencyUnavailableError, RateLimitedError

log = logging.getLogger(__name__)

_QUIET_S = 5.0  # after a failure, how long the store is not asked again
_WARN_EVERY_S = 60.0
_REDIS = ("redis://", "rediss://", "redis+unix://")


class RateLimiter:
    """A sliding-window limit per key; `rate=None` turns it off."""

    def __init__(
        self,
        rate: str | None,
        storage_uri: str = "memory://",
        *,
        fail_open: bool = True,
        timeout_s: float = 0.5,
    ) -> None:
        self.item: RateLimitItem | None = parse(rate) if rate else None
        options = (
            {"socket_timeout": timeout_s, "socket_connect_timeout": timeout_s}
            if storage_uri.startswith(_REDIS)
            else {}
        )
        storage = storage_from_string(storage_uri, **options)
        if not isinstance(storage, Storage):
            raise ValueError(f"not a synchronous rate-limit storage: {storage_uri.split(':', 1)[0]}")
        self._storage = storage
        self._limiter = SlidingWindowCounterRateLimiter(self._storage)
        self.fail_open = fail_open
        self._lock = threading.Lock()
        self._down_until = float("-inf")
        self._down_reason = ""
        self._warned_at = float("-inf")

    def hit(self, key: str) -> None:
        """Count one request for `key`.

        Raises:
            RateLimitedError: it is over the limit.
            DependencyUnavailableError: the store does not answer and the limiter fails closed.
        """
        if self.item is None or self._skipping():
            return
        try:
            if self._limiter.hit(self.item, "key", key):
                return
            reset = self._limiter.get_window_stats(self.item, "key", key).reset_time
        except self._storage.base_exceptions as ex:
            self._store_failed(ex)
            self._skipping()
            return
        retry_after = max(1, math.ceil(reset - time.time()))
        raise RateLimitedError(f"over the rate limit of {self.item}; retry in {retry_after} s", retry_after)

    def problem(self) -> str | None:
        """Why the store is not usable now (it failed in the last few seconds, or does not answer a
        check), or None. Raises nothing."""
        if self.item is None:
            return None
        with self._lock:
            if time.monotonic() < self._down_until:
                return self._down_reason
        try:
            if self._storage.check():
                return None
            reason = "does not answer"
        except Exception as ex:  # check() should not raise; a broken store is a reason, not an error
            reason = f"unreachable: {type(ex).__name__}"
        return reason

    def _skipping(self) -> bool:
        """Whether the store failed a moment ago: the request passes (fail open) or is refused."""
        with self._lock:
            down = time.monotonic() < self._down_until
            reason = self._down_reason
        if down and not self.fail_open:
            raise DependencyUnavailableError(
                f"the rate-limit store does not answer ({reason}); try again in a few seconds"
            )
        return down

    def _store_failed(self, ex: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._down_until = now + _QUIET_S
            self._down_reason = f"unreachable: {type(ex).__name__}"
            warn = now - self._warned_at >= _WARN_EVERY_S
            if warn:
                self._warned_at = now
        if warn:
            outcome = "requests pass without a rate limit" if self.fail_open else "requests are refused (503)"
            log.warning("rate-limit store unreachable (%s: %s): %s", type(ex).__name__, ex, outcome)
