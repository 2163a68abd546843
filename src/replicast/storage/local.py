"""An object store in a local directory: the embedded default.

Objects live at `root/<key>`. A writer streams into a temporary file under `root/.tmp`, and commit
fsyncs it, renames it into place and fsyncs the directory, so after a crash a key holds either
nothing or the whole object, never a torn one. `commit_if_absent` hard-links it into place instead,
which fails where the key exists: an atomic create.

    store = LocalStore(Path("data/objects"))
    store.put_file("videos/t1/3fa9...", Path("upload.mp4"))
    store.sweep_temp()          # at start-up: drop temporaries a crash left behind
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from replicast.errors import ObjectNotFoundError, StorageError
from replicast.storage.base import ObjectStore, ObjectWriter, check_key

log = logging.getLogger(__name__)

TEMP_DIR = ".tmp"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _makedirs_durable(path: Path, root: Path) -> None:
    """Create `path` and missing parents below `root`, fsyncing each parent that gained an entry."""
    missing: list[Path] = []
    probe = path
    while probe != root and not probe.is_dir():
        missing.append(probe)
        probe = probe.parent
    for d in reversed(missing):
        with contextlib.suppress(FileExistsError):
            d.mkdir()
            _fsync_dir(d.parent)


class _LocalWriter(ObjectWriter):
    def __init__(self, store: LocalStore) -> None:
        super().__init__()
        self._store = store
        fd, name = tempfile.mkstemp(dir=store.root / TEMP_DIR, prefix="w-")
        self._tmp = Path(name)
        self._file = os.fdopen(fd, "wb")

    def _write(self, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as ex:
            raise StorageError(f"cannot write a new object ({ex.strerror})") from ex

    def _commit(self, key: str) -> None:
        dest = self._store.path(key)
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            for attempt in range(3):
                _makedirs_durable(dest.parent, self._store.root)
                try:
                    os.replace(self._tmp, dest)
                    break
                except FileNotFoundError:
                    # a concurrent delete pruned the (then empty) folder between mkdir and rename
                    if attempt == 2:
                        raise
            _fsync_dir(dest.parent)
        except OSError as ex:
            self._discard()
            raise StorageError(f"cannot store object {key!r} ({ex.strerror})") from ex

    def _commit_if_absent(self, key: str) -> bool:
        dest = self._store.path(key)
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            for attempt in range(3):
                _makedirs_durable(dest.parent, self._store.root)
                try:
                    os.link(self._tmp, dest)  # unlike rename, never replaces an existing file
                    break
                except FileExistsError:
                    return False
                except FileNotFoundError:
                    if attempt == 2:
                        raise
            _fsync_dir(dest.parent)
            return True
        except OSError as ex:
            raise StorageError(f"cannot store object {key!r} ({ex.strerror})") from ex
        finally:
            self._discard()

    def _abort(self) -> None:
        self._discard()

    def _discard(self) -> None:
        self._file.close()
        self._tmp.unlink(missing_ok=True)


class LocalStore(ObjectStore):
    """Objects as files under `root` (created if missing)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        (self.root / TEMP_DIR).mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def writer(self) -> ObjectWriter:
        return _LocalWriter(self)

    def open(self, key: str) -> BinaryIO:
        try:
            return self.path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as ex:
            raise ObjectNotFoundError(f"no object {key!r}") from ex
        except OSError as ex:
            raise StorageError(f"cannot read object {key!r} ({ex.strerror})") from ex

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def local_path(self, key: str) -> Path | None:
        path = self.path(key)
        return path if path.is_file() else None

    def delete(self, key: str) -> None:
        path = self.path(key)
        try:
            path.unlink(missing_ok=True)
        except IsADirectoryError:
            return
        except OSError as ex:
            raise StorageError(f"cannot delete object {key!r} ({ex.strerror})") from ex
        self._prune(path.parent)

    def _prune(self, folder: Path) -> None:
        """Remove folders left empty, up to the root (a folder that is not empty stops it)."""
        while folder != self.root and self.root in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    def keys(self, prefix: str = "") -> Iterator[str]:
        # walk only the deepest folder the prefix names, not the whole store
        base = self.root / prefix.rsplit("/", 1)[0] if "/" in prefix else self.root
        if not base.is_dir():
            return
        for dirpath, dirnames, filenames in os.walk(base):
            if Path(dirpath) == self.root:
                dirnames[:] = [d for d in dirnames if d != TEMP_DIR]
            for name in filenames:
                key = (Path(dirpath) / name).relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    yield key

    def sweep_temp(self, older_than_s: float = 3600.0) -> int:
        """Delete temporaries older than `older_than_s` (a crash mid-upload leaves them); how many."""
        cutoff = time.time() - older_than_s
        swept = 0
        for tmp in (self.root / TEMP_DIR).iterdir():
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()
                    swept += 1
        if swept:
            log.info("object store: removed %d stale temporary files", swept)
        return swept
