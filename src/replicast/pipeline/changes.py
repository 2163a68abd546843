"""Changed regions between two images of the same screen.

A change is found per pixel (luma difference over a threshold), then grouped into boxes on a coarse grid
so that one edited word, a moved pointer or a new list row each come out as one box.

    boxes = changed_boxes(before_luma, after_luma)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from replicast.media.base import Gray
from replicast.vision.base import Box


@dataclass(frozen=True, slots=True)
class ChangeConfig:
    threshold: int = 24
    """luma levels: above H.264 noise on static screens, below any real edit."""
    cell: int = 4
    """grid cell in px: pixels changed in neighbouring cells join one box."""
    join: int = 2
    """cells of dilation before grouping: a word's letters join, separate rows do not."""


def change_mask(a: Gray, b: Gray, threshold: int) -> Gray:
    """uint8 mask, 1 where the two images differ by more than `threshold` luma levels."""
    d = cv2.absdiff(a, b)
    return (d > threshold).view(np.uint8)


def mask_boxes(mask: Gray, cfg: ChangeConfig) -> list[Box]:
    """Boxes around groups of set pixels, in pixels of the mask."""
    h, w = mask.shape
    c = cfg.cell
    hh, ww = -(-h // c), -(-w // c)
    padded = np.zeros((hh * c, ww * c), np.uint8)
    padded[:h, :w] = mask
    cells = padded.reshape(hh, c, ww, c).max(axis=(1, 3))
    if cfg.join:
        kernel = np.ones((2 * cfg.join + 1, 2 * cfg.join + 1), np.uint8)
        grown = cv2.dilate(cells, kernel)
    else:
        grown = cells
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    boxes: list[Box] = []
    for i in range(1, n):
        # shrink back to the cells that really changed inside this group
        ys, xs = np.nonzero((labels == i) & (cells > 0))
        if len(xs) == 0:
            continue
        x0, y0 = int(xs.min()) * c, int(ys.min()) * c
        x1, y1 = min(w, (int(xs.max()) + 1) * c), min(h, (int(ys.max()) + 1) * c)
        sub = mask[y0:y1, x0:x1]
        rows, cols = np.nonzero(sub.any(axis=1))[0], np.nonzero(sub.any(axis=0))[0]
        boxes.append(
            Box(
                x0 + int(cols[0]), y0 + int(rows[0]), int(cols[-1] - cols[0]) + 1, int(rows[-1] - rows[0]) + 1
            )
        )
    del stats
    return boxes


def changed_boxes(a: Gray, b: Gray, cfg: ChangeConfig | None = None) -> list[Box]:
    """Boxes of the regions where `b` differs from `a`."""
    cfg = cfg or ChangeConfig()
    mask = change_mask(a, b, cfg.threshold)
    if not mask.any():
        return []
    return mask_boxes(mask, cfg)


def is_caret(box: Box, scale: float = 1.0) -> bool:
    """A blinking text caret: a thin vertical bar."""
    return box.w <= 3 * scale and 6 * scale <= box.h <= 64 * scale


CLICK_REACH = 4
"""px around an element within which a click still counts as on it."""


def expand(box: Box, px: int, width: int, height: int) -> Box:
    """The box grown by `px` on every side, clipped to the image."""
    x0, y0 = max(0, box.x - px), max(0, box.y - px)
    x1, y1 = min(width, box.x2 + px), min(height, box.y2 + px)
    return Box(x0, y0, x1 - x0, y1 - y0)


def merge_boxes(boxes: list[Box], gap: int = 0, waste: float | None = None) -> list[Box]:
    """Union boxes that overlap or lie within `gap` px of each other, until none do. With `waste`, two
    boxes are joined only when at most that share of their union covers neither (a wide band and a
    tall thin strip crossing it stay two boxes, which may then overlap)."""
    out = list(boxes)
    changed = True
    while changed:
        changed = False
        i = 0
        while i < len(out):
            j = i + 1
            while j < len(out):
                a, b = out[i], out[j]
                u = a.union(b)
                near = a.x - gap < b.x2 and b.x - gap < a.x2 and a.y - gap < b.y2 and b.y - gap < a.y2
                if near and (waste is None or a.area + b.area - a.intersection(b) >= (1 - waste) * u.area):
                    out[i] = u
                    del out[j]
                    changed = True
                else:
                    j += 1
            i += 1
    return out


def covered_area(boxes: Sequence[Box], width: int, height: int) -> int:
    """Pixels of a width x height image inside at least one of `boxes` (overlaps counted once)."""
    mask = np.zeros((height, width), bool)
    for b in boxes:
        mask[max(0, b.y) : max(0, b.y2), max(0, b.x) : max(0, b.x2)] = True
    return int(np.count_nonzero(mask))


def dimmed(before: Gray, after: Gray) -> bool:
    """A dialog opened: the page's border got uniformly darker (a scrim) while something lit the middle.
    `dimmed(after, before)`: one closed."""
    a = before.astype(np.float32)
    b = after.astype(np.float32)
    h = a.shape[0]
    edge = np.concatenate([(a - b)[: h // 10].ravel(), (a - b)[-h // 10 :].ravel()])
    if edge.size == 0:
        return False
    darker = float(np.median(edge))
    spread = float(np.percentile(edge, 90) - np.percentile(edge, 10))
    return darker > 20 and spread < 0.6 * darker
