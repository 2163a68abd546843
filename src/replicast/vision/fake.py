"""A scripted OCR engine for unit tests: returns the lines it was given.

engine = FakeOcrEngine([TextLine("Sign in", Box(10, 10, 60, 16), 0.99)])
engine.read(rgb)                               # -> those lines
engine.read_region(rgb, Box(0, 0, 40, 40))     # -> the lines lying inside the box
"""

from __future__ import annotations

from collections.abc import Iterable

from replicast.media.base import Rgb
from replicast.vision.base import Box, TextLine


class FakeOcrEngine:
    """An `OcrEngine` that reads back fixed lines. `calls` records the regions asked for (None: frame),
    `text_px` the smallest text size each full read was told to expect."""

    def __init__(self, lines: Iterable[TextLine] = (), *, min_inside: float = 0.5) -> None:
        self.lines = list(lines)
        self.min_inside = min_inside
        self.calls: list[Box | None] = []
        self.text_px: list[float | None] = []

    def read(self, image: Rgb, *, text_px: float | None = None) -> list[TextLine]:
        self.calls.append(None)
        self.text_px.append(text_px)
        return list(self.lines)

    def read_region(self, image: Rgb, box: Box) -> list[TextLine]:
        """The given lines with at least `min_inside` of their area inside `box`."""
        self.calls.append(box)
        return [
            t for t in self.lines if t.box.area and t.box.intersection(box) >= self.min_inside * t.box.area
        ]
