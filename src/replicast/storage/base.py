"""The object store seam: blobs under string keys, written whole and visible only once committed.

Every backend (`local.LocalStore`, `memory.MemoryStore`, `s3.S3Store`) implements `ObjectStore`; callers
stream bytes into an `ObjectWriter` and name the object only when it is complete, so a key can be
content-addressed (the hash of what was written) and a half-written object is never visible:

    with store.writer() as w:
        for chunk in chunks:
            w.write(chunk)
            digest.update(chunk)
        w.commit(f"videos/{tenant}/{digest.hexdigest()}")   # leaving without commit discards it
    with store.open(key) as f:
        head = f.read(4096)

Keys are `/`-separated segments of letters, digits, `.`, `_` and `-`, each starting with a letter or
digit (so no `..`, no absolute paths). Writing a key that exists replaces it atomically; with
content-addressed keys that rewrites the same bytes, which is what makes retried jobs idempotent.
`commit_if_absent` (`put_file(..., if_absent=True)`) is the conditional write (S3's `If-None-Match: *`):
the first writer of a key wins and a retried or duplicated job writes nothing a second time.
"""

from __future__ import annotations

import re
import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self

CHUNK = 1024 * 1024
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
MAX_KEY_LENGTH = 512


def check_key(key: str) -> str:
    """`key` if it is a valid object key. Raises ValueError otherwise (a bug in the caller, not input)."""
    if len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise ValueError(f"not a valid object key: {key!r}")
    return key


def check_prefix(prefix: str) -> str:
    """`prefix` (a key followed by `/`) if valid. Raises ValueError otherwise."""
    if not prefix.endswith("/"):
        raise ValueError(f"a prefix ends with '/': {prefix!r}")
    check_key(prefix[:-1])
    return prefix


class ObjectWriter(ABC):
    """A new object being written. Nothing is visible under any key until `commit`.

    Use it as a context manager: leaving the block without a commit (or with an exception) aborts
    and discards what was written.
    """

    def __init__(self) -> None:
        self.size = 0
        self._done = False

    def write(self, data: bytes) -> None:
        """Append `data`. Raises StorageError when the backend cannot take it."""
        if self._done:
            raise ValueError("write after commit or abort")
        self._write(data)
        self.size += len(data)

    def commit(self, key: str) -> None:
        """Make what was written the object under `key`, atomically. Raises StorageError."""
        if self._done:
            raise ValueError("commit after commit or abort")
        self._commit(check_key(key))
        self._done = True

    def commit_if_absent(self, key: str) -> bool:
        """Like `commit`, but only where no object is stored under `key` yet (an atomic create).

        Whether this writer's bytes became the object: False keeps the existing object and discards
        what was written. Raises StorageError.
        """
        if self._done:
            raise ValueError("commit after commit or abort")
        created = self._commit_if_absent(check_key(key))
        self._done = True
        return created

    def abort(self) -> None:
        """Discard what was written (safe to call twice)."""
        if not self._done:
            self._done = True
            self._abort()

    @abstractmethod
    def _write(self, data: bytes) -> None: ...

    @abstractmethod
    def _commit(self, key: str) -> None: ...

    @abstractmethod
    def _commit_if_absent(self, key: str) -> bool: ...

    @abstractmethod
    def _abort(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, ex: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.abort()


class ObjectStore(ABC):
    """Blobs under string keys. Implementations are safe to share between threads."""

    @abstractmethod
    def writer(self) -> ObjectWriter:
        """A writer for a new object (see the module docstring)."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """The object under `key`, opened for reading. Raises ObjectNotFoundError, StorageError."""

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Whether an object is stored under `key`."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the object under `key`; a missing key is not an error. Raises StorageError."""

    @abstractmethod
    def keys(self, prefix: str = "") -> Iterator[str]:
        """The keys that start with `prefix` (empty: all), in no particular order."""

    def local_path(self, key: str) -> Path | None:
        """A file holding the object's bytes as stored, when the backend has one (for fast serving)."""
        del key
        return None

    def put_bytes(self, key: str, data: bytes, *, if_absent: bool = False) -> bool:
        """Store `data` under `key`; whether it was written (False: `if_absent` and the key existed)."""
        with self.writer() as w:
            w.write(data)
            if if_absent:
                return w.commit_if_absent(key)
            w.commit(key)
            return True

    def put_file(self, key: str, path: Path, *, if_absent: bool = False) -> int:
        """Store the file at `path` under `key`; the number of bytes stored (also when `if_absent` found
        the key taken and wrote nothing). Raises StorageError, OSError."""
        with path.open("rb") as f, self.writer() as w:
            while chunk := f.read(CHUNK):
                w.write(chunk)
            if if_absent:
                w.commit_if_absent(key)
            else:
                w.commit(key)
            return w.size

    def get_bytes(self, key: str) -> bytes:
        with self.open(key) as f:
            return f.read()

    def get_file(self, key: str, path: Path) -> None:
        """Copy the object under `key` into a new file at `path`. Raises ObjectNotFoundError, StorageError."""
        with self.open(key) as src, path.open("wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object under `prefix` (which ends with `/`); how many were removed."""
        check_prefix(prefix)
        doomed = list(self.keys(prefix))
        for key in doomed:
            self.delete(key)
        return len(doomed)
