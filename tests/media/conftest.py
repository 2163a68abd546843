"""Test videos for the media tests, generated once per session (nothing is checked in)."""

from __future__ import annotations

from pathlib import Path

import pytest

from replicast.media.synthetic import Codec, encode_video

from .videos import FPS, patterns


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


def _encoded(media_dir: Path, name: str, codec: Codec) -> Path:
    path = media_dir / name
    if not path.exists():
        encode_video(patterns(), path, codec=codec, fps=FPS)
    return path


@pytest.fixture(scope="session")
def mp4(media_dir: Path) -> Path:
    """45 frames of `videos.pattern` at 30 fps, 160x96, H.264 in mp4 (index at the end, as PyAV writes)."""
    return _encoded(media_dir, "pattern.mp4", "h264")


@pytest.fixture(scope="session")
def webm(media_dir: Path) -> Path:
    """The same frames as `mp4`, VP9 in webm."""
    return _encoded(media_dir, "pattern.webm", "vp9")
