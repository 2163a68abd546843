"""Drop shadows measured from the page around a box, against shadows drawn the way CSS draws them."""

from __future__ import annotations

import cv2
import numpy as np

from replicast.vision.base import Box
from replicast.vision.shadow import measure_shadow

PAGE = 235.0
CARD = Box(200, 120, 400, 160)


def _page(*layers: tuple[float, float, float], card: Box = CARD) -> np.ndarray:
    """A grey page with `card` (white) casting CSS shadows `0 dy blur rgba(0,0,0,alpha)`."""
    h, w = 480, 800
    lum = np.full((h, w), PAGE)
    for dy, blur, alpha in layers:
        mask = np.zeros((h, w))
        mask[card.y + int(dy) : card.y2 + int(dy), card.x : card.x2] = 1.0
        mask = cv2.GaussianBlur(mask, (0, 0), sigmaX=blur / 2)
        lum *= 1 - alpha * mask
    lum[card.y : card.y2, card.x : card.x2] = 255
    grey = np.clip(np.round(lum), 0, 255).astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)


def test_a_tight_and_a_wide_shadow_are_both_measured() -> None:
    tight, wide = measure_shadow(_page((2, 4, 0.2), (25, 50, 0.1)), CARD)
    assert 3 <= tight.blur <= 6 and 0.16 <= tight.alpha <= 0.24
    assert 38 <= wide.blur <= 62
    assert 17 <= wide.dy <= 33
    assert 0.07 <= wide.alpha <= 0.14


def test_a_tight_shadow_is_as_dark_as_drawn() -> None:
    # the darkening the wide one leaves at the edge, fitted as a blurred edge (not read off its first px)
    tight, _ = measure_shadow(_page((2, 6, 0.3), (10, 30, 0.1)), CARD)
    assert 5 <= tight.blur <= 7 and 0.25 <= tight.alpha <= 0.35


def test_one_soft_shadow_is_one_layer_with_its_offset() -> None:
    shadows = measure_shadow(_page((0, 28, 0.15)), CARD)
    assert len(shadows) == 1
    (s,) = shadows
    assert 22 <= s.blur <= 34 and abs(s.dy) <= 4 and 0.11 <= s.alpha <= 0.19


def test_a_flat_box_or_a_bordered_one_casts_none() -> None:
    flat = _page()
    assert measure_shadow(flat, CARD) == ()
    bordered = flat.copy()
    cv2.rectangle(bordered, (CARD.x - 1, CARD.y - 1), (CARD.x2, CARD.y2), (200, 200, 200), 1)
    assert measure_shadow(bordered, CARD) == ()


def test_a_neighbour_in_the_shadow_makes_it_unreadable() -> None:
    img = _page((0, 40, 0.15))
    img[CARD.y : CARD.y2, CARD.x2 + 12 : CARD.x2 + 40] = 90  # a dark box close to the right side
    assert measure_shadow(img, CARD) == ()


def test_a_page_shaded_top_to_bottom_is_no_offset() -> None:
    img = _page((0, 28, 0.15)).astype(np.float64)
    img *= np.linspace(1.0, 0.8, img.shape[0])[:, None, None]  # darker toward the bottom, like a gradient
    shadows = measure_shadow(np.clip(np.round(img), 0, 255).astype(np.uint8), CARD)
    assert shadows and abs(shadows[-1].dy) <= 6


def test_the_edge_tail_is_one_minus_the_normal_cdf_for_one_sigma_or_many() -> None:
    from statistics import NormalDist

    from replicast.vision.shadow import _tail

    ks = np.arange(-4.0, 30.0)
    many = _tail(np.array([2.0, 7.5]), ks)
    for row, sigma in zip(many, (2.0, 7.5), strict=True):
        want = [1 - NormalDist(0, sigma).cdf(k) for k in ks]
        assert np.allclose(row, want, atol=1e-12)
        assert np.allclose(_tail(sigma, ks), want, atol=1e-12)


def test_the_wide_fit_finds_the_sigma_and_strength_of_an_exact_edge() -> None:
    from replicast.vision.shadow import _fit_wide, _smooth, _tail

    dark = 18.0 * _smooth(_tail(9.5, np.arange(64.0)))  # smoothed line to line, as a profile is
    sigma, a = _fit_wide(dark)
    assert sigma == 9.5 and abs(a - 18.0) < 0.5
