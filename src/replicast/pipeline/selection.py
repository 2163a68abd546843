"""A selection that moved to another item, nothing else changing: what an arrow key (or a click) does.

A list box, a menu or a tab strip marks its selected item with a fill; an arrow key moves the fill to
the next item, a click to any. Between two screens that shows as two bands of lines (rows, or columns
for a tab strip) alike in size, each taking on the other's colours: the item that lost the fill and
the one that got it, side by side when an arrow key moved it. A line's colour is its median over the
changed region, so the item's text does not count; the fill is the colour of the two that the page
around the region does not have.

    moved = moved_selection(before.image, after.image, gap.net)
    moved.key, moved.next_to, moved.now    # "ArrowDown", True (the next item), the item's box
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Rgb
from replicast.vision.base import Box

STEP = 24
"""levels (max over channels) by which two colours differ; codec noise on a flat fill stays under."""
MIN_ITEM_PX = 8
"""an item is at least this many px across the way it moved."""
_KEYS = {(True, 1): "ArrowDown", (True, -1): "ArrowUp", (False, 1): "ArrowRight", (False, -1): "ArrowLeft"}


@dataclass(frozen=True, slots=True)
class SelectionMove:
    key: str
    """the KeyboardEvent.key that moves a selection this way: ArrowDown, ArrowUp, ArrowRight, ArrowLeft."""
    next_to: bool
    """the item selected now is next to the one that was (as one press of the key moves it)."""
    was: Box
    """the item that had the fill."""
    now: Box
    """the item that got it."""


def moved_selection(before: Rgb, after: Rgb, changed: Sequence[Box]) -> SelectionMove | None:
    """How the selection moved between two screens of the same size whose differing regions are
    `changed`; None when the change is anything else."""
    if not changed:
        return None
    region = changed[0]
    for c in changed[1:]:
        region = region.union(c)
    h, w = before.shape[:2]
    x0, y0, x1, y1 = max(0, region.x), max(0, region.y), min(w, region.x2), min(h, region.y2)
    if x1 - x0 < MIN_ITEM_PX or y1 - y0 < MIN_ITEM_PX:
        return None
    a, b = before[y0:y1, x0:x1], after[y0:y1, x0:x1]
    page = _page_colour(before, Box(x0, y0, x1 - x0, y1 - y0))
    if page is None:
        return None
    for vertical in (True, False):
        lines_a, lines_b = (a, b) if vertical else (a.transpose(1, 0, 2), b.transpose(1, 0, 2))
        found = _bands(lines_a, lines_b, page)
        if found is None:
            continue
        (s0, e0), (s1, e1) = found
        way = 1 if s1 > s0 else -1
        next_to = max(s0, s1) - min(e0, e1) <= 0.5 * max(e0 - s0, e1 - s1)
        if vertical:
            was, now = Box(x0, y0 + s0, x1 - x0, e0 - s0), Box(x0, y0 + s1, x1 - x0, e1 - s1)
        else:
            was, now = Box(x0 + s0, y0, e0 - s0, y1 - y0), Box(x0 + s1, y0, e1 - s1, y1 - y0)
        return SelectionMove(_KEYS[(vertical, way)], next_to, was, now)
    return None


def _bands(
    before: Rgb, after: Rgb, page: NDArray[np.int16]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """([start, end) of the lines that lost the fill, of those that got it), for lines along axis 0;
    None unless the changed lines are exactly two such bands, alike in size."""
    was = np.median(before, axis=1).astype(np.int16)
    now = np.median(after, axis=1).astype(np.int16)
    changed = np.abs(was - now).max(axis=1) > STEP
    idx = np.flatnonzero(changed)
    if len(idx) < 2 * MIN_ITEM_PX:
        return None
    # the fill is the colour of the two that is not the page's
    first = int(idx[0])
    c0, c1 = was[first], now[first]
    fill = (
        c0 if _far(c0, page) and not _far(c1, page) else c1 if _far(c1, page) and not _far(c0, page) else None
    )
    if fill is None:
        return None
    lost = changed & ~_far_rows(was, fill) & _far_rows(now, fill)
    got = changed & _far_rows(was, fill) & ~_far_rows(now, fill)
    # a line or two where anti-aliased edges blend may belong to neither
    if int(lost.sum() + got.sum()) < 0.9 * len(idx):
        return None
    band_lost, band_got = _run(lost), _run(got)
    if band_lost is None or band_got is None:
        return None
    size_lost, size_got = band_lost[1] - band_lost[0], band_got[1] - band_got[0]
    if min(size_lost, size_got) < MIN_ITEM_PX or min(size_lost, size_got) < 0.75 * max(size_lost, size_got):
        return None
    return band_lost, band_got


def _run(mask: NDArray[np.bool_]) -> tuple[int, int] | None:
    """[start, end) of the one run of set lines in `mask` (gaps of a line or two closed), else None."""
    idx = np.flatnonzero(mask)
    if len(idx) == 0 or int(np.diff(idx).max(initial=1)) > 3:
        return None
    return int(idx[0]), int(idx[-1]) + 1


def _far(a: NDArray[np.int16], b: NDArray[np.int16]) -> bool:
    return int(np.abs(a - b).max()) > STEP


def _far_rows(colours: NDArray[np.int16], c: NDArray[np.int16]) -> NDArray[np.bool_]:
    far: NDArray[np.bool_] = np.abs(colours - c).max(axis=1) > STEP
    return far


def _page_colour(image: Rgb, box: Box) -> NDArray[np.int16] | None:
    """The median colour of the ring of pixels just outside `box` (None when the box fills the image)."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = max(0, box.x - 3), max(0, box.y - 3), min(w, box.x2 + 3), min(h, box.y2 + 3)
    ring = np.ones((y1 - y0, x1 - x0), bool)
    ring[box.y - y0 : box.y2 - y0, box.x - x0 : box.x2 - x0] = False
    if not ring.any():
        return None
    colour: NDArray[np.int16] = np.median(image[y0:y1, x0:x1][ring], axis=0).astype(np.int16)
    return colour
