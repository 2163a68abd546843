"""The int8 recognition model: made once from the shipped one, a clear error without `onnx`."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from replicast.errors import EngineError
from replicast.vision.quantize import calibration_lines, calibration_screens, int8_recogniser
from replicast.vision.rapid import RapidOcrEngine
from tests.vision.render import Canvas


def test_calibration_lines_are_recogniser_inputs() -> None:
    lines = list(calibration_lines(5))
    assert len(lines) == 5
    for x in lines:
        assert x.dtype == np.float32 and x.shape[:3] == (1, 3, 48) and x.shape[3] >= 10
        assert -1.0 <= float(x.min()) < float(x.max()) <= 1.0  # ink and paper both present
    assert all(np.array_equal(a, b) for a, b in zip(lines, calibration_lines(5), strict=True))


def test_without_onnx_the_int8_model_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "rec.onnx"
    source.write_bytes(b"not made yet")
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx raises ImportError
    with pytest.raises(EngineError, match=r"replicast\[int8\]"):
        int8_recogniser(source, tmp_path / "cache")


def test_int8_engine_reads_text_and_makes_its_model_once(tmp_path: Path) -> None:
    pytest.importorskip("onnx", reason="the int8 model is made with the `int8` extra (onnx)")
    c = Canvas()
    c.text(60, 50, "Create an account", size=20)
    engine = RapidOcrEngine(threads=2, int8=True, model_cache=tmp_path)
    assert [t.text for t in engine.read(c.rgb())] == ["Create an account"]
    (made,) = tmp_path.glob("*.onnx")
    stamp = made.stat().st_mtime_ns
    RapidOcrEngine(threads=1, int8=True, model_cache=tmp_path)
    assert made.stat().st_mtime_ns == stamp and list(tmp_path.glob("*.onnx")) == [made]


def test_int8_detector_engine_finds_text_and_makes_its_model_once(tmp_path: Path) -> None:
    pytest.importorskip("onnx", reason="the int8 model is made with the `int8` extra (onnx)")
    c = Canvas()
    drawn = c.text(60, 50, "Create an account", size=20)
    other = c.text(60, 200, "Forgot password", size=16)
    engine = RapidOcrEngine(threads=2, int8_detector=True, model_cache=tmp_path)
    lines = engine.read(c.rgb())
    # Then the lines are found where they are drawn, and the copy is made once
    assert [t.text for t in lines] == ["Create an account", "Forgot password"]
    assert lines[0].box.iou(drawn) >= 0.7 and lines[1].box.iou(other) >= 0.7
    (made,) = tmp_path.glob("*det*.onnx")
    stamp = made.stat().st_mtime_ns
    RapidOcrEngine(threads=1, int8_detector=True, model_cache=tmp_path)
    assert made.stat().st_mtime_ns == stamp and list(tmp_path.glob("*.onnx")) == [made]


def test_calibration_screens_are_detector_inputs() -> None:
    screens = list(calibration_screens(2))
    assert [s.shape for s in screens] == [(1, 3, 736, 1312)] * 2
    assert all(s.dtype == np.float32 and s.min() >= -1.0 and s.max() <= 1.0 for s in screens)
    assert float(screens[0].std()) > 0.05  # text and controls drawn, not a blank page
