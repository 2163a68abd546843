"""Makers of odd test videos that `encode_video` does not make: remuxed, rotated, live, audio-only."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import av
import numpy as np
from av.audio.stream import AudioStream
from av.video.stream import VideoStream

from replicast.media.base import Rgb

WIDTH, HEIGHT, FPS, FRAMES = 160, 96, 30, 45


def pattern(i: int, width: int = WIDTH, height: int = HEIGHT) -> Rgb:
    """Frame i: white left half, red and grey blocks on the right, a black bottom bar, and a
    square whose grey level counts frames (4 * i)."""
    img = np.zeros((height, width, 3), np.uint8)
    img[:, : width // 2] = 255
    img[: height // 4, width // 2 :] = (200, 30, 30)
    img[height // 4 :, width // 2 :] = (128, 128, 128)
    img[height // 2 : height // 2 + 16, 8:40] = (4 * i) % 256
    img[height - 8 :, :] = 0
    return img


def patterns(n: int = FRAMES, width: int = WIDTH, height: int = HEIGHT) -> Iterable[Rgb]:
    return (pattern(i, width, height) for i in range(n))


def counter_level(luma: np.ndarray) -> float:
    """The frame counter's grey level as seen in a full-range luma plane of `pattern`."""
    h = luma.shape[0]
    return float(luma[h // 2 + 4 : h // 2 + 12, 12:36].mean())


def remux(src: Path, dst: Path, fmt: str, options: dict[str, str]) -> Path:
    """Copy `src`'s video packets into a new `fmt` file with muxer `options` (e.g. movflags=+faststart)."""
    with av.open(str(src)) as inp, av.open(str(dst), mode="w", format=fmt, options=options) as out:
        istream = inp.streams.video[0]
        ostream = out.add_stream_from_template(istream)
        for packet in inp.demux(istream):
            if packet.dts is None:
                continue
            packet.stream = ostream
            out.mux(packet)
    return dst


def encode_custom(
    path: Path,
    images: Iterable[Rgb],
    *,
    rotation: int = 0,
    fmt: str = "mp4",
    options: dict[str, str] | None = None,
    codec: str = "libx264",
) -> Path:
    """Encode frames at 30 fps, optionally tagged with a display rotation (degrees counterclockwise)."""
    with av.open(str(path), mode="w", format=fmt, options=options or {}) as out:
        stream = out.add_stream(codec, rate=FPS)
        assert isinstance(stream, VideoStream)
        stream.pix_fmt = "yuv420p"
        if codec == "libx264":
            stream.options = {"preset": "ultrafast"}
        for i, img in enumerate(images):
            if i == 0:
                stream.height, stream.width = img.shape[:2]
                if rotation:
                    stream.set_display_rotation(rotation)
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def live_webm(path: Path) -> Path:
    """VP9 webm written as a live stream: no duration and no cues, like a browser MediaRecorder file."""
    return encode_custom(path, patterns(), fmt="webm", options={"live": "1"}, codec="libvpx-vp9")


def encode_audio_only(path: Path) -> Path:
    with av.open(str(path), mode="w", format="mp4") as out:
        stream = out.add_stream("aac", rate=44100)
        assert isinstance(stream, AudioStream)
        for i in range(20):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
            frame.sample_rate = 44100
            frame.pts = i * 1024
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path
