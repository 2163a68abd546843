"""Recordings shared by the job tests, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from .recordings import tiny_recording


@pytest.fixture(scope="session")
def tiny_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_recording(tmp_path_factory.mktemp("recordings") / "tiny.mp4")
