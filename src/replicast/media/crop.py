"""`CroppedSource`: a `VideoSource` that shows only one rectangle of another source's frames.

Used to run the pipeline on the web page alone when a recording also shows browser chrome, a desktop
or letterbox bars. With `scale` > 1 (a HiDPI recording) frames are also shrunk by that factor, so the
pipeline sees CSS pixels: video px = (crop.x, crop.y) + scale * frame px.

    with PyAvSource(path) as video:
        page = CroppedSource(video, Crop(0, 86, 1280, 634))
        for frame in page.frames():
            use(frame.luma)                           # 1280 x 634
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import cv2
import numpy as np

from replicast.media.base import Frame, Gray, Rgb, VideoInfo, VideoSource


@dataclass(frozen=True, slots=True)
class Crop:
    """A rectangle of the video frame, in video px, and the factor frames are shrunk by after cropping."""

    x: int
    y: int
    width: int
    height: int
    scale: float = 1.0

    def __post_init__(self) -> None:
        if self.x < 0 or self.y < 0 or self.width <= 0 or self.height <= 0:
            raise ValueError(f"bad crop {self}")
        if self.scale <= 0:
            raise ValueError(f"crop scale must be positive, got {self.scale}")

    @property
    def out_size(self) -> tuple[int, int]:
        """(width, height) of the frames a `CroppedSource` yields."""
        if self.scale == 1.0:
            return self.width, self.height
        return max(1, round(self.width / self.scale)), max(1, round(self.height / self.scale))

    def fits(self, width: int, height: int) -> bool:
        return self.x + self.width <= width and self.y + self.height <= height


class CroppedSource:
    """The frames of `source` cut to `crop` (and shrunk by `crop.scale`). `Frame.y` keeps the source's
    levels (a view of the source's plane at scale 1).

    Raises ValueError (when made) if the crop does not fit the source's frames.
    """

    def __init__(self, source: VideoSource, crop: Crop) -> None:
        info = source.info
        if not crop.fits(info.width, info.height):
            raise ValueError(f"{crop} does not fit a {info.width}x{info.height} video")
        self._source = source
        self._crop = crop
        w, h = crop.out_size
        self._info = replace(info, width=w, height=h)

    @property
    def info(self) -> VideoInfo:
        return self._info

    @property
    def crop(self) -> Crop:
        return self._crop

    @property
    def source(self) -> VideoSource:
        return self._source

    def frames(self) -> Iterator[Frame]:
        """The cropped frames; raises what the wrapped source raises."""
        for frame in self._source.frames():
            yield self._cropped(frame)

    def frame_at(self, t: float) -> Frame:
        """The cropped frame shown at `t`; raises what the wrapped source raises."""
        return self._cropped(self._source.frame_at(t))

    def _cropped(self, frame: Frame) -> Frame:
        y = self._cut(frame.y) if self._crop.scale == 1.0 else _shrink(self._cut(frame.y), self._crop)
        return Frame(frame.index, frame.t, y, _cut_rgb(frame, self), frame.limited)

    def cut_luma(self, luma: Gray) -> Gray:
        """`luma` cut to the crop (and shrunk), as a compact array that does not hold the full frame."""
        return _shrink(self._cut(luma), self._crop)

    def cut_rgb(self, rgb: Rgb) -> Rgb:
        return _shrink(self._cut(rgb), self._crop)

    def _cut(self, image: np.ndarray) -> np.ndarray:
        c = self._crop
        return image[c.y : c.y + c.height, c.x : c.x + c.width]


def _shrink(image: np.ndarray, crop: Crop) -> np.ndarray:
    if crop.scale == 1.0:
        return np.ascontiguousarray(image)
    # area averaging: a 2x recording becomes what the page looks like at 1x, text strokes and all
    return np.asarray(cv2.resize(image, crop.out_size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def _cut_rgb(frame: Frame, source: CroppedSource) -> Callable[[], Rgb]:
    return lambda: source.cut_rgb(frame.rgb())
