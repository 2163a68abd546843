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

from replicast.pipeline.changes import is_caret
from replicast.pipeline.fastdiff import changed_boxes_fast
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
    """Where a pointer sprite with this box points: an I-beam (narrow) at its middle, an arrow
    (taller than wide) at its tip, a hand (about square) at its fingertip."""
    ratio = box.w / box.h if box.h else 1.0
    if ratio < 0.55:
        return box.cx, box.cy
    if ratio < 0.8:
        return box.x + 1.0, box.y + 1.0
    return box.x + 0.38 * box.w, box.y + 0.12 * box.h


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
        net = [
            b for b in changed_boxes_fast(before.luma, after.luma) if not is_caret(b, scale) and b.area > 2
        ]
        arrived = rest[-1]
        if gap.poses:
            last = gap.poses[-1].box
            # the net difference holds the sprite exactly where it stopped, unless the page changed there
            arrived = next(
                (b for b in net if _sprite_like(b, scale) and b.intersection(last) >= 0.4 * last.area),
                last,
            )
        departed = rest[-1] or (gap.poses[0].box if gap.poses else None)
        pointer = [b for b in (departed, arrived) if b is not None]
        page = tuple(b for b in net if not any(_near(b, p, 1) and _pointer_sized(b, scale) for p in pointer))
        rest.append(arrived)
        gaps.append(GapMotion(gap.poses, gap.content, page))
    return PointerTrack(tuple(rest), tuple(gaps))


def _sprite_like(box: Box, scale: float) -> bool:
    """Sized like a pointer sprite: an arrow, a hand or an I-beam (not a line, not a panel)."""
    return 4 * scale <= max(box.w, box.h) <= 40 * scale and min(box.w, box.h) >= 4 * scale


def _step(box: Box, at: Box, sprite: tuple[int, int]) -> Box:
    """Where the pointer is now, from a changed box that may hold both where it was (`at`) and where it
    went: the sprite-sized corner of the box away from `at`."""
    w, h = min(sprite[0], box.w), min(sprite[1], box.h)
    x = box.x if box.cx <= at.cx else box.x2 - w
    y = box.y if box.cy <= at.cy else box.y2 - h
    return Box(x, y, w, h)


def _follow(deltas: tuple[FrameDelta, ...], start: Box | None, scale: float) -> GapMotion:
    reach = 48 * scale
    anchor = start
    # square: the pointer changes shape on the way (an I-beam over a field, an arrow, a hand)
    side = max(start.w, start.h) if start is not None and _sprite_like(start, scale) else round(20 * scale)
    sprite = (side, side)
    poses: list[PointerPose] = []
    content: list[FrameDelta] = []
    for d in deltas:
        small = [b for b in d.boxes if _pointer_sized(b, scale) and min(b.w, b.h) >= 4 * scale]
        if anchor is None:
            # the pointer has not been seen yet: a first change made only of small boxes is it
            moving = small if small and len(d.boxes) == len(small) and len(small) <= 2 else []
        elif not poses:
            # a pointer at rest leaves from where it is: its first step touches its box
            moving = [b for b in small if _near(b, anchor, 2)]
        else:
            moving = [b for b in small if _near(b, anchor, reach)]
        pose: Box | None = None
        used: list[Box] = []
        if moving and anchor is None:
            pose = moving[0] if len(moving) == 1 else moving[0].union(moving[1])
            used = moving
        elif moving and anchor is not None:
            # each changed box holds where the pointer was, where it went, or both (slow motion); the
            # pointer is the sprite-sized corner away from where it was, and of those candidates the one
            # that best continues the motion. Other changes nearby (a hover highlight) are the page's.
            a = anchor
            px, py = a.cx, a.cy
            if len(poses) >= 2:
                px, py = 2 * a.cx - poses[-2].box.cx, 2 * a.cy - poses[-2].box.cy
            # a box far bigger than two sprites is the pointer merged with a page change: no step
            fits = [b for b in moving if b.w <= 3 * sprite[0] + 4 and b.h <= 3 * sprite[1] + 4]
            if fits:
                steps = [(_step(b, a, sprite), b) for b in fits]
                pose, used_box = min(steps, key=lambda c: abs(c[0].cx - px) + abs(c[0].cy - py))
                used = [b for b in fits if b is used_box or _near(b, a, 1)]
        if pose is not None:
            poses.append(PointerPose(d.t, pose))
            anchor = pose
        rest = tuple(b for b in d.boxes if b not in used)
        if rest:
            content.append(FrameDelta(d.index, d.t, rest))
    poses, odd = _consistent(poses)
    content = sorted([*content, *(FrameDelta(-1, p.t, (p.box,)) for p in odd)], key=lambda d: d.t)
    if poses and _travel(start, poses) < (32 if start is not None else 8) * scale:
        # a change under or beside a resting pointer (typing up to it), not a motion: it is the page's
        content = sorted([*content, *(FrameDelta(-1, p.t, (p.box,)) for p in poses)], key=lambda d: d.t)
        poses = []
    return GapMotion(tuple(poses), tuple(content), ())


def _consistent(poses: list[PointerPose]) -> tuple[list[PointerPose], list[PointerPose]]:
    """Poses whose size agrees with the pointer's usual size, and the odd ones (page pieces taken for
    the pointer, such as a hover highlight that lit up as it arrived)."""
    if len(poses) < 4:
        return poses, []
    # by height: every pointer shape (arrow, hand, I-beam) is about as tall, widths differ
    hs = sorted(p.box.h for p in poses)
    h = hs[len(hs) // 2]
    keep = [p for p in poses if 0.6 * h <= p.box.h <= 1.6 * h and p.box.w <= 2.5 * h]
    return keep, [p for p in poses if p not in keep]


def _travel(start: Box | None, poses: list[PointerPose]) -> float:
    """How far the pointer got: from where it rested (or was first seen) to where it stopped."""
    first = start or poses[0].box
    last = poses[-1].box
    return max(abs(last.cx - first.cx), abs(last.cy - first.cy))
