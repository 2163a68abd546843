"""Fixtures for the self-check tests: Chromium (required in CI), and one built app shared by a module."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from replicast.errors import CheckUnavailableError
from replicast.selfcheck import find_chromium


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; a missing one fails the test in CI (CI=true) and skips it elsewhere."""
    try:
        return find_chromium()
    except CheckUnavailableError as ex:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI: {ex}")
        pytest.skip(str(ex))


def copy_app(src: Path, dst: Path) -> Path:
    """What the self-check reads (dist/, keyframes/, replicast.json), copied without node_modules."""
    dst.mkdir(parents=True)
    for name in ("dist", "keyframes"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name)
    shutil.copy2(src / "replicast.json", dst / "replicast.json")
    return dst
