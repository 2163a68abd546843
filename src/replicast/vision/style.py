"""Colours and text style sampled from pixels.

Colours are modes of jointly quantised RGB (5 bits per channel), so the answer is a colour that occurs,
not a per-channel blend; the reported value is the median of the pixels in the winning bin.

    bg = background_around(rgb, box)        # (r, g, b) just outside a box
    fg = text_colour(rgb, line.box)         # the glyphs' colour, not the anti-aliased blend
    hex_colour(fg)                          # "#1f2d3d"
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.textlines import clip_box, column_median

Colour = tuple[int, int, int]
LUMA = np.array([0.299, 0.587, 0.114])
"""BT.601 weights: `rgb @ LUMA` is the luma of RGB pixels."""


def hex_colour(c: Colour) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, int(v))) for v in c))


def colour_mode(pixels: NDArray[np.uint8]) -> Colour | None:
    """The most common colour of N x 3 pixels (5-bit joint bins), as the median of its bin."""
    px = pixels.reshape(-1, 3)
    if px.shape[0] == 0:
        return None
    q = px.astype(np.int32) >> 3
    keys = (q[:, 0] << 10) | (q[:, 1] << 5) | q[:, 2]
    if keys.size < 2048:  # small samples: sorting beats a 32k-bin histogram
        vals, counts = np.unique(keys, return_counts=True)
        best = int(vals[counts.argmax()])
    else:
        best = int(np.bincount(keys).argmax())
    sel = px[keys == best]
    med = column_median(sel)
    return (int(med[0]), int(med[1]), int(med[2]))


def distance(a: Colour, b: Colour) -> float:
    """Max channel difference (0..255): cheap and enough to tell UI colours apart."""
    return float(max(abs(a[0] - b[0]), abs(a[1] - b[1]), abs(a[2] - b[2])))


def luminance(c: Colour) -> float:
    """WCAG relative luminance (0..1)."""

    def lin(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else float(((s + 0.055) / 1.055) ** 2.4)

    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])


def contrast(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio (1..21)."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def hsv(c: Colour) -> tuple[float, float, float]:
    """Hue in degrees, saturation and value in 0..1."""
    h, s, v = colorsys.rgb_to_hsv(c[0] / 255, c[1] / 255, c[2] / 255)
    return h * 360, s, v


def ring_pixels(image: Rgb, box: Box, outset: int = 2, width: int = 3) -> NDArray[np.uint8]:
    """Pixels of the band `outset`..`outset + width` px outside `box` (clipped to the image)."""
    h, w = image.shape[:2]
    o, k = outset, outset + width
    parts = []
    x0, x1 = max(0, box.x - k), min(w, box.x2 + k)
    if box.y - o > 0:
        parts.append(image[max(0, box.y - k) : box.y - o, x0:x1].reshape(-1, 3))
    if box.y2 + o < h:
        parts.append(image[box.y2 + o : min(h, box.y2 + k), x0:x1].reshape(-1, 3))
    y0, y1 = max(0, box.y), min(h, box.y2)
    if box.x - o > 0:
        parts.append(image[y0:y1, max(0, box.x - k) : box.x - o].reshape(-1, 3))
    if box.x2 + o < w:
        parts.append(image[y0:y1, box.x2 + o : min(w, box.x2 + k)].reshape(-1, 3))
    if not parts:
        return np.zeros((0, 3), np.uint8)
    return np.concatenate(parts)


def background_around(image: Rgb, box: Box, outset: int = 2, width: int = 3) -> Colour | None:
    """The colour just outside `box` (UIED takes the ring's mode)."""
    return colour_mode(ring_pixels(image, box, outset, width))


def fill_colour(image: Rgb, box: Box, exclude: Sequence[Box] = (), inset: int = 3) -> Colour | None:
    """The dominant colour inside `box` (inset, ignoring the `exclude` boxes, e.g. its text)."""
    inner = Box(box.x + inset, box.y + inset, box.w - 2 * inset, box.h - 2 * inset)
    c = clip_box(inner, image.shape[1], image.shape[0]) if inner.w > 0 and inner.h > 0 else None
    if c is None:
        return None
    patch = image[c.y : c.y2, c.x : c.x2]
    keep = np.ones(patch.shape[:2], bool)
    for e in exclude:
        ex = Box(e.x - c.x, e.y - c.y, e.w, e.h)
        keep[max(0, ex.y) : max(0, ex.y2), max(0, ex.x) : max(0, ex.x2)] = False
    px = patch[keep]
    return colour_mode(px if px.size else patch.reshape(-1, 3))


def text_colour(image: Rgb, box: Box, background: Colour | None = None) -> Colour | None:
    """The glyph colour inside a text box: the pixels furthest from the background (anti-aliasing pulls
    the mean towards it, so take the far end), as their median."""
    c = clip_box(box, image.shape[1], image.shape[0])
    if c is None:
        return None
    patch = image[c.y : c.y2, c.x : c.x2].reshape(-1, 3)
    if background is None:
        background = background_around(image, c, 0, 2) or colour_mode(patch)
    if background is None:
        return None
    d = np.abs(patch.astype(np.int16) - np.asarray(background, np.int16)).max(axis=1)
    peak = float(d.max())
    if peak < 16:
        return None
    # the solid cores of the glyphs: the most common colour among the strongly contrasting pixels (a
    # median would blend two colours on a line that mixes text and links)
    return colour_mode(patch[d >= 0.6 * peak])


def chroma(c: Colour) -> int:
    """max - min channel: 0 for greys; dark navy body text (#111a35) is ~36, a link blue ~100 (~65 for
    small text in a 4:2:0 video, whose chroma is blurred)."""
    return max(c) - min(c)


TINT = 12
"""chroma from which a light fill is tinted, not grey..."""
TINT_INK = 30
"""...and from which the text on it is coloured..."""
TINT_HUE = 30.0
"""...in the fill's hue (within this many degrees)."""


def tinted_text(ink: Colour, fill: Colour) -> bool:
    """Text in a darker shade of the light tint it lies on (a message box: bootstrap's .alert-*)."""
    if chroma(fill) < TINT or luminance(fill) < 0.45 or chroma(ink) < TINT_INK:
        return False
    turn = abs(hsv(ink)[0] - hsv(fill)[0])
    return min(turn, 360 - turn) <= TINT_HUE and luminance(ink) < luminance(fill)


LINK_HUES = (180.0, 300.0)
"""Link colours without an underline are blue to purple (visited) almost everywhere; a theme's orange or
green text is more often a date or a badge than a link."""


TINTED_GROUND = 60
"""Chroma from which a text's ground is a coloured panel, whose hue light text takes on."""
TINT_HUES = 25.0
"""Degrees within which a text's hue is its coloured ground's."""


def is_link_colour(c: Colour, body: Colour | None, ground: Colour | None = None) -> bool:
    """A colour that reads as a link: clearly coloured, blue-ish and clearly unlike the body text colour,
    and not a tint of a coloured `ground` it lies on (translucent white text over a blue sidebar comes
    out light blue: the panel's hue, not a link's)."""
    if chroma(c) < 50 or not LINK_HUES[0] <= hsv(c)[0] <= LINK_HUES[1]:
        return False
    if ground is not None and chroma(ground) >= TINTED_GROUND:
        turn = abs(hsv(c)[0] - hsv(ground)[0])
        if min(turn, 360.0 - turn) <= TINT_HUES:
            return False
    return body is None or distance(c, body) >= 48 or chroma(c) - chroma(body) >= 40


def straight_fade(
    ys: NDArray[np.float64],
    colours: NDArray[np.float64],
    span: tuple[float, float],
    residual: float,
    drift: float,
) -> tuple[Colour, Colour] | None:
    """The colours at `span`'s two ends of the straight line through `colours` (N x 3, sampled at rows
    `ys`), when most samples lie within `residual` levels of it and its ends differ by at least
    `drift` (largest channel difference): a linear gradient. None otherwise."""
    slope, start = np.polyfit(ys, colours, 1)  # per channel
    off = np.abs(colours - (np.outer(ys, slope) + start)).max(axis=1)
    if float(np.quantile(off, 0.8)) > residual:
        return None
    top, bottom = start + slope * span[0], start + slope * span[1]
    if float(np.abs(top - bottom).max()) < drift:
        return None
    return _clamp(top), _clamp(bottom)


def _clamp(v: NDArray[np.float64]) -> Colour:
    r, g, b = (max(0, min(255, round(float(c)))) for c in v)
    return (r, g, b)


FADE_DRIFT = 16.0
"""A box's fill fades when its top and bottom differ by at least this much (largest channel)."""
FADE_RESIDUAL = 3.0
"""... and most of its rows lie within this many levels of the straight line between them."""


def vertical_fade(image: Rgb, box: Box, inset: int = 2) -> tuple[Colour, Colour] | None:
    """The top and bottom colours of a box whose fill is a vertical linear gradient (an old-style bar
    or button), from the median colour of each row of its inside; None for a fill of one colour or
    one that steps (a header strip over a body: no straight line runs through its rows)."""
    c = clip_box(Box(box.x + inset, box.y, box.w - 2 * inset, box.h), image.shape[1], image.shape[0])
    if c is None or c.h < 6 or c.w < 6:
        return None
    rows = np.median(image[c.y : c.y2, c.x : c.x2].astype(np.float64), axis=1)
    # the top and bottom rows may be a border or an edge highlight: read the fill between them
    ys = np.arange(c.y, c.y2, dtype=np.float64)[1:-1]
    return straight_fade(ys, rows[1:-1], (box.y, box.y2 - 1), FADE_RESIDUAL, FADE_DRIFT)


RULE_CONTRAST = 12.0
"""A rule along a box's edge differs from the fill inside and the page outside by at least this much."""


def rule_below(image: Rgb, box: Box) -> tuple[Colour, int] | None:
    """A line of its own colour, 1 or 2 px, right under `box` and as wide (a `border-bottom`): its
    colour and width. The line is darker (or lighter) than both the fill above it and what lies below,
    and ends in one step; a shadow fades out row by row."""
    x0, x1 = box.x + 2, box.x2 - 2
    if box.y < 1 or box.y2 + 4 > image.shape[0] or x1 - x0 < 8:
        return None
    band = image[box.y2 - 1 : box.y2 + 4, x0:x1].astype(np.float64)
    rows = np.median(band, axis=1)
    inside, line = rows[0], rows[1]
    if float(np.median(np.abs(band[1] - line), axis=0).max()) > 4:
        return None  # not one colour along the edge
    width = 2 if float(np.abs(rows[2] - line).max()) <= 6 else 1
    after, further = rows[1 + width], rows[2 + width]
    into, out = float((line - inside) @ LUMA), float((line - after) @ LUMA)
    if into * out <= 0:
        return None  # between the two in lightness: the edge of a shadow, not a line of its own
    steps = (float(np.abs(line - inside).max()), float(np.abs(line - after).max()))
    if min(steps) < RULE_CONTRAST or float(np.abs(after - further).max()) > 0.3 * steps[1]:
        return None
    return _clamp(line), width
