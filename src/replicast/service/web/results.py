"""A finished job's files as the web pages read them: the spec, the project zip, the self-check report.

All reads go through the object store under the job's content-addressed result key; callers have
already checked that the job is the caller's and has succeeded.

    with open_project(svc.stores.objects, job.result_key) as project:
        names, data = project.names(), project.read("src/App.tsx")
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from replicast.errors import NotFoundError, ObjectNotFoundError
from replicast.jobs.run import PROJECT_ZIP, SPEC
from replicast.storage import ObjectStore
from replicast.storage.base import CHUNK

MAX_ENTRY_BYTES = 20 * 1024 * 1024


class Project:
    """Read access to a project zip by entry name."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self._zf = zf
        self._infos = {i.filename: i for i in zf.infolist() if not i.is_dir()}

    def names(self) -> list[str]:
        return sorted(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def read(self, name: str) -> bytes:
        """One entry's bytes. Raises NotFoundError when there is no such entry or it is too large."""
        info = self._infos.get(name)
        if info is None:
            raise NotFoundError(f"the project has no file {name!r}")
        if info.file_size > MAX_ENTRY_BYTES:
            raise NotFoundError(f"{name!r} is too large to show here: download the zip")
        return self._zf.read(info)


@contextmanager
def open_project(store: ObjectStore, result_key: str) -> Iterator[Project]:
    """The job's project zip. Raises ObjectNotFoundError when its object is gone."""
    key = f"{result_key}/{PROJECT_ZIP}"
    path = store.local_path(key)
    with contextlib.ExitStack() as stack:
        source: Any = path
        if path is None:  # S3 or sealed: a zip needs seeking, so a private temporary copy, streamed in
            source = stack.enter_context(tempfile.TemporaryFile(prefix="replicast-zip-"))
            with store.open(key) as remote:
                shutil.copyfileobj(remote, source, CHUNK)
        try:
            zf = zipfile.ZipFile(source)
        except zipfile.BadZipFile as ex:
            raise ObjectNotFoundError(f"{key}: not a readable zip") from ex
        with zf:
            yield Project(zf)


def load_json(store: ObjectStore, key: str) -> dict[str, Any] | None:
    """A JSON object from the store; None when it is missing or is not an object."""
    try:
        value = json.loads(store.get_bytes(key))
    except (ObjectNotFoundError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def load_spec(store: ObjectStore, result_key: str) -> dict[str, Any]:
    return load_json(store, f"{result_key}/{SPEC}") or {}


def load_report(store: ObjectStore, result_key: str) -> dict[str, Any] | None:
    return load_json(store, f"{result_key}/report.json")
