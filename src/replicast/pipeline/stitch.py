"""Scrolled keyframes of one screen stitched into one page image, as tall and as wide as they showed.

`scroll_shift(a, b)` finds how far the page scrolled between two frames, to the pixel: down by `dy`
(the band between a fixed header and footer moved up), sideways by `dx` (the band between fixed left
and right columns moved left), or both at once. Each axis is searched on its own (`vertical_shift`;
`horizontal_shift` is the same search on the transposed frames): a coarse search on 4x-shrunk images
over every shift that leaves a third of the band overlapping, then the exact shift within ±4 px at
full size. When neither axis lines the frames up, a diagonal scroll is tried from the phase
correlation of the shrunk frames, refined likewise. `stitch(images)` chains the shifts of consecutive
frames and pastes each frame's band at its offset, so the result is the page as far as the recording
showed it, with the viewport position (the page x and y of the frame's top-left corner) of every frame.

    page = stitch([k.rgb for k in keyframes_of_one_screen])
    page.image                 # H x W x 3: the header once, the scrolled band, the footer once
    page.offsets               # page position of each frame's viewport (None: did not line up)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Gray, Rgb, rgb_to_luma

_COARSE = 4
"""shrink factor of the coarse search."""


@dataclass(frozen=True, slots=True)
class Shift:
    """`b` shows the page `dy` px further down and `dx` px further right than `a` (content moved up by
    dy and left by dx; negative: scrolled up or left)."""

    dy: int
    error: float
    """mean absolute luma difference of the overlap once aligned (codec noise is 1-3)."""
    header: int = 0
    """rows at the top that did not move (a sticky header), px."""
    footer: int = 0
    """rows at the bottom that did not move, px."""
    fixed_cols: int = 0
    """columns of a vertically scrolled band that show something and did not move (a fixed sidebar)."""
    dx: int = 0
    left: int = 0
    """columns at the left that did not move (a fixed sidebar beside a sideways scroll), px."""
    right: int = 0
    """columns at the right that did not move, px."""
    fixed_rows: int = 0
    """rows of a sideways scrolled band that show something and did not move (a fixed top bar)."""


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
    clean: float = 2.0
    """an overlap aligned along one axis to within this difference needs no diagonal search."""


@dataclass(frozen=True, slots=True)
class Offset:
    """A page position, px: where a viewport's top-left corner was on the stitched page."""

    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Stitched:
    image: Rgb
    offsets: tuple[Offset | None, ...]
    """per input frame: its viewport's position on the page ((0, 0) the top-left-most), None if it did
    not chain."""
    header: int
    footer: int
    left: int = 0
    right: int = 0
    fixed_cols: int = 0
    """the most columns that stayed put while the rest scrolled vertically (a fixed sidebar)."""
    fixed_rows: int = 0
    """the most rows that stayed put while the rest scrolled sideways (a fixed top bar); for a page
    scrolled both ways, also the header and footer rows (they would have to stretch)."""


@dataclass(frozen=True, slots=True)
class _AxisShift:
    """A shift down the first axis of the arrays searched (rows; columns of transposed frames)."""

    d: int
    error: float
    lead: int
    trail: int
    fixed: int


def scroll_shift(a: Gray, b: Gray, cfg: ShiftConfig | None = None) -> Shift | None:
    """How far the page scrolled from `a` to `b` (down, sideways or both), or None when `b` is not `a`
    scrolled. Returns Shift(dy=0) for identical frames. Raises ValueError for frames of different sizes.
    """
    cfg = cfg or ShiftConfig()
    down = vertical_shift(a, b, cfg)
    if down is not None and down.dy == 0:
        return down
    found = [s for s in (down, horizontal_shift(a, b, cfg)) if s is not None]
    if not found or min(s.error for s in found) > cfg.clean:
        # a little sideways drift during a scroll down lines up only roughly along one axis
        found += [s for s in (diagonal_shift(a, b, cfg),) if s is not None]
    return min(found, key=lambda s: s.error) if found else None


def vertical_shift(a: Gray, b: Gray, cfg: ShiftConfig | None = None) -> Shift | None:
    """How far the page scrolled down from `a` to `b`, or None when `b` is not `a` scrolled vertically.

    Returns Shift(dy=0) for identical frames. Raises ValueError for frames of different sizes.
    """
    s = _axis_shift(a, b, cfg or ShiftConfig())
    return None if s is None else Shift(s.d, s.error, header=s.lead, footer=s.trail, fixed_cols=s.fixed)


def horizontal_shift(a: Gray, b: Gray, cfg: ShiftConfig | None = None) -> Shift | None:
    """How far the page scrolled right from `a` to `b`, or None when `b` is not `a` scrolled sideways.

    Returns Shift(dy=0, dx=0) for identical frames. Raises ValueError for frames of different sizes.
    """
    s = _axis_shift(np.ascontiguousarray(a.T), np.ascontiguousarray(b.T), cfg or ShiftConfig())
    return None if s is None else Shift(0, s.error, dx=s.d, left=s.lead, right=s.trail, fixed_rows=s.fixed)


def _axis_shift(a: Gray, b: Gray, cfg: ShiftConfig) -> _AxisShift | None:
    if a.shape != b.shape:
        raise ValueError(f"frames differ in size: {a.shape} vs {b.shape}")
    h = a.shape[0]
    rows = np.abs(a.astype(np.int16) - b).mean(axis=1)
    moved = np.nonzero(rows >= cfg.still)[0]
    if len(moved) == 0:
        return _AxisShift(0, 0.0, 0, 0, 0)
    header, footer = int(moved[0]), h - 1 - int(moved[-1])
    band_a, band_b = a[header : h - footer], b[header : h - footer]
    if band_a.shape[0] < 16:
        return None
    fixed = _fixed_columns(band_a, band_b, cfg)
    # what did not move at all (a fixed sidebar beside the scrolled band) says nothing of the shift, and
    # would weigh against every shift but 0
    moving = np.abs(band_a.astype(np.int16) - band_b).mean(axis=0) >= cfg.still
    if 0 < int(moving.sum()) < moving.size:
        band_a, band_b = np.ascontiguousarray(band_a[:, moving]), np.ascontiguousarray(band_b[:, moving])
    base = float(np.abs(band_a.astype(np.int16) - band_b).mean())
    coarse = _coarse_shift(band_a, band_b, cfg)
    if coarse is None:
        return None
    lo, hi = coarse * _COARSE - _COARSE, coarse * _COARSE + _COARSE
    found = _best_shift(band_a, band_b, ((0, dy) for dy in range(lo, hi + 1)), cfg)
    if found is None:
        return None
    (_, dy), err = found
    if dy == 0 or err > cfg.max_error or err > cfg.gain * base:
        return None
    return _AxisShift(dy, err, header, footer, fixed)


def diagonal_shift(a: Gray, b: Gray, cfg: ShiftConfig | None = None) -> Shift | None:
    """How far the page scrolled from `a` to `b` when it moved down and sideways at once, or None when
    it did not (also when it moved along one axis only: `vertical_shift`, `horizontal_shift`).

    Raises ValueError for frames of different sizes.
    """
    cfg = cfg or ShiftConfig()
    if a.shape != b.shape:
        raise ValueError(f"frames differ in size: {a.shape} vs {b.shape}")
    h, w = a.shape
    diff = np.abs(a.astype(np.int16) - b)
    rows = np.nonzero(diff.mean(axis=1) >= cfg.still)[0]
    cols = np.nonzero(diff.mean(axis=0) >= cfg.still)[0]
    if len(rows) == 0 or len(cols) == 0:
        return None
    top, bottom, left, right = int(rows[0]), h - 1 - int(rows[-1]), int(cols[0]), w - 1 - int(cols[-1])
    band_a, band_b = a[top : h - bottom, left : w - right], b[top : h - bottom, left : w - right]
    if min(band_a.shape) < 16 * _COARSE:
        return None
    coarse = _coarse_diagonal(band_a, band_b, cfg)
    if coarse is None:
        return None
    # the exact shift: down, then sideways, then down again, each within ±4 px (the coarse step)
    dx, dy = coarse[0] * _COARSE, coarse[1] * _COARSE
    for wide, reach in ((False, _COARSE), (True, _COARSE), (False, 1)):
        cands = ((dx + k, dy) if wide else (dx, dy + k) for k in range(-reach, reach + 1))
        found = _best_shift(band_a, band_b, cands, cfg)
        if found is None:
            return None
        (dx, dy), err = found
    base = float(diff[top : h - bottom, left : w - right].mean())
    if dx == 0 or dy == 0 or err > cfg.max_error or err > cfg.gain * base:
        return None
    return Shift(
        dy,
        err,
        header=top,
        footer=bottom,
        fixed_cols=_fixed_columns(a, b, cfg),
        dx=dx,
        left=left,
        right=right,
        fixed_rows=_fixed_columns(np.ascontiguousarray(a.T), np.ascontiguousarray(b.T), cfg),
    )


def _coarse_diagonal(a: Gray, b: Gray, cfg: ShiftConfig) -> tuple[int, int] | None:
    """(dx, dy) of the shrunk band: the phase correlation's peak (a shift past half the band reads
    wrapped around: both readings are tried), then the best of the 3x3 shifts around it."""
    sa, sb = _shrunk(a), _shrunk(b)
    h, w = sa.shape
    window = cv2.createHanningWindow((w, h), cv2.CV_32F)
    (sx, sy), _ = cv2.phaseCorrelate(sa.astype(np.float32), sb.astype(np.float32), window)
    cx, cy = -round(sx), -round(sy)
    if cx == cy == 0:
        # what did not move outweighs what did: not a scroll (or one of a pixel or two)
        return None
    near = [
        (x + i, y + j)
        for x in {cx, _wrapped(cx, w)}
        for y in {cy, _wrapped(cy, h)}
        for i in (-1, 0, 1)
        for j in (-1, 0, 1)
        if abs(x + i) < (1 - cfg.min_overlap) * w and abs(y + j) < (1 - cfg.min_overlap) * h
    ]
    found = _best_shift(sa, sb, near, cfg)
    return None if found is None else found[0]


def _wrapped(d: int, n: int) -> int:
    """The other reading of a cyclic shift `d` of `n` px."""
    return d - n if d > 0 else d + n if d < 0 else 0


def _fixed_columns(a: Gray, b: Gray, cfg: ShiftConfig) -> int:
    """Columns that show something (vary down the band) yet did not change while the rest scrolled."""
    still = np.abs(a.astype(np.int16) - b).mean(axis=0) < cfg.still
    textured = a.astype(np.float32).std(axis=0) >= cfg.texture
    return int((still & textured).sum())


def _textured(a: Gray, cfg: ShiftConfig) -> int:
    """Rows that show something (vary along them)."""
    return int((a.astype(np.float32).std(axis=1) >= cfg.texture).sum()) if a.size else 0


def _shrunk(a: Gray) -> Gray:
    h, w = a.shape
    size = (max(1, w // _COARSE), max(1, h // _COARSE))
    return np.asarray(cv2.resize(a, size, interpolation=cv2.INTER_AREA), np.uint8)


def _coarse_shift(a: Gray, b: Gray, cfg: ShiftConfig) -> int | None:
    sa, sb = _shrunk(a), _shrunk(b)
    n = sa.shape[0]
    reach = int(n * (1 - cfg.min_overlap))
    found = _best_shift(sa, sb, ((0, dy) for dy in range(-reach, reach + 1)), cfg)
    return None if found is None else found[0][1]


def _best_shift(
    a: Gray, b: Gray, shifts: Iterable[tuple[int, int]], cfg: ShiftConfig
) -> tuple[tuple[int, int], float] | None:
    """The (dx, dy) with the least mean difference over the textured rows of the overlap."""
    h, w = a.shape
    fa, fb = a.astype(np.float32), b.astype(np.float32)
    textured = fa.std(axis=1) >= cfg.texture
    need = max(2, int(cfg.min_overlap * h * 0.5))
    best: tuple[tuple[int, int], float] | None = None
    for dx, dy in shifts:
        if abs(dy) >= h or abs(dx) >= w:
            continue
        # b's pixel (r, c) shows what a's pixel (r + dy, c + dx) showed
        ra, rb = slice(max(0, dy), min(h, h + dy)), slice(max(0, -dy), min(h, h - dy))
        ca, cb = slice(max(0, dx), min(w, w + dx)), slice(max(0, -dx), min(w, w - dx))
        keep = textured[ra]
        if int(keep.sum()) < need:
            continue
        err = float(np.abs(fa[ra, ca][keep] - fb[rb, cb][keep]).mean())
        if best is None or err < best[1]:
            best = ((dx, dy), err)
    return best


def stitch(
    images: Sequence[Rgb], lumas: Sequence[Gray] | None = None, cfg: ShiftConfig | None = None
) -> Stitched:
    """One image of the page the frames scrolled through, and where each frame's viewport was.

    Frames that do not line up with the one before them are left out (offset None). Raises ValueError
    without frames or with frames of different sizes.
    """
    if not images:
        raise ValueError("stitch needs at least one frame")
    shape = images[0].shape
    if any(im.shape != shape for im in images):
        raise ValueError("stitch: frames differ in size")
    grey = list(lumas) if lumas is not None else [rgb_to_luma(im) for im in images]
    h, w = shape[:2]
    offsets: list[Offset | None] = [Offset(0, 0)]
    header = footer = h
    left = right = w
    fixed_cols = fixed_rows = 0
    last = 0
    for i in range(1, len(images)):
        s = scroll_shift(grey[last], grey[i], cfg)
        if s is None:
            offsets.append(None)
            continue
        base = offsets[last]
        assert base is not None
        offsets.append(Offset(base.x + s.dx, base.y + s.dy))
        if s.dy:
            header, footer = min(header, s.header), min(footer, s.footer)
            fixed_cols = max(fixed_cols, s.fixed_cols)
        if s.dx:
            left, right = min(left, s.left), min(right, s.right)
            fixed_rows = max(fixed_rows, s.fixed_rows)
        last = i
    known = [o for o in offsets if o is not None]
    sideways, down = len({o.x for o in known}) > 1, len({o.y for o in known}) > 1
    if sideways and down:
        # what stays put across one axis would have to stretch along the other: the page has no place
        # for it, so what it shows counts as fixed (and is pasted with the band, as it was seen)
        g, c = grey[0], cfg or ShiftConfig()
        if header + footer < h:
            edges = np.concatenate([g[:header], g[h - footer :]])
            fixed_rows = max(fixed_rows, _textured(edges, c))
        if left + right < w:
            edges = np.concatenate([g[:, :left], g[:, w - right :]], axis=1)
            fixed_cols = max(fixed_cols, _textured(np.ascontiguousarray(edges.T), c))
    if header + footer >= h or sideways:
        header = footer = 0
    if left + right >= w or down:
        left = right = 0
    return _paste(images, offsets, (header, footer, left, right), (fixed_cols, fixed_rows))


def _commonest(image: Rgb) -> NDArray[np.uint8]:
    """The colour most of the image shows (on a grid of every 4th pixel): the page's background."""
    px = image[::4, ::4].reshape(-1, 3).astype(np.int32)
    colours, counts = np.unique((px[:, 0] << 16) | (px[:, 1] << 8) | px[:, 2], return_counts=True)
    c = int(colours[np.argmax(counts)])
    return np.array([c >> 16, (c >> 8) & 255, c & 255], np.uint8)


def _paste(
    images: Sequence[Rgb],
    offsets: list[Offset | None],
    edges: tuple[int, int, int, int],
    fixed: tuple[int, int],
) -> Stitched:
    h, w = images[0].shape[:2]
    header, footer, left, right = edges
    known = [o for o in offsets if o is not None]
    x0, y0 = min(o.x for o in known), min(o.y for o in known)
    shifted = [None if o is None else Offset(o.x - x0, o.y - y0) for o in offsets]
    band_h, band_w = h - header - footer, w - left - right
    height = header + max(o.y for o in known) - y0 + band_h + footer
    width = left + max(o.x for o in known) - x0 + band_w + right
    first = next(i for i, o in enumerate(shifted) if o is not None)
    # what no frame showed (a corner of a page scrolled both ways) takes the page's colour
    canvas: NDArray[np.uint8] = np.empty((height, width, 3), np.uint8)
    canvas[:] = _commonest(images[first])
    # fixed edges span the whole canvas: a header only where nothing moved sideways, and so on
    if header:
        canvas[:header] = images[first][:header]
    if footer:
        canvas[height - footer :] = images[first][h - footer :]
    if left:
        canvas[:, :left] = images[first][:, :left]
    if right:
        canvas[:, width - right :] = images[first][:, w - right :]
    # later frames paint over earlier ones: they show the page as it was last seen
    for im, o in zip(images, shifted, strict=True):
        if o is not None:
            y, x = header + o.y, left + o.x
            canvas[y : y + band_h, x : x + band_w] = im[header : h - footer, left : w - right]
    return Stitched(canvas, tuple(shifted), header, footer, left, right, *fixed)
