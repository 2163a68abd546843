"""Pixel metrics: SSIM and colour histograms normalised against a blank page, change, difference overlay."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from replicast.selfcheck.visual import (
    changed,
    colour_distance,
    colour_signature,
    colour_similarity,
    diff_overlay,
    ssim,
    visual_scores,
)
from tests.selfcheck.images import flat, page


def test_a_picture_matches_itself() -> None:
    s = visual_scores(page(), page())

    assert s.ssim == pytest.approx(1.0)
    assert s.ssim_norm == pytest.approx(1.0)
    assert s.colour == pytest.approx(1.0)
    assert s.score == pytest.approx(1.0)


def test_a_blank_page_in_the_main_colour_scores_zero_after_normalising() -> None:
    s = visual_scores(page(), flat((248, 250, 252)))

    assert s.ssim > 0.5  # the raw SSIM of a mostly blank UI is high ...
    assert s.ssim_norm == 0.0 and s.colour_norm == 0.0  # ... which is why it is normalised


def test_other_text_in_other_colours_scores_low() -> None:
    other = page(("Quarterly report", "Revenue by region"), background=(30, 30, 46), ink=(250, 200, 80))

    s = visual_scores(page(), other)

    assert s.score < 0.2


def test_a_screenshot_of_another_size_is_compared_at_the_keyframes_size() -> None:
    hidpi = np.asarray(cv2.resize(page(), (1280, 720)), dtype=np.uint8)  # a scale-2 screenshot

    s = visual_scores(page(), hidpi)

    assert s.score > 0.8


def test_ssim_is_symmetric_and_bounded() -> None:
    rng = np.random.default_rng(7)
    a = rng.uniform(0, 255, (90, 160))
    b = rng.uniform(0, 255, (90, 160))

    assert ssim(a, b) == pytest.approx(ssim(b, a))
    assert -1.0 <= ssim(a, b) < 0.2


def test_colour_distance_forgives_compression_shifts_but_not_other_colours() -> None:
    grey, lighter = colour_signature(flat((220, 220, 220))), colour_signature(flat((226, 226, 226)))
    dark = colour_signature(flat((20, 20, 20)))

    assert colour_distance(grey, lighter) < 0.5  # ~2.2 ΔE: inside the tolerance
    assert colour_distance(grey, dark) > 60
    assert colour_similarity(page(), page()) == pytest.approx(1.0)
    assert colour_similarity(flat((255, 255, 255)), flat((0, 0, 0))) == 0.0


def test_a_colour_signature_weighs_the_colours_of_a_picture() -> None:
    half = flat((255, 255, 255))
    half[:, :320] = (0, 0, 0)

    sig = colour_signature(half)

    assert sig.shape == (2, 4)
    assert sorted(sig[:, 0].tolist()) == pytest.approx([0.5, 0.5])
    assert sorted(sig[:, 1].tolist()) == pytest.approx([0.0, 100.0], abs=0.01)  # L* of black and white


def test_a_small_change_is_a_change_and_noise_is_not() -> None:
    a = page()
    b = a.copy()
    b[100:140, 300:400] = (255, 0, 0)
    noisy = np.clip(a.astype(np.int16) + 6, 0, 255).astype(np.uint8)

    assert changed(a, b)
    assert not changed(a, noisy)
    assert not changed(a, a.copy())


def test_the_overlay_marks_where_the_app_differs() -> None:
    keyframe = page()
    app = keyframe.copy()
    app[280:340, 400:600] = (220, 38, 38)  # a red box the video does not have

    picture, share = diff_overlay(keyframe, app, width=320)

    assert picture.shape == (180, 320, 3)
    assert share == pytest.approx(100 * 30 / (320 * 180), rel=0.3)
    region = picture[140:170, 200:300].astype(int)
    assert (region[..., 0] - region[..., 1]).mean() > 100  # magenta there ...
    _, none = diff_overlay(keyframe, keyframe.copy(), width=320)
    assert none == 0.0  # ... and nowhere when nothing differs
