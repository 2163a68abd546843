"""Changed regions between two frames, at decode speed: a drop-in for `changes.changed_boxes`.

`changed_boxes_fast(a, b, cfg)` returns exactly the boxes `mask_boxes(change_mask(a, b, t), cfg)`
returns (the tests compare them on random masks), but spends work only where something changed:

- one SIMD pass (`cv2.norm`, the largest difference) decides "nothing changed" (most frames of a
  screen recording) without building a mask; with `skip_thin` it reads every other row only, and
  then compares in full only the 64-row bands where those rows differ;
- the mask's bounding rectangle (`cv2.boundingRect`) limits the grouping to the changed
  part of the frame (a moving pointer is a 40 px square, not 2 megapixels);
- the grid cells are a `dilate` + stride instead of a numpy reshape-max (10x faster), and each group
  is shrunk inside its own bounding box instead of a full-grid mask per group.

    boxes = changed_boxes_fast(ref.y, frame.y, cfg.change, skip_thin=True)
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Gray
from replicast.pipeline.changes import ChangeConfig
from replicast.vision.base import Box

BAND = 64
"""rows per band of the first, coarse comparison (a multiple of every cell size used)."""


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
        if not differs(a[::2], b[::2], cfg.threshold):
            return []
        return _boxes_in_bands(a, b, cfg, absorb)
    d = cv2.absdiff(a, b)
    if int(d.max()) <= cfg.threshold:
        return []
    _, mask = cv2.threshold(d, cfg.threshold, 1, cv2.THRESH_BINARY)
    return mask_boxes_fast(np.asarray(mask, np.uint8), cfg)


def differs(a: Gray, b: Gray, threshold: float) -> bool:
    """True when some pixel of `b` differs from `a` by more than `threshold` (one SIMD pass, no array
    made: strided views such as every other row cost no copy)."""
    return float(cv2.norm(a, b, cv2.NORM_INF)) > threshold


def changed_bands(a: Gray, b: Gray, threshold: float, band: int = BAND) -> list[tuple[int, int]]:
    """Row ranges [y0, y1), in steps of `band` (even) rows, where some even row of `b` differs from
    `a` by more than `threshold`; touching bands are merged. One read of every other row: one
    difference of the even rows, then the largest value of each band (not a call per band)."""
    h, w = a.shape
    d = np.asarray(cv2.absdiff(a[::2], b[::2]), np.uint8)
    rows = d.shape[0]
    per = band // 2
    n = -(-rows // per)
    if n * per != rows:
        d = np.asarray(cv2.copyMakeBorder(d, 0, n * per - rows, 0, 0, cv2.BORDER_CONSTANT, value=0), np.uint8)
    # each band's rows as one row, then the largest value of each (numpy's SIMD max; cv2.reduce is
    # 30x slower here)
    peaks = d.reshape(n, per * w).max(axis=1)
    out: list[tuple[int, int]] = []
    for k in np.nonzero(peaks > threshold)[0]:
        y0, y1 = int(k) * band, min(h, (int(k) + 1) * band)
        if out and out[-1][1] == y0:
            out[-1] = (out[-1][0], y1)
        else:
            out.append((y0, y1))
    return out


def _boxes_in_bands(a: Gray, b: Gray, cfg: ChangeConfig, absorb: bool) -> list[Box]:
    """`changed_boxes_fast` on the changed bands only, each widened by the reach of a group (so a
    group is whole in its part), with parts that meet merged."""
    h, c = a.shape[0], cfg.cell
    reach = (2 * cfg.join + 2) * c
    parts: list[tuple[int, int]] = []
    for y0, y1 in changed_bands(a, b, cfg.threshold):
        # parts start on the cell grid: cells, and so groups, fall as they would on the whole frame
        r0, r1 = max(0, y0 - reach) // c * c, min(h, y1 + reach)
        if parts and r0 <= parts[-1][1]:
            parts[-1] = (parts[-1][0], r1)
        else:
            parts.append((r0, r1))
    boxes: list[Box] = []
    for r0, r1 in parts:
        _, diff = cv2.threshold(cv2.absdiff(a[r0:r1], b[r0:r1]), cfg.threshold, 1, cv2.THRESH_BINARY)
        mask: Gray = np.asarray(diff, np.uint8)
        specks = _specks(mask)
        if specks is not None:
            rows, cols, alone = specks
            mask[rows, cols][alone] = 0
            if absorb:
                a[r0:r1][rows, cols][alone] = b[r0:r1][rows, cols][alone]
        boxes += [Box(k.x, k.y + r0, k.w, k.h) for k in mask_boxes_fast(mask, cfg)]
    return sorted(boxes, key=lambda k: (k.y, k.x, k.h, k.w))


def _specks(mask: Gray) -> tuple[slice, slice, NDArray[np.bool_]] | None:
    """Where the 0/1 mask has set pixels with no set neighbour (None: nowhere): the codec sharpening a
    glyph it just drew changes such single pixels a frame or two later, and grouped with a caret
    blinking beside them they would make a box that is neither a caret nor one row tall."""
    x, y, w, h = cv2.boundingRect(mask)
    if w == 0:
        return None
    rows, cols = slice(max(0, y - 1), y + h + 1), slice(max(0, x - 1), x + w + 1)
    part = mask[rows, cols]
    near = cv2.filter2D(part, -1, _NEIGHBOURS, borderType=cv2.BORDER_CONSTANT)
    alone = (part > 0) & (near == 0)
    return (rows, cols, alone) if alone.any() else None


_NEIGHBOURS = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], np.uint8)


def mask_boxes_fast(mask: Gray, cfg: ChangeConfig) -> list[Box]:
    """Boxes around groups of set pixels of a 0/1 mask: the same boxes as `changes.mask_boxes`, sorted
    top to bottom (OpenCV labels groups in an order that depends on the image size)."""
    x, y, w, h = cv2.boundingRect(mask)
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
    h, w = mask.shape
    hh, ww = -(-h // c), -(-w // c)
    if (hh * c, ww * c) != (h, w):
        mask = np.asarray(
            cv2.copyMakeBorder(mask, 0, hh * c - h, 0, ww * c - w, cv2.BORDER_CONSTANT, value=0), np.uint8
        )
    # a window anchored at its top-left: sampling every c-th pixel gives each cell's max
    grown = cv2.dilate(
        mask, np.ones((c, c), np.uint8), anchor=(0, 0), borderType=cv2.BORDER_CONSTANT, borderValue=0
    )
    cells: Gray = np.ascontiguousarray(grown[::c, ::c])
    return cells


def _group(mask: Gray, cfg: ChangeConfig) -> list[Box]:
    h, w = mask.shape
    c = cfg.cell
    cells = cell_max(mask, c)
    if cfg.join:
        kernel = np.ones((2 * cfg.join + 1, 2 * cfg.join + 1), np.uint8)
        grown = cv2.dilate(cells, kernel)
    else:
        grown = cells
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    boxes: list[Box] = []
    for i in range(1, n):
        gx, gy, gw, gh = (int(v) for v in stats[i, :4])
        inside = (labels[gy : gy + gh, gx : gx + gw] == i) & (cells[gy : gy + gh, gx : gx + gw] > 0)
        ys, xs = np.nonzero(inside)
        if len(xs) == 0:
            continue
        x0, y0 = (gx + int(xs.min())) * c, (gy + int(ys.min())) * c
        x1, y1 = min(w, (gx + int(xs.max()) + 1) * c), min(h, (gy + int(ys.max()) + 1) * c)
        sub = mask[y0:y1, x0:x1]
        rows, cols = np.nonzero(sub.any(axis=1))[0], np.nonzero(sub.any(axis=0))[0]
        boxes.append(
            Box(
                x0 + int(cols[0]), y0 + int(rows[0]), int(cols[-1] - cols[0]) + 1, int(rows[-1] - rows[0]) + 1
            )
        )
    return boxes
