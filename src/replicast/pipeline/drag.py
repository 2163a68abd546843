"""Something carried across the page: a region that keeps its size while it moves, frame after frame.

A drag shows as one changed box per frame, bigger than the pointer, each overlapping the last and
about as big (where the object was and where it is now, the pointer with it), moving on: the object
follows the pointer until it is dropped. A pointer gliding fast makes such boxes too, of the sprite
twice: the thing in them, a step smaller than the box, is no bigger than the pointer; and the pointer
is then seen stepping on its own, which over a carried object it is not (see `pointer`). A scroll
changes a region that stays in place, a spinner or a growing bar changes its size, a toast slides in
from the edge of the screen; none of them is a drag. With the pointer seen, it rested on the object
(the press) where the motion began.

    carry = find_carry(deltas, pointer_at, width, height, scale)
    carry.x, carry.y, carry.dx, carry.dy       # where the press was, how far it carried the object
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from replicast.pipeline.changes import expand
from replicast.pipeline.segment import FrameDelta
from replicast.vision.base import Box

SPRITE_PX = 40
"""the largest pointer sprite at 1x (720p): a carried object and the pointer over it are bigger."""
MIN_FRAMES = 4
"""a carry lasts at least this many frames."""
MIN_TRAVEL_PX = 16
"""and moves at least this far (at 1x)."""
_PAUSE_S = 0.1
"""frames further apart than this end a carry: a hand dragging moves on every frame."""


@dataclass(frozen=True, slots=True)
class Carry:
    t: float
    """when the object started to move (just after the press)."""
    t_end: float
    """when it last moved (the drop follows)."""
    x: float
    y: float
    """where it was pressed: the pointer's hotspot, else the middle of the object."""
    dx: float
    dy: float
    """how far it was carried."""
    start: Box
    """the object (with the pointer over it) where it started."""


PointerAt = Callable[[float], tuple[float, float] | None]
"""where the pointer's hotspot was just before a time (None when not seen)."""


def find_carry(
    deltas: Sequence[FrameDelta], pointer_at: PointerAt, width: int, height: int, scale: float
) -> Carry | None:
    """The longest carry among the frame changes of one gap, or None."""
    best: Carry | None = None
    chain: list[tuple[float, Box]] = []
    for d in deltas:
        big = [b for b in d.boxes if max(b.w, b.h) > SPRITE_PX * scale]
        nxt = _next(chain, d.t, big) if chain else None
        if nxt is not None:
            chain.append((d.t, nxt))
            continue
        best = _better(best, _carry(chain, pointer_at, width, height, scale))
        chain = [(d.t, big[0])] if len(big) == 1 else []
    return _better(best, _carry(chain, pointer_at, width, height, scale))


def _next(chain: list[tuple[float, Box]], t: float, boxes: list[Box]) -> Box | None:
    """The box of a frame that carries the chain on: the one box overlapping its last box, no more
    than about twice as big or half as big (it may take in an item it passes over), soon after."""
    t_last, last = chain[-1]
    if t - t_last > _PAUSE_S:
        return None
    on = [
        b
        for b in boxes
        if b.intersection(last) > 0
        and last.w / 2.2 - 8 <= b.w <= 2.2 * last.w + 8
        and last.h / 2.2 - 8 <= b.h <= 2.2 * last.h + 8
    ]
    return on[0] if len(on) == 1 else None


def _carry(
    chain: list[tuple[float, Box]], pointer_at: PointerAt, width: int, height: int, scale: float
) -> Carry | None:
    if len(chain) < MIN_FRAMES:
        return None
    boxes = [b for _, b in chain]
    first = boxes[0]
    if first.x <= 0 or first.y <= 0 or first.x2 >= width or first.y2 >= height:
        return None  # slid in from the edge of the screen: nobody picked it up there
    dx = _travel([b.x for b in boxes], [b.x2 for b in boxes])
    dy = _travel([b.y for b in boxes], [b.y2 for b in boxes])
    if max(abs(dx), abs(dy)) < MIN_TRAVEL_PX * scale:
        return None
    # each box is the thing twice, a step apart: a pointer gliding fast makes boxes as big, but the
    # thing in them, a step smaller, is only the pointer
    steps = list(itertools.pairwise(boxes))
    wide = sorted(b.w - abs(b.cx - a.cx) for a, b in steps)[len(steps) // 2]
    tall = sorted(b.h - abs(b.cy - a.cy) for a, b in steps)[len(steps) // 2]
    if max(wide, tall) <= SPRITE_PX * scale:
        return None
    pointer = pointer_at(chain[0][0])
    reach = round(SPRITE_PX * scale / 2)
    # pressed on the object: on its ink that changed, or beside it (on its plain background)
    if pointer is not None and not expand(first, reach, width, height).contains_point(*pointer):
        return None
    x, y = pointer if pointer is not None else (first.cx, first.cy)
    return Carry(chain[0][0], chain[-1][0], x, y, dx, dy, first)


def _travel(lows: list[int], highs: list[int]) -> float:
    """How far a carried object went along one axis, from its boxes' low and high edges frame by frame.

    The first box holds the object where it was picked up, the last where it was let go, and each of
    their edges moved as far as the object did, unless something else stuck out of the box at one
    end: the pointer over the object, or an item it was passing over. That makes an edge's travel
    longer, so the shorter of the two is the object's."""
    a, b = lows[-1] - lows[0], highs[-1] - highs[0]
    return float(a if abs(a) <= abs(b) else b)


def _better(a: Carry | None, b: Carry | None) -> Carry | None:
    if a is None or b is None:
        return a or b
    return a if max(abs(a.dx), abs(a.dy)) >= max(abs(b.dx), abs(b.dy)) else b
