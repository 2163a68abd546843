"""Turning a script into frames, an encoded file (PyAV: H.264 mp4 or VP9 webm), or an in-memory source."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Literal

import av
import numpy as np
from av.video.stream import VideoStream

from replicast.media.base import Frame, Rgb, VideoInfo, rgb_to_luma
from replicast.media.synthetic._draw import Renderer
from replicast.media.synthetic._model import Script
from replicast.media.synthetic._timeline import compile_script, truth_of
from replicast.media.synthetic._truth import SyntheticTruth

Codec = Literal["h264", "vp9"]

_ENCODERS: dict[str, tuple[str, str, dict[str, str]]] = {
    # veryfast, not ultrafast: it keeps B-frames, as real recordings have, so decoders must reorder
    "h264": ("libx264", "mp4", {"preset": "veryfast", "crf": "18", "tune": "stillimage"}),
    "vp9": (
        "libvpx-vp9",
        "webm",
        {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "crf": "24", "b": "0"},
    ),
}


def script_truth(script: Script, fps: int = 30, size: tuple[int, int] = (640, 360)) -> SyntheticTruth:
    """The ground truth of `script`, without drawing or encoding anything."""
    return truth_of(compile_script(script, size), fps, codec="")


def render_frames(script: Script, fps: int = 30, size: tuple[int, int] = (640, 360)) -> Iterator[Rgb]:
    """The script's frames as H x W x 3 RGB arrays, frame i showing t = i / fps."""
    timeline = compile_script(script, size)
    renderer = Renderer(timeline)
    for i in range(timeline.frame_count(fps)):
        yield renderer.frame(i / fps)


def render_video(
    script: Script,
    path: Path,
    codec: Codec = "h264",
    fps: int = 30,
    size: tuple[int, int] = (640, 360),
) -> SyntheticTruth:
    """Draw `script` at `size` (even width and height) and encode it to `path`; return its ground truth.

    h264 writes an mp4 (libx264, yuv420p), vp9 a webm (libvpx-vp9, yuv420p), whatever the suffix.
    Raises ValueError for a script that cannot run.
    """
    timeline = compile_script(script, size)
    renderer = Renderer(timeline)
    frames = (renderer.frame(i / fps) for i in range(timeline.frame_count(fps)))
    encode_video(frames, path, codec=codec, fps=fps)
    return truth_of(timeline, fps, codec)


def encode_video(
    images: Iterable[Rgb],
    path: Path,
    *,
    codec: Codec = "h264",
    fps: int = 30,
    times: Sequence[float] | None = None,
) -> int:
    """Encode RGB frames (one size, even width and height) to `path`; return how many were written.

    Frames are 1/fps apart, or at `times` (seconds, increasing, kept to the millisecond) for a
    variable-frame-rate video. A keyframe every 2 s makes seeking and truncation behave as in real
    recordings.
    """
    encoder, fmt, options = _ENCODERS[codec]
    time_base = Fraction(1, 1000) if times is not None else Fraction(1, fps)
    n = 0
    with av.open(str(path), mode="w", format=fmt) as container:
        stream = container.add_stream(encoder, rate=fps, options={**options, "g": str(2 * fps)})
        if not isinstance(stream, VideoStream):  # pragma: no cover - both encoders are video encoders
            raise TypeError(f"{encoder} made a {type(stream).__name__}")
        stream.pix_fmt = "yuv420p"
        stream.time_base = time_base
        for i, image in enumerate(images):
            if i == 0:
                stream.height, stream.width = image.shape[:2]
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image), format="rgb24")
            frame.time_base = time_base
            frame.pts = round(times[i] * 1000) if times is not None else i
            for packet in stream.encode(frame):
                container.mux(packet)
            n += 1
        for packet in stream.encode(None):
            container.mux(packet)
    return n


class SyntheticSource:
    """A `VideoSource` serving a script's frames straight from the renderer: exact pixels, no codec.

    Luma is `rgb_to_luma` of each frame, as `PyAvSource` returns it (full range).
    """

    def __init__(self, script: Script, fps: int = 30, size: tuple[int, int] = (640, 360)) -> None:
        self._timeline = compile_script(script, size)
        self._fps = fps
        n = self._timeline.frame_count(fps)
        self._info = VideoInfo(
            width=size[0],
            height=size[1],
            fps=float(fps),
            duration=n / fps,
            codec="raw",
            container="synthetic",
            frame_count=n,
        )
        self.truth = truth_of(self._timeline, fps, codec="raw")

    @property
    def info(self) -> VideoInfo:
        return self._info

    def frames(self) -> Iterator[Frame]:
        renderer = Renderer(self._timeline)
        for i in range(self._timeline.frame_count(self._fps)):
            yield _frame(renderer, i, self._fps)

    def frame_at(self, t: float) -> Frame:
        """The frame shown at `t` (the last one starting at or before it), rendered anew."""
        i = max(0, min(self._timeline.frame_count(self._fps) - 1, math.floor(t * self._fps + 1e-6)))
        return _frame(Renderer(self._timeline), i, self._fps)


def _frame(renderer: Renderer, i: int, fps: int) -> Frame:
    rgb = renderer.frame(i / fps)
    return Frame(index=i, t=i / fps, y=rgb_to_luma(rgb), _to_rgb=_constant(rgb))


def _constant(rgb: Rgb) -> Callable[[], Rgb]:
    return lambda: rgb
