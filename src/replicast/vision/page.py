"""The page's own paint: the colour (or vertical gradient) behind every element of a screen.

The page is what no element covers. Its colour is the mode of the uncovered pixels; when no colour
holds the uncovered area (a gradient has a new colour every few rows) the rows are read one band at
a time: a page whose bands are each one colour and whose colour drifts steadily from top to bottom is
a vertical gradient, drawn from the top band's colour to the bottom band's.

    paint = page_paint(rgb, [e.box for e in elements])
    paint.top, paint.bottom          # ((78, 115, 223), (34, 74, 190)) or ((255, 255, 255), None)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box
from replicast.vision.style import Colour, colour_mode, straight_fade

_STEP = 4
"""sampling grid of the page, px."""


@dataclass(frozen=True, slots=True)
class PageConfig:
    min_free: float = 0.04
    """share of the screen that must be uncovered to read the page from it (else: the whole screen)."""
    flat: float = 0.45
    """the mode holding at least this share of the uncovered pixels is the page's one colour."""
    band: int = 24
    """height of the bands a gradient is read in, px."""
    band_spread: float = 6.0
    """a band is one colour when its pixels' median absolute deviation is under this (levels)."""
    min_drift: float = 24.0
    """a gradient's top and bottom differ by at least this much (largest channel difference)."""
    max_residual: float = 5.0
    """most bands of a gradient lie within this many levels of the straight line through them."""


@dataclass(frozen=True, slots=True)
class PagePaint:
    top: Colour
    bottom: Colour | None = None
    """the colour at the bottom of a vertical gradient; None for a page of one colour."""


def page_paint(image: Rgb, covered: Sequence[Box], cfg: PageConfig | None = None) -> PagePaint:
    """The paint behind the `covered` boxes (the screen's elements) of `image`."""
    cfg = cfg or PageConfig()
    grid = image[::_STEP, ::_STEP]
    free = np.ones(grid.shape[:2], bool)
    for b in covered:
        free[max(0, b.y) // _STEP : -(-b.y2 // _STEP), max(0, b.x) // _STEP : -(-b.x2 // _STEP)] = False
    if free.mean() < cfg.min_free:
        free[:] = True
    pixels = grid[free]
    mode = colour_mode(pixels)
    if mode is None:
        return PagePaint((255, 255, 255))
    if _share(pixels, mode) >= cfg.flat:
        return PagePaint(mode)
    gradient = _gradient(grid, free, cfg)
    return gradient or PagePaint(mode)


def _share(pixels: NDArray[np.uint8], colour: Colour) -> float:
    near = np.abs(pixels.astype(np.int16) - np.array(colour, np.int16)).max(axis=1) <= 6
    return float(near.mean())


def _gradient(grid: Rgb, free: NDArray[np.bool_], cfg: PageConfig) -> PagePaint | None:
    """The top and bottom colours when the uncovered page is a smooth vertical gradient: each band
    one colour, the colours on a straight line from top to bottom (a shadow may break a few)."""
    rows = max(1, cfg.band // _STEP)
    ys: list[float] = []
    bands: list[NDArray[np.float64]] = []
    for y in range(0, grid.shape[0], rows):
        px = grid[y : y + rows][free[y : y + rows]].astype(np.float64)
        if px.shape[0] < 8:
            continue
        median = np.median(px, axis=0)
        if float(np.median(np.abs(px - median), axis=0).max()) > cfg.band_spread:
            return None  # a band of many colours: texture, a picture, not a gradient
        ys.append((y + rows / 2) * _STEP)
        bands.append(median)
    if len(bands) < 4:
        return None
    height = grid.shape[0] * _STEP
    fade = straight_fade(np.array(ys), np.array(bands), (0, height), cfg.max_residual, cfg.min_drift)
    return None if fade is None else PagePaint(*fade)
