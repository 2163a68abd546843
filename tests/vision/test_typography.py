"""Font size and inline box from ink, per letter shapes."""

from __future__ import annotations

import pytest

from replicast.vision.base import Box
from replicast.vision.typography import em_estimate, ink_ratio, inline_box
from tests.vision.render import Canvas


@pytest.mark.parametrize(
    ("text", "ratio"),
    [
        ("Happy", 0.93),
        ("Title", 0.72),
        ("1920", 0.72),
        ("were", 0.52),
        ("now", 0.52),
        ("genre", 0.73),
        ("json,", 0.93),  # the j's dot reaches a capital's height
        ("SQL", 0.72),  # the Q's tail is no descender
    ],
)
def test_ink_ratio_follows_the_letters(text: str, ratio: float) -> None:
    assert ink_ratio(text) == pytest.approx(ratio)


@pytest.mark.parametrize("size", [12, 16, 24, 40])
def test_em_estimate_recovers_the_drawn_size(size: int) -> None:
    c = Canvas()
    ink = c.text(20, 20, "Sign in today", size=size)
    # the ratios are Arial's; DejaVu's ascenders and descenders are ~7% longer, and small text rounds up
    assert em_estimate("Sign in today", ink.h) == pytest.approx(size, rel=0.18)


def test_inline_box_contains_the_ink_and_is_about_one_line_tall() -> None:
    ink = Box(100, 100, 80, 15)
    box = inline_box("Happy", ink)
    assert box.y <= ink.y and box.y2 >= ink.y2
    assert box.h == round(1.15 * em_estimate("Happy", 15))
