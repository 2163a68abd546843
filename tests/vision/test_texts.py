"""Font weight of a text line from its stroke width: regular and bold faces, dark on light and light on
dark, small and large, with an icon or an underline in the OCR box."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from replicast.media.base import Rgb
from replicast.vision.base import Box, TextLine
from replicast.vision.texts import analyse_line, is_check_mark

FACES = {
    "dejavu": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    "liberation": (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
}
WHITE = (255, 255, 255)
DARK_ON_LIGHT = ((33, 37, 41), WHITE)
LIGHT_ON_DARK = (WHITE, (59, 89, 152))  # a "Sign in using Facebook" button


def _line(
    text: str, face: str, size: int, bold: bool, colours: tuple[tuple[int, int, int], tuple[int, int, int]]
) -> tuple[Rgb, TextLine]:
    """`text` drawn on a plain fill, with the loose box (2 px around the ink) an OCR engine reports."""
    fg, bg = colours
    img = Image.new("RGB", (480, 80), bg)
    ImageDraw.Draw(img).text((30, 20), text, fill=fg, font=ImageFont.truetype(FACES[face][bold], size))
    rgb = np.asarray(img, dtype=np.uint8).copy()
    return rgb, TextLine(text, _loose_box(rgb, bg), 0.95)


def _loose_box(rgb: Rgb, bg: tuple[int, int, int]) -> Box:
    ys, xs = np.nonzero(np.abs(rgb.astype(np.int16) - np.asarray(bg, np.int16)).max(axis=2) > 24)
    return Box(
        int(xs.min()) - 2, int(ys.min()) - 2, int(xs.max() - xs.min()) + 5, int(ys.max() - ys.min()) + 5
    )


@pytest.mark.parametrize("face", list(FACES))
@pytest.mark.parametrize("size", [13, 24])
@pytest.mark.parametrize("colours", [DARK_ON_LIGHT, LIGHT_ON_DARK], ids=["dark-on-light", "light-on-dark"])
@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_weight_follows_the_face(
    face: str, size: int, colours: tuple[tuple[int, int, int], tuple[int, int, int]], bold: bool
) -> None:
    rgb, line = _line("Sign in using Facebook", face, size, bold, colours)
    assert analyse_line(rgb, 0, line).weight == ("bold" if bold else "normal")


def _with_icon(
    text: str, bold: bool, icon: tuple[int, int], colours: tuple[tuple[int, int, int], tuple[int, int, int]]
) -> tuple[Rgb, TextLine]:
    """A 16 px line after a solid rounded square (a logo glyph) spanning rows `icon` (top, bottom)."""
    fg, bg = colours
    img = Image.new("RGB", (300, 60), bg)
    draw = ImageDraw.Draw(img)
    top, bottom = icon
    draw.rounded_rectangle([20, top, 20 + bottom - top, bottom], radius=3, fill=fg)
    draw.text((46, 19), text, fill=fg, font=ImageFont.truetype(FACES["liberation"][bold], 16))
    rgb = np.asarray(img, dtype=np.uint8).copy()
    return rgb, TextLine(text, _loose_box(rgb, bg), 0.9)


@pytest.mark.parametrize("colours", [DARK_ON_LIGHT, LIGHT_ON_DARK], ids=["dark-on-light", "light-on-dark"])
def test_a_solid_icon_in_the_box_does_not_make_a_short_line_bold(
    colours: tuple[tuple[int, int, int], tuple[int, int, int]],
) -> None:
    # as tall as the letters: all its ink sits within the line's height
    rgb, line = _with_icon("Log in", False, (23, 34), colours)
    assert analyse_line(rgb, 0, line).weight == "normal"


@pytest.mark.parametrize("colours", [DARK_ON_LIGHT, LIGHT_ON_DARK], ids=["dark-on-light", "light-on-dark"])
def test_a_tall_icon_does_not_hide_a_bold_line(
    colours: tuple[tuple[int, int, int], tuple[int, int, int]],
) -> None:
    # taller than the letters: the line's height (so its em) is the letters', not the icon's
    rgb, line = _with_icon("Log in", True, (15, 40), colours)
    assert analyse_line(rgb, 0, line).weight == "bold"


def test_an_underlined_link_with_descenders_stays_regular() -> None:
    img = Image.new("RGB", (400, 60), WHITE)
    draw = ImageDraw.Draw(img)
    f = ImageFont.truetype(FACES["liberation"][False], 16)
    draw.text((20, 18), "array query", fill=(39, 104, 144), font=f)
    x0, _, x1, y1 = draw.textbbox((20, 18), "array query", font=f)
    # a browser's underline crosses the descenders a pixel or two above their ends
    draw.line([(x0, y1 - 2), (x1, y1 - 2)], fill=(39, 104, 144), width=1)
    rgb = np.asarray(img, dtype=np.uint8).copy()
    loose = _loose_box(rgb, WHITE)
    box = Box(loose.x, loose.y, loose.w, loose.h - 2)  # tight at the bottom: the underline is in the box
    info = analyse_line(rgb, 0, TextLine("array query", box, 0.9))
    assert info.underline
    assert info.weight == "normal"


@pytest.mark.parametrize(
    ("struck", "text"), [(True, "Book flights"), (False, "Book flights"), (False, "HEADER")]
)
def test_a_line_through_the_glyphs_is_a_strike(struck: bool, text: str) -> None:
    # Given a done item, struck through at half its x-height (a browser's line-through), and lines
    # without one (capitals have full rows of their own only at their top and bottom bars)
    img = Image.new("RGB", (400, 60), WHITE)
    draw = ImageDraw.Draw(img)
    f = ImageFont.truetype(FACES["liberation"][False], 24)
    draw.text((20, 14), text, fill=(160, 160, 160), font=f)
    x0, y0, x1, y1 = draw.textbbox((20, 14), text, font=f)
    if struck:
        middle = y0 + round(0.55 * (y1 - y0))
        draw.line([(x0, middle), (x1, middle)], fill=(160, 160, 160), width=2)
    rgb = np.asarray(img, dtype=np.uint8).copy()

    info = analyse_line(rgb, 0, TextLine(text, _loose_box(rgb, WHITE), 0.9))

    assert info.strike is struck


def test_a_line_of_symbols_has_no_weight() -> None:
    rgb, line = _line("▼ ■", "dejavu", 24, True, DARK_ON_LIGHT)
    assert analyse_line(rgb, 0, line).weight == "normal"


def test_a_link_underlined_inside_a_sentence_does_not_make_the_line_look_larger() -> None:
    img = Image.new("RGB", (400, 60), WHITE)
    draw = ImageDraw.Draw(img)
    f = ImageFont.truetype(FACES["liberation"][False], 12)
    draw.text((20, 20), "Part of ", fill=(166, 166, 166), font=f)
    x = 20 + draw.textlength("Part of ", font=f)
    draw.text((x, 20), "TodoMVC", fill=(166, 166, 166), font=f)
    _, _, x1, _ = draw.textbbox((x, 20), "TodoMVC", font=f)
    *_, base = draw.textbbox((20, 20), "P", font=f)
    draw.line([(x, base + 2), (x1, base + 2)], fill=(166, 166, 166), width=1)  # under "TodoMVC" only
    rgb = np.asarray(img, dtype=np.uint8).copy()
    loose = _loose_box(rgb, WHITE)
    tight = Box(loose.x + 2, loose.y + 2, loose.w - 4, loose.h - 4)  # as the OCR clean-up leaves it
    info = analyse_line(rgb, 0, TextLine("Part of TodoMVC", tight, 0.9))
    assert abs(info.em - 12) <= 1.5, info.em


@pytest.mark.parametrize(
    "path",
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf",
    ],
    ids=["dejavu-oblique", "liberation-italic"],
)
@pytest.mark.parametrize("size", [13, 24])
def test_a_leaning_line_is_italic_and_an_upright_one_is_not(path: str, size: int) -> None:
    text = "What needs to be done?"
    img = Image.new("RGB", (480, 80), WHITE)
    ImageDraw.Draw(img).text((30, 20), text, fill=(117, 117, 117), font=ImageFont.truetype(path, size))
    rgb = np.asarray(img, dtype=np.uint8).copy()
    assert analyse_line(rgb, 0, TextLine(text, _loose_box(rgb, WHITE), 0.9)).italic
    for face in FACES:
        upright, line = _line(text, face, size, False, DARK_ON_LIGHT)
        assert not analyse_line(upright, 0, line).italic


def test_the_90th_percentile_of_differences_is_numpys() -> None:
    from replicast.vision.texts import _percentile_90

    rng = np.random.default_rng(4)
    for n in (1, 2, 9, 10, 11, 300):
        ints = rng.integers(0, 255, n).astype(np.int16)
        floats = rng.random(n) * 100
        assert _percentile_90(ints) == float(np.percentile(ints, 90))
        assert _percentile_90(floats) == float(np.percentile(floats, 90))


@pytest.mark.parametrize("face", sorted(FACES))
@pytest.mark.parametrize("letter", ["V", "v"])
def test_a_v_is_a_letter_and_a_check_mark_read_as_one_is_not(face: str, letter: str) -> None:
    rgb, line = _line(letter, face, 20, False, DARK_ON_LIGHT)
    assert not is_check_mark(rgb, analyse_line(rgb, 0, line))
    # the light grey tick of a list row, drawn as strokes: short down-right, long up-right
    img = Image.new("RGB", (480, 80), WHITE)
    ImageDraw.Draw(img).line([(30, 32), (35, 39), (44, 22)], fill=(200, 200, 200), width=3)
    tick = np.asarray(img, dtype=np.uint8).copy()
    info = analyse_line(tick, 0, TextLine(letter, _loose_box(tick, WHITE), 0.6))
    assert is_check_mark(tick, info)


# "12" in a table cell of a Chromium screen recording (Datasette, 14 px Helvetica-like face), as ink
TWELVE = [
    "...##.....#####.",
    ".####....##..###",
    ".#.##....##...##",
    "...##.........##",
    "...##.........##",
    "...##........##.",
    "...##.......##..",
    "...##......##...",
    "...##.....##....",
    "...##.....#.....",
    "...##....##.....",
    "#######..#######",
]


@pytest.mark.parametrize("underlined", [False, True])
def test_the_feet_of_a_number_are_no_underline(underlined: bool) -> None:
    # Given the number's own feet filling its bottom row but for the gap between the glyphs, or the
    # same number with a rule under it
    rows = [*TWELVE, *(["................", "################"] if underlined else [])]
    rgb = np.full((40, 60, 3), 248, np.uint8)
    ink = np.array([[c == "#" for c in r] for r in rows])
    rgb[10 : 10 + len(rows), 20:36][ink] = (100, 101, 104)

    info = analyse_line(rgb, 0, TextLine("12", Box(20, 10, 16, len(TWELVE)), 0.99))

    assert info.underline is underlined
