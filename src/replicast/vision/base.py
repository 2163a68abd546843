"""The vision seams: text reading (OCR) and what a screen is made of.

engine: OcrEngine = RapidOcrEngine()
lines = engine.read(rgb)                 # -> list[TextLine]
lines = engine.read_region(rgb, box)     # a crop, boxes still in rgb's pixels (RegionOcrEngine)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from replicast.media.base import Rgb


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned box in pixels: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int

    @property
    def x2(self) -> int:
        return self.x + self.w

    @property
    def y2(self) -> int:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def area(self) -> int:
        return self.w * self.h

    def contains_point(self, x: float, y: float) -> bool:
        return self.x <= x < self.x2 and self.y <= y < self.y2

    def intersection(self, other: Box) -> int:
        w = min(self.x2, other.x2) - max(self.x, other.x)
        h = min(self.y2, other.y2) - max(self.y, other.y)
        return max(0, w) * max(0, h)

    def within(self, other: Box, share: float = 1.0) -> bool:
        """Whether at least `share` of this box's area lies in `other`."""
        return self.intersection(other) >= share * self.area

    def iou(self, other: Box) -> float:
        inter = self.intersection(other)
        union = self.area + other.area - inter
        return inter / union if union else 0.0

    def union(self, other: Box) -> Box:
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Box(x, y, max(self.x2, other.x2) - x, max(self.y2, other.y2) - y)

    def grown(self, px: int) -> Box:
        """The box `px` wider on every side (not clipped to any image)."""
        return Box(self.x - px, self.y - px, self.w + 2 * px, self.h + 2 * px)

    def offset(self, dx: int, dy: int) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)

    def as_list(self) -> list[int]:
        return [self.x, self.y, self.w, self.h]


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of text read from an image, with the OCR engine's confidence (0..1)."""

    text: str
    box: Box
    score: float


class OcrEngine(Protocol):
    """Reads text lines from an RGB image."""

    def read(self, image: Rgb, *, text_px: float | None = None) -> list[TextLine]:
        """All text lines in the image, boxes in the image's pixels. `text_px`, when known, is the height
        (px) of the smallest text the image may show: an engine may then look for text in a smaller
        copy. Raises EngineError."""
        ...


class RegionOcrEngine(OcrEngine, Protocol):
    """An OCR engine that can also read one region of an image cheaply."""

    def read_region(self, image: Rgb, box: Box) -> list[TextLine]:
        """Text lines inside `box`, boxes in the image's pixels. Raises EngineError."""
        ...


def union_of(boxes: Sequence[Box]) -> Box:
    """The smallest box holding all of `boxes` (at least one)."""
    out = boxes[0]
    for b in boxes[1:]:
        out = out.union(b)
    return out
