"""Screens the page settled on while only the pointer moved.

Segmentation cuts the recording where nothing at all changed for `settle_s`; the pointer is not known
yet then, so a pointer that moves on as soon as the page settles (the last key typed, then straight
to the button) leaves no stable span between two changes of the page. The filled-in form is then
never a screen of its own, and the click into the field, the typing and the click on the button
read as one event. Once the pointer is tracked, a gap whose page held still for longer than
`settle_s` between two of its changes, with only the pointer moving, is cut there: the frame the
page settled on, decoded again, is the screen between the two halves.

    timeline, track = track_with_pauses(timeline, page, settle_s)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

from replicast.media.base import Frame, VideoSource
from replicast.media.held import hold
from replicast.pipeline.pointer import GapMotion, PointerTrack, track_pointer
from replicast.pipeline.segment import FrameDelta, StableSpan, Timeline, keyframe_luma

RUN_GAP_STEPS = 3
"""Frames without a step that still belong to one run of the pointer's steps (a slow hand moves a
pixel every other frame)."""


def track_with_pauses(
    timeline: Timeline, source: VideoSource, settle_s: float
) -> tuple[Timeline, PointerTrack]:
    """The pointer tracked through `timeline` (segmented from `source`'s frames), with a span added
    wherever the page held still while only the pointer moved, and tracked again through those."""
    track = track_pointer(timeline)
    fps = source.info.fps
    paused = with_pauses(timeline, track, source.frame_at, 1 / fps if fps > 0 else 1 / 30, settle_s)
    return (timeline, track) if paused is timeline else (paused, track_pointer(paused))


def with_pauses(
    timeline: Timeline,
    track: PointerTrack,
    frame_at: Callable[[float], Frame],
    step: float,
    settle_s: float,
) -> Timeline:
    """`timeline` with a stable span wherever one of its gaps paused, the page still and the pointer
    moving (`timeline` itself when none did). `step`: the time between two frames.

    A span made so lasts from the page's last change to the frame before its next one. Its keyframe
    is the last frame before the pointer set off (a key typed beside the resting pointer may have
    been taken for the pointer twitching: it is on the page by then); what the pointer did until
    then is dropped, and the gap after the span begins where it set off."""
    if not timeline.gaps:
        return timeline
    spans: list[StableSpan] = [_numbered(timeline.spans[0], 0)]
    gaps: list[tuple[FrameDelta, ...]] = []
    for g, deltas in enumerate(timeline.gaps):
        rest = deltas
        for a, key, b in _pauses(track.gaps[g], step, settle_s):
            frame = frame_at(key)
            gaps.append(tuple(d for d in rest if d.t <= a))
            rest = tuple(d for d in rest if d.t > key)
            luma, rgb = hold(keyframe_luma(frame)), hold(frame.rgb())
            span = StableSpan(len(spans), a, max(key, b - step), key, luma, rgb)
            spans.append(span)
        gaps.append(rest)
        spans.append(_numbered(timeline.spans[g + 1], len(spans)))
    if len(spans) == len(timeline.spans):
        return timeline
    return Timeline(
        timeline.width,
        timeline.height,
        timeline.duration,
        tuple(spans),
        tuple(gaps),
        timeline.carets,
        timeline.scale,
    )


def _pauses(gap: GapMotion, step: float, settle_s: float) -> list[tuple[float, float, float]]:
    """(last change, keyframe, next change) of each stretch longer than `settle_s` in which the page
    held still between two of its changes while the pointer moved (it moved, or segmentation would
    have found the page at rest), having stood still up to the change (no step in the `RUN_GAP_STEPS`
    frames before it): what a pointer on its way changes as it passes (a link it leaves no longer
    lit) is no screen of its own. The keyframe is the frame before the pointer's last run of steps
    (steps more than `RUN_GAP_STEPS` frames apart are two runs) set off. None in a drag, where what
    the pointer carries is the page changing."""
    if gap.carry is not None:
        return []
    times = sorted({d.t for d in gap.content})
    out = []
    for a, b in itertools.pairwise(times):
        steps = [p.t for p in gap.poses if a < p.t < b]
        if b - a <= settle_s or not steps:
            continue
        if any(a - RUN_GAP_STEPS * step <= p.t <= a for p in gap.poses):
            continue  # it was on its way as the page changed
        off = steps[0]
        for before, t in itertools.pairwise(steps):
            if t - before > RUN_GAP_STEPS * step:
                off = t
        out.append((a, max(a, off - step), b))
    return out


def _numbered(span: StableSpan, index: int) -> StableSpan:
    return span if span.index == index else replace(span, index=index)
