"""Where a text caret shows in a stable span's keyframe, so that it is painted out before OCR reads it
as a letter ("|", "I" or "l" at the end of a field's text).

A caret that blinked is in `Timeline.carets`. One that had no time to blink (a short pause in the
typing, a key pressed soon after the last letter) stands where the last keystroke left it: at the
right end of what that keystroke changed. The caret moving with each keystroke makes that change as
tall as the caret, and a caret seen blinking anywhere on the same line confirms the height.

    for box in shown_carets(timeline, track, span):
        mask[box.y : box.y2, box.x : box.x2] = 1
"""

from __future__ import annotations

import numpy as np

from replicast.media.base import Gray
from replicast.pipeline.pointer import PointerTrack
from replicast.pipeline.segment import StableSpan, Timeline
from replicast.vision.base import Box

SIGHTED_S = 1.0
"""a caret seen blinking this long before or after a span may show in its keyframe."""
_SLACK_PX = 2
"""px by which a keystroke's change and a caret seen on its line may differ in top and height."""
_END_PX = 3
"""the caret is drawn within this many px left of the right end of the keystroke's change."""


def shown_carets(timeline: Timeline, track: PointerTrack, span: StableSpan) -> list[Box]:
    """The carets that the keyframe of `span` shows: those seen blinking around it, and the one left
    where the typing just before it stopped."""
    boxes = [c.box for c in timeline.carets if span.t_start - SIGHTED_S <= c.t <= span.t_end + SIGHTED_S]
    left = _left_by_typing(timeline, track, span)
    return [b for b in [*boxes, *([left] if left is not None else [])] if caret_shown(span.luma, b)]


def _left_by_typing(timeline: Timeline, track: PointerTrack, span: StableSpan) -> Box | None:
    """The caret where the last change before `span` left it, when that change was a keystroke on a
    line a caret blinked on (gaps where only the pointer moved are looked through)."""
    g = span.index - 1
    while g >= 0 and not track.gaps[g].content:
        g -= 1
    if g < 0:
        return None
    last = max(track.gaps[g].content[-1].boxes, key=lambda b: b.x2)
    line = next(
        (
            c.box
            for c in timeline.carets
            if abs(c.box.y - last.y) <= _SLACK_PX and abs(c.box.y2 - last.y2) <= _SLACK_PX
        ),
        None,
    )
    if line is None:
        return None
    for x in range(last.x2 - 1, last.x2 - 1 - _END_PX, -1):
        box = Box(x, line.y, line.w, line.h)
        if caret_shown(span.luma, box):
            return box
    return None


def caret_shown(luma: Gray, box: Box) -> bool:
    """Whether the keyframe shows a caret at `box` (where one was seen blinking): a line standing out
    from the page beside it over nearly its whole height. Where the caret blinked before the typing,
    the first letter's stem is there now, and only as tall as the letter: it is ink to keep."""
    h, w = luma.shape
    x0, x1 = max(0, box.x), min(w, box.x2)
    y0, y1 = max(0, box.y), min(h, box.y2)
    if x1 <= x0 or y1 <= y0:
        return False
    line = luma[y0:y1, x0:x1].astype(np.int16).mean(axis=1)
    for side in (x0 - 2, x1 + 1):
        if 0 <= side < w:
            beside = luma[y0:y1, side].astype(np.int16)
            if float((np.abs(line - beside) > 40).mean()) >= 0.85:
                return True
    return False
