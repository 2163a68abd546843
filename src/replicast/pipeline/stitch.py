"""Scrolled keyframes of one screen stitched into one full-height page image.

`vertical_shift(a, b)` finds how far the page scrolled between two frames (the band between a fixed
header and footer moved up by `dy` px), to the pixel: a coarse search on 4x-shrunk images over every
shift that leaves a third of the band overlapping, then the exact shift within ±4 px at full size.
`stitch(images)` chains the shifts of consecutive frames and pastes each frame's band at its offset,
so the result is the page as tall as the recording showed it, with the viewport position (the page y
of the frame's top edge) of every frame.

    page = stitch([k.rgb for k in keyframes_of_one_screen])
    page.image                 # H x W x 3, the header once, the scrolled band, the footer once
    page.offsets               # page y of each frame's viewport top (None: did not line up)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Gray, Rgb, rgb_to_luma

_COARSE = 4
"""shrink factor of the coarse search."""


@dataclass(frozen=True, slots=True)
class Shift:
    """`b` shows the page `dy` px further down than `a` (content moved up by dy; negative: scrolled up)."""

    dy: int
    error: float
    """mean absolute luma difference of the overlap once aligned (codec noise is 1-3)."""
    header: int
    """rows at the top that did not move (a sticky header), px."""
    footer: int
    """rows at the bottom that did not move, px."""
    fixed: int = 0
    """columns of the scrolled band that show something and did not move (a fixed sidebar), px."""


@dataclass(frozen=True, slots=True)
class ShiftConfig:
    still: float = 1.0
    """a row whose mean difference stays under this did not change (fixed header/footer rows)."""
    min_overlap: float = 0.3
    """the shifted band overlaps itself by at least this share of its height."""
    max_error: float = 6.0
    """mean luma difference of the aligned overlap above which the frames do not line up."""
    gain: float = 0.35
    """the aligned difference is at most this share of the unaligned one (else it is not a scroll)."""
    texture: float = 2.0
    """rows whose luma varies less than this (std) are blank: they match at any shift."""


@dataclass(frozen=True, slots=True)
class Stitched:
    image: Rgb
    offsets: tuple[int | None, ...]
    """per input frame: the page y of its viewport's top (0 for the topmost), None if it did not chain."""
    header: int
    footer: int
    fixed: int = 0
    """the most columns that stayed put while the rest scrolled (a fixed sidebar), over the shifts."""


def vertical_shift(a: Gray, b: Gray, cfg: ShiftConfig | None = None) -> Shift | None:
    """How far the page scrolled from `a` to `b`, or None when `b` is not `a` scrolled vertically.

    Returns Shift(dy=0) for identical frames. Raises ValueError for frames of different sizes.
    """
    cfg = cfg or ShiftConfig()
    if a.shape != b.shape:
        raise ValueError(f"frames differ in size: {a.shape} vs {b.shape}")
    h = a.shape[0]
    rows = np.abs(a.astype(np.int16) - b).mean(axis=1)
    moved = np.nonzero(rows >= cfg.still)[0]
    if len(moved) == 0:
        return Shift(0, 0.0, 0, 0)
    header, footer = int(moved[0]), h - 1 - int(moved[-1])
    band_a, band_b = a[header : h - footer], b[header : h - footer]
    if band_a.shape[0] < 16:
        return None
    base = float(np.abs(band_a.astype(np.int16) - band_b).mean())
    coarse = _coarse_shift(band_a, band_b, cfg)
    if coarse is None:
        return None
    lo, hi = coarse * _COARSE - _COARSE, coarse * _COARSE + _COARSE
    found = _best_shift(band_a, band_b, range(lo, hi + 1), cfg)
    if found is None:
        return None
    dy, err = found
    if dy == 0 or err > cfg.max_error or err > cfg.gain * base:
        return None
    return Shift(dy, err, header, footer, _fixed_columns(band_a, band_b, cfg))


def _fixed_columns(a: Gray, b: Gray, cfg: ShiftConfig) -> int:
    """Columns that show something (vary down the band) yet did not change while the rest scrolled."""
    still = np.abs(a.astype(np.int16) - b).mean(axis=0) < cfg.still
    textured = a.astype(np.float32).std(axis=0) >= cfg.texture
    return int((still & textured).sum())


def _coarse_shift(a: Gray, b: Gray, cfg: ShiftConfig) -> int | None:
    h, w = a.shape
    size = (max(1, w // _COARSE), max(1, h // _COARSE))
    sa = np.asarray(cv2.resize(a, size, interpolation=cv2.INTER_AREA), np.uint8)
    sb = np.asarray(cv2.resize(b, size, interpolation=cv2.INTER_AREA), np.uint8)
    n = sa.shape[0]
    reach = int(n * (1 - cfg.min_overlap))
    found = _best_shift(sa, sb, range(-reach, reach + 1), cfg)
    return None if found is None else found[0]


def _best_shift(a: Gray, b: Gray, shifts: range, cfg: ShiftConfig) -> tuple[int, float] | None:
    """The shift with the least mean difference over textured overlapping rows."""
    h = a.shape[0]
    fa, fb = a.astype(np.float32), b.astype(np.float32)
    textured = fa.std(axis=1) >= cfg.texture
    need = max(2, int(cfg.min_overlap * h * 0.5))
    best: tuple[int, float] | None = None
    for dy in shifts:
        if abs(dy) >= h:
            continue
        # b's row r shows what a's row r + dy showed
        ra = slice(max(0, dy), min(h, h + dy))
        rb = slice(max(0, -dy), min(h, h - dy))
        keep = textured[ra]
        if int(keep.sum()) < need:
            continue
        err = float(np.abs(fa[ra][keep] - fb[rb][keep]).mean())
        if best is None or err < best[1]:
            best = (dy, err)
    return best


def stitch(
    images: Sequence[Rgb], lumas: Sequence[Gray] | None = None, cfg: ShiftConfig | None = None
) -> Stitched:
    """One tall image of the page the frames scrolled through, and where each frame's viewport was.

    Frames that do not line up with the one before them are left out (offset None). Raises ValueError
    without frames or with frames of different sizes.
    """
    if not images:
        raise ValueError("stitch needs at least one frame")
    shape = images[0].shape
    if any(im.shape != shape for im in images):
        raise ValueError("stitch: frames differ in size")
    grey = list(lumas) if lumas is not None else [rgb_to_luma(im) for im in images]
    h = shape[0]
    offsets: list[int | None] = [0]
    header = footer = h
    fixed = 0
    last = 0
    for i in range(1, len(images)):
        s = vertical_shift(grey[last], grey[i], cfg)
        if s is None:
            offsets.append(None)
            continue
        base = offsets[last]
        assert base is not None
        offsets.append(base + s.dy)
        if s.dy:
            header, footer = min(header, s.header), min(footer, s.footer)
            fixed = max(fixed, s.fixed)
        last = i
    if header + footer >= h:
        header = footer = 0
    return _paste(images, offsets, header, footer, fixed)


def _paste(
    images: Sequence[Rgb], offsets: list[int | None], header: int, footer: int, fixed: int
) -> Stitched:
    h, w = images[0].shape[:2]
    known = [o for o in offsets if o is not None]
    top = min(known)
    shifted = [None if o is None else o - top for o in offsets]
    band = h - header - footer
    height = header + max(o for o in shifted if o is not None) + band + footer
    canvas: NDArray[np.uint8] = np.zeros((height, w, 3), np.uint8)
    first = next(i for i, o in enumerate(shifted) if o is not None)
    canvas[:header] = images[first][:header]
    # later frames paint over earlier ones: they show the page as it was last seen
    for im, o in zip(images, shifted, strict=True):
        if o is not None:
            canvas[header + o : header + o + band] = im[header : h - footer]
    if footer:
        canvas[height - footer :] = images[first][h - footer :]
    return Stitched(canvas, tuple(shifted), header, footer, fixed)
