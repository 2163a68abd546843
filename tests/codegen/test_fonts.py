"""The font family told apart by text widths: texts drawn in Liberation Sans fit Helvetica's metrics,
texts drawn in DejaVu Sans fit Verdana's."""

from __future__ import annotations

import pytest
from PIL import ImageFont

from replicast.codegen.fonts import HELVETICA, VERDANA, font_family
from replicast.codegen.theme import Theme
from replicast.spec.models import AppSpec, Element, Screen, Style
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
