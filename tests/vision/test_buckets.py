"""Few input shapes for a GPU: inputs padded up a ladder, outputs cut back, crops grown in the frame."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from replicast.vision.base import Box
from replicast.vision.buckets import LADDER, BucketedSession, bucket
from replicast.vision.rapid import RapidOcrEngine, _bucketed
from tests.vision.render import Canvas


def test_a_size_goes_up_to_the_next_step_of_the_ladder() -> None:
    assert [bucket(n) for n in (1, 32, 33, 300, 736, 2048, 2049)] == [32, 32, 64, 384, 768, 2048, 3072]
    assert bucket(5000) == 8192  # past the top: multiples of it
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


def test_inputs_of_many_shapes_run_in_a_few_and_come_back_as_their_own() -> None:
    # Given lines of 40 widths, in batches of 1 to 6
    model = _Model()
    session = BucketedSession(model, pad={0: 6, 3: LADDER}, cut={0: 0, 1: 3})
    rng = np.random.default_rng(3)
    for w in range(64, 64 + 40 * 24, 24):
        n = int(rng.integers(1, 7))
        x = rng.standard_normal((n, 3, 48, w)).astype(np.float32)

        y = session(x)

        # Then each answer is the one the model gives the input as it is (its steps, its lines)
        assert np.allclose(y, model(x)[:, : w // 8])
    # And the model ran the 40 widths in 9 shapes (besides the direct calls above)
    padded = {s for s in model.shapes if s[0] == 6 and s[3] in LADDER}
    assert len(padded) == 9
    # And the session's other attributes are the model's
    assert session.providers == ["CPUExecutionProvider"]


def test_an_input_already_on_the_ladder_is_passed_as_it_is() -> None:
    model = _Model()
    x = np.ones((6, 3, 48, 256), np.float32)
    assert BucketedSession(model, pad={0: 6, 3: LADDER}, cut={0: 0, 1: 3})(x).shape == (6, 32, 2)
    assert model.shapes == {(6, 3, 48, 256)}


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
