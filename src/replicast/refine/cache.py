"""The inference cache: chat-completions answers in the object store, keyed by what was asked.

    cache = InferenceCache(LocalStore(Path("~/.cache/replicast/inference").expanduser()))
    key = InferenceCache.key(body)          # sha256 of model, messages (images included) and parameters
    cache.get(key) or cache.put(key, response)

The key hashes the whole request body in a canonical form, so the same model, prompt and images give
the same key and nothing else does; a repeated request costs nothing. An answer only ever comes back
for a request that already holds every input it was made from (its images and text), so a shared
cache reveals nothing a tenant did not send itself. A corrupt entry reads as a miss.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from replicast.errors import ObjectNotFoundError, StorageError
from replicast.storage import ObjectStore

log = logging.getLogger(__name__)

CACHE_VERSION = "1"
"""Bump when what a cached answer means changes."""


class InferenceCache:
    """Answers under `<prefix>/<2 hex>/<sha256>.json` in an object store; thread-safe like the store."""

    def __init__(self, store: ObjectStore, prefix: str = "inference") -> None:
        self._store = store
        self._prefix = prefix.strip("/")

    @staticmethod
    def key(body: Mapping[str, Any]) -> str:
        """The hash of a request body: model, messages with their images, and every parameter."""
        canonical = json.dumps(
            {"cache": CACHE_VERSION, "request": body},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def _object(self, key: str) -> str:
        return f"{self._prefix}/{key[:2]}/{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached answer, or None (a miss, an unreadable entry, or a store that fails)."""
        try:
            raw = self._store.get_bytes(self._object(key))
        except ObjectNotFoundError:
            return None
        except StorageError as ex:
            log.warning("inference cache: could not read %s: %s", key, ex)
            return None
        try:
            value = json.loads(raw)
        except ValueError:
            log.warning("inference cache: entry %s is not JSON; ignored", key)
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, answer: Mapping[str, Any]) -> None:
        """Keep `answer` (the first writer of a key wins); a store that fails is logged, not raised."""
        try:
            self._store.put_bytes(self._object(key), json.dumps(answer).encode(), if_absent=True)
        except StorageError as ex:
            log.warning("inference cache: could not write %s: %s", key, ex)
