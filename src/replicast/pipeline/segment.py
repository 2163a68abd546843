"""Segment a recording into stable spans (a screen at rest) and the gaps of change between them.

Streams the frames once, holding only the previous frame, one reference plane (what each region showed
when it last changed) and one keyframe per stable span. Frames are compared with the reference on their
Y planes as decoded (`Frame.y`, with the threshold in their levels); only keyframes are stretched to
full-range luma, and frames marked `repeat` (by `freeze_animations`) are not compared at all. A frame
whose only difference is a blinking caret counts as unchanged, so a focused input does not break a
screen into half-second pieces.

    timeline = segment(source.frames(), SegmentConfig(), width, height)
    for span in timeline.spans: ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache

import cv2

from replicast.media.base import Frame, Gray, Rgb, expand_limited, native_threshold
from replicast.media.held import Held, hold
from replicast.pipeline.changes import ChangeConfig, is_caret
from replicast.pipeline.fastdiff import Reference, changed_boxes_fast
from replicast.vision.base import Box


@dataclass(frozen=True, slots=True)
class SegmentConfig:
    change: ChangeConfig = field(default_factory=ChangeConfig)
    settle_s: float = 0.2
    """how long a screen must stay unchanged to count as stable."""


@dataclass(frozen=True, slots=True)
class FrameDelta:
    """What changed from the previous frame to this one."""

    index: int
    t: float
    boxes: tuple[Box, ...]


@dataclass(frozen=True, slots=True)
class CaretSighting:
    """A text caret seen blinking at `box` at time `t`."""

    t: float
    box: Box


@dataclass(frozen=True, slots=True)
class StableSpan:
    """A stretch of time in which the screen did not change (but for a caret; or but for the pointer,
    in a span that `pauses.with_pauses` found after the pointer was tracked)."""

    index: int
    t_start: float
    t_end: float
    t_key: float
    held_luma: Held = field(repr=False, compare=False)
    held_rgb: Held = field(repr=False, compare=False)

    @property
    def luma(self) -> Gray:
        """The keyframe's full-range luma (read-only)."""
        return self.held_luma.array()

    @property
    def rgb(self) -> Rgb:
        """The keyframe (read-only)."""
        return self.held_rgb.array()


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    duration: float
    spans: tuple[StableSpan, ...]
    gaps: tuple[tuple[FrameDelta, ...], ...]
    """gaps[i]: the frame changes between spans[i] and spans[i + 1]."""
    carets: tuple[CaretSighting, ...] = ()
    scale: float = 1.0
    """UI scale relative to a 1x 720p screen, for size thresholds."""


def _ignore(_: float) -> None:
    return None


@dataclass(slots=True)
class _Reference:
    """What each region showed when it last changed, and whether in limited-range levels."""

    plane: Reference
    limited: bool

    @classmethod
    def of(cls, frame: Frame) -> _Reference:
        return cls(Reference(frame.y), frame.limited)


@dataclass(slots=True)
class _State:
    prev: Frame | None = None
    state_start: float = 0.0
    open_span: StableSpan | None = None
    spans: list[StableSpan] = field(default_factory=list)
    gaps: list[tuple[FrameDelta, ...]] = field(default_factory=list)
    pending: list[FrameDelta] = field(default_factory=list)
    carets: list[CaretSighting] = field(default_factory=list)


def segment(
    frames: Iterable[Frame],
    cfg: SegmentConfig,
    width: int,
    height: int,
    on_time: Callable[[float], None] = _ignore,
) -> Timeline:
    """Split the frames into stable spans and gaps. `on_time` gets each frame's time (progress)."""
    with _cv2_threads(1):
        return _segment(frames, cfg, width, height, on_time)


@contextmanager
def _cv2_threads(n: int) -> Iterator[None]:
    """OpenCV's thread pool at `n` threads for the block. Segmentation runs beside the decoder's threads,
    which keep the cores busy: OpenCV's workers, woken for a frame's small calls, wait for more work
    spinning and take CPU from the decoder (on 2 cores, 10 % of segmentation's CPU for nothing). The
    setting is the process's: jobs run one to a process."""
    before = cv2.getNumThreads()
    cv2.setNumThreads(n)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def _segment(
    frames: Iterable[Frame], cfg: SegmentConfig, width: int, height: int, on_time: Callable[[float], None]
) -> Timeline:
    st = _State()
    scale = ui_scale(width, height)
    ref: _Reference | None = None
    shown: set[Box] = set()
    for frame in frames:
        on_time(frame.t)
        prev = st.prev
        if prev is None or ref is None:
            st.prev = frame
            ref = _Reference.of(frame)
            st.state_start = frame.t
            continue
        # against what each region showed when it last changed, not the previous frame: a slow fade
        # (a focus ring easing in, a hover highlight while the pointer moves on) adds up until it
        # shows, where frame-to-frame steps would each stay under the threshold
        boxes: list[Box] = []
        if not frame.repeat:  # a repeat compares with `ref` as the frame before it did: no change
            boxes = _changes(ref, frame, cfg.change)
            carets = {b for b in boxes if is_caret(b, scale)}
            st.carets.extend(CaretSighting(frame.t, b) for b in carets - shown)
            shown = carets
            # one-pixel lines are hover underlines and codec noise, never a change of state: the
            # reference takes them (not to find them on every frame from now on)
            thin = [b for b in boxes if b not in carets and min(b.w, b.h) <= 1]
            ref = _patched(ref, frame, thin, 0)
            boxes = [b for b in boxes if b not in carets and min(b.w, b.h) > 1]
        if boxes:
            if st.open_span is not None:
                _close(st, prev.t)
            st.pending.append(FrameDelta(frame.index, frame.t, tuple(boxes)))
            st.state_start = frame.t
            ref = _patched(ref, frame, boxes, 2 * cfg.change.cell)
        elif st.open_span is None and frame.t - st.state_start >= cfg.settle_s:
            _open(st, frame)
        st.prev = frame
    if st.prev is not None:
        if st.open_span is None:
            _open(st, st.prev)
        _close(st, st.prev.t)
    duration = st.prev.t if st.prev is not None else 0.0
    return Timeline(width, height, duration, tuple(st.spans), tuple(st.gaps[1:]), tuple(st.carets), scale)


def _changes(ref: _Reference, frame: Frame, cfg: ChangeConfig) -> list[Box]:
    """Changed boxes from `ref` to `frame`, compared on their Y planes with `cfg.threshold` (full-range
    levels) in the planes' own levels; `ref` takes the single changed pixels it drops (codec noise).
    Changes one row tall may be missed (see `changed_boxes_fast`)."""
    if ref.limited != frame.limited:
        luma = expand_limited(ref.plane.y) if ref.limited else ref.plane.y
        return changed_boxes_fast(luma, frame.luma, cfg, skip_thin=True)
    return ref.plane.changes(frame.y, _in_levels(cfg, frame.limited))


@lru_cache(maxsize=8)
def _in_levels(cfg: ChangeConfig, limited: bool) -> ChangeConfig:
    """`cfg` with its threshold in the levels of a plane (made once, not once per frame)."""
    return replace(cfg, threshold=native_threshold(cfg.threshold, limited))


def _patched(ref: _Reference, frame: Frame, boxes: list[Box], margin: int) -> _Reference:
    """`ref` showing `frame` where it changed (each box and `margin` px around it)."""
    if ref.limited != frame.limited:
        return _Reference.of(frame)
    for b in boxes:
        ref.plane.paste(frame.y, Box(b.x - margin, b.y - margin, b.w + 2 * margin, b.h + 2 * margin))
    return ref


def ui_scale(width: int, height: int) -> float:
    """1.0 for screens up to 1080p; 2.0 for a HiDPI (2x) recording of a laptop-sized viewport."""
    return max(1.0, min(width, height) / 1200)


def _open(st: _State, frame: Frame) -> None:
    st.gaps.append(tuple(st.pending))
    st.pending = []
    luma = hold(keyframe_luma(frame))
    st.open_span = StableSpan(len(st.spans), st.state_start, frame.t, frame.t, luma, hold(frame.rgb()))


def keyframe_luma(frame: Frame) -> Gray:
    """A keyframe's full-range luma as its own array: the frame's plane goes back to the decoder."""
    return frame.luma if frame.limited else frame.y.copy()


def _close(st: _State, t_end: float) -> None:
    span = st.open_span
    assert span is not None
    st.spans.append(replace(span, t_end=t_end))
    st.open_span = None
