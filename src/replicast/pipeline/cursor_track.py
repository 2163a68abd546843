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

from replicast.pipeline.pointer import PointerTrack
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


def hotspot_of(box: Box) -> tuple[float, float]:
    """Where a pointer sprite with this box points (see the module docstring)."""
    ratio = box.w / box.h if box.h else 1.0
    if ratio < 0.55:
        return box.cx, box.cy
    if ratio < 0.8:
        return box.x + 1.0, box.y + 1.0
    return box.x + 0.38 * box.w, box.y + 0.12 * box.h


def cursor_track(timeline: Timeline, track: PointerTrack) -> CursorTrack:
    """Rest boxes and gap poses as one track; moving poses cut to the sprite's real size."""
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
        rest = track.rest[i] if i < len(track.rest) else None
        add(span.t_start, rest, False)
        if i >= len(track.gaps):
            continue
        gap = track.gaps[i]
        after = track.rest[i + 1] if i + 1 < len(track.rest) else None
        sprite = _sprite(rest, after)
        deltas = {d.t: d.boxes for d in timeline.gaps[i]}
        prev = rest
        for pose in gap.poses:
            box = _refine(pose.box, deltas.get(pose.t, ()), prev, sprite)
            add(pose.t, box, True)
            prev = box
    return CursorTrack(tuple(samples), tuple(times))


def _sprite(before: Box | None, after: Box | None) -> tuple[int, int] | None:
    """The sprite's size while moving: as it rested before the motion, else as it rests after it."""
    for box in (before, after):
        if box is not None and 4 <= box.w <= 64 and 8 <= box.h <= 64:
            return box.w, box.h
    return None


def _refine(pose: Box, boxes: tuple[Box, ...], prev: Box | None, sprite: tuple[int, int] | None) -> Box:
    """The sprite's box inside the changed box that holds `pose`, at the corner away from `prev`."""
    if sprite is None or prev is None:
        return pose
    changed = next((b for b in boxes if b.intersection(pose) >= 0.5 * pose.area), None)
    if changed is None:
        return pose
    w, h = min(sprite[0], changed.w), min(sprite[1], changed.h)
    x = changed.x if changed.cx <= prev.cx else changed.x2 - w
    y = changed.y if changed.cy <= prev.cy else changed.y2 - h
    return Box(x, y, w, h)
