"""RapidOcrEngine on text rendered with PIL: what it reads, where, and that it never touches the network."""

from __future__ import annotations

import socket
import urllib.request
from typing import Any

import numpy as np
import pytest

from replicast.vision.base import Box, OcrEngine
from replicast.vision.rapid import RapidOcrEngine
from tests.vision.render import Canvas


@pytest.fixture(scope="module")
def engine() -> RapidOcrEngine:
    return RapidOcrEngine(threads=2)


def _words(lines: list[Any]) -> list[str]:
    return [w.lower() for t in lines for w in t.text.split()]


def test_reads_rendered_text_at_its_place(engine: RapidOcrEngine) -> None:
    c = Canvas()
    drawn = c.text(60, 50, "Create an account", size=20)
    other = c.text(60, 200, "Forgot password", size=16)
    lines = engine.read(c.rgb())
    assert [t.text for t in lines] == ["Create an account", "Forgot password"]
    assert lines[0].box.iou(drawn) >= 0.7
    assert lines[1].box.iou(other) >= 0.7
    assert all(0.5 <= t.score <= 1.0 for t in lines)


def test_is_an_ocr_engine(engine: RapidOcrEngine) -> None:
    e: OcrEngine = engine
    assert e.read(np.full((60, 200, 3), 255, np.uint8)) == []


def test_items_far_apart_on_one_row_are_separate_lines(engine: RapidOcrEngine) -> None:
    c = Canvas()
    left = c.text(40, 40, "Home", size=16)
    right = c.text(140, 40, "Pricing", size=16)
    lines = engine.read(c.rgb())
    assert [t.text for t in lines] == ["Home", "Pricing"]
    assert lines[0].box.iou(left) >= 0.6
    assert lines[1].box.iou(right) >= 0.6


def test_region_boxes_are_in_frame_pixels(engine: RapidOcrEngine) -> None:
    c = Canvas()
    c.text(40, 40, "Somewhere else", size=16)
    drawn = c.text(300, 300, "Total due", size=16)
    lines = engine.read_region(c.rgb(), Box(280, 280, 200, 60))
    assert [t.text for t in lines] == ["Total due"]
    assert lines[0].box.iou(drawn) >= 0.7


def test_small_text_in_a_small_crop_reads(engine: RapidOcrEngine) -> None:
    c = Canvas()
    drawn = c.text(100, 100, "Remember me", size=11)
    lines = engine.read_region(c.rgb(), Box(90, 94, 110, 26))
    assert _words(lines) == ["remember", "me"]
    assert lines[0].box.iou(drawn) >= 0.6


def test_region_outside_the_image_reads_nothing(engine: RapidOcrEngine) -> None:
    c = Canvas()
    assert engine.read_region(c.rgb(), Box(2000, 2000, 50, 50)) == []


def test_rejects_a_non_rgb_array(engine: RapidOcrEngine) -> None:
    from replicast.errors import EngineError

    with pytest.raises(EngineError):
        engine.read(np.zeros((20, 20), np.uint8))


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Constructing the engine and reading must not open a connection (only shipped models are used)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    try:
        import requests

        monkeypatch.setattr(requests.Session, "request", refuse)
    except ImportError:  # pragma: no cover - rapidocr depends on requests
        pass
    c = Canvas()
    c.text(40, 40, "Offline", size=18)
    fresh = RapidOcrEngine(threads=1)
    assert [t.text for t in fresh.read(c.rgb())] == ["Offline"]


def test_import_loads_no_engine() -> None:
    import subprocess
    import sys

    code = (
        "import sys, replicast.vision.rapid; print('rapidocr' in sys.modules, 'onnxruntime' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_telemetry_is_off_once_constructed(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.delenv("ORT_DISABLE_TELEMETRY", raising=False)
    RapidOcrEngine(threads=1)
    assert os.environ["ORT_DISABLE_TELEMETRY"] == "1"


def test_region_cut_tight_around_text_still_reads_it(engine: RapidOcrEngine) -> None:
    c = Canvas()
    drawn = c.text(200, 150, "Checkout", size=16)
    c.text(200, 175, "Below", size=16)
    lines = engine.read_region(c.rgb(), drawn)
    assert [t.text for t in lines] == ["Checkout"]


def test_cuda_without_a_cuda_runtime_is_a_clear_error() -> None:
    import onnxruntime

    from replicast.errors import EngineError

    if "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        assert RapidOcrEngine("cuda", threads=1).read(Canvas().rgb()) == []
    else:
        with pytest.raises(EngineError, match="onnxruntime-gpu"):
            RapidOcrEngine("cuda")


def test_a_cuda_session_that_fell_back_to_the_cpu_is_a_clear_error() -> None:
    from types import SimpleNamespace

    from replicast.errors import EngineError
    from replicast.vision.rapid import _require_gpu

    def model(*providers: str) -> Any:
        session = SimpleNamespace(get_providers=lambda: providers)
        return SimpleNamespace(session=SimpleNamespace(session=session))

    gpu, cpu = ("CUDAExecutionProvider", "CPUExecutionProvider"), ("CPUExecutionProvider",)
    _require_gpu([model(*gpu)])
    with pytest.raises(EngineError, match=r"could not load CUDA \(the session runs on CPUExecution"):
        _require_gpu([model(*gpu), model(*cpu)])


def test_a_thin_strip_is_read_as_it_is(engine: RapidOcrEngine) -> None:
    c = Canvas(width=1200, height=30)
    c.text(10, 6, "A toolbar strip of text", size=14)
    assert [t.text for t in engine.read(c.rgb())] == ["A toolbar strip of text"]


def _detector_sizes(engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Records the size of every image the engine's detectors are shown."""
    sizes: list[tuple[int, int]] = []
    detect = engine._detect

    def spy(which: Any, image: Any) -> Any:
        sizes.append(image.shape[:2])
        return detect(which, image)

    monkeypatch.setattr(engine, "_detect", spy)
    return sizes


def _screen() -> tuple[Canvas, list[Box]]:
    c = Canvas(width=1920, height=1080)
    drawn = [c.text(60 + 600 * (k % 3), 40 + 70 * (k // 3), f"Order {k} shipped", size=15) for k in range(12)]
    drawn.append(c.text(300, 900, "small print below", size=11))
    return c, drawn


def test_large_text_is_found_in_a_smaller_copy_of_the_frame(
    engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    c, drawn = _screen()
    sizes = _detector_sizes(engine, monkeypatch)
    plain = engine.read(c.rgb())
    smaller = engine.read(c.rgb(), text_px=13)
    assert sizes[0] == (1080, 1920) and sizes[1][0] < 0.75 * 1080
    assert [t.text for t in smaller] == [t.text for t in plain]
    assert all(any(t.box.iou(d) >= 0.6 for t in smaller) for d in drawn)


def test_a_region_is_not_shrunk_for_the_detector_and_a_small_one_is_enlarged(
    engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    c, _ = _screen()
    sizes = _detector_sizes(engine, monkeypatch)
    lines = engine.read_region(c.rgb(), Box(0, 20, 1920, 300))
    small = engine.read_region(c.rgb(), Box(290, 890, 200, 30))
    assert sizes == [(312, 1920), (84, 424)]
    assert sorted(t.text for t in lines) == sorted(f"Order {k} shipped" for k in range(12))
    assert [t.text for t in small] == ["small print below"]


def test_a_wide_strip_is_detected_without_a_letterbox(
    engine: RapidOcrEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rapidocr would pad a crop wider than 8:1 to a quarter of its width tall: 12x the work here
    c = Canvas(width=1920, height=200)
    c.text(40, 80, "A row of a wide table that changed", size=15)
    shapes: list[tuple[int, ...]] = []
    session = engine._crop.text_det.session

    class Spy:
        def __call__(self, img: Any) -> Any:
            shapes.append(img.shape)
            return session(img)

    monkeypatch.setattr(engine._crop.text_det, "session", Spy())
    lines = engine.read_region(c.rgb(), Box(0, 74, 1920, 28))
    assert [t.text for t in lines] == ["A row of a wide table that changed"]
    assert len(shapes) == 1 and shapes[0][2] <= 64, shapes


def test_a_line_is_cut_as_rapidocr_would_cut_its_box() -> None:
    from rapidocr.utils.process_img import get_rotate_crop_image

    from replicast.vision.rapid import _corners, _cut

    rng = np.random.default_rng(5)
    image = rng.integers(0, 256, (120, 200, 3)).astype(np.uint8)
    bgr = np.ascontiguousarray(image[:, :, ::-1])
    for box in (Box(10, 20, 90, 18), Box(0, 0, 200, 120), Box(150, 30, 12, 40)):  # the last one is tall
        assert np.array_equal(_cut(image, box), get_rotate_crop_image(bgr, _corners(box)))
