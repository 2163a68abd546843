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


LINK_HUES = (180.0, 300.0)
"""Link colours without an underline are blue to purple (visited) almost everywhere; a theme's orange or
green text is more often a date or a badge than a link."""


def is_link_colour(c: Colour, body: Colour | None) -> bool:
    """A colour that reads as a link: clearly coloured, blue-ish and clearly unlike the body text colour."""
    if chroma(c) < 50 or not LINK_HUES[0] <= hsv(c)[0] <= LINK_HUES[1]:
        return False
    return body is None or distance(c, body) >= 48 or chroma(c) - chroma(body) >= 40
