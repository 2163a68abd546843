"""Fixtures for the recorder tests: import ``scripts/record/screenrec`` and check its programs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
RECORD_DIR = REPO / "scripts" / "record"


@pytest.fixture(scope="session")
def screenrec() -> Iterator[ModuleType]:
    """The recorder package, imported from ``scripts/record`` (it is a script, not part of replicast)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(RECORD_DIR))
        import screenrec

        yield screenrec


@pytest.fixture
def recorder_tools(screenrec: ModuleType) -> None:
    """Require Xvfb, chromium, ffmpeg and xdotool: skip without them locally, fail under CI."""
    missing = screenrec.missing_tools()
    if missing:
        packages = "apt-get install xvfb chromium ffmpeg xdotool"
        message = f"recorder programs missing: {', '.join(missing)} ({packages})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
