"""An object store in a dict, for tests: same contract as the others, nothing on disk.

store = MemoryStore()
store.put_bytes("a/b", b"hello")
assert store.get_bytes("a/b") == b"hello"
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from typing import BinaryIO

from replicast.errors import ObjectNotFoundError
from replicast.storage.base import ObjectStore, ObjectWriter, check_key


class _MemoryWriter(ObjectWriter):
    def __init__(self, store: MemoryStore) -> None:
        super().__init__()
        self._store = store
        self._parts: list[bytes] = []

    def _write(self, data: bytes) -> None:
        self._parts.append(bytes(data))

    def _commit(self, key: str) -> None:
        self._store._set(key, b"".join(self._parts))
        self._parts = []

    def _commit_if_absent(self, key: str) -> bool:
        created = self._store._set_if_absent(key, b"".join(self._parts))
        self._parts = []
        return created

    def _abort(self) -> None:
        self._parts = []


class MemoryStore(ObjectStore):
    """Objects in memory; thread-safe."""

    def __init__(self) -> None:
        self._objects: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def _set(self, key: str, data: bytes) -> None:
        with self._lock:
            self._objects[key] = data

    def _set_if_absent(self, key: str, data: bytes) -> bool:
        with self._lock:
            if key in self._objects:
                return False
            self._objects[key] = data
            return True

    def writer(self) -> ObjectWriter:
        return _MemoryWriter(self)

    def open(self, key: str) -> BinaryIO:
        with self._lock:
            data = self._objects.get(check_key(key))
        if data is None:
            raise ObjectNotFoundError(f"no object {key!r}")
        return io.BytesIO(data)

    def exists(self, key: str) -> bool:
        with self._lock:
            return check_key(key) in self._objects

    def delete(self, key: str) -> None:
        with self._lock:
            self._objects.pop(check_key(key), None)

    def keys(self, prefix: str = "") -> Iterator[str]:
        with self._lock:
            found = [k for k in self._objects if k.startswith(prefix)]
        return iter(found)
