"""Few input shapes for a GPU: inputs padded up a ladder, outputs cut back, crops grown in the frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from replicast.vision.base import Box
from replicast.vision.buckets import LADDER, LINE_LADDER, BucketedSession, bucket, twin_of
from replicast.vision.rapid import RapidOcrEngine, _bucketed
from tests.vision.render import Canvas


def test_a_size_goes_up_to_the_next_step_of_the_ladder() -> None:
    assert [bucket(n) for n in (1, 256, 257, 736, 1024, 1025, 4096)] == [
        256,
        256,
        1024,
        1024,
        1024,
        4096,
        4096,
    ]
    assert bucket(5000) == 8192  # past the top: multiples of it
    assert [bucket(n, LINE_LADDER) for n in (100, 321, 2000)] == [320, 640, 2560]
    assert all(step % 32 == 0 for step in LADDER)  # the text detector takes multiples of 32


class _Model:
    """A stand-in for a recogniser: N x 3 x 48 x W in, N x W/8 x 2 out (each step the column's mean)."""

    def __init__(self) -> None:
        self.shapes: set[tuple[int, ...]] = set()
        self.providers = ["CPUExecutionProvider"]

    def __call__(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        self.shapes.add(x.shape)
        n, _, _, w = x.shape
        steps = x.mean(axis=(1, 2)).reshape(n, w // 8, 8).mean(axis=2)
        return np.stack([steps, -steps], axis=2)


def test_inputs_of_many_shapes_run_in_a_few_each_in_a_session_of_its_own() -> None:
    # Given lines of 40 widths, in batches of 1 to 6, each shape run by a model of its own
    first, spawned = _Model(), []

    def spawn() -> _Model:
        spawned.append(_Model())
        return spawned[-1]

    session = BucketedSession(first, pad={0: 6, 3: LINE_LADDER}, cut={0: 0, 1: 3}, spawn=spawn)
    rng = np.random.default_rng(3)
    for w in [*range(64, 64 + 40 * 48, 48), 104, 2000, 304]:
        n = int(rng.integers(1, 7))
        x = rng.standard_normal((n, 3, 48, w)).astype(np.float32)

        y = session(x)

        # Then each answer is the one a model gives the input as it is (its steps, its lines)
        assert np.allclose(y, _Model()(x)[:, : w // 8])
    # And the 43 batches ran in 4 shapes, each in one model, seen again without a new one
    assert session.shapes == 4
    assert [m.shapes for m in (first, *spawned)] == [{(6, 3, 48, w)} for w in (320, 640, 1280, 2560)]
    # And the session's other attributes are the first model's
    assert session.providers == ["CPUExecutionProvider"]


def test_an_input_already_on_the_ladder_is_passed_as_it_is() -> None:
    model = _Model()
    x = np.ones((6, 3, 48, 320), np.float32)
    assert BucketedSession(model, pad={0: 6, 3: LINE_LADDER}, cut={0: 0, 1: 3})(x).shape == (6, 40, 2)
    assert model.shapes == {(6, 3, 48, 320)}


def test_a_twin_session_runs_the_model_as_the_first_one_does() -> None:
    # Given the recogniser's onnxruntime session in an engine
    engine = RapidOcrEngine(threads=1)
    rec = engine._frame.text_rec.session.session
    model = Path(rec._model_path)

    # Then a twin made from it answers as it does, on the same provider
    twin = twin_of(rec, model)()
    x = np.random.default_rng(5).standard_normal((1, 3, 48, 320)).astype(np.float32)
    assert np.allclose(twin(x), rec.run(None, {rec.get_inputs()[0].name: x})[0], atol=1e-5)


@pytest.mark.parametrize(
    ("crop", "scale"),
    [(Box(500, 300, 100, 20), 2.0), (Box(0, 0, 700, 500), 1.0), (Box(1250, 700, 30, 20), 1.0)],
)
def test_a_crop_grows_in_the_frame_to_ladder_sides(crop: Box, scale: float) -> None:
    grown = _bucketed(crop, scale, 1280, 720)

    # Then it holds the crop, stays in the frame, and its scaled sides are steps (or the frame's side)
    assert grown.intersection(crop) == crop.area
    assert grown.x >= 0 and grown.y >= 0 and grown.x2 <= 1280 and grown.y2 <= 720
    for side, limit in ((grown.w, 1280), (grown.h, 720)):
        assert side == limit or round(side * scale) in LADDER or round(side * scale) - 1 in LADDER


def test_an_engine_with_buckets_reads_what_one_without_reads() -> None:
    # Given a page with a few lines and an engine that pads its inputs (as on a GPU) and one that
    # does not
    c = Canvas()
    drawn = [
        c.text(60, 50, "Create an account", size=20),
        c.text(60, 200, "Forgot password", size=16),
        c.text(400, 320, "Total due", size=16),
    ]
    rgb = c.rgb()
    plain, padded = RapidOcrEngine(threads=2), RapidOcrEngine(threads=2, buckets=True)

    # Then both read the same lines, the whole frame and a region alike, in the same places
    for read in (lambda e: e.read(rgb), lambda e: e.read_region(rgb, Box(380, 300, 200, 60))):
        a, b = read(plain), read(padded)
        assert [t.text for t in a] == [t.text for t in b]
        assert all(x.box.iou(y.box) >= 0.8 for x, y in zip(a, b, strict=True))
    assert [t.text for t in padded.read_region(rgb, Box(380, 300, 200, 60))] == ["Total due"]
    assert padded.read(rgb)[2].box.iou(drawn[2]) >= 0.7
