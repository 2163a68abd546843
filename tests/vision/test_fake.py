"""The scripted OCR engine used by unit tests elsewhere."""

from __future__ import annotations

import numpy as np

from replicast.vision.base import Box, OcrEngine, TextLine
from replicast.vision.fake import FakeOcrEngine

LINES = [TextLine("Sign in", Box(10, 10, 60, 16), 0.99), TextLine("Help", Box(300, 200, 40, 16), 0.9)]
IMAGE = np.zeros((400, 400, 3), np.uint8)


def test_reads_back_its_lines() -> None:
    engine: OcrEngine = FakeOcrEngine(LINES)
    assert engine.read(IMAGE) == LINES


def test_region_keeps_lines_inside_and_records_calls() -> None:
    engine = FakeOcrEngine(LINES)
    assert engine.read_region(IMAGE, Box(0, 0, 100, 40)) == LINES[:1]
    assert engine.read_region(IMAGE, Box(0, 100, 100, 40)) == []
    assert engine.calls == [Box(0, 0, 100, 40), Box(0, 100, 100, 40)]


def test_fake_and_rapid_are_region_engines() -> None:
    from replicast.vision.base import RegionOcrEngine
    from replicast.vision.rapid import RapidOcrEngine

    engine: RegionOcrEngine = FakeOcrEngine(LINES)
    assert engine.read_region(IMAGE, Box(0, 0, 10, 10)) == []
    assert callable(RapidOcrEngine.read_region)
