#!/usr/bin/env python3
"""How exactly the timeline matches the truth: keyframe times, the cursor, scroll offsets, eval states.

Synthetic recordings (drawn with exact truth, encoded with H.264 as real recordings are):
  keyframes  every settled state change (one that lasts 0.4 s or more) against the start of the span
             that shows it: the share within one frame interval (target: all)
  cursor     every frame, the tracked hotspot against the true arrow tip: the share within 6 px
             (target: 95%), for `pointer.hotspot` on `track_pointer`'s boxes and for `cursor_track`
  scroll     a page scrolled smoothly to known offsets: `stitch.vertical_shift` between the keyframes
             of consecutive rests against the true change of offset (target: within 4 px), and the
             offsets of the stitched page; likewise a wide page scrolled sideways and both ways
             (`stitch.scroll_shift`)
The eval recordings (`../shared/eval/dev`): each truth state after an action should start a span
between the action and the state's snapshot (recall); spans that start in no such window are extra
(precision; those during `move` actions are hover effects, counted apart). A truth state whose
snapshot shows what the one before it showed, but for a text caret's blink (a click into the field
that already had the focus), is no change to see: it is counted apart ("same"), not in the recall.
The pointer at rest: from 0.1 s after each action with a position (move, click, type, ...) to the
next action, the tracked hotspot against that position, every frame (the real X pointer: arrow,
hand, I-beam).

    .venv/bin/python bench/bench_accuracy.py
    .venv/bin/python bench/bench_accuracy.py --no-eval
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from replicast.media.base import Frame
from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import (
    Box,
    Button,
    Checkbox,
    Click,
    Label,
    Move,
    Script,
    SyntheticScreen,
    SyntheticTruth,
    TextInput,
    Type,
    Wait,
    board_page,
    encode_video,
    glide_offsets,
    header_bar,
    panned_frames,
    render_video,
    scrolled_frames,
    tall_page,
)
from replicast.pipeline.cursor_track import CursorTrack, cursor_track
from replicast.pipeline.pointer import PointerTrack, hotspot, track_pointer
from replicast.pipeline.segment import SegmentConfig, Timeline, segment
from replicast.pipeline.stitch import Offset, scroll_shift, stitch, vertical_shift

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "dev"


def _screens(scale: int) -> tuple[SyntheticScreen, ...]:
    s = scale

    def b(x: int, y: int, w: int, h: int) -> Box:
        return Box(x * s, y * s, w * s, h * s)

    sign_in = SyntheticScreen(
        "sign-in",
        (
            Label("title", b(40, 24, 400, 40), "Sign in to Harbor", size=26 * s, bold=True, role="heading"),
            TextInput("email", b(40, 90, 320, 40), placeholder="Email address", size=16 * s),
            TextInput("password", b(40, 146, 320, 40), placeholder="Password", size=16 * s),
            Checkbox("remember", b(40, 206, 18, 18), label="Remember me", size=16 * s),
            Button("go", b(40, 250, 140, 42), "Continue", goto="home", size=16 * s),
        ),
    )
    home = SyntheticScreen(
        "home",
        (
            Label("hello", b(40, 24, 400, 40), "Welcome back", size=26 * s, bold=True, role="heading"),
            Label("note", b(40, 90, 500, 30), "You have 3 new messages", size=16 * s),
            Button("settings", b(40, 150, 140, 40), "Settings", goto="settings", size=16 * s),
            Checkbox("dark", b(40, 220, 18, 18), label="Dark mode", size=16 * s),
        ),
    )
    settings = SyntheticScreen(
        "settings",
        (
            Label("head", b(40, 24, 400, 40), "Settings", size=26 * s, bold=True, role="heading"),
            TextInput("name", b(40, 90, 320, 40), placeholder="Display name", size=16 * s),
            Button("back", b(40, 160, 140, 40), "Back", goto="home", size=16 * s),
        ),
    )
    return sign_in, home, settings


def synthetic_script(scale: int = 1) -> Script:
    s = scale
    return Script(
        _screens(scale),
        (
            Wait(0.6),
            Move((420 * s, 60 * s), duration=0.6),
            Wait(0.4),
            Click("email", move=0.5),
            Wait(0.6),
            Type("ada@example.com", interval=0.09),
            Wait(0.8),
            Click("password", move=0.4),
            Wait(0.6),
            Type("hunter2", interval=0.12),
            Wait(0.8),
            Click("remember", move=0.6),
            Wait(0.8),
            Move((500 * s, 300 * s), duration=0.8),
            Wait(0.3),
            Click("go", move=0.7),
            Wait(1.0),
            Click("dark", move=0.5),
            Wait(0.8),
            Click("settings", move=0.5),
            Wait(0.8),
            Click("name", move=0.4),
            Wait(0.5),
            Type("Ada L.", interval=0.1),
            Wait(0.8),
            Click("back", move=0.5),
            Wait(1.2),
        ),
        cursor=(560 * s, 320 * s),
    )


def segment_file(video: Path) -> tuple[Timeline, PointerTrack, list[float]]:
    times: list[float] = []

    def frames(src: PyAvSource) -> Iterator[Frame]:
        for f in src.frames():
            times.append(f.t)
            yield f

    with PyAvSource(video) as src:
        timeline = segment(frames(src), SegmentConfig(), src.info.width, src.info.height)
    return timeline, track_pointer(timeline), times


@dataclass(frozen=True, slots=True)
class KeyframeScore:
    n: int
    within: int
    worst_frames: float


def keyframe_accuracy(truth: SyntheticTruth, timeline: Timeline) -> KeyframeScore:
    fps = truth.fps
    starts = [s.t_start for s in timeline.spans]
    states = truth.states
    within, worst, n = 0, 0.0, 0
    for i, st in enumerate(states[1:], start=1):
        end = states[i + 1].t if i + 1 < len(states) else truth.duration
        if end - st.t < 0.4:
            continue  # a keystroke within a burst: not a settled state
        shown = math.ceil(st.t * fps - 1e-6) / fps
        err = min(abs(s - shown) for s in starts)
        n += 1
        within += err <= 1 / fps + 1e-6
        worst = max(worst, err * fps)
    return KeyframeScore(n, within, worst)


@dataclass(frozen=True, slots=True)
class CursorScore:
    frames: int
    unknown: int
    lead_within: int
    track_within: int
    lead_median: float
    track_median: float
    track_moving: tuple[int, int]
    """(within, frames) while the pointer moves."""


def cursor_accuracy(
    truth: SyntheticTruth, timeline: Timeline, track: PointerTrack, times: list[float]
) -> CursorScore:
    ct = cursor_track(timeline, track)
    lead_err: list[float] = []
    track_err: list[float] = []
    moving_err: list[float] = []
    unknown = 0
    keys = [k.t for k in truth.cursor]
    for t in times:
        c = truth.cursor_at(t)
        s = ct.at(t)
        if s is None:
            unknown += 1
            lead_err.append(math.inf)
            track_err.append(math.inf)
            continue
        lx, ly = hotspot(s.box) if not s.moving else hotspot(_lead_box(track, timeline, t) or s.box)
        lead_err.append(math.hypot(lx - c.x, ly - c.y))
        e = math.hypot(s.x - c.x, s.y - c.y)
        track_err.append(e)
        if _gliding(truth, keys, t):
            moving_err.append(e)
    return CursorScore(
        frames=len(times),
        unknown=unknown,
        lead_within=sum(e <= 6 for e in lead_err),
        track_within=sum(e <= 6 for e in track_err),
        lead_median=float(np.median(lead_err)),
        track_median=float(np.median(track_err)),
        track_moving=(sum(e <= 6 for e in moving_err), len(moving_err)),
    )


def _lead_box(track: PointerTrack, timeline: Timeline, t: float) -> Box | None:
    """The box `track_pointer` gives for `t` (its last pose or rest at or before `t`)."""
    best: tuple[float, Box | None] = (-1.0, None)
    for i, span in enumerate(timeline.spans):
        if span.t_start <= t and span.t_start >= best[0]:
            best = (span.t_start, track.rest[i])
        if i < len(track.gaps):
            for p in track.gaps[i].poses:
                if p.t <= t and p.t >= best[0]:
                    best = (p.t, p.box)
    return best[1]


def _gliding(truth: SyntheticTruth, keys: list[float], t: float) -> bool:
    a, b = truth.cursor_at(t - 1 / truth.fps), truth.cursor_at(t)
    return (a.x, a.y) != (b.x, b.y)


def scroll_accuracy(tmp: Path) -> tuple[list[int], list[int | None], list[int | None]]:
    """Smooth scrolls between rests; returns (true offsets of the rests, found by chaining
    vertical_shift between rest keyframes, found by stitch)."""
    page = tall_page()
    rests = [0, 140, 300, 180, 340, 520, 660, 560, 760, 900]
    offsets: list[int] = [0] * 15
    for a, b in itertools.pairwise(rests):
        offsets += glide_offsets(a, b, 9)[1:] + [b] * 15
    video = tmp / "scroll.mp4"
    encode_video(scrolled_frames(page, offsets, header=header_bar(), pointer=(420, 240)), video)
    with PyAvSource(video) as src:
        timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    keys = timeline.spans
    found: list[int | None] = [0]
    for a, b in itertools.pairwise(keys):
        s = vertical_shift(a.luma, b.luma)
        prev = found[-1]
        found.append(None if s is None or prev is None else prev + s.dy)
    stitched = stitch([k.rgb for k in keys], [k.luma for k in keys])
    truth = [offsets[round(k.t_key * 30)] for k in keys]
    return truth, found, [None if o is None else o.y for o in stitched.offsets]


def sideways_accuracy(tmp: Path) -> tuple[list[Offset], list[Offset | None], list[Offset | None]]:
    """Smooth scrolls sideways (and the last ones both ways) between rests on a wide page; returns
    (true positions of the rests, found by chaining scroll_shift between rest keyframes, by stitch)."""
    page = board_page(1600, 700)
    rests = [(0, 0), (150, 0), (330, 0), (200, 0), (520, 0), (800, 0), (700, 120), (900, 300), (960, 200)]
    positions: list[tuple[int, int]] = [rests[0]] * 15
    for (ax, ay), (bx, by) in itertools.pairwise(rests):
        glide = zip(glide_offsets(ax, bx, 9)[1:], glide_offsets(ay, by, 9)[1:], strict=True)
        positions += [*glide, *[(bx, by)] * 15]
    video = tmp / "sideways.mp4"
    encode_video(panned_frames(page, positions, (640, 360), pointer=(420, 240)), video)
    with PyAvSource(video) as src:
        timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    keys = timeline.spans
    found: list[Offset | None] = [Offset(0, 0)]
    for a, b in itertools.pairwise(keys):
        s = scroll_shift(a.luma, b.luma)
        prev = found[-1]
        found.append(None if s is None or prev is None else Offset(prev.x + s.dx, prev.y + s.dy))
    stitched = stitch([k.rgb for k in keys], [k.luma for k in keys])
    truth = [Offset(*positions[round(k.t_key * 30)]) for k in keys]
    return truth, found, list(stitched.offsets)


def _misses(found: list[Offset | None], truth: list[Offset]) -> list[tuple[int, int] | None]:
    return [None if f is None else (f.x - t.x, f.y - t.y) for f, t in zip(found, truth, strict=True)]


def eval_table() -> None:
    print("\neval dev: truth states as keyframes (span starts between the action and the state's snapshot)")
    print(
        f"{'case':22s} {'states':>6s} {'same':>4s} {'found':>5s} {'recall':>6s} {'spans':>5s} {'in':>4s} "
        f"{'hover':>5s} {'extra':>5s} {'precision':>9s} {'rest ±6px':>11s}  missed"
    )
    total = [0] * 8
    for case in sorted(p for p in EVAL.iterdir() if (p / "truth.json").exists()):
        truth = json.loads((case / "truth.json").read_text())
        timeline, track, times = segment_file(case / "video.mp4")
        rest_ok, rest_n = rest_accuracy(truth, cursor_track(timeline, track), times)
        starts = [s.t_start for s in timeline.spans[1:]]  # the first span is the page as loaded
        windows: list[tuple[float, float, int]] = []
        same: list[int] = []
        for a in truth["actions"]:
            k = a.get("state_after")
            if k and not shows_change(case, truth["states"][k - 1], truth["states"][k]):
                same.append(k)
            elif k:
                windows.append((a["t"] - 0.05, truth["states"][k]["t"], k))
        moves = [(a["t"], a.get("t_end", a["t"]) + 0.3) for a in truth["actions"] if a["type"] == "move"]
        found = [k for lo, hi, k in windows if any(lo <= s <= hi for s in starts)]
        inside = [s for s in starts if any(lo <= s <= hi for lo, hi, _ in windows)]
        hover = [s for s in starts if s not in inside and any(lo <= s <= hi for lo, hi in moves)]
        extra = len(starts) - len(inside) - len(hover)
        missed = [k for _, _, k in windows if k not in found]
        n = len(windows)
        prec = len(inside) / max(1, len(inside) + extra)
        print(
            f"{case.name:22s} {n:6d} {len(same):4d} {len(found):5d} {len(found) / max(1, n):6.2f} "
            f"{len(starts):5d} {len(inside):4d} {len(hover):5d} {extra:5d} {prec:9.2f} "
            f"{rest_ok:4d}/{rest_n:<4d} {missed or ''}"
        )
        for i, v in enumerate((n, len(same), len(found), len(starts), len(inside), extra, rest_ok, rest_n)):
            total[i] += v
    n, m, f, s, i, e, ro, rn = total
    print(
        f"{'all':22s} {n:6d} {m:4d} {f:5d} {f / max(1, n):6.2f} {s:5d} {i:4d} {'':5s} {e:5d} "
        f"{i / max(1, i + e):9.2f} {ro / max(1, rn):11.1%}"
    )


CARET_PX = 3
"""a change no wider than this (at 1x) between two snapshots is a caret blinking."""


def shows_change(case: Path, before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether `after`'s snapshot differs from `before`'s by more than a text caret: some region of
    changed pixels (luma over 24 levels apart) wider than a caret."""
    a = cv2.imread(str(case / before["png"]), cv2.IMREAD_GRAYSCALE)
    b = cv2.imread(str(case / after["png"]), cv2.IMREAD_GRAYSCALE)
    if a is None or b is None or a.shape != b.shape:
        return True
    changed = (cv2.absdiff(a, b) > 24).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(changed, np.ones((3, 3), np.uint8)))
    scale = max(1, round(min(a.shape) / 1200))
    # the dilation adds a pixel each side
    return any(int(stats[i, cv2.CC_STAT_WIDTH]) - 2 > CARET_PX * scale for i in range(1, n))


def rest_accuracy(truth: dict[str, Any], track: CursorTrack, times: list[float]) -> tuple[int, int]:
    """(frames within 6 px, frames) where the pointer rests at a truth action's position: from 0.1 s
    after the action ends to the next action's start."""
    actions = truth["actions"]
    ok = n = 0
    for a, b in zip(actions, [*actions[1:], {"t": truth["duration"]}], strict=True):
        if "x" not in a:
            continue
        t0, t1 = a.get("t_end", a["t"]) + 0.1, b["t"]
        for t in (t for t in times if t0 <= t < t1):
            s = track.at(t)
            n += 1
            ok += s is not None and math.hypot(s.x - a["x"], s.y - a["y"]) <= 6
    return ok, n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-eval", action="store_true", help="skip the eval recordings")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-accuracy-") as tmp_name:
        tmp = Path(tmp_name)
        for scale, size in ((1, (640, 360)), (2, (1280, 720))):
            video = tmp / f"synthetic-{scale}x.mp4"
            start = time.perf_counter()
            truth = render_video(synthetic_script(scale), video, size=size)
            timeline, track, times = segment_file(video)
            kf = keyframe_accuracy(truth, timeline)
            cs = cursor_accuracy(truth, timeline, track, times)
            took = time.perf_counter() - start
            print(
                f"synthetic {size[0]}x{size[1]} H.264, {truth.duration:.1f} s, {len(timeline.spans)} spans "
                f"({took:.1f} s)"
            )
            print(
                f"  keyframes  {kf.within}/{kf.n} settled state changes start a span within one frame "
                f"(worst {kf.worst_frames:.1f} frames)"
            )
            k = cs.frames - cs.unknown
            print(f"  cursor     {cs.frames} frames, {cs.unknown} before the pointer first moved (unknown)")
            print(
                f"             pointer.hotspot: {cs.lead_within / cs.frames:6.1%} within 6 px "
                f"({cs.lead_within / max(1, k):.1%} of known), median {cs.lead_median:.1f} px"
            )
            print(
                f"             cursor_track:    {cs.track_within / cs.frames:6.1%} within 6 px "
                f"({cs.track_within / max(1, k):.1%} of known), median {cs.track_median:.1f} px; "
                f"while gliding {cs.track_moving[0]}/{cs.track_moving[1]}"
            )
        truth_off, found, stitched = scroll_accuracy(tmp)
        errs = [None if f is None else f - t for f, t in zip(found, truth_off, strict=True)]
        serrs = [None if f is None else f - t for f, t in zip(stitched, truth_off, strict=True)]
        print(f"scroll      {len(truth_off)} rests at offsets {truth_off}")
        print(f"  vertical_shift chained: errors {errs}")
        print(f"  stitch offsets:         errors {serrs}")
        truth_at, found_at, stitched_at = sideways_accuracy(tmp)
        print(f"sideways    {len(truth_at)} rests at {[(o.x, o.y) for o in truth_at]}")
        print(f"  scroll_shift chained:   errors {_misses(found_at, truth_at)}")
        print(f"  stitch offsets:         errors {_misses(stitched_at, truth_at)}")
    if not args.no_eval:
        eval_table()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
