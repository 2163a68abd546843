"""Colours sampled from pixels come back as painted."""

from __future__ import annotations

import numpy as np

from replicast.vision.base import Box
from replicast.vision.detect import detect_elements
from replicast.vision.style import (
    background_around,
    colour_mode,
    contrast,
    fill_colour,
    hex_colour,
    is_link_colour,
    rule_below,
    text_colour,
    vertical_fade,
)
from tests.vision.render import Canvas, form_screen


def test_hex_colour() -> None:
    assert hex_colour((0, 123, 255)) == "#007bff"


def test_colour_mode_is_the_commonest_colour() -> None:
    px = np.array([[10, 20, 30]] * 5 + [[200, 200, 200]] * 3, np.uint8)
    assert colour_mode(px) == (10, 20, 30)


def test_text_and_background_colours() -> None:
    c = Canvas(background=(240, 244, 248))
    drawn = c.text(40, 40, "Coloured words", size=20, colour=(200, 30, 60))
    rgb = c.rgb()
    assert background_around(rgb, drawn) == (240, 244, 248)
    fg = text_colour(rgb, drawn)
    assert fg is not None and max(abs(a - b) for a, b in zip(fg, (200, 30, 60), strict=True)) <= 8


def test_fill_ignores_the_text_on_it() -> None:
    c = Canvas()
    box = c.rect("b", Box(20, 20, 160, 40), fill=(40, 167, 69))
    label = c.text_centred(box, "Save changes")
    assert fill_colour(c.rgb(), box, exclude=[label]) == (40, 167, 69)


def test_detected_styles_match_what_was_painted() -> None:
    c = form_screen()
    els = {e.role: e for e in detect_elements(c.rgb(), c.lines)}
    button = els["button"].style
    assert button.background == "#007bff"
    assert button.color == "#ffffff"
    assert button.font_size is not None and abs(button.font_size - 16) <= 2
    field = els["input"].style
    assert field.border_color == "#ced4da"
    assert field.background == "#ffffff"
    assert els["link"].style.color == "#0064e6"
    assert els["heading"].style.font_weight == "bold"
    assert els["text"].style.font_weight == "normal"


def test_link_colour_rule() -> None:
    body = (33, 37, 41)
    assert is_link_colour((0, 123, 255), body)
    assert is_link_colour((39, 104, 144), body)
    assert not is_link_colour((17, 26, 53), body)  # dark navy body text
    assert not is_link_colour((190, 90, 50), body)  # an orange theme colour
    assert contrast((0, 0, 0), (255, 255, 255)) == 21.0


def _bar(rows: np.ndarray) -> np.ndarray:
    """A 200 px wide bar on a light page, its rows painted `rows` (N x 3)."""
    image = np.full((80, 260, 3), 236, np.uint8)
    image[20 : 20 + len(rows), 30:230] = rows[:, None, :]
    return image


def test_a_vertical_gradient_fill_is_read_from_top_to_bottom() -> None:
    top, bottom = np.array([156.0, 138, 130]), np.array([132.0, 119, 112])
    rows = np.linspace(top, bottom, 15).round().astype(np.uint8)
    noisy = _bar(rows).astype(np.int16) + np.random.default_rng(1).integers(-2, 3, (80, 260, 3))

    fade = vertical_fade(np.clip(noisy, 0, 255).astype(np.uint8), Box(30, 20, 200, 15))

    assert fade is not None
    for got, want in zip((*fade[0], *fade[1]), (*top, *bottom), strict=True):
        assert abs(got - want) <= 3


def test_one_colour_or_a_strip_over_a_body_is_no_gradient() -> None:
    flat = np.full((30, 3), 120, np.uint8)
    strip = np.concatenate([np.full((10, 3), 90, np.uint8), np.full((20, 3), 250, np.uint8)])

    assert vertical_fade(_bar(flat), Box(30, 20, 200, 30)) is None
    assert vertical_fade(_bar(strip), Box(30, 20, 200, 30)) is None


def test_a_rule_under_a_bar_is_its_bottom_border() -> None:
    bar = np.full((15, 3), 140, np.uint8)
    image = _bar(np.concatenate([bar, np.full((1, 3), 100, np.uint8)]))  # the rule, then the page
    image[36:, 30:230] = 250  # a white card under the bar

    assert rule_below(image, Box(30, 20, 200, 15)) == ((100, 100, 100), 1)
    assert rule_below(image, Box(30, 20, 200, 16)) is None  # the box that holds the rule has none under it


def test_a_shadow_under_a_box_is_no_rule() -> None:
    image = np.full((80, 260, 3), 236, np.uint8)
    image[20:40, 30:230] = 255
    for k, level in enumerate((200, 212, 220, 226, 230, 233)):  # darkest at the edge, fading out
        image[40 + k, 30:230] = level

    assert rule_below(image, Box(30, 20, 200, 20)) is None


def test_light_text_tinted_by_its_coloured_ground_is_no_link_colour() -> None:
    body = (58, 59, 69)
    sidebar = (78, 115, 223)
    # white at 80 % over sb-admin's blue sidebar: light blue, the sidebar's hue
    assert is_link_colour((205, 226, 255), body)
    assert not is_link_colour((205, 226, 255), body, ground=sidebar)
    # a link blue on a white page, or a light blue link on a neutral dark page, still is one
    assert is_link_colour((0, 123, 255), body, ground=(255, 255, 255))
    assert is_link_colour((88, 166, 255), (201, 209, 217), ground=(13, 17, 23))
