"""Follow the mouse pointer through a timeline, and tell its motion apart from page changes.

The pointer is drawn into the recording: when it moves it leaves a pair of small changed boxes (where it
was, where it is), each step near the last, or two boxes of its size apart when it moves fast (or the
recorder dropped frames). Everything else that changes is the page. The pointer's box at rest in each
stable span comes from the net difference between two spans, which holds the pointer exactly (where it
left and where it arrived) unless the page changed there too (a press highlight, a ticked box, a new
page under the pointer).

So the pointer's looks (arrow, hand, I-beam: any size) are learned from the recording itself: its pixels
in net boxes where it left a rest, a look that recurs or has the size the moving sprite has. A second
pass then finds each rest by matching those pixels (the sprite's own, not the page around them) near
where the pointer stopped, and where the page changed under a pointer that stayed.

    track = track_pointer(timeline)
    track.rest[i]          # the pointer's box during spans[i], or None while it has not moved yet
    track.at(i)            # the same, or before its first move where that move began
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Gray
from replicast.pipeline.changes import ChangeConfig, expand, is_caret
from replicast.pipeline.drag import Carry, find_carry
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
    carry: Carry | None = None
    """something the pointer carried across the page (a drag), when it did."""

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
    looks: tuple[_Sprite, ...] = ()
    """the pointer's shapes (arrow, hand, I-beam) as seen cleanly, most seen first."""

    waited: Box | None = None
    """where the pointer was shown from the start until its first move (no motion revealed it yet)."""

    def at(self, span: int) -> Box | None:
        """The pointer's box during `span`: where it rested, or before its first move where it waited."""
        if self.rest[span] is not None:
            return self.rest[span]
        first = next((i for i, g in enumerate(self.gaps) if g.moved), None)
        return self.waited if first is not None and span <= first else None


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
    nets = [
        [b for b in changed_boxes_fast(s.luma, t.luma) if not is_caret(b, scale) and b.area > 2]
        for s, t in itertools.pairwise(timeline.spans)
    ]
    first = _track(timeline, nets, [])
    sprites = _sprites(timeline, nets, first)
    track = replace(_track(timeline, nets, sprites), looks=tuple(sprites)) if sprites else first
    return replace(track, waited=_waited(timeline, nets, track))


def _waited(timeline: Timeline, nets: list[list[Box]], track: PointerTrack) -> Box | None:
    """Where the pointer waited before its first move: its look where that move began (there before,
    gone after), else the sprite-sized difference it left there, else that first step if sprite-sized
    (a step may span two places far apart)."""
    i = next((i for i, g in enumerate(track.gaps) if g.moved), None)
    if i is None:
        return None
    step = track.gaps[i].poses[0].box
    before, after = timeline.spans[i].luma, timeline.spans[i + 1].luma
    left = next((b for b in nets[i] if _sprite_like(b, timeline.scale) and b.intersection(step) > 0), None)
    found = _find(before, after, list(track.looks), left or step)
    return found or left or (step if _sprite_like(step, timeline.scale) else None)


def pointer_pixels(track: PointerTrack, luma: Gray, box: Box) -> NDArray[np.bool_] | None:
    """Which pixels of the frame (`luma`) are the pointer resting around `box`: the learned look that
    matches there, placed where it matches. None when no look does (then only the box is known)."""
    h, w = luma.shape
    region = expand(box, 2, w, h)
    for s in track.looks:
        at = _match(luma, region, s)
        if at is not None:
            out = np.zeros((h, w), bool)
            out[at.y : at.y2, at.x : at.x2] = s.mask > 0
            return out
    return None


def _track(timeline: Timeline, nets: list[list[Box]], sprites: list[_Sprite]) -> PointerTrack:
    """The rests from the net differences, or from the learned `sprites` where they are found."""
    scale = timeline.scale
    rest: list[Box | None] = [None]
    gaps: list[GapMotion] = []
    for i, deltas in enumerate(timeline.gaps):
        before, after, net = timeline.spans[i], timeline.spans[i + 1], nets[i]
        gap = _follow(deltas, rest[-1], scale)
        if (rest[-1] is None or _ibeam(rest[-1])) and _left_marks(gap.poses, net, after.luma.size):
            # what it "moved" over stayed changed: letters typed one after another (in a recording
            # without a pointer, or running on past an I-beam resting over the field), not a pointer,
            # which leaves no trace where it passed (an arrow or a hand that left its rest moved: over
            # a tab strip whose highlight followed it, say)
            gap = GapMotion((), tuple(deltas), ())
        arrived = rest[-1]
        carry = find_carry(deltas, _pointer_at(rest[-1], gap.poses), timeline.width, timeline.height, scale)
        if carry is not None and any(carry.t <= p.t <= carry.t_end for p in gap.poses):
            carry = None  # the pointer stepped on its own meanwhile: what moved was the pointer
        if carry is not None and (held := _pose_before(rest[-1], gap.poses, carry.t)) is not None:
            # the pointer went with what it carried, over it all the way: no step of its own shows
            moved = held.offset(round(carry.dx), round(carry.dy))
            arrived = _find(after.luma, before.luma, sprites, moved) or moved
        elif gap.poses:
            last = gap.poses[-1].box
            # the net difference holds the sprite exactly where it stopped, unless the page changed there
            arrived = next(
                (b for b in net if _sprite_like(b, scale) and b.intersection(last) >= 0.4 * last.area),
                last,
            )
            # where it stopped: around the last poses (the very last may be a page change taken for it)
            near = arrived
            for p in gap.poses[-3:]:
                near = near.union(p.box)
            arrived = _find(after.luma, before.luma, sprites, near) or arrived
        elif arrived is not None and any(b.intersection(arrived) for b in net):
            # it stayed, but the page changed around it: it may have changed its look (a hand over a
            # link that the click replaced becomes an arrow)
            arrived = _find(after.luma, before.luma, sprites, arrived) or arrived
        departed = rest[-1] or (gap.poses[0].box if gap.poses else None)
        pointer = [b for b in (departed, arrived) if b is not None]
        page = tuple(b for b in net if not any(_near(b, p, 1) and _pointer_sized(b, scale) for p in pointer))
        rest.append(arrived)
        gaps.append(GapMotion(gap.poses, gap.content, page, carry))
    return PointerTrack(tuple(rest), tuple(gaps))


def _ibeam(box: Box) -> bool:
    """Shaped like the text pointer (an I-beam: tall and thin), which rests over the field typed in."""
    return box.w <= 0.6 * box.h


def _pose_before(rest: Box | None, poses: tuple[PointerPose, ...], t: float) -> Box | None:
    """The pointer's box just before `t`: its last step before then, else where it rested."""
    return next((p.box for p in reversed(poses) if p.t < t), rest)


def _pointer_at(
    rest: Box | None, poses: tuple[PointerPose, ...]
) -> Callable[[float], tuple[float, float] | None]:
    def at(t: float) -> tuple[float, float] | None:
        box = _pose_before(rest, poses, t)
        return hotspot(box) if box is not None else None

    return at


def _left_marks(poses: tuple[PointerPose, ...], net: list[Box], screen: int) -> bool:
    """Whether most places a motion passed (its last two aside, where a pointer may rest) changed
    for good: each inside a box of the net difference no taller than a line of text. Typing marks
    a run along one line and a small part of the screen; a pointer drifting in place, a scroll or a
    new page is no typing."""
    passed = poses[:-2]
    if len(passed) < 3:
        return False
    # letters advance along one line; a pointer drifting a few px stays within its own width
    tall, wide = max(p.box.h for p in passed), max(p.box.w for p in passed)
    if max(p.box.cy for p in passed) - min(p.box.cy for p in passed) > 1.5 * tall:
        return False
    if max(p.box.cx for p in poses) - min(p.box.cx for p in poses) < 2 * wide:
        return False
    if sum(b.area for b in net) > TYPING_SHARE * screen:
        return False
    lines = [b for b in net if b.h <= 3 * max(p.box.h for p in passed)]
    marked = sum(1 for p in passed if any(b.intersection(p.box) >= 0.8 * p.box.area for b in lines))
    return marked >= 0.6 * len(passed)


@dataclass(frozen=True, slots=True)
class _Sprite:
    """How the pointer looks (one shape of it): its pixels, and which of them differ from the page."""

    image: NDArray[np.float32]
    mask: Gray

    @property
    def size(self) -> tuple[int, int]:
        return self.image.shape[1], self.image.shape[0]

    @property
    def count(self) -> int:
        """How many of its pixels differ from the page."""
        return int(self.mask.sum())


JUMP_BOXES = 3
"""A frame with more changed boxes than this shows the page changing: no pointer jump is read from it
(the place it left and a sprite-sized piece of the page elsewhere would look like one)."""
_LEVELS = ChangeConfig().threshold
TYPING_SHARE = 0.1
"""Typed letters change at most this share of the screen between two spans."""
_MATCH_RMS = 24.0
"""luma levels: the largest RMS difference over a sprite's own pixels for a match (codec noise at its
edges stays under 10; a dark icon or text under it differs by 90 and more)."""


def _sprites(timeline: Timeline, nets: list[list[Box]], track: PointerTrack) -> list[_Sprite]:
    """The pointer's looks seen cleanly where it left a rest: net boxes at rests that recur with the
    same size and pixels, or that have the size the sprite has in motion, most often seen first. A
    click's effect (a press highlight, a ticked box) merges with the sprite where it arrives, not
    where it leaves, and a hover effect merged with it makes a box of another size each time."""
    seen: list[tuple[_Sprite, int, bool]] = []
    for i, gap in enumerate(track.gaps):
        if not gap.moved:
            continue
        before, after = timeline.spans[i].luma, timeline.spans[i + 1].luma
        for at, shown, other, left in (
            (track.rest[i] or gap.poses[0].box, before, after, True),
            (track.rest[i + 1], after, before, False),
        ):
            for box in (b for b in nets[i] if at is not None and b.intersection(at) > 0):
                sprite = _cut(shown, other, box, timeline.scale)
                if sprite is None:
                    continue
                k = next((k for k, (s, _, _) in enumerate(seen) if _alike(s, sprite)), None)
                if k is None:
                    seen.append((sprite, 1, left))
                else:
                    seen[k] = (seen[k][0], seen[k][1] + 1, seen[k][2] or left)
    sizes = _pair_sizes(timeline, timeline.scale)
    ranked = sorted(
        (x for x in seen if x[2] and (x[1] >= 2 or any(_about(x[0].size, z) for z in sizes))),
        key=lambda x: -x[1],
    )
    if not ranked:
        return []
    # every pointer shape (arrow, hand, I-beam) is about as tall as the one seen most: a taller look
    # is the sprite merged with the page
    h = ranked[0][0].size[1]
    return [s for s, _, _ in ranked if abs(s.size[1] - h) <= 0.25 * h][:4]


def _pair_sizes(timeline: Timeline, scale: float) -> list[tuple[int, int]]:
    """Sprite sizes the motion shows: a frame whose changes are two sprite-sized boxes apart and
    alike in size holds the sprite twice (where it was, where it went), seen in several frames."""
    counts: dict[tuple[int, int], int] = {}
    for deltas in timeline.gaps:
        for d in deltas:
            small = [b for b in d.boxes if _sprite_like(b, scale)]
            if len(small) != 2 or _near(small[0], small[1], 1):
                continue
            a, b = small
            if _about((a.w, a.h), (b.w, b.h)):
                counts[(a.w, a.h)] = counts.get((a.w, a.h), 0) + 1
    return [z for z, n in counts.items() if n >= 3]


def _about(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return abs(a[0] - b[0]) <= 1 and abs(a[1] - b[1]) <= 1


def _cut(shown: Gray, other: Gray, box: Box, scale: float) -> _Sprite | None:
    """The sprite in `shown` at `box`: its pixels, and those that differ from `other` (the page)."""
    if not _sprite_like(box, scale):
        return None
    image = shown[box.y : box.y2, box.x : box.x2]
    mask = (cv2.absdiff(image, other[box.y : box.y2, box.x : box.x2]) > _LEVELS).astype(np.uint8)
    if int(mask.sum()) < 0.2 * box.area:
        return None
    return _Sprite(image.astype(np.float32), mask)


def _alike(a: _Sprite, b: _Sprite) -> bool:
    """The same look: the same size and mostly the same pixels of it."""
    if a.size != b.size:
        return False
    both = int((a.mask & b.mask).sum())
    return both >= 0.7 * int((a.mask | b.mask).sum())


def _find(after: Gray, before: Gray, sprites: list[_Sprite], near: Box) -> Box | None:
    """The box of a learned sprite in `after` around `near` that is not in `before` there (the pointer
    arrived there), or None when none matches."""
    if not sprites:
        return None
    h, w = after.shape
    reach = max(max(s.size) for s in sprites) + 4
    region = expand(near, reach, w, h)
    found: tuple[int, Box] | None = None
    for s in sprites:
        box = _match(after, region, s)
        # of the looks that match, the one that explains most pixels (an I-beam matches a hand's finger)
        if box is not None and (found is None or s.count > found[0]) and _arrived(after, before, box, s):
            found = (s.count, box)
    return found[1] if found is not None else None


def _match(luma: Gray, region: Box, sprite: _Sprite) -> Box | None:
    """Where `sprite` best matches within `region` of `luma`, when its own pixels differ there by at most
    `_MATCH_RMS` levels (RMS); None otherwise or when the region is smaller than the sprite."""
    sw, sh = sprite.size
    if region.w < sw or region.h < sh:
        return None
    patch = luma[region.y : region.y2, region.x : region.x2].astype(np.float32)
    res = cv2.matchTemplate(patch, sprite.image, cv2.TM_SQDIFF, mask=sprite.mask)
    low, _, (x, y), _ = cv2.minMaxLoc(res)
    if float(np.sqrt(max(0.0, low) / max(1, sprite.count))) > _MATCH_RMS:
        return None
    return Box(region.x + x, region.y + y, sw, sh)


def _arrived(after: Gray, before: Gray, box: Box, sprite: _Sprite) -> bool:
    """Whether the sprite's pixels at `box` are new since `before` (not a look-alike on the page)."""
    diff = cv2.absdiff(after[box.y : box.y2, box.x : box.x2], before[box.y : box.y2, box.x : box.x2])
    return int(((diff > _LEVELS) & (sprite.mask > 0)).sum()) >= 0.3 * int(sprite.mask.sum())


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


_PAUSE_S = 0.1
"""seconds without a step after which the pointer counts as resting: a moving pointer changes the
picture on every frame (a page that redraws under a pointer that stopped changes it here and there)."""


def _follow(deltas: tuple[FrameDelta, ...], start: Box | None, scale: float) -> GapMotion:
    reach = 48 * scale
    anchor = start
    # square: the pointer changes shape on the way (an I-beam over a field, an arrow, a hand)
    side = max(start.w, start.h) if start is not None and _sprite_like(start, scale) else round(20 * scale)
    sprite = (side, side)
    # a step is where it was and where it went, up to 3 sprites across; a hand it set off as is smaller
    # than the arrow it turns into on the way
    step_px = 3 * max(side, round(20 * scale)) + 4
    # every pointer shape is about as tall (16 to 24 px at 1x): moving, it changes a box at least that
    # tall (a rest box can be taller, merged with a page change)
    tall = min(start.h, 20 * scale) if start is not None and _sprite_like(start, scale) else 0
    poses: list[PointerPose] = []
    content: list[FrameDelta] = []
    zone: tuple[float, Box] | None = None
    """when and where the pointer vanished into a change too big for it (a link lit up as it set off
    over it, or went dark as it left): it is somewhere in there, moving."""
    passed: list[Box] = []
    """what changed since its last step."""
    erased: list[bool] = []
    """per step after the first: whether the place of the step before changed again (a pointer leaves it)."""
    for d in deltas:
        small = [b for b in d.boxes if _pointer_sized(b, scale) and min(b.w, b.h) >= 4 * scale]
        hidden = zone[1] if zone is not None and d.t - zone[0] <= _PAUSE_S else None
        moving_on = bool(poses) and (d.t - poses[-1].t <= _PAUSE_S or hidden is not None)
        if anchor is None:
            # the pointer has not been seen yet: a first change made only of small boxes is it
            moving = small if small and len(d.boxes) == len(small) and len(small) <= 2 else []
        elif not moving_on:
            # a pointer at rest (or that paused) leaves from where it is: its first step touches its box
            moving = [b for b in small if _near(b, anchor, 2)]
        else:
            moving = [b for b in small if _near(b, anchor, reach)]
        pose: Box | None = None
        used: list[Box] = []
        # a frame in which the page changes in several places (a bar redrawn) holds pointer-sized pieces
        # of it: no jump is read from it
        calm = len(d.boxes) <= JUMP_BOXES
        jump = _jump(small, anchor, poses, scale) if anchor is not None and calm else None
        out = [b for b in small if _sprite_like(b, scale) and b.h >= 0.75 * tall]
        if jump is not None:
            # where it was and where it went, apart: the sprite itself, however far it went
            pose, used = jump[1], list(jump)
        elif hidden is not None and (
            out := [b for b in out if b.intersection(hidden) < 0.6 * b.area and _near(b, hidden, 2 * reach)]
        ):
            # it shows again out of the change it vanished into (where it was is in there), a frame or
            # two of motion away
            went = min(out, key=lambda b: abs(b.cx - hidden.cx) + abs(b.cy - hidden.cy))
            pose = _step(went, hidden, sprite)
            used = [went, *(b for b in small if b.intersection(hidden) >= 0.6 * b.area)]
        elif moving and anchor is None:
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
            # a box far bigger than two sprites is the pointer merged with a page change: no step; one
            # less tall than the sprite is a page change beside it (a line struck through a ticked item)
            fits = [b for b in moving if b.w <= step_px and b.h <= step_px and b.h >= 0.75 * tall]
            if fits:
                steps = [(_step(b, a, sprite), b) for b in fits]
                pose, used_box = min(steps, key=lambda c: abs(c[0].cx - px) + abs(c[0].cy - py))
                used = [b for b in fits if b is used_box or _near(b, a, 1)]
        passed.extend(d.boxes)
        if pose is not None:
            if poses:
                was = poses[-1].box
                erased.append(any(b.intersection(was) >= 0.2 * was.area for b in passed))
            poses.append(PointerPose(d.t, pose))
            anchor, zone, passed = pose, None, []
        elif anchor is not None and (moving_on or not poses):
            # moving, it may be anywhere it could reach; at rest, it sets off from inside the change
            merged = [
                b for b in d.boxes if _lit_up(b, step_px, scale) and _near(b, anchor, reach if poses else 2)
            ]
            if merged:
                zone = (d.t, max(merged, key=lambda b: b.intersection(anchor)))
        rest = tuple(b for b in d.boxes if b not in used)
        if rest:
            content.append(FrameDelta(d.index, d.t, rest))
    if len(erased) >= 2 and 2 * sum(erased) < len(erased):
        # each step stayed where it appeared (no later change took it back): letters typed one after
        # another under or beside a resting pointer, not the pointer, which leaves every place it was
        content = sorted([*content, *(FrameDelta(-1, p.t, (p.box,)) for p in poses)], key=lambda d: d.t)
        poses = []
    poses, odd = _consistent(poses)
    content = sorted([*content, *(FrameDelta(-1, p.t, (p.box,)) for p in odd)], key=lambda d: d.t)
    # a pointer that sets off from a rest steps in several frames; one step alone is a page change
    # beside it (a new page where the link under it went dark as it turned back into the arrow)
    lone = start is not None and len(poses) == 1
    if poses and (lone or _travel(start, poses) < (32 if start is not None else 8) * scale):
        # a change under or beside a resting pointer (typing up to it), not a motion: it is the page's
        content = sorted([*content, *(FrameDelta(-1, p.t, (p.box,)) for p in poses)], key=lambda d: d.t)
        poses = []
    return GapMotion(tuple(poses), tuple(content), ())


def _lit_up(box: Box, step_px: int, scale: float) -> bool:
    """Too wide for a step of the pointer but no taller than one: the pointer merged with what lit up
    or went dark under it (a link, a button, a row), not a panel."""
    return box.w > step_px and box.h <= step_px and box.w <= 400 * scale


def _jump(small: list[Box], anchor: Box, poses: list[PointerPose], scale: float) -> tuple[Box, Box] | None:
    """(where it was, where it went) when a frame's changes hold the sprite twice, apart: one box that
    is the anchor (the place it left) and one about as tall elsewhere (fast motion, or frames the
    recorder dropped or repeated), the one that best continues the motion if several. Every pointer
    shape is about as tall; typed letters beside a resting I-beam are smaller."""
    left = [b for b in small if _sprite_like(b, scale) and _same_place(b, anchor)]
    if len(left) != 1:
        return None
    was = left[0]
    went = [
        b
        for b in small
        if b is not was
        and _sprite_like(b, scale)
        and abs(b.h - was.h) <= 0.25 * was.h
        and not _near(b, was, 1)
    ]
    if not went:
        return None
    px, py = anchor.cx, anchor.cy
    if len(poses) >= 2:
        px, py = 2 * anchor.cx - poses[-2].box.cx, 2 * anchor.cy - poses[-2].box.cy
    return was, min(went, key=lambda b: abs(b.cx - px) + abs(b.cy - py))


def _same_place(box: Box, anchor: Box) -> bool:
    """`box` is where the pointer rested: mostly one with `anchor` (a sprite's box or a square around
    one), and about as tall (not a letter typed beside a resting I-beam)."""
    return box.intersection(anchor) >= 0.6 * min(box.area, anchor.area) and box.h >= 0.7 * anchor.h


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
