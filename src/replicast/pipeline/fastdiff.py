"""Changed regions between two frames, at decode speed: a drop-in for `changes.changed_boxes`.

`changed_boxes_fast(a, b, cfg)` returns exactly the boxes `mask_boxes(change_mask(a, b, t), cfg)`
returns (the tests compare them on random masks), but spends work only where something changed:

- one SIMD pass (`cv2.norm`, the largest difference) decides "nothing changed" (most frames of a
  screen recording) without building a mask; with `skip_thin` it reads every other row only, band by
  band, and then compares in full only the 64-row bands where those rows differ;
- the mask's bounding rectangle (`cv2.boundingRect`) limits the grouping to the changed
  part of the frame (a moving pointer is a 40 px square, not 2 megapixels);
- the grid cells are a `dilate` + stride instead of a numpy reshape-max (10x faster), and each group
  is shrunk inside its own bounding box instead of a full-grid mask per group;
- no frame-sized array is made per frame: a new megabyte from the allocator costs page faults, more
  than the comparison itself (a `Reference` keeps its work arrays, `Scratch`, from frame to frame);
- a `Reference` (the plane `segment` compares every frame with) keeps a compact copy of every 4th
  row, which the first pass reads as one contiguous array, with every 4th row of the frame; then only
  the columns where those rows differ (and a group's reach around them) are compared in full.

    boxes = changed_boxes_fast(ref.y, frame.y, cfg.change, skip_thin=True)
    ref = Reference(first.y); boxes = ref.changes(frame.y, cfg.change)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import cv2
import numpy as np

from replicast.media.base import Gray
from replicast.pipeline.changes import ChangeConfig
from replicast.vision.base import Box

BAND = 64
"""rows per band of the first, coarse comparison (a multiple of every cell size used)."""
SPECKS_AREA = 0.25
"""Changes whose bounding rectangle covers more of the frame than this keep their single changed
pixels (codec noise): dropping them cost a scroll's frame half its comparison."""


def changed_boxes_fast(
    a: Gray, b: Gray, cfg: ChangeConfig | None = None, *, skip_thin: bool = False, absorb: bool = False
) -> list[Box]:
    """Boxes of the regions where `b` differs from `a` by more than `cfg.threshold` luma levels.

    The same boxes as `changes.changed_boxes(a, b, cfg)`, sorted top to bottom. With `skip_thin`,
    frames are compared on every other row first (half the reads for the many frames where nothing
    changed), and only the bands of rows where those differ are compared in full, without single
    changed pixels (codec noise): a change one row tall, away from any taller one, may then give no
    box, which `segment` drops anyway (one-pixel lines are hover underlines and codec noise). With
    `absorb` too, `a` (a reference kept to compare later frames with) takes `b`'s value at the single
    pixels dropped, so that later frames do not find them again. Raises ValueError when the shapes
    differ.
    """
    cfg = cfg or ChangeConfig()
    if a.shape != b.shape:
        raise ValueError(f"frames differ in shape: {a.shape} vs {b.shape}")
    if skip_thin:
        # band by band: the bands that differ are known from the one read of the frame
        bands = changed_bands(a, b, cfg.threshold)
        return _boxes_in_bands(a, b, cfg, bands, absorb) if bands else []
    d = cv2.absdiff(a, b)
    if int(d.max()) <= cfg.threshold:
        return []
    _, mask = cv2.threshold(d, cfg.threshold, 1, cv2.THRESH_BINARY)
    return mask_boxes_fast(np.asarray(mask, np.uint8), cfg)


def differs(a: Gray, b: Gray, threshold: float) -> bool:
    """True when some pixel of `b` differs from `a` by more than `threshold` (one SIMD pass, no array
    made: strided views such as every other row cost no copy)."""
    return float(cv2.norm(a, b, cv2.NORM_INF)) > threshold


class Reference:
    """A plane kept to compare later frames with (what `segment` compares every frame with), and a
    compact copy of every `step`-th row of it: the first, coarse comparison reads those as one
    contiguous array (a quarter less time than the same rows of the whole plane, whose other rows the
    CPU fetches along), and of the frame only those rows. With the default step of 4 that pass reads
    a quarter of each frame, where it was memory-bound reading half (2/5 of segmenting a 1080p
    recording, nearly all of it waiting on memory); a change less than 4 rows tall, away from any
    taller one, may then give no box (`segment` drops one-pixel lines anyway; a caret, a glyph or a
    focus ring's side is taller). Of the changed bands, only the columns where the sampled rows differ
    are compared in full, each side widened by a group's reach. Change it only through `changes` and
    `paste`, which keep the two in step.

        ref = Reference(first.y)
        boxes = ref.changes(frame.y, cfg)  # as changed_boxes_fast(.., skip_thin=True, absorb=True)
        ref.paste(frame.y, box)
    """

    __slots__ = ("_diff", "_rows", "_scratch", "_step", "y")

    def __init__(self, y: Gray, step: int = 4) -> None:
        if step < 1 or BAND % step:
            raise ValueError(f"step must divide {BAND}, got {step}")
        self.y: Gray = np.array(y)
        self._step = step
        self._rows: Gray = np.ascontiguousarray(self.y[::step])
        self._diff: Gray = np.empty_like(self._rows)
        self._scratch = Scratch(self.y.shape)

    def changes(self, b: Gray, cfg: ChangeConfig) -> list[Box]:
        """`changed_boxes_fast(self.y, b, cfg, skip_thin=True, absorb=True)`, but for changes less than
        `step` rows tall: the boxes where `b` differs, the specks dropped taken into this plane.
        Raises ValueError when the shapes differ."""
        if b.shape != self.y.shape:
            raise ValueError(f"frames differ in shape: {self.y.shape} vs {b.shape}")
        bands = self._bands(b, cfg.threshold)
        if not bands:
            return []
        columns = [self._columns(band, cfg.threshold) for band in bands]
        return _boxes_in_bands(
            self.y, b, cfg, bands, absorb=True, sampled=self._sampled, scratch=self._scratch, columns=columns
        )

    def _bands(self, b: Gray, threshold: float) -> list[tuple[int, int]]:
        """`changed_bands` on the sampled rows, in two calls: their difference into a work array
        kept from frame to frame, then its largest value per band (a call per band costs its
        overhead 17 times on a 1080p frame)."""
        rows = b[:: self._step]
        if not differs(self._rows, rows, threshold):
            return []
        cv2.absdiff(self._rows, rows, dst=self._diff)
        per = BAND // self._step
        peaks = np.maximum.reduceat(self._diff.max(axis=1), np.arange(0, self._diff.shape[0], per))
        return _band_ranges(np.flatnonzero(peaks > threshold).tolist(), BAND, b.shape[0])

    def _columns(self, band: tuple[int, int], threshold: float) -> tuple[int, int]:
        """The columns [x0, x1) where the sampled rows of `band` differ (from the work array `_bands`
        filled): only those are compared in full (a moving pointer is 40 columns of 1920)."""
        k = self._step
        peaks = self._diff[band[0] // k : -(-band[1] // k)].max(axis=0)
        changed = np.flatnonzero(peaks > threshold)
        return int(changed[0]), int(changed[-1]) + 1

    def paste(self, b: Gray, box: Box) -> None:
        """Take `b`'s pixels inside `box` (clipped to the plane)."""
        h, w = self.y.shape
        x0, y0, x1, y1 = max(0, box.x), max(0, box.y), min(w, box.x2), min(h, box.y2)
        if x1 > x0 and y1 > y0:
            self.y[y0:y1, x0:x1] = b[y0:y1, x0:x1]
            self._sampled((x0, y0, x1 - x0, y1 - y0))

    def _sampled(self, rect: tuple[int, int, int, int]) -> None:
        """Copy the plane's sampled rows inside `rect` (x, y, w, h) into their compact copy."""
        x, y, w, h = rect
        k = self._step
        r0, r1 = (y + k - 1) // k, (y + h + k - 1) // k
        self._rows[r0:r1, x : x + w] = self.y[k * r0 : k * r1 : k, x : x + w]


def changed_bands(
    a: Gray, b: Gray, threshold: float, band: int = BAND, step: int = 2
) -> list[tuple[int, int]]:
    """Row ranges [y0, y1), in steps of `band` rows (a multiple of `step`), where some `step`-th row
    of `b` (0, step, 2 * step, ...) differs from `a` by more than `threshold`; touching bands are
    merged. One read of those rows, a `cv2.norm` per band on strided views: no array is made (the
    largest difference of the rows as one array, then per band, cost a megabyte of fresh memory per
    frame)."""
    h = b.shape[0]
    rows = [slice(y, min(h, y + band), step) for y in range(0, h, band)]
    changed = [k for k, r in enumerate(rows) if float(cv2.norm(a[r], b[r], cv2.NORM_INF)) > threshold]
    return _band_ranges(changed, band, h)


def _band_ranges(changed: list[int], band: int, h: int) -> list[tuple[int, int]]:
    """Row ranges [y0, y1) of the bands numbered `changed` (ascending), touching ones merged."""
    out: list[tuple[int, int]] = []
    for k in changed:
        y0, y1 = k * band, min(h, (k + 1) * band)
        if out and out[-1][1] == y0:
            out[-1] = (out[-1][0], y1)
        else:
            out.append((y0, y1))
    return out


def _boxes_in_bands(
    a: Gray,
    b: Gray,
    cfg: ChangeConfig,
    bands: list[tuple[int, int]],
    absorb: bool,
    sampled: Callable[[_Rect], None] | None = None,
    scratch: Scratch | None = None,
    columns: list[tuple[int, int]] | None = None,
) -> list[Box]:
    """`changed_boxes_fast` on the changed `bands` only, each widened by the reach of a group (so a
    group is whole in its part), with parts that meet merged. `sampled`: told each rectangle of `a`
    written to (what it absorbs), to keep a copy of some of its rows in step; `scratch`: work
    arrays to reuse; `columns`: for each band, the columns [x0, x1) that changed (default: all),
    widened like the rows."""
    scratch = scratch if scratch is not None else Scratch(a.shape)
    (h, w), c = a.shape[:2], cfg.cell
    reach = (2 * cfg.join + 2) * c
    parts: list[_Rect] = []
    for (y0, y1), (x0, x1) in zip(bands, columns or [(0, w)] * len(bands), strict=True):
        # parts start on the cell grid: cells, and so groups, fall as they would on the whole frame
        r0, r1 = max(0, y0 - reach) // c * c, min(h, y1 + reach)
        c0, c1 = max(0, x0 - reach) // c * c, min(w, x1 + reach)
        if parts and r0 <= parts[-1][1]:
            p0, _, q0, q1 = parts[-1]
            parts[-1] = (p0, r1, min(q0, c0), max(q1, c1))
        else:
            parts.append((r0, r1, c0, c1))
    boxes: list[Box] = []
    for r0, r1, c0, c1 in parts:
        rows, cols = slice(r0, r1), slice(c0, c1)
        mask = scratch.mask[rows, cols]
        cv2.absdiff(a[rows, cols], b[rows, cols], dst=mask)
        cv2.threshold(mask, cfg.threshold, 1, cv2.THRESH_BINARY, dst=mask)
        rect, taken = _bounds(mask), None
        # where most of the frame changed (a scroll, a new page) specks cannot spoil a caret's box:
        # they join the changes around them or stand alone as one-pixel boxes, which segment drops
        if rect[2] * rect[3] <= SPECKS_AREA * a.size:
            rect, taken = _drop_specks(mask, rect, a[rows, cols] if absorb else None, b[rows, cols], scratch)
        if taken is not None and sampled is not None:
            x, y, tw, th = taken
            sampled((x + c0, y + r0, tw, th))
        boxes += [Box(k.x + c0, k.y + r0, k.w, k.h) for k in _boxes_in(mask, rect, cfg)]
    return sorted(boxes, key=lambda k: (k.y, k.x, k.h, k.w))


_Rect = tuple[int, int, int, int]
"""x, y, w, h"""


class Scratch:
    """Work arrays as large as a plane, reused from frame to frame through views: a fresh megabyte
    from the allocator costs page faults, more than the comparison that fills it (a scroll's frame
    took twice as long with fresh arrays)."""

    __slots__ = ("alone", "mask", "near")

    def __init__(self, shape: tuple[int, ...]) -> None:
        # untouched pages cost nothing: a part of the plane uses only the pages it writes
        self.mask, self.near, self.alone = (np.empty(shape[:2], np.uint8) for _ in range(3))


def _drop_specks(
    mask: Gray, rect: _Rect, a: Gray | None, b: Gray, scratch: Scratch
) -> tuple[_Rect, _Rect | None]:
    """Clear the set pixels of the 0/1 `mask` that have no set neighbour (and, given `a`, copy `b`'s
    value there into `a`): the codec sharpening a glyph it just drew changes such single pixels a frame
    or two later, and grouped with a caret blinking beside them they would make a box that is neither
    a caret nor one row tall. `rect`: the bounding rectangle of the mask's set pixels. Returns the
    bounding rectangle of the set pixels left (w 0: none) and the rectangle of `a` written to (None:
    none)."""
    x, y, w, h = rect
    if w == 0:
        return rect, None
    top, left = max(0, y - 1), max(0, x - 1)
    rows, cols = slice(top, y + h + 1), slice(left, x + w + 1)
    part = mask[rows, cols]
    # a set pixel alone is one whose 3x3 sum is 1 (itself): a box filter, SIMD, no float kernel
    ph, pw = part.shape
    near, alone = scratch.near[:ph, :pw], scratch.alone[:ph, :pw]
    cv2.boxFilter(part, -1, (3, 3), dst=near, normalize=False, borderType=cv2.BORDER_CONSTANT)
    cv2.inRange(near, (1,), (1,), dst=alone)
    cv2.bitwise_and(alone, part, dst=alone)
    if not cv2.countNonZero(alone):
        return rect, None
    # in place, through views (OpenCV writes into a numpy view it is given as dst)
    cv2.subtract(part, alone, dst=part)
    taken = None
    if a is not None:
        cv2.copyTo(b[rows, cols], alone, a[rows, cols])
        taken = (left, top, part.shape[1], part.shape[0])
    sx, sy, sw, sh = _bounds(part)
    return (sx + left, sy + top, sw, sh), taken


def _bounds(mask: Gray) -> _Rect:
    """The bounding rectangle (x, y, w, h) of the mask's set pixels (w 0: none)."""
    x, y, w, h = cv2.boundingRect(mask)
    return x, y, w, h


def mask_boxes_fast(mask: Gray, cfg: ChangeConfig) -> list[Box]:
    """Boxes around groups of set pixels of a 0/1 mask: the same boxes as `changes.mask_boxes`, sorted
    top to bottom (OpenCV labels groups in an order that depends on the image size)."""
    return _boxes_in(mask, _bounds(mask), cfg)


def _boxes_in(mask: Gray, rect: _Rect, cfg: ChangeConfig) -> list[Box]:
    """`mask_boxes_fast` of a mask whose set pixels have the bounding rectangle `rect` (x, y, w, h)."""
    x, y, w, h = rect
    if w == 0 or h == 0:
        return []
    c = cfg.cell
    height, width = mask.shape
    # the region of interest on the cell grid, with room for the dilation so groups join as they would
    margin = (cfg.join + 1) * c
    x0, y0 = max(0, (x - margin) // c * c), max(0, (y - margin) // c * c)
    x1, y1 = min(width, x + w + margin), min(height, y + h + margin)
    roi = mask[y0:y1, x0:x1]
    boxes = [Box(b.x + x0, b.y + y0, b.w, b.h) for b in _group(roi, cfg)]
    # OpenCV's labelling order depends on the image size (parallel stripes): sort for a stable order
    return sorted(boxes, key=lambda b: (b.y, b.x, b.h, b.w))


def cell_max(mask: Gray, c: int) -> Gray:
    """Max over each c x c cell (the last row and column of cells may be partial)."""
    # rows first, as the elementwise max of every c-th row (strided views: one cheap pass, where a
    # c x c window over every pixel costs ten times more)
    cells: Gray = np.array(mask[::c])
    for k in range(1, c):
        rows = mask[k::c]
        if rows.shape[0]:
            cv2.max(cells[: rows.shape[0]], rows, dst=cells[: rows.shape[0]])
    # then columns: a window anchored at its left, read every c-th column; past the right edge it
    # reads the constant 0, so a partial cell needs no padded copy
    grown = cv2.dilate(cells, _ones(1, c), anchor=(0, 0), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    cells = np.ascontiguousarray(grown[:, ::c])
    return cells


@lru_cache(maxsize=16)
def _ones(h: int, w: int) -> Gray:
    """An h x w kernel of ones (made once: never written to)."""
    return np.ones((h, w), np.uint8)


def _group(mask: Gray, cfg: ChangeConfig) -> list[Box]:
    h, w = mask.shape
    c = cfg.cell
    cells = cell_max(mask, c)
    grown = cv2.dilate(cells, _ones(2 * cfg.join + 1, 2 * cfg.join + 1)) if cfg.join else cells
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    occupied = cells > 0
    boxes: list[Box] = []
    for i in range(1, n):
        gx, gy, gw, gh = (int(v) for v in stats[i, :4])
        group = occupied[gy : gy + gh, gx : gx + gw]
        if n > 2:  # more than one group: only this one's cells
            group = group & (labels[gy : gy + gh, gx : gx + gw] == i)
        # shrink to the cells that really changed, then to the pixels set in them
        cx, cy, cw, ch = cv2.boundingRect(group.view(np.uint8))
        if cw == 0:
            continue
        x0, y0 = (gx + cx) * c, (gy + cy) * c
        x1, y1 = min(w, (gx + cx + cw) * c), min(h, (gy + cy + ch) * c)
        px, py, pw, ph = cv2.boundingRect(mask[y0:y1, x0:x1])
        boxes.append(Box(x0 + px, y0 + py, pw, ph))
    return boxes
