"""The pointer at every moment of a recording: a per-frame track from the timeline and `track_pointer`.

`pointer.track_pointer` knows where the pointer rests in each stable span and the sprite-sized boxes it
passed through in each gap. This turns that into one time-ordered track of the pointer's hotspot (the
point it points with), queried at any time, and sharpens the moving poses: `track_pointer` takes each
step as a square corner of the changed box (it cannot know the sprite's shape mid-motion); here the
corner is cut to the sprite's real width and height, read from where the pointer rested before or after.

    track = cursor_track(timeline, track_pointer(timeline))
    track.at(3.2)           # CursorSample(t, x, y, box, moving) or None while the pointer is unseen
    track.path()            # the hotspot's polyline, one point per change of position

The hotspot of a sprite box depends on its shape (X11 Adwaita cursors, also what browsers draw):
an I-beam (narrow, w < 0.55 h) points with its middle; an arrow (w < 0.8 h) with its tip, one pixel in
from the box's top-left; a hand (about square) with its index fingertip, at 0.38 w and 0.12 h.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

from replicast.pipeline.pointer import PointerTrack, hotspot
from replicast.pipeline.segment import Timeline
from replicast.vision.base import Box


@dataclass(frozen=True, slots=True)
class CursorSample:
    """The pointer from `t` on: its sprite's box and its hotspot, in the timeline's pixels."""

    t: float
    x: float
    y: float
    box: Box
    moving: bool


@dataclass(frozen=True, slots=True)
class CursorTrack:
    samples: tuple[CursorSample | None, ...]
    """time-ordered; None where the pointer is not known (before it first moved)."""
    times: tuple[float, ...]

    def at(self, t: float) -> CursorSample | None:
        """The pointer shown at `t` (the last sample at or before it)."""
        i = bisect.bisect_right(self.times, t + 1e-9) - 1
        return self.samples[i] if i >= 0 else None

    def path(self) -> tuple[tuple[float, float, float], ...]:
        """(t, x, y) each time the hotspot moved."""
        out: list[tuple[float, float, float]] = []
        for s in self.samples:
            if s is not None and (not out or (out[-1][1], out[-1][2]) != (s.x, s.y)):
                out.append((s.t, s.x, s.y))
        return tuple(out)


hotspot_of = hotspot
"""Where a pointer sprite with this box points (kept under this name for the bench and tests)."""


def cursor_track(timeline: Timeline, track: PointerTrack) -> CursorTrack:
    """Rest boxes and gap poses as one track; moving poses cut to the sprite's real size.

    Where `track_pointer` took a rest box from the last pose (the page changed under the pointer as
    it arrived), the refined pose is used; spans before the pointer's first motion get the place it
    first moved from (it was there all along).
    """
    rests: list[Box | None] = [
        track.rest[i] if i < len(track.rest) else None for i in range(len(timeline.spans))
    ]
    moves: list[list[tuple[float, Box]]] = []
    for i, gap in enumerate(track.gaps):
        sprite = _sprite(rests[i], rests[i + 1] if i + 1 < len(rests) else None)
        deltas = {d.t: d.boxes for d in timeline.gaps[i]}
        # the way the pointer goes, from one changed box to the next (it started from its rest box)
        prev = rests[i]
        way = _way(rests[i], rests[i + 1] if i + 1 < len(rests) else None)
        refined: list[tuple[float, Box]] = []
        for pose in gap.poses:
            box, prev = _refine(pose.box, deltas.get(pose.t, ()), prev, sprite, way)
            refined.append((pose.t, box))
        after = rests[i + 1] if i + 1 < len(rests) else None
        moves.append(_settled(refined, after))
    first = next((m[0][1] for m in moves if m), None)
    for i, rest in enumerate(rests):
        if rest is not None or (i > 0 and moves[i - 1]):
            break
        rests[i] = first

    samples: list[CursorSample | None] = []
    times: list[float] = []

    def add(t: float, box: Box | None, moving: bool) -> None:
        times.append(t)
        if box is None:
            samples.append(None)
            return
        x, y = hotspot_of(box)
        samples.append(CursorSample(t, x, y, box, moving))

    for i, span in enumerate(timeline.spans):
        add(span.t_start, rests[i], False)
        for t, box in moves[i] if i < len(moves) else ():
            add(t, box, True)
    return CursorTrack(tuple(samples), tuple(times))


def _settled(moves: list[tuple[float, Box]], rest: Box | None) -> list[tuple[float, Box]]:
    """The moves, where the last ones jump away from the rest after a pose at it: the pointer had
    arrived, and those were page changes beside it (a press highlight, a label) taken for it."""
    if rest is None:
        return moves
    hx, hy = hotspot_of(rest)
    far = max(rest.w, rest.h)
    end = len(moves)
    while end > 0 and _off(moves[end - 1][1], hx, hy) > far:
        end -= 1
    if end == len(moves) or end == 0 or _off(moves[end - 1][1], hx, hy) > 6:
        return moves
    return [*moves[:end], *((t, rest) for t, _ in moves[end:])]


def _off(box: Box, x: float, y: float) -> float:
    bx, by = hotspot_of(box)
    return max(abs(bx - x), abs(by - y))


def _sprite(before: Box | None, after: Box | None) -> tuple[int, int] | None:
    """The sprite's size while moving: as it rested before the motion, else as it rests after it."""
    for box in (before, after):
        if box is not None and 4 <= box.w <= 64 and 8 <= box.h <= 64:
            return box.w, box.h
    return None


def _way(before: Box | None, after: Box | None) -> tuple[int, int]:
    """The sign of the motion from rest to rest on each axis, where it went more than 8 px (else 0)."""
    if before is None or after is None:
        return 0, 0
    dx, dy = after.cx - before.cx, after.cy - before.cy
    return (int(np.sign(dx)) if abs(dx) > 8 else 0), (int(np.sign(dy)) if abs(dy) > 8 else 0)


def _refine(
    pose: Box,
    boxes: tuple[Box, ...],
    prev: Box | None,
    sprite: tuple[int, int] | None,
    way: tuple[int, int] = (0, 0),
) -> tuple[Box, Box]:
    """The sprite's box at the leading corner of the changed box that holds `pose` (or of the pose
    itself, a square corner of it, when that box holds a page change too), and the box it was cut
    from. The leading corner: the way from rest to rest where it is clear (a caret blinking beside
    the pointer stretches a changed box backwards), else the way the changed box moved since `prev`."""
    if sprite is None or prev is None:
        return pose, pose
    side = max(sprite)
    changed = next((b for b in boxes if b.intersection(pose) >= 0.5 * pose.area), None)
    # a box far bigger than two sprites holds a page change too: its corner is not the pointer's
    if changed is None or changed.w > 3 * side + 4 or changed.h > 3 * side + 4:
        changed = pose
    w, h = min(sprite[0], changed.w), min(sprite[1], changed.h)
    dx = way[0] or (changed.x + changed.x2) - (prev.x + prev.x2)
    dy = way[1] or (changed.y + changed.y2) - (prev.y + prev.y2)
    x = changed.x if dx < 0 or (dx == 0 and changed.cx <= prev.cx) else changed.x2 - w
    y = changed.y if dy < 0 or (dy == 0 and changed.cy <= prev.cy) else changed.y2 - h
    return Box(x, y, w, h), changed
