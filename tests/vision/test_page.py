"""The page's paint: one colour, a vertical gradient, or (with texture) the most common colour."""

from __future__ import annotations

import numpy as np

from replicast.vision.base import Box
from replicast.vision.page import PagePaint, page_paint


def canvas(top: tuple[int, int, int], bottom: tuple[int, int, int], h: int = 360, w: int = 640) -> np.ndarray:
    t = np.linspace(0, 1, h)[:, None, None]
    rows = (1 - t) * np.array(top, float) + t * np.array(bottom, float)
    return np.repeat(rows, w, axis=1).round().astype(np.uint8)


def test_the_page_is_what_the_elements_leave_uncovered() -> None:
    img = canvas((240, 240, 240), (240, 240, 240))
    img[40:320, 60:580] = 255  # a white card over most of the page
    img[100:120, 100:300] = 20  # its text

    assert page_paint(img, [Box(60, 40, 520, 280)]) == PagePaint((240, 240, 240))


def test_a_page_whose_colour_drifts_from_top_to_bottom_is_a_gradient() -> None:
    img = canvas((78, 115, 223), (34, 74, 190))
    img[40:320, 60:580] = 255

    paint = page_paint(img, [Box(60, 40, 520, 280)])

    assert paint.bottom is not None
    assert np.abs(np.subtract(paint.top, (78, 115, 223))).max() <= 4
    assert np.abs(np.subtract(paint.bottom, (34, 74, 190))).max() <= 4


def test_noise_and_hard_edges_are_not_gradients() -> None:
    rng = np.random.default_rng(1)
    noisy = rng.integers(0, 255, (360, 640, 3), dtype=np.uint8)
    thirds = canvas((250, 250, 250), (250, 250, 250))
    thirds[120:240] = (150, 150, 150)
    thirds[240:] = (30, 30, 30)

    assert page_paint(noisy, []).bottom is None
    assert page_paint(thirds, []).bottom is None
