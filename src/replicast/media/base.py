"""The video-source seam: what the pipeline needs from a video, whatever decodes it.

A source yields `Frame`s in presentation order. A frame holds its luma plane (cheap, taken straight
from the decoder) and converts to RGB only when asked, so the pipeline never holds full RGB frames
it does not need.

    with PyAvSource(path) as src:
        for frame in src.frames():
            use(frame.t, frame.luma)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

Gray = NDArray[np.uint8]
"""H x W, uint8."""
Rgb = NDArray[np.uint8]
"""H x W x 3, uint8, RGB order."""


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """What a video's headers say, as displayed (width and height after any rotation is applied).

    `fps` is the average frame rate (0.0 when the headers give none); frames of a variable-rate video
    carry their own times. `duration` is 0.0 with `duration_known` False when the headers do not
    declare one (e.g. a browser MediaRecorder webm); `frame_count` is None when not declared.
    `rotation` is the display rotation in degrees counterclockwise that sources apply to frames.
    """

    width: int
    height: int
    fps: float
    duration: float
    codec: str
    container: str
    frame_count: int | None = None
    duration_known: bool = True
    rotation: int = 0


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded frame: its time in seconds from the first frame and its luma plane."""

    index: int
    t: float
    luma: Gray
    _to_rgb: Callable[[], Rgb] = field(repr=False, compare=False)

    def rgb(self) -> Rgb:
        """The frame as RGB (converted on demand)."""
        return self._to_rgb()


class VideoSource(Protocol):
    """Anything that yields frames of one video."""

    @property
    def info(self) -> VideoInfo: ...

    def frames(self) -> Iterator[Frame]:
        """Frames in presentation order. Raises VideoDecodeError on a broken stream."""
        ...


def rgb_to_luma(rgb: Rgb) -> Gray:
    """BT.601 luma of an RGB image, as a decoder's Y plane would hold it (full range)."""
    y: NDArray[np.float64] = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
    luma: Gray = np.clip(y + 0.5, 0, 255).astype(np.uint8)
    return luma
