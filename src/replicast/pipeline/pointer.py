"""Follow the mouse pointer through a timeline, and tell its motion apart from page changes.

The pointer is drawn into the recording: when it moves it leaves a pair of small changed boxes (where it
was, where it is), each step near the last. Everything else that changes is the page. The pointer's box
at rest in each stable span comes from the net difference between two spans, which holds the pointer
exactly (where it left and where it arrived).

    track = track_pointer(timeline)
    track.rest[i]          # the pointer's box during spans[i], or None while it has not moved yet
"""

from __future__ import annotations

from dataclasses import dataclass

from replicast.pipeline.changes import changed_boxes, is_caret
from replicast.pipeline.segment import FrameDelta, Timeline
from replicast.vision.base import Box


@dataclass(frozen=True, slots=True)
class PointerPose:
    t: float
    box: Box


@dataclass(frozen=True, slots=True)
class GapMotion:
    """What happened in one gap between two stable spans."""

    poses: tuple[PointerPose, ...]
    """pointer boxes while it moved (each the union of where it was and where it went)."""
    content: tuple[FrameDelta, ...]
    """frame changes of the page itself, pointer boxes removed."""
    net: tuple[Box, ...]
    """page regions that differ between the spans before and after (pointer and caret removed)."""

    @property
    def moved(self) -> bool:
        return bool(self.poses)

    @property
    def arrived(self) -> float | None:
        return self.poses[-1].t if self.poses else None


@dataclass(frozen=True, slots=True)
class PointerTrack:
    rest: tuple[Box | None, ...]
    """per span: the pointer's box while the span lasted."""
    gaps: tuple[GapMotion, ...]


def hotspot(box: Box) -> tuple[float, float]:
    """Where the pointer points, from the box of its sprite: an arrow's tip is its top-left, an I-beam's
    point its middle, a hand's its fingertip; this point lies within a few pixels of each."""
    return box.x + 0.3 * box.w, box.y + 0.25 * box.h


def _pointer_sized(box: Box, scale: float) -> bool:
    return box.w <= 90 * scale and box.h <= 90 * scale


def _near(a: Box, b: Box, px: float) -> bool:
    return a.x - px < b.x2 and b.x - px < a.x2 and a.y - px < b.y2 and b.y - px < a.y2


def track_pointer(timeline: Timeline) -> PointerTrack:
    """Follow the pointer from span to span."""
    scale = timeline.scale
    rest: list[Box | None] = [None]
    gaps: list[GapMotion] = []
    for i, deltas in enumerate(timeline.gaps):
        before, after = timeline.spans[i], timeline.spans[i + 1]
        gap = _follow(deltas, rest[-1], scale)
        net = [b for b in changed_boxes(before.luma, after.luma) if not is_caret(b, scale) and b.area > 2]
        arrived = rest[-1]
        if gap.poses:
            last = gap.poses[-1].box
            arrived = next(
                (b for b in net if _pointer_sized(b, scale) and _near(b, last, 2)),
                last,
            )
        departed = rest[-1] or (gap.poses[0].box if gap.poses else None)
        pointer = [b for b in (departed, arrived) if b is not None]
        page = tuple(b for b in net if not any(_near(b, p, 1) and _pointer_sized(b, scale) for p in pointer))
        rest.append(arrived)
        gaps.append(GapMotion(gap.poses, gap.content, page))
    return PointerTrack(tuple(rest), tuple(gaps))


def _follow(deltas: tuple[FrameDelta, ...], start: Box | None, scale: float) -> GapMotion:
    reach = 48 * scale
    anchor = start
    poses: list[PointerPose] = []
    content: list[FrameDelta] = []
    for d in deltas:
        small = [b for b in d.boxes if _pointer_sized(b, scale)]
        if anchor is None:
            # the pointer has not been seen yet: a first change made only of small boxes is it
            moving = small if small and len(d.boxes) == len(small) and len(small) <= 2 else []
        elif not poses:
            # a pointer at rest leaves from where it is: its first step touches its box
            moving = [b for b in small if _near(b, anchor, 2)]
        else:
            moving = [b for b in small if _near(b, anchor, reach)]
        if moving and anchor is not None:
            # the step nearest to where the pointer was, and the pointer's sprite where it went next
            # (fast motion leaves two boxes); other changes nearby (a hover highlight) are the page's
            a = anchor
            sprite = max(start.w, start.h) if start is not None else 24 * scale
            nearest = min(moving, key=lambda b: abs(b.cx - a.cx) + abs(b.cy - a.cy))
            moving = [
                b for b in moving if b is nearest or _near(b, nearest, 2) or max(b.w, b.h) <= 1.6 * sprite
            ]
        if moving:
            box = moving[0]
            for b in moving[1:]:
                box = box.union(b)
            poses.append(PointerPose(d.t, box))
            anchor = box
        rest = tuple(b for b in d.boxes if b not in moving)
        if rest:
            content.append(FrameDelta(d.index, d.t, rest))
    if poses and _travel(start, poses) < (32 if start is not None else 8) * scale:
        # a change under or beside a resting pointer (typing up to it), not a motion: it is the page's
        content = sorted([*content, *(FrameDelta(-1, p.t, (p.box,)) for p in poses)], key=lambda d: d.t)
        poses = []
    return GapMotion(tuple(poses), tuple(content), ())


def _travel(start: Box | None, poses: list[PointerPose]) -> float:
    """How far the pointer got: from where it rested (or was first seen) to where it stopped."""
    first = start or poses[0].box
    last = poses[-1].box
    return max(abs(last.cx - first.cx), abs(last.cy - first.cy))
