"""Per-key request rate, with the `limits` library: memory storage in one process, Redis across replicas.

limiter = RateLimiter("600/minute", "memory://")       # settings.rate_limit, rate_limit_storage
limiter.hit(principal.key_id)                           # raises RateLimitedError(retry_after=...)
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter

from replicast.errors import RateLimitedError


class RateLimiter:
    """A sliding-window limit per key; `rate=None` turns it off."""

    def __init__(self, rate: str | None, storage_uri: str = "memory://") -> None:
        self.item: RateLimitItem | None = parse(rate) if rate else None
        self._limiter = SlidingWindowCounterRateLimiter(storage_from_string(storage_uri))

    def hit(self, key: str) -> None:
        """Count one request for `key`. Raises RateLimitedError when it is over the limit."""
        if self.item is None or self._limiter.hit(self.item, "key", key):
            return
        reset = self._limiter.get_window_stats(self.item, "key", key).reset_time
        retry_after = max(1, math.ceil(reset - time.time()))
        raise RateLimitedError(f"over the rate limit of {self.item}; retry in {retry_after} s", retry_after)
