"""The font family told apart by text widths: texts drawn in Liberation Sans fit Helvetica's metrics,
texts drawn in DejaVu Sans fit Verdana's."""

from __future__ import annotations

import pytest
from PIL import ImageFont

from replicast.codegen.fonts import HELVETICA, VERDANA, fit_sizes, font_family
from replicast.codegen.theme import Theme
from replicast.spec.models import AppSpec, Element, Screen, Style
from replicast.vision.base import Box
from replicast.vision.typography import inline_box
from tests.codegen.specs import video

TEXTS = (
    "Sign in to start your session",
    "Remember Me",
    "Forgot password?",
    "Create an Account!",
    "Total: 42",
)
FONTS = "/usr/share/fonts/truetype"


def spec_drawn_in(path: str, size: int = 16) -> AppSpec:
    font = ImageFont.truetype(path, size)
    elements = []
    for i, text in enumerate(TEXTS):
        left, top, right, bottom = font.getbbox(text)  # the glyphs' ink, as OCR boxes them
        elements.append(
            Element(
                id=f"t{i}",
                role="text",
                bbox=[10, 30 * i, right - left, bottom - top],
                text=text,
                style=Style(font_size=size),
            )
        )
    return AppSpec(video=video(), screens=[Screen(id="s", t=0, elements=elements)])


@pytest.mark.parametrize(
    ("path", "family"),
    [
        (f"{FONTS}/liberation/LiberationSans-Regular.ttf", HELVETICA),
        (f"{FONTS}/dejavu/DejaVuSans.ttf", VERDANA),
    ],
)
def test_the_family_whose_widths_fit_the_texts_is_chosen(path: str, family: object) -> None:
    assert font_family(spec_drawn_in(path)) is family


def test_too_few_texts_cannot_tell_and_the_theme_names_the_stack() -> None:
    spec = AppSpec(video=video(), screens=[Screen(id="s", t=0)])

    assert font_family(spec) is None
    assert f"--font-sans: {HELVETICA.stack};" in Theme(font=HELVETICA.stack).css()


@pytest.mark.parametrize("size", [12, 14, 24])
def test_sizes_are_read_from_the_widths_in_the_apps_family(size: int) -> None:
    font = ImageFont.truetype(f"{FONTS}/liberation/LiberationSans-Regular.ttf", size)
    elements = []
    for i, text in enumerate(TEXTS):
        left, top, right, bottom = font.getbbox(text)
        # the box the parser gives a line (its inline box), with a size off by the px its ink height
        # rounds to (hinted glyphs are whole px tall)
        box = inline_box(text, Box(10, 30 * i, right - left, bottom - top))
        off = size * (1.09 if i % 2 else 0.93)
        elements.append(
            Element(
                id=f"t{i}",
                role="text",
                bbox=[box.x, box.y, box.w, box.h],
                text=text,
                style=Style(font_size=off),
            )
        )
    elements.append(  # a button is wider than its text: its width tells nothing
        Element(id="b", role="button", bbox=[0, 200, 300, 40], text="Sign in", style=Style(font_size=15))
    )
    spec = AppSpec(video=video(), screens=[Screen(id="s", t=0, elements=elements)])

    fitted = fit_sizes(spec, HELVETICA).screens[0].elements

    for e in fitted[:-1]:
        assert e.style is not None and e.style.font_size == pytest.approx(size, rel=0.04), e.text
    assert fitted[-1] == elements[-1]


def test_a_width_far_from_the_height_keeps_the_height() -> None:
    # a text whose box holds more than its text (an icon beside it, words run together by OCR)
    e = Element(id="t", role="text", bbox=[0, 0, 400, 20], text="Remember Me", style=Style(font_size=16))
    spec = AppSpec(video=video(), screens=[Screen(id="s", t=0, elements=[e])])

    assert fit_sizes(spec, HELVETICA).screens[0].elements[0] == e
