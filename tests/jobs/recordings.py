"""Test recordings for the job and service tests: a tiny good one and a corpus of bad ones.

Everything is generated (nothing is checked in): the good recording is one synthetic screen for
1.5 s (640x360, H.264); the bad ones are crafted to fail in the ways hostile uploads do.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
from PIL import Image

from replicast.media.synthetic import (
    Box,
    Button,
    Label,
    Script,
    SyntheticScreen,
    Wait,
    encode_video,
    render_video,
)
from tests.media.videos import encode_audio_only


def tiny_recording(path: Path, title: str = "Hello") -> Path:
    """One screen, a heading and a button, 1.5 s: the cheapest video that converts to an app."""
    screen = SyntheticScreen(
        "home",
        (
            Label("title", Box(40, 24, 300, 40), title, size=26, bold=True, role="heading"),
            Button("go", Box(40, 100, 120, 40), "Go"),
        ),
    )
    render_video(Script((screen,), (Wait(1.5),)), path)
    return path


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(path: Path, good: Path) -> Path:
    """The first half of a good mp4 (its index is at the end, so it is lost)."""
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def random_bytes(path: Path) -> Path:
    path.write_bytes(np.random.default_rng(7).integers(0, 256, 64 * 1024, dtype=np.uint8).tobytes())
    return path


def huge_frames(path: Path) -> Path:
    """A GIF whose headers claim 20000x20000 pixels (its real frames are 160x96)."""
    frames = [Image.fromarray(np.full((96, 160, 3), 40 * i, np.uint8)) for i in range(4)]
    frames[0].save(path, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    data = bytearray(path.read_bytes())
    struct.pack_into("<HH", data, 6, 20000, 20000)  # logical screen descriptor
    image = data.index(b"\x2c")  # first image descriptor
    struct.pack_into("<HH", data, image + 5, 20000, 20000)
    path.write_bytes(bytes(data))
    return path


def ten_hours(path: Path) -> Path:
    """Three real frames, the last one ten hours in: the headers declare a 10-hour video."""
    frames = [np.full((96, 160, 3), 60 * i, np.uint8) for i in range(3)]
    encode_video(iter(frames), path, codec="h264", fps=30, times=[0.0, 1.0, 36000.0])
    return path


def audio_only(path: Path) -> Path:
    return encode_audio_only(path)


def bad_corpus(folder: Path, good: Path) -> dict[str, Path]:
    """Every bad recording, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "zero-bytes.mp4": zero_bytes(folder / "zero-bytes.mp4"),
        "truncated.mp4": truncated(folder / "truncated.mp4", good),
        "random.mp4": random_bytes(folder / "random.mp4"),
        "huge-frames.gif": huge_frames(folder / "huge-frames.gif"),
        "ten-hours.mp4": ten_hours(folder / "ten-hours.mp4"),
        "audio-only.mp4": audio_only(folder / "audio-only.mp4"),
    }
