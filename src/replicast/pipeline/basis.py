"""What a new screen state is read against: the earlier reading that leaves the least to read again.

`parse_states` reads the first state in full and every later one incrementally: the lines of an earlier
state are kept where the page did not change, and only the changed regions are read again. The earlier
state is not always the previous one:

- a revisit: the page went back to a state seen before (a tab clicked again, a menu closed); the state it
  looks most like (by a small thumbnail) is compared in full, and when nothing changed its lines and
  elements are taken as they are;
- a scroll: the previous state's page moved up or down under a fixed header (or rows were inserted or
  removed, moving what lies below them); its lines are moved with it, and what is new is the band that
  scrolled in, plus whatever differs from the previous page moved by as much.

The candidates are compared by the area they leave to read, and the smallest wins (the previous state
on a tie, with the changed regions the pointer tracker found).

    now = Seen.of(clean_rgb)
    basis = choose_basis(seen_so_far, now, net_changes, pad)
    basis.lines, basis.changed, basis.elements   # elements: only when nothing changed at all
    seen_so_far.append(replace(now, lines=lines_read, elements=elements_found))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Gray, Rgb
from replicast.media.held import Held, hold
from replicast.pipeline.changes import covered_area, expand
from replicast.pipeline.fastdiff import changed_boxes_fast
from replicast.pipeline.stitch import vertical_shift
from replicast.vision.base import Box, TextLine
from replicast.vision.elements import DetectedElement

THUMB = 8
"""Thumbnails are this many times smaller on each side: enough to tell one page from another."""
SCROLL_SHARE = 0.05
"""A scroll is looked for when at least this share of the screen changed since the previous state."""


@dataclass(frozen=True, slots=True)
class Seen:
    """One state's screen as it was read: its pixels (grey, and a thumbnail) and what they showed."""

    held_grey: Held = field(repr=False)
    thumb: NDArray[np.float32] = field(repr=False)
    lines: tuple[TextLine, ...] = ()
    elements: tuple[DetectedElement, ...] = ()

    @property
    def grey(self) -> Gray:
        return self.held_grey.array()

    @classmethod
    def of(cls, image: Rgb) -> Seen:
        """A screen not read yet."""
        grey = np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), np.uint8)
        return cls(hold(grey), _thumb(grey))


@dataclass(frozen=True, slots=True)
class Basis:
    """The lines to start from, and the regions of the new screen that differ from where they came."""

    lines: tuple[TextLine, ...]
    changed: tuple[Box, ...]
    elements: tuple[DetectedElement, ...] | None = None
    """the earlier state's elements, when its screen is the new one (nothing changed)"""
    source: str = "previous"
    """"previous", "revisit" or "scroll": where the lines come from"""


def _thumb(grey: Gray) -> NDArray[np.float32]:
    h, w = grey.shape
    size = (max(1, w // THUMB), max(1, h // THUMB))
    return np.asarray(cv2.resize(grey, size, interpolation=cv2.INTER_AREA), np.float32)


def choose_basis(seen: Sequence[Seen], now: Seen, net: Sequence[Box], pad: int) -> Basis:
    """The basis to read the screen `now` against, from the states `seen` so far (the last one is the
    previous state, whose changes to `now` are `net`). `pad` px are added around each region when
    comparing what is left to read. Raises ValueError when `seen` is empty or the screens differ in
    size."""
    if not seen:
        raise ValueError("choose_basis needs at least one state seen before")
    if now.grey.shape != seen[-1].grey.shape:
        raise ValueError(f"screens differ in size: {seen[-1].grey.shape} vs {now.grey.shape}")
    h, w = now.grey.shape
    prev = seen[-1]
    options = [Basis(prev.lines, tuple(net))]
    earlier = _most_alike(seen[:-1], now.thumb)
    if earlier is not None:
        changed = tuple(changed_boxes_fast(earlier.grey, now.grey))
        options.append(
            Basis(earlier.lines, changed, earlier.elements if not changed else None, source="revisit")
        )
    if sum(b.area for b in net) >= SCROLL_SHARE * w * h:
        scrolled = _scrolled(prev, now.grey)
        if scrolled is not None:
            options.append(scrolled)
    # min keeps the first of equals: the previous state unless another leaves less to read
    return min(options, key=lambda b: covered_area([expand(r, pad, w, h) for r in b.changed], w, h))


def _most_alike(seen: Sequence[Seen], thumb: NDArray[np.float32]) -> Seen | None:
    if not seen:
        return None
    return min(seen, key=lambda s: float(np.abs(s.thumb - thumb).mean()))


def _scrolled(prev: Seen, grey: Gray) -> Basis | None:
    """The previous state's lines moved as its page scrolled to `grey`, with the regions left to read:
    the band that came into view, what differs from the moved page, and lines the band's edges cut.
    None when the page did not scroll."""
    shift = vertical_shift(prev.grey, grey)
    if shift is None or shift.dy == 0:
        return None
    h, w = grey.shape
    top, bottom, dy = shift.header, h - shift.footer, shift.dy
    moved = prev.grey.copy()
    # row r of the band shows what row r + dy showed before
    if dy > 0:
        moved[top : bottom - dy] = prev.grey[top + dy : bottom]
        fresh = Box(0, bottom - dy, w, dy)
    else:
        moved[top - dy : bottom] = prev.grey[top : bottom + dy]
        fresh = Box(0, top, w, -dy)
    changed = [fresh, *changed_boxes_fast(moved, grey)]
    lines: list[TextLine] = []
    for line in prev.lines:
        b = line.box
        if b.y2 <= top or b.y >= bottom:  # in the header or the footer: it stayed
            lines.append(line)
        elif b.y >= top and b.y2 <= bottom:  # in the band: it moved
            at = Box(b.x, b.y - dy, b.w, b.h)
            if at.y >= top and at.y2 <= bottom:
                lines.append(TextLine(line.text, at, line.score))
            elif at.y < bottom and at.y2 > top:  # now cut by the band's edge: read what shows of it
                changed.append(at)
        else:  # across the band's edge: its part in the band moved away
            changed.append(b)
    return Basis(tuple(lines), tuple(changed), source="scroll")
